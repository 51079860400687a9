/**
 * yaml.v2's decoder (decode.go) into `interface{}`: the parsed nodes become the positioned
 * node tree, with its resolution of scalars, `<<` merges (positional: a merge overwrites the
 * keys before it, later keys overwrite it, earlier maps of a merge list win), aliases decoded
 * afresh at each use, repeated keys where the last wins, and its alias-ratio guard.
 */
import type { MapEntry, MapNode, ScalarNode, SeqNode, SourcePos, YNode } from '../node.js';
import { keyIdentity, PlacedMap, PlacedScalar, PlacedSeq, sameKey } from '../node.js';
import { isPlainString, resolvePlainScalar, resolveTaggedScalar, TAG_PREFIX } from '../resolve.js';
import { YamlV2Error } from './error.js';
import { ALIAS_NODE, DECODED_NODE, MAPPING_NODE, NO_CHILDREN, SCALAR_NODE, SEQUENCE_NODE, type RawNode, type Settle } from './parser.js';

const MERGE_TAG = `${TAG_PREFIX}merge`;

/**
 * yaml.v2 counts nodes, so one long string copied through many aliases (a quadratic bomb)
 * passes its guard: 1,000 uses of a 1 MB string are a 1 GB manifest. No real manifest copies
 * anywhere near this much text through aliases, so that much is refused too.
 */
export const MAX_ALIAS_TEXT = 16 * 1024 * 1024;

/** yaml.v2's allowed share of alias-decoded nodes, which shrinks as the document grows. */
function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= 400_000) return 0.99;
  if (decodeCount >= 4_000_000) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - 400_000) / 3_600_000);
}

/** isMerge: a plain (or `!`-tagged, or `!!merge`) `<<` key. */
export function isMergeKey(node: RawNode): boolean {
  return node.kind === SCALAR_NODE && node.value === '<<' && (node.implicit || node.tag === MERGE_TAG);
}

/** A map under construction: a Go map, so a repeated key replaces the earlier value. */
export class MapBuilder {
  readonly node: MapNode;
  private index: Map<string, MapEntry> | undefined;

  constructor(node: MapNode) {
    this.node = node;
  }

  set(key: ScalarNode, value: YNode): void {
    const existing = this.entryOf(key);
    if (existing) {
      existing.key = key;
      existing.value = value;
      return;
    }
    const entry = { key, value };
    this.node.entries.push(entry);
    this.index?.set(keyIdentity(key), entry);
  }

  private entryOf(key: ScalarNode): MapEntry | undefined {
    const { entries } = this.node;
    if (this.index) return this.index.get(keyIdentity(key));
    if (entries.length < 16) {
      // An indexed loop: most maps are small, and a cold run interprets this for every key.
      for (let i = 0; i < entries.length; i++) if (sameKey(entries[i]!.key, key)) return entries[i];
      return undefined;
    }
    this.index = new Map(entries.map((entry) => [keyIdentity(entry.key), entry]));
    return this.index.get(keyIdentity(key));
  }
}

/** Decodes one document's nodes; counts as yaml.v2 counts, for its alias guard. */
export class Decoder {
  decodeCount = 0;
  private aliasCount = 0;
  private aliasDepth = 0;
  /** Characters of strings decoded through aliases. */
  private aliasText = 0;
  /** Where the outermost alias being decoded was used. */
  private aliasPos: SourcePos | undefined;
  private readonly active = new Set<RawNode>();

  constructor(private readonly file: string) {}

  pos(node: RawNode): SourcePos {
    return { file: this.file, line: node.contentLine + 1, col: node.contentColumn + 1 };
  }


  fail(node: RawNode, message: string): never {
    throw new YamlV2Error('decoder', message, node.offset, node.line, node.column);
  }

  /**
   * Decoding the whole document once, a collection's parsed nodes are let go once decoded
   * (unless an alias may decode them again): a large manifest is not held twice.
   */
  private releasing = false;
  /** Anchored nodes (and aliases) being decoded: their nodes are kept. */
  private keeping = 0;

  /** The document itself counts as one decoded node. */
  document(root: RawNode): YNode {
    this.count(root);
    this.releasing = true;
    try {
      return this.unmarshal(root);
    } finally {
      this.releasing = false;
    }
  }

  private release(node: RawNode): void {
    if (this.releasing && this.keeping === 0) node.children = NO_CHILDREN;
  }

  /** d.unmarshal's bookkeeping: every node decoded counts, and those under an alias count twice over. */
  count(node: RawNode): void {
    this.decodeCount++;
    if (this.aliasDepth > 0) this.aliasCount++;
    if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
      this.fail(node, 'document contains excessive aliasing');
    }
  }

  /** The nodes of a settled collection after its first, counted as yaml.v2 would meet them (never through an alias). */
  private countRest(node: RawNode): void {
    // The guard cannot fire while no more than 100 aliases were decoded.
    if (this.aliasCount <= 100) this.decodeCount += node.weight - 1;
    else for (let i = 1; i < node.weight; i++) this.count(node);
  }

  unmarshal(node: RawNode): YNode {
    this.count(node);
    return this.content(node);
  }

  /** A node already counted, into `interface{}`. */
  content(node: RawNode): YNode {
    if (node.anchored) {
      this.keeping++;
      try {
        return this.contentOf(node);
      } finally {
        this.keeping--;
      }
    }
    return this.contentOf(node);
  }

  private contentOf(node: RawNode): YNode {
    switch (node.kind) {
      case DECODED_NODE:
        this.countRest(node);
        return node.decoded!;
      case ALIAS_NODE:
        return this.throughAlias(node, (target) => this.unmarshal(target));
      case SCALAR_NODE:
        return this.scalar(node);
      case SEQUENCE_NODE:
        return this.sequence(node);
      default: {
        const map = new MapBuilder(new PlacedMap([], this.file, node.contentLine + 1, node.contentColumn + 1));
        this.mappingInto(node, map);
        this.release(node);
        // Entries of the exact number: a pushed-to array keeps room to grow, in every map.
        map.node.entries = map.node.entries.slice();
        return this.marked(map.node);
      }
    }
  }

  /** d.alias: the anchored node decoded again at each use; an anchor may not contain itself. */
  throughAlias<T>(alias: RawNode, decode: (target: RawNode) => T): T {
    if (this.active.has(alias)) this.fail(alias, `anchor '${alias.value}' value contains itself`);
    this.active.add(alias);
    this.keeping++;
    const outer = this.aliasPos;
    this.aliasPos ??= this.pos(alias);
    this.aliasDepth++;
    try {
      return decode(alias.alias!);
    } finally {
      this.aliasDepth--;
      this.keeping--;
      this.aliasPos = outer;
      this.active.delete(alias);
    }
  }

  private marked<T extends YNode>(node: T): T {
    if (this.aliasPos) node.aliasPos = this.aliasPos;
    return node;
  }

  scalar(node: RawNode): ScalarNode {
    if (isTextScalar(node)) return this.placedScalar(node, 'str', node.value);
    let typed: { type: ScalarNode['type']; value: ScalarNode['value'] };
    if (node.tag === '') typed = resolvePlainScalar(node.value);
    else {
      let resolved;
      try {
        resolved = resolveTaggedScalar(node.tag, node.value);
      } catch (error) {
        if (error instanceof TypeError) this.fail(node, error.message);
        throw error;
      }
      typed = resolved.type === 'binary' ? { type: 'str', value: this.binary(node) } : resolved;
    }
    return this.placedScalar(node, typed.type, typed.value);
  }

  /** The decoded scalar, its text counted when it came through an alias. */
  private placedScalar(node: RawNode, type: ScalarNode['type'], value: ScalarNode['value']): ScalarNode {
    if (this.aliasDepth > 0 && typeof value === 'string') {
      this.aliasText += value.length;
      if (this.aliasText > MAX_ALIAS_TEXT) this.fail(node, 'document contains excessive aliasing');
    }
    return this.marked(new PlacedScalar(type, value, this.file, node.contentLine + 1, node.contentColumn + 1));
  }

  /** !!binary: Go's base64.StdEncoding, which skips line breaks. */
  private binary(node: RawNode): string {
    const base64 = node.value.replace(/[\r\n]/g, '');
    if (base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) this.fail(node, '!!binary value contains invalid base64 data');
    return Buffer.from(base64, 'base64').toString('utf8');
  }

  /**
   * unmarshal, with the common case first: a scalar that is its text is counted and built
   * here, without the calls of the general path.
   */
  private child(node: RawNode): YNode {
    if (node.kind !== SCALAR_NODE || !isTextScalar(node)) return this.unmarshal(node);
    this.count(node);
    return this.placedScalar(node, 'str', node.value);
  }

  private sequence(node: RawNode): SeqNode {
    const items: YNode[] = new Array(node.children.length);
    for (let i = 0; i < items.length; i++) items[i] = this.child(node.children[i]!);
    this.release(node);
    return this.marked(new PlacedSeq(items, this.file, node.contentLine + 1, node.contentColumn + 1));
  }

  /** d.mapping into a map that may already hold entries (a merge decodes into its host). */
  mappingInto(node: RawNode, map: MapBuilder): void {
    const { children } = node;
    for (let i = 0; i < children.length; i += 2) {
      const keyNode = children[i]!;
      if (keyNode.value === '<<' && isMergeKey(keyNode)) {
        this.merge(children[i + 1]!, map, keyNode);
        continue;
      }
      const key = keyNode.kind === ALIAS_NODE ? this.unmarshal(keyNode) : this.unmarkedKey(keyNode);
      if (key.kind !== 'scalar') this.fail(keyNode, `invalid map key: ${goSyntax(key)}`);
      map.set(key, this.child(children[i + 1]!));
    }
  }

  /** A key written in place carries no alias use, even inside an aliased map (a finding points at values). */
  private unmarkedKey(node: RawNode): YNode {
    if (this.aliasPos === undefined) return this.child(node);
    const outer = this.aliasPos;
    this.aliasPos = undefined;
    try {
      return this.unmarshal(node);
    } finally {
      this.aliasPos = outer;
    }
  }

  private merge(node: RawNode, map: MapBuilder, key: RawNode): void {
    forEachMergeSource(node, (problem) => this.fail(key, problem), (source) => {
      this.count(source);
      if (source.kind !== ALIAS_NODE) return this.mappingInto(source, map);
      this.throughAlias(source, (target) => {
        this.count(target);
        this.mappingInto(target, map);
      });
    });
  }
}

/** A scalar node that decodes to its own text: quoted, or plain and led by a letter no resolved word starts with. */
function isTextScalar(node: RawNode): boolean {
  return node.tag === '' && (!node.implicit || isPlainString(node.value));
}

const MERGE_NEEDS_MAPS = 'map merge requires map or sequence of maps as the value';

/**
 * yaml.v2's d.merge, for every decoding that meets a `<<`: the maps its value merges, in merge
 * order (a list backwards, so that earlier maps take precedence), each checked just before it
 * is merged; anything but a map, an alias to one, or a list of those is refused.
 */
export function forEachMergeSource(value: RawNode, fail: (problem: string) => never, merge: (source: RawNode) => void): void {
  const isMap = (node: RawNode) => (node.kind === ALIAS_NODE ? node.alias!.kind : node.kind) === MAPPING_NODE;
  if (value.kind !== SEQUENCE_NODE) {
    if (!isMap(value)) fail(MERGE_NEEDS_MAPS);
    return merge(value);
  }
  for (let i = value.children.length - 1; i >= 0; i--) {
    const item = value.children[i]!;
    if (!isMap(item)) fail(MERGE_NEEDS_MAPS);
    merge(item);
  }
}

/** Go's `%#v` of a decoded key that is a map or a list (yaml.v2's `invalid map key` text). */
function goSyntax(node: YNode): string {
  switch (node.kind) {
    case 'seq':
      return `[]interface {}{${node.items.map(goSyntax).join(', ')}}`;
    case 'map':
      return `map[interface {}]interface {}{${node.entries.map((e) => `${goSyntax(e.key)}:${goSyntax(e.value)}`).join(', ')}}`;
    default:
      if (node.type === 'null') return 'interface {}(nil)';
      if (node.type === 'str') return JSON.stringify(node.value);
      return String(node.value);
  }
}

/**
 * Decodes collections into `interface{}` as the parser finishes them (see Settle). A
 * collection that fails to decode is left as parsed, and so is everything after it: the
 * document's own decoding then meets that failure where yaml.v2 does, after the whole
 * document has parsed.
 */
export function settleAsParsed(file: string): Settle {
  const decoder = new Decoder(file);
  let failed = false;
  return (node) => {
    if (failed) return node;
    const before = decoder.decodeCount;
    let decoded: YNode;
    try {
      decoded = decoder.unmarshal(node);
    } catch (error) {
      if (!(error instanceof YamlV2Error)) throw error;
      failed = true;
      return node;
    }
    node.kind = DECODED_NODE;
    node.children = NO_CHILDREN;
    node.decoded = decoded;
    node.weight = decoder.decodeCount - before;
    return node;
  };
}
