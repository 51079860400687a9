/**
 * Which array slot a token means: go-patch's `ArrayIndex`, `ArrayInsertion` and the
 * `key=value` item search shared by every op.
 */
import { entryOf, isMap, type SeqNode } from '../../yaml/node.js';
import { PatchError, missingIndex } from './errors.js';
import type { MatchingIndexToken, Modifier } from './pointer.js';

const GO_TYPE: Readonly<Record<Modifier, string>> = {
  prev: 'patch.PrevModifier',
  next: 'patch.NextModifier',
  before: 'patch.BeforeModifier',
  after: 'patch.AfterModifier',
};

/**
 * `ArrayIndex.Concrete`: applies :prev/:next in order, then wraps a negative result once.
 * `path` (printed) is the prefix up to this token, for the error.
 */
export function concreteIndex(index: number, modifiers: readonly Modifier[], length: number, path: string): number {
  let result = index;
  for (const modifier of modifiers) {
    if (modifier === 'prev') result -= 1;
    else if (modifier === 'next') result += 1;
    else throw new PatchError(`Expected to find one of the following modifiers: 'prev', 'next', but found modifier '${GO_TYPE[modifier]}'`);
  }
  if (result >= length || -result - 1 >= length) throw missingIndex(result, length, path);
  return result < 0 ? length + result : result;
}

export interface Insertion {
  index: number;
  /** false: overwrite the item at `index`; true: insert a new item there. */
  insert: boolean;
}

/** `ArrayInsertion.Concrete`: the last token of a replace may end in :before or :after. */
export function insertionPoint(index: number, modifiers: readonly Modifier[], length: number, path: string): Insertion {
  const relative: Modifier[] = [];
  let placement: 'before' | 'after' | undefined;
  for (const modifier of modifiers) {
    if (placement) {
      throw new PatchError(`Expected to not find any modifiers after '${placement}' modifier, but found modifier '${GO_TYPE[modifier]}'`);
    }
    if (modifier === 'before' || modifier === 'after') placement = modifier;
    else relative.push(modifier);
  }
  const resolved = concreteIndex(index, relative, length, path);
  return { index: placement === 'after' ? resolved + 1 : resolved, insert: placement !== undefined };
}

/** Items that are maps whose string key holds exactly this string (`name: 1` never matches `name=1`). */
export function matchingIndexes(seq: SeqNode, token: MatchingIndexToken): number[] {
  const found: number[] = [];
  seq.items.forEach((item, i) => {
    if (!isMap(item)) return;
    const value = entryOf(item, token.key)?.value;
    if (value?.kind === 'scalar' && value.type === 'str' && value.value === token.value) found.push(i);
  });
  return found;
}
