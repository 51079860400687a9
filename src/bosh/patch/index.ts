/** The go-patch engine: pointers, ops, ops-files, and the ops-file writer. */
export { applyOp, applyOps } from './apply.js';
export { builtNode, changedDocument, changedNode, type Change, type PathStep } from './change.js';
export { MissingError, PatchError } from './errors.js';
export { findNode } from './find.js';
export type { Op, RemoveOp, ReplaceOp, TestOp } from './op.js';
export { opsFromDefinitions, type OpDefinition } from './op-definition.js';
export { opDefinitionsFromDocument, opsFromFile } from './ops-file.js';
export { parsePointer, pointerString } from './pointer.js';
export type { AfterLastIndexToken, IndexToken, KeyToken, MatchingIndexToken, Modifier, Pointer, Token } from './pointer.js';
export { renderOpsFile, type CommentedOp } from './render.js';
export { opsForChanges, type WriteOptions } from './write.js';
