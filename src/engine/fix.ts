/**
 * `--fix`: every safe fix of a run as one BOSH ops-file, each op under a comment naming
 * its rule and reason. Ops that touch a path an earlier fix already touched are left out
 * (ESLint's source-code-fixer does the same with overlapping ranges).
 */
import { fromPlain } from '../yaml/node.js';
import { renderOpsFile, type CommentedOp } from '../bosh/patch/render.js';
import type { Finding } from '../rules/finding.js';
import { lint, type LintOptions } from './lint.js';
import type { LintReport, LintTarget } from './types.js';

export interface FixPlan {
  /** The ops-file text (`[]` when there is nothing to fix). */
  text: string;
  applied: Finding[];
  /** Fixes left out because an earlier fix touches the same value. */
  conflicting: Finding[];
}

function overlaps(a: string, b: string): boolean {
  const clean = (p: string) => p.replace(/\?/g, '');
  const [x, y] = [clean(a), clean(b)];
  return x === y || x.startsWith(`${y}/`) || y.startsWith(`${x}/`);
}

export function planFixes(findings: readonly Finding[]): FixPlan {
  const ops: CommentedOp[] = [];
  const taken: string[] = [];
  const applied: Finding[] = [];
  const conflicting: Finding[] = [];
  for (const finding of findings) {
    if (!finding.fix) continue;
    const paths = finding.fix.ops.map((op) => op.path);
    if (paths.some((p) => taken.some((t) => overlaps(p, t)))) {
      // The same fix from another listener of the same LB is not a conflict, just a repeat.
      if (!applied.some((f) => JSON.stringify(f.fix?.ops) === JSON.stringify(finding.fix?.ops))) conflicting.push(finding);
      continue;
    }
    taken.push(...paths);
    applied.push(finding);
    finding.fix.ops.forEach((op, i) => {
      ops.push({
        type: op.type,
        path: op.path,
        ...(op.value !== undefined ? { value: fromPlain(op.value) } : {}),
        ...(op.absent !== undefined ? { absent: op.absent } : {}),
        ...(i === 0 ? { comment: `${finding.ruleId} ${finding.ruleName}: ${finding.fix!.description}` } : {}),
      });
    });
  }
  return { text: renderOpsFile(ops), applied, conflicting };
}

/** Lints and plans the fixes: the library form of `cf-ws-lint --fix`. */
export function fix(target: LintTarget, options: LintOptions = {}): FixPlan & { report: LintReport } {
  const report = lint(target, options);
  return { ...planFixes(report.findings), report };
}
