/** go-patch `RemoveOp.Apply`: delete a map key or array item; optional misses are no-ops. */
import { entryOf, withItems, type SeqNode, type YNode } from '../../yaml/node.js';
import { concreteIndex, matchingIndexes } from './array-index.js';
import { PatchError, expectMap, expectSeq, missingKey, notExactlyOneMatch } from './errors.js';
import type { RemoveOp, Slot } from './op.js';
import { pointerPrefixes } from './pointer.js';

/** Mutates `doc` as go-patch does and returns the new root. */
export function applyRemove(doc: YNode, op: RemoveOp): YNode {
  const tokens = op.path;
  if (tokens.length === 0) throw new PatchError('Cannot remove entire document');

  let root = doc;
  let obj = doc;
  let slot: Slot = (node) => {
    root = node;
  };

  const prefixes = pointerPrefixes(tokens);
  for (const [i, token] of tokens.entries()) {
    const isLast = i === tokens.length - 1;
    const at = prefixes[i]!;

    switch (token.kind) {
      case 'index': {
        const seq = expectSeq(obj, at);
        const index = concreteIndex(token.index, token.modifiers, seq.items.length, at);
        if (isLast) {
          slot(without(seq, index));
        } else {
          obj = seq.items[index]!;
          slot = (node) => {
            seq.items[index] = node;
          };
        }
        break;
      }

      case 'match': {
        const seq = expectSeq(obj, at);
        const found = matchingIndexes(seq, token);
        if (token.optional && found.length === 0) return root;
        if (found.length !== 1) throw notExactlyOneMatch(at, found.length);
        const index = concreteIndex(found[0]!, token.modifiers, seq.items.length, at);
        // As in replace, the slot stays the array's: go-patch assumes the item is a map.
        if (isLast) slot(without(seq, index));
        else obj = seq.items[index]!;
        break;
      }

      case 'key': {
        const map = expectMap(obj, at);
        const entry = entryOf(map, token.key);
        if (!entry) {
          if (token.optional) return root;
          throw missingKey(token.key, at, map);
        }
        if (isLast) {
          map.entries.splice(map.entries.indexOf(entry), 1);
        } else {
          obj = entry.value;
          slot = (node) => {
            entry.value = node;
          };
        }
        break;
      }

      case 'afterLast':
        throw new PatchError(`Expected to not find token 'patch.AfterLastIndexToken' at path '${at}'`);
    }
  }
  return root;
}

/** A new array without the item, as go-patch builds one (so an emptied array stays `[]`). */
function without(seq: SeqNode, index: number): SeqNode {
  return withItems(seq, seq.items.filter((_, i) => i !== index));
}
