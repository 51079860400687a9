/**
 * YAML text -> positioned node tree, read as BOSH reads it (Go yaml.v2): YAML 1.1 scalar
 * types, duplicate keys where the last wins, positional `<<` merge keys, aliases expanded
 * into independent copies, only the first document of a stream.
 *
 * eemeli/yaml does the syntax (with the failsafe schema, so every scalar arrives as text);
 * typing, merging and alias expansion are done here to match yaml.v2 exactly.
 */
import { Alias, LineCounter, Scalar, YAMLMap, YAMLSeq, parseAllDocuments, type Document, type Node as YamlAstNode } from 'yaml';
import { InputError } from '../errors.js';
import { cloneNode, keyIdentity, scalar, type MapEntry, type MapNode, type ScalarNode, type SourcePos, type YNode } from './node.js';
import { resolvePlainScalar } from './resolve.js';

/** Real manifests nest about 15 levels; far deeper input is hostile or broken. */
export const MAX_DEPTH = 1000;

const TAG = 'tag:yaml.org,2002:';

export interface ParsedYaml {
  root: YNode;
  lineCounter: LineCounter;
}

/** Parses YAML text the way BOSH does; throws InputError with file:line on bad input. */
export function parseYaml(text: string, file: string): YNode {
  return parseYamlWithLines(text, file).root;
}

export function parseYamlWithLines(text: string, file: string): ParsedYaml {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lineCounter = new LineCounter();
  const at = (offset: number): SourcePos => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, col };
  };
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    docs = parseAllDocuments(source, { schema: 'failsafe', uniqueKeys: false, lineCounter, prettyErrors: false });
  } catch (error) {
    if (error instanceof RangeError) throw new InputError('YAML nesting is too deep to parse', { file });
    throw error;
  }
  const first = (Array.isArray(docs) ? docs[0] : undefined) as Document.Parsed | undefined;
  if (!first) return { root: scalar('null', null, at(0)), lineCounter };
  const error = first.errors[0];
  if (error) throw new InputError(`invalid YAML: ${firstLine(error.message)}`, at(error.pos[0]));
  const converter = new Converter(at);
  return { root: converter.convert(first.contents, 0, 0), lineCounter };
}

function firstLine(message: string): string {
  // eemeli/yaml reports a stack overflow on absurd nesting as a parse error.
  if (message.includes('Maximum call stack')) return 'nesting is too deep to parse';
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * yaml.v2's guard against alias bombs ("billion laughs"): the share of nodes decoded
 * through aliases may not exceed a ratio that shrinks as the document grows.
 */
function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= 400_000) return 0.99;
  if (decodeCount >= 4_000_000) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - 400_000) / 3_600_000);
}

/**
 * yaml.v2 counts nodes, so one long string copied through many aliases (a quadratic bomb)
 * passes its guard: 1,000 uses of a 1 MB string are a 1 GB manifest. No real manifest copies
 * anywhere near this much text through aliases.
 */
export const MAX_ALIAS_TEXT = 16 * 1024 * 1024;

/** The characters of a node's string scalars and keys. */
function textLength(node: YNode): number {
  if (node.kind === 'scalar') return typeof node.value === 'string' ? node.value.length : 0;
  if (node.kind === 'seq') return node.items.reduce((n, item) => n + textLength(item), 0);
  return node.entries.reduce((n, e) => n + textLength(e.key) + textLength(e.value), 0);
}

function countNodes(node: YNode): number {
  if (node.kind === 'scalar') return 1;
  if (node.kind === 'seq') return node.items.reduce((n, item) => n + countNodes(item), 1);
  return node.entries.reduce((n, e) => n + 1 + countNodes(e.value), 1);
}

function markAliasUse(node: YNode, aliasPos: SourcePos): void {
  node.aliasPos = aliasPos;
  if (node.kind === 'map') for (const e of node.entries) markAliasUse(e.value, aliasPos);
  if (node.kind === 'seq') for (const item of node.items) markAliasUse(item, aliasPos);
}

class Converter {
  /** Anchors by name as met in document order: an alias refers to the latest one before it. */
  private readonly anchored = new Map<string, YNode>();
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasText = 0;

  constructor(private readonly at: (offset: number) => SourcePos) {}

  convert(node: unknown, depth: number, fallbackOffset: number): YNode {
    if (depth > MAX_DEPTH) {
      const offset = (node as YamlAstNode | null)?.range?.[0] ?? fallbackOffset;
      throw new InputError(`YAML nesting is deeper than ${MAX_DEPTH} levels`, this.at(offset));
    }
    this.decodeCount++;
    if (node === null || node === undefined) return scalar('null', null, this.at(fallbackOffset));
    if (node instanceof Alias) return this.expandAlias(node, depth);
    const result = this.convertNode(node as YamlAstNode, depth);
    const anchor = (node as YamlAstNode & { anchor?: string }).anchor;
    if (anchor) this.anchored.set(anchor, result);
    return result;
  }

  private convertNode(node: YamlAstNode, depth: number): YNode {
    const pos = this.at(node.range?.[0] ?? 0);
    if (node instanceof Scalar) return { kind: 'scalar', ...this.scalarOf(node, pos), pos };
    if (node instanceof YAMLSeq) {
      return { kind: 'seq', items: node.items.map((item) => this.convert(item, depth + 1, node.range?.[0] ?? 0)), pos };
    }
    if (node instanceof YAMLMap) return this.convertMap(node, depth, pos);
    throw new InputError('unsupported YAML node', pos);
  }

  private convertMap(node: YAMLMap, depth: number, pos: SourcePos): MapNode {
    const map: MapNode = { kind: 'map', entries: [], pos };
    const index = new Map<string, MapEntry>();
    const set = (entry: MapEntry): void => {
      const id = keyIdentity(entry.key);
      const existing = index.get(id);
      // yaml.v2 decodes into a Go map: a repeated key silently replaces the earlier value.
      if (existing) {
        existing.key = entry.key;
        existing.value = entry.value;
      } else {
        index.set(id, entry);
        map.entries.push(entry);
      }
    };
    for (const pair of node.items) {
      const keyNode = pair.key as YamlAstNode | null;
      const valueOffset = keyNode?.range?.[1] ?? node.range?.[0] ?? 0;
      if (keyNode instanceof Scalar && keyNode.type === 'PLAIN' && keyNode.value === '<<' && !keyNode.tag) {
        for (const entry of this.mergeSources(pair.value, depth, keyNode)) set({ key: entry.key, value: entry.value });
        continue;
      }
      const key = this.convert(keyNode, depth + 1, node.range?.[0] ?? 0);
      if (key.kind !== 'scalar') throw new InputError('map keys must be scalars (BOSH cannot address complex keys)', key.pos);
      set({ key, value: this.convert(pair.value, depth + 1, valueOffset) });
    }
    return map;
  }

  /** The entries a `<<` merge contributes, in the order that makes earlier sources win. */
  private mergeSources(value: unknown, depth: number, keyNode: YamlAstNode): MapEntry[] {
    const where = this.at(keyNode.range?.[0] ?? 0);
    const wantMap = (): never => {
      throw new InputError('map merge requires map or sequence of maps as the value', where);
    };
    if (value instanceof YAMLSeq) {
      const maps = value.items.map((item) => this.convert(item, depth + 1, keyNode.range?.[0] ?? 0));
      // yaml.v2 steps backwards: earlier maps in the list take precedence.
      return maps.reverse().flatMap((m) => (m.kind === 'map' ? m.entries : wantMap()));
    }
    const merged = this.convert(value, depth + 1, keyNode.range?.[0] ?? 0);
    return merged.kind === 'map' ? merged.entries : wantMap();
  }

  private expandAlias(alias: Alias, depth: number): YNode {
    const aliasPos = this.at(alias.range?.[0] ?? 0);
    // Not alias.resolve(doc): it walks the whole document for every alias.
    const converted = this.anchored.get(alias.source);
    if (!converted) throw new InputError(`unknown anchor '${alias.source}' referenced`, aliasPos);
    const copy = cloneNode(converted);
    markAliasUse(copy, aliasPos);
    const size = countNodes(copy);
    this.decodeCount += size;
    this.aliasCount += size;
    this.aliasText += textLength(copy);
    const tooManyNodes = this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount);
    if (tooManyNodes || this.aliasText > MAX_ALIAS_TEXT) {
      throw new InputError('document contains excessive aliasing (an alias bomb?)', aliasPos);
    }
    if (depth > MAX_DEPTH) throw new InputError(`YAML nesting is deeper than ${MAX_DEPTH} levels`, aliasPos);
    return copy;
  }

  private scalarOf(node: Scalar, pos: SourcePos): Pick<ScalarNode, 'type' | 'value'> {
    const text = String(node.value);
    const tag = node.tag;
    if (tag === `${TAG}str` || tag === '!') return { type: 'str', value: text };
    if (tag && tag.startsWith(TAG) && tag !== `${TAG}binary`) {
      const resolved = resolvePlainScalar(text);
      const wanted = tag.slice(TAG.length);
      if (resolved.type !== wanted) throw new InputError(`cannot decode !!str \`${text}\` as a !!${wanted}`, pos);
      return resolved;
    }
    // Quoted and block scalars are strings; so is anything under a tag yaml.v2 does not resolve.
    if (node.type !== 'PLAIN' || tag) return { type: 'str', value: text };
    return resolvePlainScalar(text);
  }
}
