/** go-patch `Ops.Apply`: ops run in order on the result of the previous one; the first error stops. */
import type { YNode } from '../../yaml/node.js';
import { PatchError, describedError } from './errors.js';
import type { Op } from './op.js';
import { applyRemove } from './remove.js';
import { applyReplace } from './replace.js';
import { applyTest } from './test-op.js';

/**
 * Returns the new root (a replace at "" swaps it). Like go-patch, maps and arrays of `doc`
 * are changed in place, so after a failure `doc` may be partly patched: clone it first
 * (cloneNode) if the original is still needed.
 */
export function applyOp(doc: YNode, op: Op): YNode {
  try {
    switch (op.type) {
      case 'replace':
        return applyReplace(doc, op);
      case 'remove':
        return applyRemove(doc, op);
      case 'test':
        return applyTest(doc, op);
    }
  } catch (error) {
    if (!(error instanceof PatchError)) throw error;
    if (op.error !== undefined) throw describedError(op.error, error, op.pos);
    throw op.pos ? new PatchError(error.message, op.pos) : error;
  }
}

export function applyOps(doc: YNode, ops: readonly Op[]): YNode {
  return ops.reduce(applyOp, doc);
}
