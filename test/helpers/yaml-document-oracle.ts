/**
 * The oracle for src/yaml/yaml.ts: the same YAML read through eemeli/yaml's own composer
 * (its Document model) and then converted to BOSH nodes. This is how cf-ws-lint read YAML
 * before it composed the CST itself; it is slower but leaves every syntax decision to
 * eemeli/yaml, so the two must agree on what they accept, refuse and build.
 *
 * Where it is knowingly wrong, inputs are kept away from it: `!!binary` (it yields the
 * bytes as a comma-separated list) and the YAML 1.1 collection tags `!!omap`, `!!pairs`,
 * `!!set` (it runs eemeli/yaml's own resolution of them, which yaml.v2 does not have).
 */
import { Alias, LineCounter, Scalar, YAMLMap, YAMLSeq, parseAllDocuments, type Document, type Node as YamlAstNode } from 'yaml';
import { InputError } from '../../src/util/errors.js';
import { cloneNode, keyIdentity, scalar, type MapEntry, type MapNode, type ScalarNode, type SourcePos, type YNode } from '../../src/yaml/node.js';
import { resolvePlainScalar } from '../../src/yaml/resolve.js';
import { MAX_DEPTH } from '../../src/yaml/yaml.js';

const TAG = 'tag:yaml.org,2002:';

export function parseYamlThroughDocument(text: string, file: string): YNode {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lineCounter = new LineCounter();
  const at = (offset: number): SourcePos => ({ file, ...lineCounter.linePos(offset) });
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    docs = parseAllDocuments(source, { schema: 'failsafe', uniqueKeys: false, lineCounter, prettyErrors: false });
  } catch (error) {
    if (error instanceof RangeError) throw new InputError('YAML nesting is too deep to parse', { file });
    throw error;
  }
  const first = (Array.isArray(docs) ? docs[0] : undefined) as Document.Parsed | undefined;
  if (!first) return scalar('null', null, at(0));
  const error = first.errors[0];
  if (error) throw new InputError(`invalid YAML: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, at(error.pos[0]));
  return new Converter(at).convert(first.contents, 0, 0);
}

/** An alias is an independent copy of the node anchored latest before it, marked with where it was used. */
class Anchors {
  private readonly anchored = new Map<string, YNode>();

  set(name: string, node: YNode): void {
    this.anchored.set(name, node);
  }

  expand(name: string, aliasPos: SourcePos): YNode {
    const anchored = this.anchored.get(name);
    if (!anchored) throw new InputError(`yaml: unknown anchor '${name}' referenced`, aliasPos);
    const copy = cloneNode(anchored);
    const mark = (node: YNode): void => {
      node.aliasPos = aliasPos;
      if (node.kind === 'map') for (const e of node.entries) mark(e.value);
      if (node.kind === 'seq') node.items.forEach(mark);
    };
    mark(copy);
    return copy;
  }
}

class Converter {
  private readonly anchors = new Anchors();

  constructor(private readonly at: (offset: number) => SourcePos) {}

  convert(node: unknown, depth: number, fallbackOffset: number): YNode {
    if (depth > MAX_DEPTH) throw new InputError(`YAML nesting is deeper than ${MAX_DEPTH} levels`, this.at((node as YamlAstNode | null)?.range?.[0] ?? fallbackOffset));
    if (node === null || node === undefined) return scalar('null', null, this.at(fallbackOffset));
    if (node instanceof Alias) return this.anchors.expand(node.source, this.at(node.range?.[0] ?? 0));
    const result = this.convertNode(node as YamlAstNode, depth);
    const anchor = (node as YamlAstNode & { anchor?: string }).anchor;
    if (anchor) this.anchors.set(anchor, result);
    return result;
  }

  private convertNode(node: YamlAstNode, depth: number): YNode {
    const pos = this.at(node.range?.[0] ?? 0);
    if (node instanceof Scalar) return { kind: 'scalar', ...this.scalarOf(node, pos), pos };
    if (node instanceof YAMLSeq) return { kind: 'seq', items: node.items.map((item) => this.convert(item, depth + 1, node.range?.[0] ?? 0)), pos };
    if (node instanceof YAMLMap) return this.convertMap(node, depth, pos);
    throw new InputError('unsupported YAML node', pos);
  }

  private convertMap(node: YAMLMap, depth: number, pos: SourcePos): MapNode {
    const map: MapNode = { kind: 'map', entries: [], pos };
    const index = new Map<string, MapEntry>();
    const set = (entry: MapEntry): void => {
      const existing = index.get(keyIdentity(entry.key));
      if (existing) {
        existing.key = entry.key;
        existing.value = entry.value;
      } else {
        index.set(keyIdentity(entry.key), entry);
        map.entries.push(entry);
      }
    };
    for (const pair of node.items) {
      const keyNode = pair.key as YamlAstNode | null;
      if (keyNode instanceof Scalar && keyNode.type === 'PLAIN' && keyNode.value === '<<' && !keyNode.tag) {
        for (const entry of this.mergeSources(pair.value, depth, keyNode)) set({ key: entry.key, value: entry.value });
        continue;
      }
      const key = this.convert(keyNode, depth + 1, node.range?.[0] ?? 0);
      if (key.kind !== 'scalar') throw new InputError('map keys must be scalars (BOSH cannot address complex keys)', key.pos);
      set({ key, value: this.convert(pair.value, depth + 1, keyNode?.range?.[1] ?? node.range?.[0] ?? 0) });
    }
    return map;
  }

  private mergeSources(value: unknown, depth: number, keyNode: YamlAstNode): MapEntry[] {
    const wantMap = (): never => {
      throw new InputError('map merge requires map or sequence of maps as the value', this.at(keyNode.range?.[0] ?? 0));
    };
    if (value instanceof YAMLSeq) {
      const maps = value.items.map((item) => this.convert(item, depth + 1, keyNode.range?.[0] ?? 0));
      return maps.reverse().flatMap((m) => (m.kind === 'map' ? m.entries : wantMap()));
    }
    const merged = this.convert(value, depth + 1, keyNode.range?.[0] ?? 0);
    return merged.kind === 'map' ? merged.entries : wantMap();
  }

  private scalarOf(node: Scalar, pos: SourcePos): Pick<ScalarNode, 'type' | 'value'> {
    const text = String(node.value);
    const tag = node.tag;
    if (tag === `${TAG}str` || tag === '!') return { type: 'str', value: text };
    if (tag && tag.startsWith(TAG)) {
      const resolved = resolvePlainScalar(text);
      const wanted = tag.slice(TAG.length);
      if (resolved.type !== wanted) throw new InputError(`cannot decode !!str \`${text}\` as a !!${wanted}`, pos);
      return resolved;
    }
    if (node.type !== 'PLAIN' || tag) return { type: 'str', value: text };
    return resolvePlainScalar(text);
  }
}
