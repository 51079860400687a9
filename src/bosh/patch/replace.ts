/** go-patch `ReplaceOp.Apply`: set, insert or append a value, creating `?` parents. */
import { entryOf, str, type MapNode, type SeqNode, type SourcePos, type YNode } from '../../yaml/node.js';
import { concreteIndex, insertionPoint, matchingIndexes } from './array-index.js';
import { cloneValue } from './clone-value.js';
import { PatchError, expectMap, expectSeq, missingKey, notExactlyOneMatch } from './errors.js';
import type { ReplaceOp, Slot } from './op.js';
import { pointerPrefixes, pointerString, type Token } from './pointer.js';

/** Mutates `doc` as go-patch does and returns the new root. */
export function applyReplace(doc: YNode, op: ReplaceOp): YNode {
  const value = cloneValue(op.value);
  const tokens = op.path;
  if (tokens.length === 0) return value;

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
        if (isLast) {
          slot(placed(seq, insertionPoint(token.index, token.modifiers, seq.items.length, at), value));
        } else {
          const index = concreteIndex(token.index, token.modifiers, seq.items.length, at);
          obj = seq.items[index]!;
          slot = (node) => {
            seq.items[index] = node;
          };
        }
        break;
      }

      case 'afterLast': {
        const seq = expectSeq(obj, at);
        // Only reachable through a hand-built pointer: parsing makes `-` a key unless last.
        if (!isLast) throw new PatchError(`Expected after last index token to be last in path '${pointerString(tokens)}'`);
        slot(appended(seq, value));
        break;
      }

      case 'match': {
        const seq = expectSeq(obj, at);
        const found = matchingIndexes(seq, token);
        if (token.optional && found.length === 0) {
          if (isLast) {
            // The value goes in as it is: go-patch does not add the `key: value` pair to it.
            slot(appended(seq, value));
          } else {
            const item = newMap(op.pos);
            item.entries.push({ key: str(token.key, op.pos), value: str(token.value, op.pos) });
            slot(appended(seq, item));
            obj = item;
          }
          break;
        }
        if (found.length !== 1) throw notExactlyOneMatch(at, found.length);
        if (isLast) {
          slot(placed(seq, insertionPoint(found[0]!, token.modifiers, seq.items.length, at), value));
        } else {
          // go-patch keeps the array's slot here ("matching item can only be a map"), which is
          // wrong after :prev/:next lands on a non-map item; kept, as BOSH behaves that way.
          obj = seq.items[concreteIndex(found[0]!, token.modifiers, seq.items.length, at)]!;
        }
        break;
      }

      case 'key': {
        const map = expectMap(obj, at);
        const entry = entryOf(map, token.key);
        if (!entry && !token.optional) throw missingKey(token.key, at, map);
        if (isLast) {
          setEntry(map, token.key, value, op.pos);
          break;
        }
        slot = (node) => setEntry(map, token.key, node, op.pos);
        if (entry) {
          obj = entry.value;
        } else {
          obj = containerFor(tokens[i + 1]!, tokens.slice(0, i + 2), op.pos);
          setEntry(map, token.key, obj, op.pos);
        }
        break;
      }
    }
  }
  return root;
}

/** `ArrayInsertionIndex.Update`: insertion builds a new array, overwriting reuses the old one. */
function placed(seq: SeqNode, where: { index: number; insert: boolean }, value: YNode): SeqNode {
  if (!where.insert) {
    seq.items[where.index] = value;
    return seq;
  }
  seq.items.splice(where.index, 0, value);
  return seq;
}

/**
 * In place, as a replaced item is: a copy of the array per append made 20,000 appends in one
 * ops-file quadratic (8 s).
 */
function appended(seq: SeqNode, value: YNode): SeqNode {
  seq.items.push(value);
  return seq;
}

/** What a missing `?` key becomes: decided by the token after it. */
function containerFor(next: Token, through: readonly Token[], pos: SourcePos | undefined): YNode {
  switch (next.kind) {
    case 'afterLast':
    case 'match':
      return pos ? { kind: 'seq', items: [], pos } : { kind: 'seq', items: [] };
    case 'key':
      return newMap(pos);
    case 'index':
      throw new PatchError(`Expected to find key, matching index or after last index token at path '${pointerString(through)}'`);
  }
}

function newMap(pos: SourcePos | undefined): MapNode {
  return pos ? { kind: 'map', entries: [], pos } : { kind: 'map', entries: [] };
}

/** Go's `m[key] = value` on a string key; a new key is positioned at the op that made it. */
function setEntry(map: MapNode, key: string, value: YNode, pos: SourcePos | undefined): void {
  const entry = entryOf(map, key);
  if (entry) entry.value = value;
  else map.entries.push({ key: str(key, pos), value });
}
