import path from 'node:path';
import { compileSchema } from '../util/schema-validator.js';
import { nodePosition, pointerSegments } from './config/yaml-position.js';
import { InputError } from '../util/errors.js';
import { readTextFile } from '../util/read-file.js';
import { jsonSyntaxError, MAX_POLICY_YAML_BYTES, parsePolicyYaml } from './config/policy-yaml.js';
import type { Finding } from '../rules/finding.js';
import { engineFinding, staleBaselineEntry, type SeveritySettings } from './engine-rules.js';
import { writeOutputFile, type OutputOptions } from './write-output.js';

/**
 * Findings a project has accepted (ESLint's bulk suppressions, `eslint-suppressions.json`).
 * An entry is a fingerprint that survives line shifts: rule, file, and the finding's
 * go-patch path (its message when it has no path), with how many findings share it.
 */
export interface BaselineEntry {
  ruleId: string;
  /** Relative to the baseline file's directory, `/`-separated; absent for findings without a location. */
  file?: string;
  path?: string;
  message?: string;
  count: number;
}

export interface Baseline {
  file: string;
  entries: BaselineEntry[];
  /** Line of each entry in the file, for stale-entry reports. */
  lines: number[];
}

export const BASELINE_VERSION = 1;

const baselineSchema = {
  type: 'object',
  required: ['version', 'entries'],
  properties: {
    version: { const: BASELINE_VERSION },
    entries: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['ruleId', 'count'],
        properties: {
          ruleId: { type: 'string', minLength: 1 },
          file: { type: 'string' },
          path: { type: 'string' },
          message: { type: 'string' },
          count: { type: 'integer', minimum: 1 },
        },
      },
    },
  },
};

export interface BaselineScope {
  /** What relative finding paths are relative to. */
  cwd: string;
  /**
   * Files this run read (LintReport.files). Entries for other files are out of scope: they
   * neither go stale nor are dropped by an update, so a pre-commit run over a few files
   * leaves the rest of the baseline alone. Omit to treat every entry as in scope.
   */
  lintedFiles?: readonly string[];
}

export interface BaselineResult {
  findings: Finding[];
  baselined: Finding[];
  /** `stale-baseline-entry` findings, at the entry's line in the baseline file. */
  problems: Finding[];
}

/** Reads a baseline file; a missing or malformed one is an InputError (exit 2). */
export function readBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readTextFile(file, { expected: 'a JSON baseline' });
  } catch (error) {
    if (!(error instanceof InputError) || error.line !== undefined) throw error;
    throw new InputError(`cannot read baseline: ${error.message}`, { file });
  }
  // JSON.parse first: linear at any size, where eemeli/yaml's errors are not (policy-yaml.ts);
  // what it accepts, eemeli/yaml reads again for positions, without errors.
  try {
    JSON.parse(text);
  } catch (error) {
    if (text.length > MAX_POLICY_YAML_BYTES) throw jsonSyntaxError(text, file, 'invalid baseline', error as SyntaxError);
  }
  const { doc, lineCounter } = parsePolicyYaml(text, file, 'invalid baseline');
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    // Aliases resolve here: one before its anchor, or too many, is a ReferenceError.
    if (!(error instanceof ReferenceError)) throw error;
    throw new InputError(`invalid baseline: ${error.message}`, { file });
  }
  const validate = compileSchema(baselineSchema);
  if (!validate(data)) {
    const error = validate.errors![0]!;
    const where = nodePosition(doc, lineCounter, pointerSegments(error.instancePath), file);
    throw new InputError(`invalid baseline: ${error.instancePath || '/'} ${error.message ?? 'is invalid'}`, where);
  }
  const entries = (data as { entries: BaselineEntry[] }).entries;
  return { file, entries, lines: entries.map((_, index) => nodePosition(doc, lineCounter, ['entries', String(index)], file).line) };
}

/**
 * Moves findings the baseline accepts out of `findings`. Each entry accepts up to `count`
 * findings with its fingerprint; an in-scope entry that accepts fewer is reported stale.
 */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline, scope: BaselineScope, severities?: SeveritySettings): BaselineResult {
  const baseDir = path.dirname(path.resolve(scope.cwd, baseline.file));
  const remaining = baseline.entries.map((entry) => entry.count);
  const entriesByKey = new Map<string, number[]>();
  baseline.entries.forEach((entry, index) => {
    const key = entryKey(entry);
    const indexes = entriesByKey.get(key);
    if (indexes) indexes.push(index);
    else entriesByKey.set(key, [index]);
  });

  const kept: Finding[] = [];
  const baselined: Finding[] = [];
  for (const finding of findings) {
    const indexes = entriesByKey.get(entryKey(fingerprint(finding, baseDir, scope.cwd))) ?? [];
    const index = indexes.find((candidate) => remaining[candidate]! > 0);
    if (index === undefined) {
      kept.push(finding);
    } else {
      remaining[index]!--;
      baselined.push(finding);
    }
  }

  const inScope = scopeFilter(baseDir, scope);
  const problems: Finding[] = [];
  baseline.entries.forEach((entry, index) => {
    if (remaining[index] === 0 || !inScope(entry)) return;
    const what = [entry.file ?? '(no file)', entry.path ?? (entry.message !== undefined ? `"${entry.message}"` : '')].filter(Boolean).join(' ');
    const data = { rule: entry.ruleId, what, found: entry.count - remaining[index]!, count: entry.count };
    const problem = engineFinding(staleBaselineEntry, 'stale', data, { file: baseline.file, line: baseline.lines[index] ?? 1, col: 1 }, severities);
    if (problem) problems.push(problem);
  });
  return { findings: kept, baselined, problems };
}

/**
 * The entries recording `findings`, sorted, plus the out-of-scope entries of `previous`
 * (kept as they were). This is what `--update-baseline` writes.
 */
export function baselineEntries(findings: readonly Finding[], baselineFile: string, scope: BaselineScope, previous?: readonly BaselineEntry[]): BaselineEntry[] {
  const baseDir = path.dirname(path.resolve(scope.cwd, baselineFile));
  const counted = new Map<string, BaselineEntry>();
  for (const finding of findings) {
    const print = fingerprint(finding, baseDir, scope.cwd);
    const key = entryKey(print);
    const entry = counted.get(key);
    if (entry) entry.count++;
    else counted.set(key, { ...print, count: 1 });
  }
  const inScope = scopeFilter(baseDir, scope);
  const kept = (previous ?? []).filter((entry) => !inScope(entry));
  return [...counted.values(), ...kept].sort(
    (a, b) => compare(a.file ?? '', b.file ?? '') || compare(a.ruleId, b.ruleId) || compare(a.path ?? a.message ?? '', b.path ?? b.message ?? ''),
  );
}

/** One entry per line, so reviews and merges of the baseline stay readable. */
export function serializeBaseline(entries: readonly BaselineEntry[]): string {
  const lines = entries.map((entry, index) => {
    const ordered = { ruleId: entry.ruleId, file: entry.file, path: entry.path, message: entry.message, count: entry.count };
    return `    ${JSON.stringify(ordered)}${index < entries.length - 1 ? ',' : ''}`;
  });
  const list = lines.length > 0 ? `[\n${lines.join('\n')}\n  ]` : '[]';
  return `{\n  "version": ${BASELINE_VERSION},\n  "entries": ${list}\n}\n`;
}

/**
 * `--update-baseline`: records `findings` in `file` (atomically, under the output policy: it
 * may replace the baseline itself, nothing else that was read) and returns the entries written.
 */
export function updateBaseline(file: string, findings: readonly Finding[], scope: BaselineScope, previous?: Baseline, policy: OutputOptions = { force: false }): BaselineEntry[] {
  const entries = baselineEntries(findings, file, scope, previous?.entries);
  const target = path.resolve(scope.cwd, file);
  writeOutputFile(target, serializeBaseline(entries), { ...policy, updates: target, force: true });
  return entries;
}

type Fingerprint = Omit<BaselineEntry, 'count'>;

function fingerprint(finding: Finding, baseDir: string, cwd: string): Fingerprint {
  const print: Fingerprint = { ruleId: finding.ruleId };
  if (finding.location) print.file = portable(path.relative(baseDir, path.resolve(cwd, finding.location.file)));
  if (finding.path !== undefined) print.path = finding.path;
  else print.message = finding.message;
  return print;
}

function entryKey(print: Fingerprint): string {
  return JSON.stringify([print.ruleId, print.file ?? null, print.path ?? null, print.path === undefined ? (print.message ?? null) : null]);
}

function scopeFilter(baseDir: string, scope: BaselineScope): (entry: BaselineEntry) => boolean {
  if (!scope.lintedFiles) return () => true;
  const linted = new Set(scope.lintedFiles.map((file) => portable(path.relative(baseDir, path.resolve(scope.cwd, file)))));
  // Findings without a file belong to whichever deployment is linted.
  return (entry) => entry.file === undefined || linted.has(entry.file);
}

function portable(relative: string): string {
  return relative.split(path.sep).join('/');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
