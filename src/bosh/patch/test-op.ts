/** go-patch `TestOp.Apply`: assert a value (type-strict) or an absence; never changes the doc. */
import { nodesEqual, scalar, type YNode } from '../../yaml/node.js';
import { MissingError, PatchError } from './errors.js';
import { findNode } from './find.js';
import type { TestOp } from './op.js';
import { pointerString } from './pointer.js';

export function applyTest(doc: YNode, op: TestOp): YNode {
  if (op.absent) {
    assertAbsent(doc, op);
    return doc;
  }
  // reflect.DeepEqual: int 1 is not float 1.0, and key order does not matter.
  if (!nodesEqual(findNode(doc, op.path), op.value ?? scalar('null', null))) {
    throw new PatchError('Found value does not match expected value');
  }
  return doc;
}

/**
 * Absent means the find failed on the op's last token itself with a missing key or index.
 * A missing parent is the parent's error, and an optional path finds null, so it "exists".
 */
function assertAbsent(doc: YNode, op: TestOp): void {
  const path = pointerString(op.path);
  try {
    findNode(doc, op.path);
  } catch (error) {
    if (error instanceof MissingError && error.path === path) return;
    throw error;
  }
  throw new PatchError(`Expected to not find '${path}'`);
}
