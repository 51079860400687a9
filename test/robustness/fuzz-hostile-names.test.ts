/**
 * Issue 15's fuzzing: hostile names in every field that reaches output (file names, LB names,
 * manifest values, ops-file comments), and prototype-named keys in the config and the baseline.
 * Every run ends cleanly; no output holds a raw control, format or line-separator character,
 * and none starts a line a CI log reads as a workflow command.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { cleanOutcome, runMain, runs, tempDir, timeoutFor } from './support.js';

const EXAMPLE = path.join(ROOT, 'examples/aws');
/** What must never reach a terminal raw: C0 but LF, DEL, C1, bidi and other format characters, LS, PS. */
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

const DANGER = ['\r', '\n', '\r\n', '\u0085', '\u2028', '\u2029', '\u001b[31m', '\u001b]0;x\u0007', '\u202e', '\u2066', '\u200f', '\u0000', '\t', '\u007f', '::error file=README.md,line=1::forged', '::add-mask::x', '%0A', '- type: remove\n  path: /instance_groups'];
const hostileName = fc
  .array(fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...DANGER) }, { weight: 2, arbitrary: fc.string({ maxLength: 6 }) }, { weight: 1, arbitrary: fc.string({ maxLength: 4, unit: 'binary' }) }), { minLength: 1, maxLength: 5 })
  .map((parts) => `lb${parts.join('')}`);

function expectNoRawOutput(text: string): void {
  expect(text).not.toMatch(RAW);
  expect(text).not.toMatch(/^::/m);
}

/** Workflow commands of its own and nothing else: one annotation per line, no raw character. */
function expectOnlyOwnAnnotations(text: string): void {
  expect(text).not.toMatch(RAW);
  for (const line of text.split('\n').filter(Boolean)) expect(line).toMatch(/^::(error|warning|notice) file=[^:]*,title=CFWS\d{3}::/);
}

describe('fuzz: hostile names reach output only escaped', () => {
  const count = runs(60);
  it(`LB names, manifest values and file names (${count} runs)`, async () => {
    const dir = tempDir('hostile-names');
    let n = 0;
    await fc.assert(
      fc.asyncProperty(hostileName, hostileName, fc.constantFrom('stylish', 'print-listeners', 'fix', 'github'), async (lbName, dirName, mode) => {
        // NUL and "/" cannot be in a file name; the rest can.
        const sub = path.join(dir, `${n++}`, dirName.replace(/[\u0000/]/g, '_'));
        mkdirSync(sub, { recursive: true });
        copyFileSync(path.join(EXAMPLE, 'manifest.yml'), path.join(sub, 'manifest.yml'));
        copyFileSync(path.join(EXAMPLE, 'vars.yml'), path.join(sub, 'vars.yml'));
        const lb = readFileSync(path.join(EXAMPLE, 'lb.yml'), 'utf8').replace('name: cf-router', `name: ${JSON.stringify(lbName)}`);
        writeFileSync(path.join(sub, 'lb.yml'), lb);
        const args = ['--no-config', '--no-color', path.join(sub, 'manifest.yml'), '--lb', path.join(sub, 'lb.yml'), '-l', path.join(sub, 'vars.yml'), '-v', `system_domain=${lbName}.example.com`];
        const argv = mode === 'print-listeners' ? ['--print-listeners', '--lb', path.join(sub, 'lb.yml')] : mode === 'fix' ? [...args, '--fix', '--fix-out', path.join(sub, 'fixes.yml')] : mode === 'github' ? [...args, '-f', 'github'] : args;
        const result = await runMain(argv);
        expect(cleanOutcome(result)).toBeUndefined();
        if (mode === 'github') expectOnlyOwnAnnotations(result.stdout);
        else expectNoRawOutput(result.stdout);
        expectNoRawOutput(result.stderr);
        if (mode === 'fix' && result.code === 1) {
          const ops = readFileSync(path.join(sub, 'fixes.yml'), 'utf8');
          // Comments hold no line break but LF, and every line is a comment or part of an op.
          expect(ops).not.toMatch(/[\r\u0085\u2028\u2029]/);
          expect(ops.split('\n').every((line) => line === '' || line.startsWith('#') || line.startsWith('- ') || line.startsWith('  '))).toBe(true);
        }
      }),
      { numRuns: count },
    );
  }, timeoutFor(count, 100));
});

const PROTO = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

describe('fuzz: prototype-named keys in the config and the baseline', () => {
  const count = runs(60);
  it(`leave Object.prototype alone and end cleanly (${count} runs)`, async () => {
    const dir = tempDir('proto-keys');
    for (const name of ['manifest.yml', 'lb.yml', 'vars.yml']) copyFileSync(path.join(EXAMPLE, name), path.join(dir, name));
    const key = fc.constantFrom(...PROTO);
    const configArb = fc.oneof(
      key.map((k) => `rules:\n  ${k}: off\n`),
      key.map((k) => `${k}:\n  polluted: yes\n`),
      fc.tuple(key, key).map(([a, b]) => `overrides:\n  - files: ["${a}"]\n    rules:\n      ${b}: warn\n`),
      key.map((k) => `deployments:\n  ${k}:\n    manifest: manifest.yml\n`),
      key.map((k) => `rules:\n  CFWS002: [error, {${k}: {polluted: true}}]\n`),
    );
    const baselineArb = fc.oneof(
      key.map((k) => `{"version": 1, "entries": [], "${k}": {"polluted": true}}`),
      key.map((k) => `{"version": 1, "entries": [{"ruleId": "CFWS002", "${k}": {"polluted": true}, "count": 1}]}`),
      key.map((k) => `{"version": 1, "entries": [{"ruleId": "${k}", "file": "${k}", "path": "/${k}", "count": 1}]}`),
    );
    await fc.assert(
      fc.asyncProperty(configArb, baselineArb, async (config, baseline) => {
        writeFileSync(path.join(dir, 'config.yml'), config);
        writeFileSync(path.join(dir, 'baseline.json'), baseline);
        const files = [path.join(dir, 'manifest.yml'), '--lb', path.join(dir, 'lb.yml'), '-l', path.join(dir, 'vars.yml')];
        for (const argv of [['--config', path.join(dir, 'config.yml'), ...files], ['--no-config', '--baseline', path.join(dir, 'baseline.json'), ...files]]) {
          const result = await runMain(argv);
          expect(cleanOutcome(result)).toBeUndefined();
          expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        }
      }),
      { numRuns: count },
    );
  }, timeoutFor(count, 200));
});
