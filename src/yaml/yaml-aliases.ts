/**
 * Anchors and aliases as yaml.v2 decodes them: an alias is an independent copy of the node
 * anchored latest before it, and the share of nodes decoded through aliases is capped
 * (yaml.v2's guard against "billion laughs").
 */
import { InputError } from '../util/errors.js';
import { cloneNode, type SourcePos, type YNode } from './node.js';

/**
 * yaml.v2 counts nodes, so one long string copied through many aliases (a quadratic bomb)
 * passes its guard: 1,000 uses of a 1 MB string are a 1 GB manifest. No real manifest copies
 * anywhere near this much text through aliases.
 */
export const MAX_ALIAS_TEXT = 16 * 1024 * 1024;

/** yaml.v2's allowed share of alias-decoded nodes, which shrinks as the document grows. */
function allowedAliasRatio(decodeCount: number): number {
  if (decodeCount <= 400_000) return 0.99;
  if (decodeCount >= 4_000_000) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - 400_000) / 3_600_000);
}

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

/** One document's anchors, and the count of the nodes decoded so far. */
export class Anchors {
  /** By name as met in document order: an alias refers to the latest one before it. */
  private readonly anchored = new Map<string, YNode>();
  private decodeCount = 0;
  private aliasCount = 0;
  private aliasText = 0;

  /** A node was decoded (yaml.v2 counts every one). */
  count(): void {
    this.decodeCount++;
  }

  set(name: string, node: YNode): void {
    this.anchored.set(name, node);
  }

  /** The copy an alias stands for, marked with where the alias was used. */
  expand(name: string, aliasPos: SourcePos): YNode {
    const anchored = this.anchored.get(name);
    if (!anchored) throw new InputError(`unknown anchor '${name}' referenced`, aliasPos);
    const copy = cloneNode(anchored);
    markAliasUse(copy, aliasPos);
    const size = countNodes(copy);
    this.decodeCount += size;
    this.aliasCount += size;
    this.aliasText += textLength(copy);
    const tooManyNodes = this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount);
    if (tooManyNodes || this.aliasText > MAX_ALIAS_TEXT) {
      throw new InputError('document contains excessive aliasing (an alias bomb?)', aliasPos);
    }
    return copy;
  }
}
