/**
 * A wanted change to a document, addressed as in its plain form (map keys as strings, array
 * indexes as numbers), and what the document looks like once it is made.
 */
import { cloneNode, withEntries, withItems, str, type MapEntry, type MapNode, type YNode } from '../../yaml/node.js';

export type PathStep = string | number;

export type Change =
  | { kind: 'set'; path: readonly PathStep[]; value: YNode }
  | { kind: 'remove'; path: readonly PathStep[] };

/**
 * The map entry a step names: the string key first, else the one non-string key that
 * prints the same (`true:` is the step "true", as in the plain document).
 */
export function entryForStep(map: MapNode, step: PathStep): MapEntry | undefined {
  const name = String(step);
  return (
    map.entries.find((e) => e.key.type === 'str' && e.key.value === name) ??
    map.entries.find((e) => e.key.type !== 'str' && String(e.key.value) === name)
  );
}

/** The array index a step names, if it is one (`2` or `"2"`). */
export function indexForStep(step: PathStep): number | undefined {
  const index = typeof step === 'number' ? step : /^(0|[1-9][0-9]*)$/.test(step) ? Number(step) : undefined;
  return index !== undefined && Number.isSafeInteger(index) && index >= 0 ? index : undefined;
}

/**
 * `node` with the change made at `steps` (relative to it). `node` is left untouched, but
 * the result shares its unchanged subtrees (clone before mutating). Setting through a missing key or a scalar builds the maps and arrays the steps imply;
 * removing something missing changes nothing. Throws on an index past the end of an array.
 */
export function changedNode(node: YNode, steps: readonly PathStep[], change: Change): YNode {
  if (steps.length === 0) {
    if (change.kind === 'remove') throw new Error('cannot remove the whole document');
    return cloneNode(change.value);
  }
  const [step, ...rest] = steps as [PathStep, ...PathStep[]];

  if (node.kind === 'map') {
    const entry = entryForStep(node, step);
    const copy = withEntries(node, node.entries.map((e) => ({ key: e.key, value: e.value })));
    if (!entry) {
      if (change.kind === 'set') copy.entries.push({ key: str(String(step)), value: builtNode(rest, change.value) });
      return copy;
    }
    const at = node.entries.indexOf(entry);
    if (rest.length === 0 && change.kind === 'remove') copy.entries.splice(at, 1);
    else copy.entries[at]!.value = changedNode(entry.value, rest, change);
    return copy;
  }

  const index = indexForStep(step);
  if (node.kind === 'seq' && index !== undefined) {
    const items = [...node.items];
    if (index < items.length) {
      if (rest.length === 0 && change.kind === 'remove') items.splice(index, 1);
      else items[index] = changedNode(items[index]!, rest, change);
    } else if (change.kind === 'set') {
      if (index > items.length) throw new Error(`cannot set index ${index} of an array of length ${items.length}`);
      items.push(builtNode(rest, change.value));
    }
    return withItems(node, items);
  }

  // A scalar (null included), or an array addressed by a key: setting replaces it.
  return change.kind === 'set' ? builtNode(steps, change.value) : node;
}

/** The nodes `steps` imply below a point that does not exist yet: keys make maps, index 0 an array. */
export function builtNode(steps: readonly PathStep[], value: YNode): YNode {
  if (steps.length === 0) return cloneNode(value);
  const [step, ...rest] = steps as [PathStep, ...PathStep[]];
  if (typeof step === 'number') {
    if (step !== 0) throw new Error(`cannot set index ${step} of a new array`);
    return { kind: 'seq', items: [builtNode(rest, value)] };
  }
  return { kind: 'map', entries: [{ key: str(step), value: builtNode(rest, value) }] };
}

/** The document after the changes, in order; `doc` is left untouched. */
export function changedDocument(doc: YNode, changes: readonly Change[]): YNode {
  return changes.reduce((current, change) => changedNode(current, change.path, change), doc);
}
