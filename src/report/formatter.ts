import path from 'node:path';
import type { LintReport } from '../engine/types.js';
import type { Finding, Location } from '../rules/finding.js';
import type { Rule } from '../rules/rule.js';

/** What every formatter gets besides the report; `color` is decided by the CLI (TTY, NO_COLOR, --no-color). */
export interface FormatterContext {
  cwd: string;
  rules: readonly Rule[];
  version: string;
  color: boolean;
}

/**
 * A formatter is pure: report in, text out (ESLint's and Spectral's contract). Non-empty
 * output ends with a newline, so the CLI writes it as is.
 */
export type Formatter = (report: LintReport, ctx: FormatterContext) => string;

/** A file as the user should see it: relative to cwd when inside it, with `/` separators. */
export function displayPath(file: string, cwd: string): string {
  const absolute = path.resolve(cwd, file);
  const relative = path.relative(cwd, absolute);
  const shown = relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative;
  return shown.split(path.sep).join('/');
}

/** The heading of findings without a text location (something missing from the whole deployment). */
export const NO_LOCATION = '(deployment)';

/** Findings grouped under their file as shown (NO_LOCATION for those without one), in stable order. */
export function findingsByFile(findings: readonly Finding[], cwd: string): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of sortFindings(findings)) {
    const heading = finding.location ? displayPath(finding.location.file, cwd) : NO_LOCATION;
    const group = groups.get(heading);
    if (group) group.push(finding);
    else groups.set(heading, [finding]);
  }
  return groups;
}

/** Findings of one deployment (`name` undefined: findings of no deployment, like stale baseline entries). */
export interface DeploymentGroup {
  name: string | undefined;
  findings: Finding[];
}

/**
 * Findings by deployment, in the order the deployments were linted; every linted deployment
 * has a group, clean ones too, then findings of no deployment.
 */
export function findingsByDeployment(report: LintReport): DeploymentGroup[] {
  const groups = new Map<string | undefined, Finding[]>((report.deployments ?? []).map((deployment) => [deployment.name, []]));
  for (const finding of report.findings) {
    const group = groups.get(finding.deployment);
    if (group) group.push(finding);
    else groups.set(finding.deployment, [finding]);
  }
  const ordered = [...groups].filter(([name]) => name !== undefined);
  const none = groups.get(undefined);
  if (none) ordered.push([undefined, none]);
  return ordered.map(([name, findings]) => ({ name, findings }));
}

/** Whether a report needs to say which deployment a finding is of: it has more than one. */
export function hasSeveralDeployments(report: LintReport): boolean {
  return new Set([...(report.deployments ?? []).map((d) => d.name), ...report.findings.map((f) => f.deployment)].filter((name) => name !== undefined)).size > 1;
}

/** `file:line:col`, for one-line references to related locations. */
export function formatLocation(location: Location, cwd: string): string {
  return `${displayPath(location.file, cwd)}:${location.line}:${location.col}`;
}

/** Stable order for every format: by file, line, column, then rule; findings without a location last. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(compareFindings);
}

function compareFindings(a: Finding, b: Finding): number {
  const la = a.location;
  const lb = b.location;
  if (!la || !lb) return la ? -1 : lb ? 1 : a.ruleId.localeCompare(b.ruleId);
  if (la.file !== lb.file) return la.file < lb.file ? -1 : 1;
  return la.line - lb.line || la.col - lb.col || a.ruleId.localeCompare(b.ruleId);
}

export interface SeverityCounts {
  errors: number;
  warnings: number;
  notes: number;
  fixableErrors: number;
  fixableWarnings: number;
}

export function countSeverities(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = { errors: 0, warnings: 0, notes: 0, fixableErrors: 0, fixableWarnings: 0 };
  for (const finding of findings) {
    if (finding.severity === 'error') {
      counts.errors++;
      if (finding.fix) counts.fixableErrors++;
    } else if (finding.severity === 'warn') {
      counts.warnings++;
      if (finding.fix) counts.fixableWarnings++;
    } else {
      counts.notes++;
    }
  }
  return counts;
}

/** `1 error`, `2 warnings`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** JSON.stringify replacer: fix values may hold int64 bigints (see yaml/node.ts), which JSON has no type for. */
export function jsonValue(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}
