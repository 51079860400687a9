/**
 * yaml.v2 decoding into Go types other than `interface{}`: strings, bools, pointers to them,
 * maps with string keys and structs (decode.go `prepare`, `scalar`, `mapping`). Their rules
 * differ from `interface{}`'s in ways BOSH users meet: a string field takes a scalar's text
 * as written (`0755`, `yes`), a pointer field is left nil only by a plain `null`, `~` or
 * empty value (even a quoted `'null'` takes that path, and is then refused), and a value of
 * the wrong kind is collected as a `cannot unmarshal` type error while decoding goes on.
 */
import type { YNode } from '../node.js';
import { isGoTimestamp, shortTag, TAG_PREFIX } from '../resolve.js';
import { forEachMergeSource, isMergeKey } from './decode.js';
import { ALIAS_NODE, MAPPING_NODE, SCALAR_NODE, SEQUENCE_NODE, type RawNode } from './parser.js';
import type { YamlDocument } from '../yaml.js';

/** The Go types a field may have here; a leading `*` is a pointer. */
export type GoType = 'string' | 'bool' | 'interface {}' | '*string' | '*bool' | '*interface {}';

const NULL_TAG = `${TAG_PREFIX}null`;
const STR_TAG = `${TAG_PREFIX}str`;
const SEQ_TAG = `${TAG_PREFIX}seq`;
const MAP_TAG = `${TAG_PREFIX}map`;
const BINARY_TAG = `${TAG_PREFIX}binary`;
const TIMESTAMP_TAG = `${TAG_PREFIX}timestamp`;

/** A decoded value: what Go's field holds after decoding (undefined: a nil pointer). */
export type GoValue = string | boolean | YNode | undefined;

/** One `yaml.Unmarshal` call's decoding into Go types, collecting its type errors. */
export class TypedDecoder {
  /** yaml.v2's `terrors`: `line N: cannot unmarshal !!str \`x\` into bool`. */
  readonly typeErrors: { text: string; node: RawNode }[] = [];

  constructor(readonly doc: YamlDocument) {}

  /** yaml.v2's error for the collected type errors, if there were any. */
  typeErrorMessage(): string | undefined {
    if (this.typeErrors.length === 0) return undefined;
    return `yaml: unmarshal errors:\n  ${this.typeErrors.map((e) => e.text).join('\n  ')}`;
  }

  /** d.terror: the value does not fit the Go type; decoding goes on. */
  typeError(node: RawNode, tag: string, goType: string): void {
    const shown = node.tag !== '' ? node.tag : tag;
    let value = '';
    if (shown !== SEQ_TAG && shown !== MAP_TAG) {
      const bytes = Buffer.from(node.value, 'utf8');
      value = bytes.length > 10 ? ` \`${bytes.subarray(0, 7).toString('utf8')}...\`` : ` \`${node.value}\``;
    }
    this.typeErrors.push({ text: `line ${node.line + 1}: cannot unmarshal ${shortTag(shown)}${value} into ${goType}`, node });
  }

  /**
   * d.unmarshal of one node into a value of `goType`: counted, aliases followed. `ok` is
   * false where yaml.v2's unmarshal reports failure (the caller then skips the item).
   */
  unmarshal(node: RawNode, goType: GoType): { ok: boolean; value: GoValue } {
    this.doc.count(node);
    if (node.kind === ALIAS_NODE) return this.doc.throughAlias(node, (target) => this.unmarshal(target, goType));
    // prepare: a nil pointer is allocated unless the node is a plain null.
    let type: string = goType;
    if (!isNullShortcut(node) && type.startsWith('*')) type = type.slice(1);
    if (node.kind === SCALAR_NODE) return this.scalar(node, type);
    if (type === 'interface {}') return { ok: true, value: this.doc.decodeCounted(node) };
    this.typeError(node, node.kind === MAPPING_NODE ? MAP_TAG : SEQ_TAG, type);
    return { ok: false, value: undefined };
  }

  private scalar(node: RawNode, type: string): { ok: boolean; value: GoValue } {
    const resolved = this.doc.decodeCounted(node) as YNode & { kind: 'scalar' };
    if (resolved.type === 'null') {
      if (type.startsWith('*')) return { ok: true, value: undefined };
      return { ok: true, value: type === 'string' ? '' : type === 'bool' ? false : resolved };
    }
    switch (type) {
      case 'interface {}':
        return { ok: true, value: resolved };
      case 'string':
      case '*string':
        // A string takes the text as written; !!binary its decoded bytes.
        if (type === 'string' || resolved.type === 'str') return { ok: true, value: node.tag === BINARY_TAG ? String(resolved.value) : node.value };
        break;
      case 'bool':
      case '*bool':
        if (resolved.type === 'bool') return { ok: true, value: resolved.value as boolean };
        break;
    }
    this.typeError(node, resolvedTag(node, resolved), type);
    return { ok: false, value: undefined };
  }

  /**
   * A map decoded into a Go map with string keys (bosh-cli's variables): a key takes its text
   * as written; a key that is a map or a list is a type error and its pair is skipped.
   */
  stringKeyedMap(node: RawNode, goType: string, into = new Map<string, YNode>()): Map<string, YNode> | undefined {
    this.doc.count(node);
    if (node.kind === ALIAS_NODE) return this.doc.throughAlias(node, (target) => this.stringKeyedMap(target, goType, into));
    if (node.kind === SCALAR_NODE) {
      const resolved = this.doc.decodeCounted(node);
      if (resolved.kind === 'scalar' && resolved.type === 'null') return undefined;
      this.typeError(node, resolvedTag(node, resolved), goType);
      return undefined;
    }
    if (node.kind === SEQUENCE_NODE) {
      this.typeError(node, SEQ_TAG, goType);
      return undefined;
    }
    this.pairs(node, (key, value) => {
      const name = this.unmarshal(key, 'string');
      if (!name.ok) return;
      into.set(name.value as string, this.doc.decode(value));
    }, (merged) => this.stringKeyedMap(merged, goType, into));
    return into;
  }

  /** Walks a mapping's pairs, sending `<<` merges to `merge` as yaml.v2 does (d.merge). */
  pairs(node: RawNode, pair: (key: RawNode, value: RawNode) => void, merge: (source: RawNode) => void): void {
    const { children } = node;
    for (let i = 0; i < children.length; i += 2) {
      const key = children[i]!;
      const value = children[i + 1]!;
      if (!isMergeKey(key)) {
        pair(key, value);
        continue;
      }
      forEachMergeSource(value, (problem) => this.doc.fail(key, problem), merge);
    }
  }
}

/** prepare's test: a `!!null`, or an untagged `null`, `~` or empty plain scalar (quoted ones too, except ""). */
export function isNullShortcut(node: RawNode): boolean {
  return node.tag === NULL_TAG || (node.kind === SCALAR_NODE && node.tag === '' && (node.value === 'null' || node.value === '~' || (node.value === '' && node.implicit)));
}

/** The tag yaml.v2's resolve gave an untagged scalar: !!str when quoted, else by its text. */
function resolvedTag(node: RawNode, resolved: YNode): string {
  if (node.tag !== '') return node.tag;
  if (!node.implicit) return STR_TAG;
  if (isGoTimestamp(node.value)) return TIMESTAMP_TAG;
  return `${TAG_PREFIX}${(resolved as { type: string }).type}`;
}
