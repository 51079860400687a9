/**
 * The positioned document tree every stage shares.
 *
 * BOSH reads YAML with Go's yaml.v2 into `map[interface{}]interface{}`: keys keep their
 * type (`1` and `"1"` differ, `yes:` is the bool `true`), ints and floats are distinct
 * (go-patch's `test` and its `%T` error texts depend on it). Plain JS objects lose all of
 * that, so documents are trees of these nodes, each carrying where it came from.
 */

import type { SourcePos } from '../util/source-pos.js';

export type { SourcePos };

export type ScalarType = 'str' | 'int' | 'float' | 'bool' | 'null';

interface NodeBase {
  /** Where the value was written (through an alias: the anchor). */
  pos?: SourcePos;
  /** Set when the value was copied from an anchor: where the alias was used. */
  aliasPos?: SourcePos;
}

export interface ScalarNode extends NodeBase {
  kind: 'scalar';
  type: ScalarType;
  /** `int` is a number, or a bigint beyond 2^53 (yaml.v2 keeps int64/uint64 exact). */
  value: string | number | bigint | boolean | null;
}

export interface MapEntry {
  key: ScalarNode;
  value: YNode;
}

export interface MapNode extends NodeBase {
  kind: 'map';
  entries: MapEntry[];
}

export interface SeqNode extends NodeBase {
  kind: 'seq';
  items: YNode[];
}

export type YNode = ScalarNode | MapNode | SeqNode;

/**
 * Nodes read from a file keep their place packed in one number and unfold it into a
 * SourcePos only when asked: a 20 MB manifest has 1.5 million nodes, a report a handful of
 * findings. The place is private, so a spread of such a node would lose it: a changed copy
 * is made with withValue, withItems or withEntries, which keep it.
 */
const COL_BITS = 12;
const LINE_LIMIT = 2 ** (31 - COL_BITS);

/** line * 2^COL_BITS + col (1-based), or -1 when they do not fit (then `pos` is a property). */
function packed(line: number, col: number): number {
  return line < LINE_LIMIT && col < 2 ** COL_BITS ? line * 2 ** COL_BITS + col : -1;
}

function unpacked(file: string, place: number): SourcePos {
  return { file, line: Math.floor(place / 2 ** COL_BITS), col: place % 2 ** COL_BITS };
}

/** A place given later (or one too large to pack) is an ordinary property. */
function setPos(node: YNode, pos: SourcePos | undefined): void {
  Object.defineProperty(node, 'pos', { value: pos, writable: true, enumerable: true, configurable: true });
}

/** What a copy takes besides the packed place: a place set as a property, and the alias use. */
function placedLike<T extends YNode>(copy: T, node: YNode): T {
  if (Object.hasOwn(node, 'pos')) setPos(copy, node.pos);
  if (node.aliasPos) copy.aliasPos = node.aliasPos;
  return copy;
}

// The three classes repeat their few lines rather than share a base class: a derived
// constructor costs a cold run (every node of a manifest is built once, in the interpreter).

/** A scalar read from a file. */
export class PlacedScalar implements ScalarNode {
  declare readonly kind: 'scalar';
  declare aliasPos?: SourcePos;
  #file: string;
  #place: number;

  constructor(
    public type: ScalarType,
    public value: ScalarNode['value'],
    file: string,
    line: number,
    col: number,
  ) {
    this.kind = 'scalar';
    this.#file = file;
    this.#place = packed(line, col);
    if (this.#place < 0) setPos(this, { file, line, col });
  }

  get pos(): SourcePos | undefined {
    return unpacked(this.#file, this.#place);
  }

  set pos(pos: SourcePos | undefined) {
    setPos(this, pos);
  }

  toJSON(): object {
    return { ...this, pos: this.pos };
  }

  withValue(type: ScalarType, value: ScalarNode['value']): PlacedScalar {
    const copy = new PlacedScalar(type, value, this.#file, 0, 0);
    copy.#place = this.#place;
    return placedLike(copy, this);
  }
}

/** A map read from a file. */
export class PlacedMap implements MapNode {
  declare readonly kind: 'map';
  declare aliasPos?: SourcePos;
  #file: string;
  #place: number;

  constructor(
    public entries: MapEntry[],
    file: string,
    line: number,
    col: number,
  ) {
    this.kind = 'map';
    this.#file = file;
    this.#place = packed(line, col);
    if (this.#place < 0) setPos(this, { file, line, col });
  }

  get pos(): SourcePos | undefined {
    return unpacked(this.#file, this.#place);
  }

  set pos(pos: SourcePos | undefined) {
    setPos(this, pos);
  }

  toJSON(): object {
    return { ...this, pos: this.pos };
  }

  withEntries(entries: MapEntry[]): PlacedMap {
    const copy = new PlacedMap(entries, this.#file, 0, 0);
    copy.#place = this.#place;
    return placedLike(copy, this);
  }
}

/** A sequence read from a file. */
export class PlacedSeq implements SeqNode {
  declare readonly kind: 'seq';
  declare aliasPos?: SourcePos;
  #file: string;
  #place: number;

  constructor(
    public items: YNode[],
    file: string,
    line: number,
    col: number,
  ) {
    this.kind = 'seq';
    this.#file = file;
    this.#place = packed(line, col);
    if (this.#place < 0) setPos(this, { file, line, col });
  }

  get pos(): SourcePos | undefined {
    return unpacked(this.#file, this.#place);
  }

  set pos(pos: SourcePos | undefined) {
    setPos(this, pos);
  }

  toJSON(): object {
    return { ...this, pos: this.pos };
  }

  withItems(items: YNode[]): PlacedSeq {
    const copy = new PlacedSeq(items, this.#file, 0, 0);
    copy.#place = this.#place;
    return placedLike(copy, this);
  }
}

/** A copy of a scalar with another value, at the same place. */
export function withValue(node: ScalarNode, type: ScalarType, value: ScalarNode['value']): ScalarNode {
  return node instanceof PlacedScalar ? node.withValue(type, value) : { ...node, type, value };
}

/** A copy of a map with other entries, at the same place. */
export function withEntries(node: MapNode, entries: MapEntry[]): MapNode {
  return node instanceof PlacedMap ? node.withEntries(entries) : { ...node, entries };
}

/** A copy of a sequence with other items, at the same place. */
export function withItems(node: SeqNode, items: YNode[]): SeqNode {
  return node instanceof PlacedSeq ? node.withItems(items) : { ...node, items };
}

export function scalar(type: ScalarType, value: ScalarNode['value'], pos?: SourcePos): ScalarNode {
  return pos ? { kind: 'scalar', type, value, pos } : { kind: 'scalar', type, value };
}

export function str(value: string, pos?: SourcePos): ScalarNode {
  return scalar('str', value, pos);
}

export function isMap(node: YNode | undefined): node is MapNode {
  return node?.kind === 'map';
}

export function isSeq(node: YNode | undefined): node is SeqNode {
  return node?.kind === 'seq';
}

export function isScalar(node: YNode | undefined): node is ScalarNode {
  return node?.kind === 'scalar';
}

/** The entry under a string key (path tokens only ever address string keys). */
export function entryOf(map: MapNode, key: string): MapEntry | undefined {
  // Indexed: the model asks this of every map it reads, mostly before V8 has optimised it.
  const entries = map.entries;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i]!;
    if (entry.key.value === key && entry.key.type === 'str') return entry;
  }
  return undefined;
}

export function get(map: MapNode, key: string): YNode | undefined {
  return entryOf(map, key)?.value;
}

/** Follows string keys; undefined as soon as a step is missing or not a map. */
export function getIn(node: YNode | undefined, keys: readonly string[]): YNode | undefined {
  let current = node;
  for (const key of keys) {
    if (!isMap(current)) return undefined;
    current = get(current, key);
  }
  return current;
}

/** Identity of a map key as yaml.v2 compares it: type and value. */
export function keyIdentity(key: ScalarNode): string {
  return `${key.type}:${String(key.value)}`;
}

/** keyIdentity(a) === keyIdentity(b), without building the strings. */
export function sameKey(a: ScalarNode, b: ScalarNode): boolean {
  // Two strings are the same key only when equal; other values by their text (an int may be a bigint).
  return a.type === b.type && (a.value === b.value || (typeof a.value !== 'string' && String(a.value) === String(b.value)));
}

/** Sets a string key, replacing an existing entry in place or appending a new one. */
export function setKey(map: MapNode, key: string, value: YNode): void {
  const entry = entryOf(map, key);
  if (entry) entry.value = value;
  else map.entries.push({ key: str(key), value });
}

/** Go's `%T` of the value yaml.v2 would have produced; go-patch quotes it in errors. */
export function goTypeName(node: YNode | undefined): string {
  if (node === undefined) return '<nil>';
  switch (node.kind) {
    case 'map':
      return 'map[interface {}]interface {}';
    case 'seq':
      return '[]interface {}';
    case 'scalar':
      switch (node.type) {
        case 'str':
          return 'string';
        case 'int':
          return typeof node.value === 'bigint' && node.value > 9223372036854775807n ? 'uint64' : 'int';
        case 'float':
          return 'float64';
        case 'bool':
          return 'bool';
        case 'null':
          return '<nil>';
      }
  }
}

/** A deep copy; positions are shared (they are immutable). */
export function cloneNode<T extends YNode>(node: T): T {
  switch (node.kind) {
    case 'scalar':
      return withValue(node, node.type, node.value) as T;
    case 'map':
      return withEntries(node, node.entries.map((e) => ({ key: cloneNode(e.key), value: cloneNode(e.value) }))) as T;
    case 'seq':
      return withItems(node, node.items.map((item) => cloneNode(item))) as T;
  }
}

/** Type-strict deep equality, as Go's reflect.DeepEqual on yaml.v2 values (map order ignored). */
export function nodesEqual(a: YNode | undefined, b: YNode | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.kind !== b.kind) return false;
  if (a.kind === 'scalar') {
    const s = b as ScalarNode;
    if (a.type !== s.type) return false;
    if (a.type === 'float' && Number.isNaN(a.value) && Number.isNaN(s.value)) return false;
    return a.value === s.value || (typeof a.value === 'bigint' || typeof s.value === 'bigint' ? BigInt(a.value as number) === BigInt(s.value as number) : false);
  }
  if (a.kind === 'seq') {
    const s = b as SeqNode;
    return a.items.length === s.items.length && a.items.every((item, i) => nodesEqual(item, s.items[i]));
  }
  const m = b as MapNode;
  if (a.entries.length !== m.entries.length) return false;
  const byKey = new Map(m.entries.map((e) => [keyIdentity(e.key), e.value]));
  return a.entries.every((e) => byKey.has(keyIdentity(e.key)) && nodesEqual(e.value, byKey.get(keyIdentity(e.key))));
}

/** Plain JS for JSON output and tests: maps become objects (keys stringified), ints stay numbers. */
export function toPlain(node: YNode | undefined): unknown {
  if (node === undefined) return undefined;
  switch (node.kind) {
    case 'scalar':
      return typeof node.value === 'bigint' ? Number(node.value) : node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const e of node.entries) {
        Object.defineProperty(out, String(e.key.value), { value: toPlain(e.value), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
  }
}

/**
 * Plain JS (JSON) to nodes, as the conformance data asks: integral numbers are ints,
 * other numbers floats, object keys strings.
 */
export function fromPlain(value: unknown, pos?: SourcePos): YNode {
  const at = <T extends YNode>(node: T): T => (pos ? { ...node, pos } : node);
  if (value === null || value === undefined) return at(scalar('null', null));
  if (typeof value === 'string') return at(scalar('str', value));
  if (typeof value === 'boolean') return at(scalar('bool', value));
  if (typeof value === 'bigint') return at(scalar('int', value));
  if (typeof value === 'number') return at(scalar(Number.isInteger(value) ? 'int' : 'float', value));
  if (Array.isArray(value)) return at({ kind: 'seq', items: value.map((v) => fromPlain(v, pos)) });
  if (typeof value === 'object') {
    return at({
      kind: 'map',
      entries: Object.entries(value as Record<string, unknown>).map(([k, v]) => ({ key: str(k), value: fromPlain(v, pos) })),
    });
  }
  throw new TypeError(`cannot represent ${typeof value} in a YAML document`);
}
