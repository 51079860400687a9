/**
 * YAML (and JSON, which is YAML) read into plain data with a way back to the line of any
 * value, for the LB formats that are documents: the neutral LB file and CloudFormation.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type Tags } from 'yaml';
import { InputError } from '../util/errors.js';

export type PathKey = string | number;

export interface PositionedYaml {
  data: unknown;
  /** 1-based line of the value at `path`, or of the nearest ancestor that exists. */
  lineOf(path: readonly PathKey[]): number;
  /** 1-based line of the key `path` ends in (for "unknown key" messages). */
  keyLineOf(path: readonly PathKey[]): number;
}

export function parsePositionedYaml(text: string, file: string, customTags?: Tags): PositionedYaml {
  const lineCounter = new LineCounter();
  // logLevel 'error': a collection as a map key would otherwise print a Node warning on stderr.
  const doc = parseDocument(text.startsWith('\uFEFF') ? text.slice(1) : text, { lineCounter, prettyErrors: false, uniqueKeys: false, customTags, logLevel: 'error' });
  const error = doc.errors[0];
  if (error) {
    throw new InputError(`invalid YAML: ${error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, { file, ...lineCounter.linePos(error.pos[0]) });
  }
  const line = (node: Node | Pair | undefined): number => {
    const range = isPair(node) ? (node.key as Node | undefined)?.range : (node as Node | undefined)?.range;
    return range ? lineCounter.linePos(range[0]).line : 1;
  };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    // eemeli/yaml resolves aliases here: one before its anchor, or too many, is a ReferenceError.
    if (!(error instanceof ReferenceError)) throw error;
    throw new InputError(`invalid YAML: ${error.message}`, { file });
  }
  return {
    data,
    lineOf: (path) => line(deepest(doc, path, false)),
    keyLineOf: (path) => line(deepest(doc, path, true)),
  };
}

/** The node at `path`, or the deepest existing ancestor; with `pair`, the key/value pair itself. */
function deepest(doc: Document, path: readonly PathKey[], pair: boolean): Node | Pair | undefined {
  let node: unknown = doc.contents;
  let found: Node | Pair | undefined = doc.contents ?? undefined;
  for (const [i, key] of path.entries()) {
    let next: unknown;
    if (isMap(node)) {
      const item = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
      if (item && pair && i === path.length - 1) return item;
      next = item?.value;
    } else if (isSeq(node) && typeof key === 'number') {
      next = node.items[key];
    }
    if (next === undefined || next === null) return found;
    node = next;
    found = next as Node;
  }
  return found;
}
