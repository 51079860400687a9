/** The three go-patch operations an ops-file can hold, ready to apply. */
import type { SourcePos, YNode } from '../../yaml/node.js';
import type { Pointer } from './pointer.js';

interface OpBase {
  path: Pointer;
  /** go-patch's `DescriptiveOp`: failures read `Error '<error>': <what went wrong>`. */
  error?: string;
  /** Where the op was written; errors carry it, and nodes the op creates take it. */
  pos?: SourcePos;
}

export interface ReplaceOp extends OpBase {
  type: 'replace';
  value: YNode;
}

export interface RemoveOp extends OpBase {
  type: 'remove';
}

/** `absent: true` checks the path is missing; otherwise the found value must equal `value` (default null). */
export interface TestOp extends OpBase {
  type: 'test';
  value?: YNode;
  absent?: boolean;
}

export type Op = ReplaceOp | RemoveOp | TestOp;

/**
 * Where a node hangs in its parent: go-patch's `prevUpdate`. Ops that grow or shrink an
 * array build a new one and store it through the slot the walk last set, quirks included.
 */
export type Slot = (node: YNode) => void;
