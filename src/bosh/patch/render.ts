/** Ops -> ops-file text that BOSH reads back to the same ops, values typed as written. */
import { scalar, str, type MapNode, type YNode } from '../../yaml/node.js';
import { emitYaml } from '../../yaml/emit-yaml.js';
import { escapeText } from '../../util/escape.js';
import type { OpDefinition } from './op-definition.js';

export interface CommentedOp extends OpDefinition {
  /** Written as `# ` lines above the op; may hold several lines (split at LF only). */
  comment?: string;
}

export function renderOpsFile(ops: readonly CommentedOp[]): string {
  if (ops.length === 0) return '[]\n';
  return ops.map(renderOp).join('');
}

/**
 * Each field is emitted by yaml.v2's rules on its own (`emitYaml` of a one-key map), so
 * quoting, block scalars and nesting are BOSH's; fields keep go-patch's order.
 */
function renderOp(op: CommentedOp): string {
  const fields: [string, YNode | undefined][] = [
    ['type', str(op.type)],
    ['path', op.path === undefined ? undefined : str(op.path)],
    ['value', op.value],
    ['absent', op.absent === undefined ? undefined : scalar('bool', op.absent)],
    ['error', op.error === undefined ? undefined : str(op.error)],
  ];
  const body = fields
    .flatMap(([key, value]) => (value ? [emitYaml(oneKeyMap(key, value))] : []))
    .join('')
    .replace(/\n$/, '')
    .split('\n')
    .map((line, i) => (i === 0 ? `- ${line}` : line === '' ? line : `  ${line}`));
  // Escaped, a comment line holds no CR, NEL, LS or PS: a line break yaml.v2 (libyaml) sees and
  // cf-ws-lint's reader might not would end the comment and start an op of the input's choosing.
  const comment = op.comment === undefined ? [] : op.comment.split('\n').map((line) => `# ${escapeText(line)}`.trimEnd());
  return [...comment, ...body].map((line) => `${line}\n`).join('');
}

function oneKeyMap(key: string, value: YNode): MapNode {
  return { kind: 'map', entries: [{ key: str(key), value }] };
}
