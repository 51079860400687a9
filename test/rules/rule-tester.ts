/**
 * A RuleTester in the manner of ESLint's: table-driven `valid` and `invalid` cases, only the
 * rule under test enabled (as Spectral's tester does), exact findings by line, the exact
 * ops-file each invalid case emits, and the fix convergence check markdownlint's scenario
 * tests make (apply the fix, lint again, the fixable findings are gone; apply it twice, the
 * same document). Files are handed to `lint()` through `readText`, under fixed fake paths;
 * the LB file is also written to a temporary file, because `readLoadBalancers` reads LB files
 * from disk (lint() does not pass `readText` on to it), and reported back as `lb.yml`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planFixes } from '../../src/engine/fix.js';
import { lint } from '../../src/engine/lint.js';
import type { LintTarget } from '../../src/engine/types.js';
import { loadManifest } from '../../src/bosh/manifest.js';
import { nodesEqual } from '../../src/yaml/node.js';
import type { Finding, Severity } from '../../src/rules/finding.js';
import type { Rule } from '../../src/rules/rule.js';

/** The fake paths of a case's files; expectations name them by these. */
export const FILES = { manifest: 'manifest.yml', lb: 'lb.yml', ops: 'ops.yml', vars: 'vars.yml', fix: 'fix.yml', cloudConfig: 'cloud-config.yml' } as const;

export interface RuleTestCase {
  /** Unique within the rule's cases: the test's title. */
  name: string;
  manifest: string;
  /** A load-balancer file (neutral YAML, or any format `--lb` reads). */
  lb?: string;
  /** An ops-file applied before linting (`-o`). */
  ops?: string;
  /** A vars file (`-l`). */
  varsFile?: string;
  /** `-v name=value` flags. */
  vars?: string[];
  /** A cloud config (`--cloud-config`), linking LBs to instance groups. */
  cloudConfig?: string;
  /** The rule's options, as config would give them. */
  options?: Record<string, unknown>;
  /** `--app-domain` flags. */
  appDomains?: string[];
}

export interface ExpectedFinding {
  messageId: string;
  /** 1-based line of the finding's location; 0 when it has none. */
  line: number;
  column?: number;
  severity?: Severity;
  /** The file the location is in; the manifest unless stated. */
  file?: string;
  /** The go-patch path the finding names, when the case checks it. */
  path?: string;
  /** The related locations, as `file:line`, when the case checks them. */
  related?: string[];
}

export interface InvalidCase extends RuleTestCase {
  errors: ExpectedFinding[];
  /** The exact ops-file `--fix` writes for this rule's findings, or null when there is none. */
  opsFile: string | null;
}

export interface RuleTests {
  valid: RuleTestCase[];
  invalid: InvalidCase[];
}

let scratch: string | undefined;

/** Where a case's LB text is on disk (one file per distinct text). */
function lbPath(text: string): string {
  scratch ??= mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-rules-'));
  const dir = path.join(scratch, createHash('sha1').update(text).digest('hex').slice(0, 12));
  const file = path.join(dir, FILES.lb);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** Removes the LB files written so far. */
export function removeScratch(): void {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
}

/** A file as expectations name it: the LB file is `lb.yml` wherever it was written. */
function shownFile(file: string | undefined): string {
  return file !== undefined && scratch !== undefined && file.startsWith(scratch) ? FILES.lb : (file ?? FILES.manifest);
}

export function targetOf(c: RuleTestCase, extraOps: string[] = []): LintTarget {
  return {
    manifest: FILES.manifest,
    ...(c.lb !== undefined ? { lbFiles: [lbPath(c.lb)] } : {}),
    opsFiles: [...(c.ops !== undefined ? [FILES.ops] : []), ...extraOps],
    ...(c.varsFile !== undefined ? { varsFiles: [FILES.vars] } : {}),
    ...(c.vars ? { vars: c.vars } : {}),
    ...(c.cloudConfig !== undefined ? { cloudConfigs: [FILES.cloudConfig] } : {}),
    ...(c.appDomains ? { appDomains: c.appDomains } : {}),
  };
}

export function readTextOf(c: RuleTestCase, fix?: string): (path: string) => string {
  const texts = new Map<string, string | undefined>([
    [FILES.manifest, c.manifest],
    [FILES.lb, c.lb],
    ...(c.lb !== undefined ? ([[lbPath(c.lb), c.lb]] as const) : []),
    [FILES.ops, c.ops],
    [FILES.vars, c.varsFile],
    [FILES.fix, fix],
    [FILES.cloudConfig, c.cloudConfig],
  ]);
  return (path) => {
    const text = texts.get(path);
    if (text === undefined) throw new Error(`rule tester: the case has no file ${path}`);
    return text;
  };
}

/** Lints a case with only `rule` enabled (plus any extra ops-files, e.g. its own fix). */
export function lintCase(rule: Rule<string, any>, c: RuleTestCase, fix?: { text: string; times: number }): Finding[] {
  const extra = fix ? Array.from({ length: fix.times }, () => FILES.fix) : [];
  const settings = c.options ? new Map([[rule.id, { severity: rule.severity, options: { ...(rule.defaultOptions as object), ...c.options } }]]) : undefined;
  const findings = lint(targetOf(c, extra), { rules: [rule], readText: readTextOf(c, fix?.text), ...(settings ? { settings } : {}) }).findings;
  const shown = <T extends { file: string }>(at: T): T => ({ ...at, file: shownFile(at.file) });
  return findings.map((f) => ({ ...f, ...(f.location ? { location: shown(f.location) } : {}), related: f.related.map((r) => ({ ...r, location: shown(r.location) })) }));
}

function lineOf(f: Finding): number {
  return f.location?.line ?? 0;
}

/** A finding as a case states it: only the keys the expectation gives are compared. */
function project(f: Finding, expected: ExpectedFinding): ExpectedFinding {
  return {
    messageId: f.messageId,
    line: lineOf(f),
    file: f.location?.file ?? FILES.manifest,
    ...(expected.column !== undefined ? { column: f.location?.col } : {}),
    ...(expected.severity !== undefined ? { severity: f.severity } : {}),
    ...(expected.path !== undefined ? { path: f.path } : {}),
    ...(expected.related !== undefined ? { related: f.related.map((r) => `${r.location.file}:${r.location.line}`) } : {}),
  } as ExpectedFinding;
}

interface Ordered {
  file?: string;
  line: number;
  column?: number;
  messageId: string;
}

/** A stable order for comparing lists: file, line, column, message id. */
function byPlace(a: Ordered, b: Ordered): number {
  return (a.file ?? FILES.manifest).localeCompare(b.file ?? FILES.manifest) || a.line - b.line || (a.column ?? 0) - (b.column ?? 0) || a.messageId.localeCompare(b.messageId);
}

function summary(f: Finding): string {
  return `${f.messageId} ${f.location ? `${f.location.file}:${f.location.line}:${f.location.col}` : '-'} ${f.severity} ${f.message}`;
}

/** Names the tester refuses: a duplicate, or a table left empty. */
export function caseProblems(tests: RuleTests): string[] {
  const problems: string[] = [];
  if (tests.valid.length === 0) problems.push('there must be at least one valid case');
  if (tests.invalid.length === 0) problems.push('there must be at least one invalid case');
  const seen = new Set<string>();
  for (const c of [...tests.valid, ...tests.invalid]) {
    if (seen.has(c.name)) problems.push(`duplicate case name "${c.name}"`);
    seen.add(c.name);
  }
  for (const c of tests.invalid) if (c.errors.length === 0) problems.push(`invalid case "${c.name}" expects no findings: make it a valid case`);
  return problems;
}

/** Registers the rule's tests with vitest. */
export function ruleTester(rule: Rule<string, any>, tests: RuleTests): void {
  describe(`${rule.id} ${rule.name}`, () => {
    afterAll(removeScratch);
    it('has at least one valid and one invalid case, each uniquely named', () => {
      expect(caseProblems(tests)).toEqual([]);
    });

    describe('valid', () => {
      it.each(tests.valid.map((c) => [c.name, c] as const))('%s', (_, c) => {
        const findings = lintCase(rule, c);
        expect(findings.map(summary), 'a valid case reports nothing, not even a note').toEqual([]);
      });
    });

    describe('invalid', () => {
      it.each(tests.invalid.map((c) => [c.name, c] as const))('%s', (_, c) => {
        const findings = lintCase(rule, c);
        for (const e of c.errors) expect(Object.keys(rule.messages), `messageId "${e.messageId}" of the case`).toContain(e.messageId);
        for (const f of findings) expect(f.ruleId).toBe(rule.id);
        const expected = c.errors.map((e) => ({ ...e, file: e.file ?? FILES.manifest })).sort(byPlace);
        const actual = findings
          .map((f) => ({ f, file: f.location?.file ?? FILES.manifest, line: lineOf(f), column: f.location?.col ?? 0, messageId: f.messageId }))
          .sort(byPlace)
          .map((a, i) => project(a.f, expected[i] ?? { messageId: a.messageId, line: a.line }));
        expect(actual, `findings:\n${findings.map(summary).join('\n')}`).toEqual(expected);

        const plan = planFixes(findings);
        expect(plan.applied.length > 0 ? plan.text : null, 'the ops-file --fix writes').toBe(c.opsFile);
        if (plan.applied.length === 0) return;

        // Convergence: with the fix applied, none of the rule's fixable findings is left.
        const once = lintCase(rule, c, { text: plan.text, times: 1 });
        expect(once.filter((f) => f.fix).map(summary), 'fixable findings left after applying the fix').toEqual([]);
        for (const fixed of plan.applied) {
          expect(once.map(summary), 'a fixed finding is gone').not.toContain(summary(fixed));
        }
        // Idempotence: the fix given twice yields the same document and the same findings.
        const twice = lintCase(rule, c, { text: plan.text, times: 2 });
        expect(twice.map(summary)).toEqual(once.map(summary));
        const read = readTextOf(c, plan.text);
        const docOnce = loadManifest(targetOf(c, [FILES.fix]), read);
        const docTwice = loadManifest(targetOf(c, [FILES.fix, FILES.fix]), read);
        expect(nodesEqual(docOnce.patched, docTwice.patched), 'applying the fix twice changes the document again').toBe(true);
        expect(nodesEqual(docOnce.interpolated, docTwice.interpolated)).toBe(true);
      });
    });
  });
}

/**
 * Fixture text written indented in a test: drops the first newline and the common
 * indentation, so line 1 is the first line after the backtick.
 */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = String.raw({ raw: strings }, ...values).replace(/^\n/, '').replace(/\n[ \t]*$/, '\n');
  const lines = raw.split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}
