/**
 * go-patch `FindOp.Apply`: the value at a path, as `bosh int --path`, `((var.sub))` and the
 * `test` op read it. A missing optional path is null, not an error.
 */
import { entryOf, scalar, str, type YNode } from '../../yaml/node.js';
import { concreteIndex, matchingIndexes } from './array-index.js';
import { PatchError, expectMap, expectSeq, missingKey, notExactlyOneMatch } from './errors.js';
import { parsePointer, pointerPrefixes, pointerString, type Pointer } from './pointer.js';

/** Never modifies `doc`; returns a node inside it (or a fresh one where `?` stands in for a miss). */
export function findNode(doc: YNode, path: Pointer | string): YNode {
  const tokens = typeof path === 'string' ? parsePointer(path) : path;
  let obj = doc;

  const prefixes = pointerPrefixes(tokens);
  for (const [i, token] of tokens.entries()) {
    const isLast = i === tokens.length - 1;
    const at = prefixes[i]!;

    switch (token.kind) {
      case 'index': {
        const seq = expectSeq(obj, at);
        obj = seq.items[concreteIndex(token.index, token.modifiers, seq.items.length, at)]!;
        break;
      }

      case 'afterLast':
        throw new PatchError(`Expected not to find after last index token in path '${pointerString(tokens)}' (not supported in find operations)`);

      case 'match': {
        const seq = expectSeq(obj, at);
        const found = matchingIndexes(seq, token);
        if (token.optional && found.length === 0) {
          // What replace would have created; go-patch ignores the modifiers here.
          obj = { kind: 'map', entries: [{ key: str(token.key), value: str(token.value) }] };
          break;
        }
        if (found.length !== 1) throw notExactlyOneMatch(at, found.length);
        obj = seq.items[concreteIndex(found[0]!, token.modifiers, seq.items.length, at)]!;
        break;
      }

      case 'key': {
        const map = expectMap(obj, at);
        const entry = entryOf(map, token.key);
        if (entry) {
          obj = entry.value;
        } else if (!token.optional) {
          throw missingKey(token.key, at, map);
        } else if (isLast) {
          obj = scalar('null', null);
        } else {
          obj = standInFor(tokens, i + 1);
        }
        break;
      }
    }
  }
  return obj;
}

/** An empty container that lets the walk go on past a missing `?` key. */
function standInFor(tokens: Pointer, next: number): YNode {
  switch (tokens[next]!.kind) {
    case 'match':
      return { kind: 'seq', items: [] };
    case 'key':
      return { kind: 'map', entries: [] };
    default:
      throw new PatchError(`Expected to find key or matching index token at path '${pointerString(tokens.slice(0, next + 1))}'`);
  }
}
