/**
 * Turns the changes rules want into the go-patch ops an ops-file holds, addressed the way
 * cf-deployment's own ops-files are (`/instance_groups/name=api/jobs/name=.../doppler?/port`).
 */
import type { YNode } from '../yaml/node.js';
import { scalar, toPlain } from '../yaml/node.js';
import type { PathSeg } from '../model/fact.js';
import { opsForChanges } from '../bosh/patch/write.js';
import type { FixOp } from '../rules/finding.js';
import type { Change } from '../rules/rule.js';

export function fixOpsFor(base: YNode, changes: readonly Change[]): FixOp[] {
  return opsForChanges(base, changes).map((op) => ({
    type: op.type as FixOp['type'],
    path: op.path ?? '',
    ...(op.value !== undefined ? { value: toPlain(op.value as YNode) } : {}),
    ...(op.absent !== undefined ? { absent: op.absent } : {}),
  }));
}

/**
 * The go-patch path of a value, as a fix setting it would address it (`?` where it is
 * missing), so findings and fixes name values the same way.
 */
export function goPatchPath(base: YNode, path: readonly PathSeg[]): string {
  const ops = opsForChanges(base, [{ kind: 'set', path, value: scalar('str', 'cf-ws-lint') }]);
  return ops.at(-1)?.path ?? `/${path.join('/')}`;
}
