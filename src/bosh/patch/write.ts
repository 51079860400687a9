/**
 * The ops-file writer: wanted changes -> go-patch ops that make them on the base document,
 * by the rules of reference/go-patch.md §4 "Recommended generator". Items of arrays are
 * addressed by identity (`name=`, `alias=`), never by position; a missing key gets the one
 * `?` that creates it; ops are idempotent (apply twice, same document) except a rename.
 */
import { cloneNode, entryOf, nodesEqual, str, type MapNode, type ScalarNode, type SeqNode, type YNode } from '../../yaml/node.js';
import { applyOps } from './apply.js';
import { builtNode, changedNode, entryForStep, indexForStep, type Change, type PathStep } from './change.js';
import { opsFromDefinitions, type OpDefinition } from './op-definition.js';
import { parsePointer, pointerString, type KeyToken, type MatchingIndexToken, type Token } from './pointer.js';

export interface WriteOptions {
  /** The key naming the items of the array found under `arrayKey` (undefined: not under a key). */
  identityKey?: (arrayKey: string | undefined) => string;
}

/** BOSH names things by `name`; stemcells by `alias` (deployment manifest schema). */
function defaultIdentityKey(arrayKey: string | undefined): string {
  return arrayKey === 'stemcells' ? 'alias' : 'name';
}

/**
 * Ops that turn `base` into the document with `changes` made, in order. Throws an Error for
 * a change go-patch cannot express (removing or nulling the whole document, an index past
 * the end of an array).
 */
export function opsForChanges(base: YNode, changes: readonly Change[], options: WriteOptions = {}): OpDefinition[] {
  const identityKey = options.identityKey ?? defaultIdentityKey;
  let doc = base;
  const written: OpDefinition[] = [];
  changes.forEach((change, i) => {
    const ops = opsForChange(doc, change, identityKey);
    written.push(...ops);
    // Later changes are addressed against the document as BOSH will have it by then. Ops
    // change documents in place, so that document is a copy, made only when needed: the
    // linter writes one change at a time against a whole manifest.
    if (i < changes.length - 1) doc = applyOps(doc === base ? cloneNode(base) : doc, opsFromDefinitions(ops));
  });
  return written;
}

function opsForChange(doc: YNode, change: Change, identityKey: (arrayKey: string | undefined) => string): OpDefinition[] {
  const tokens: Token[] = [];
  let node = doc;
  let arrayKey: string | undefined;

  for (const [j, step] of change.path.entries()) {
    const here = change.path.slice(j);
    const isLast = here.length === 1;

    if (node.kind === 'map') {
      const entry = entryForStep(node, step);
      const key = entry?.key ?? str(String(step));
      if (!isAddressableKey(key)) return replacing(tokens, node, here, change);
      const name = key.value as string;
      if (!entry) return change.kind === 'set' ? creating(tokens, node, here, change) : [];
      if (isLast) {
        if (change.kind === 'remove') return [removeOp([...tokens, keyToken(name, true)])];
        if (isNull(change.value)) return replacing(tokens, node, here, change);
        return setting([...tokens, keyToken(name, false)], entry.value, change.value);
      }
      tokens.push(keyToken(name, false));
      node = entry.value;
      arrayKey = name;
      continue;
    }

    if (node.kind === 'seq') {
      const index = indexForStep(step);
      const idKey = identityKey(arrayKey);
      if (index === undefined || !isIdentified(node, idKey) || !isIdentified(changedNode(node, here, change), idKey)) {
        return replacing(tokens, node, here, change);
      }
      if (index >= node.items.length) {
        if (change.kind === 'remove') return [];
        // An upsert: `name=X?` appends the item once and overwrites it after that.
        const item = builtNode(here.slice(1), change.value) as MapNode;
        return [replaceOp([...tokens, matchToken(idKey, identityOf(item, idKey)!, true)], item)];
      }
      const item = node.items[index] as MapNode;
      const id = identityOf(item, idKey)!;
      if (isLast) {
        if (change.kind === 'remove') return [removeOp([...tokens, matchToken(idKey, id, true)])];
        return setting([...tokens, matchToken(idKey, id, false)], item, change.value);
      }
      tokens.push(matchToken(idKey, id, false));
      node = item;
      arrayKey = undefined;
      continue;
    }

    // A scalar (null included) where the path goes on: setting replaces it with what the path builds.
    return change.kind === 'set' ? [replaceOp(tokens, builtNode(here, change.value))] : [];
  }

  if (change.kind === 'remove') throw new Error('go-patch cannot remove the whole document');
  if (isNull(change.value)) throw new Error('go-patch cannot set the whole document to null');
  return setting([], doc, change.value);
}

function setting(tokens: readonly Token[], current: YNode, value: YNode): OpDefinition[] {
  return nodesEqual(current, value) ? [] : [replaceOp(tokens, value)];
}

/** The fallback for what a path cannot name: replace the nearest node it can, changed. */
function replacing(tokens: readonly Token[], node: YNode, steps: readonly PathStep[], change: Change): OpDefinition[] {
  return setting(tokens, node, changedNode(node, steps, change));
}

/**
 * Setting below a missing key: `?` on that key creates it (and, sticky, the keys after it),
 * so `/a?/b/c` builds `a: {b: {c: …}}`. The chain stops where a key cannot be written, at
 * an array index, or before a null value (go-patch cannot write null); the rest is built
 * into the value.
 */
function creating(tokens: readonly Token[], map: MapNode, steps: readonly PathStep[], change: Change & { kind: 'set' }): OpDefinition[] {
  const chainable = isNull(change.value) ? steps.length - 1 : steps.length;
  const chain: KeyToken[] = [];
  for (const step of steps.slice(0, chainable)) {
    if (typeof step !== 'string' || !isAddressableKey(str(step))) break;
    chain.push(keyToken(step, true));
  }
  if (chain.length === 0) return replacing(tokens, map, steps, change);
  return [replaceOp([...tokens, ...chain], builtNode(steps.slice(chain.length), change.value))];
}

/**
 * Whether the array's items can be named: every item a map whose identity is a string,
 * unique, and writable as `key=value` (go-patch has no escape for a trailing `?`).
 */
function isIdentified(node: YNode, idKey: string): node is SeqNode {
  if (node.kind !== 'seq') return false;
  const seen = new Set<string>();
  for (const item of node.items) {
    const id = item.kind === 'map' ? identityOf(item, idKey) : undefined;
    if (id === undefined || seen.has(id) || !roundTrips(matchToken(idKey, id, false))) return false;
    seen.add(id);
  }
  return true;
}

function identityOf(item: MapNode, idKey: string): string | undefined {
  const value = entryOf(item, idKey)?.value;
  return value?.kind === 'scalar' && value.type === 'str' ? (value.value as string) : undefined;
}

/**
 * Path tokens only name string keys, and not all of them (`0`, `a=b`, `x?`). Every key is
 * checked as a path's last token, where any walk may end: so `-` counts as unwritable too.
 */
function isAddressableKey(key: ScalarNode): boolean {
  return key.type === 'str' && roundTrips(keyToken(key.value as string, false));
}

/** Whether go-patch parses the printed token back into the same token. */
function roundTrips(token: KeyToken | MatchingIndexToken): boolean {
  let parsed: Token | undefined;
  try {
    parsed = parsePointer(pointerString([token]))[0];
  } catch {
    return false;
  }
  if (parsed?.kind !== token.kind || parsed.optional !== token.optional || parsed.key !== token.key) return false;
  return parsed.kind === 'key' || (parsed.value === (token as MatchingIndexToken).value && parsed.modifiers.length === 0);
}

function keyToken(key: string, optional: boolean): KeyToken {
  return { kind: 'key', key, optional };
}

function matchToken(key: string, value: string, optional: boolean): MatchingIndexToken {
  return { kind: 'match', key, value, optional, modifiers: [] };
}

function replaceOp(tokens: readonly Token[], value: YNode): OpDefinition {
  return { type: 'replace', path: pointerString(tokens), value };
}

function removeOp(tokens: readonly Token[]): OpDefinition {
  return { type: 'remove', path: pointerString(tokens) };
}

function isNull(node: YNode): boolean {
  return node.kind === 'scalar' && node.type === 'null';
}
