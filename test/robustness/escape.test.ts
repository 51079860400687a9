/**
 * Issue 15, cases 4 and 6: names and values a contributor writes reach the log, the terminal
 * and the written ops-file only through `escapeText`, so none can start a line (a GitHub
 * `::error` workflow command, an ops-file op), colour the terminal or reorder what it shows.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderOpsFile } from '../../src/bosh/patch/render.js';
import { escapeText, excerpt } from '../../src/util/escape.js';
import { InputError } from '../../src/util/errors.js';
import { ROOT } from '../helpers/cli.js';
import { runMain, tempDir } from './support.js';

/** Every line break YAML 1.1 (libyaml, so BOSH's yaml.v2) or a terminal honours. */
const LINE_BREAK = /[\r\n\u0085\u2028\u2029]/;
/** ESC and the bidi controls of CVE-2021-42574. */
const HIDDEN = /[\u001b\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;

/** A name that, printed raw, forges an ops-file op, a workflow command, a colour and a reordering. */
const HOSTILE = 'cf\r- type: remove\r  path: /instance_groups\u2028\u0085\n::error file=README.md,line=1::forged\u001b[31m\u202eevil';

describe('escapeText', () => {
  it.each([
    ['a\nb', 'a\\nb'],
    ['a\rb', 'a\\rb'],
    ['a\tb', 'a\\tb'],
    ['\u001b[31m', '\\e[31m'],
    ['\u0000\u0007\u007f', '\\x00\\x07\\x7f'],
    ['nel\u0085', 'nel\\x85'],
    ['\u2028\u2029', '\\u2028\\u2029'],
    ['rtl\u202eoverride\u2066isolate\u200f', 'rtl\\u202eoverride\\u2066isolate\\u200f'],
    ['zero\u200bwidth\ufeff\u00ad', 'zero\\u200bwidth\\ufeff\\xad'],
    ['tag\u{e0041}', 'tag\\u{e0041}'],
    ['lone\ud800', 'lone\\ud800'],
    ['C:\\path é 日本 🎉', 'C:\\path é 日本 🎉'],
  ])('%j -> %j', (raw, shown) => {
    expect(escapeText(raw)).toBe(shown);
  });

  it('leaves no line break, ESC or bidi control in any string', () => {
    let all = '';
    for (let c = 0; c < 0x3000; c++) all += String.fromCharCode(c);
    const shown = escapeText(all + '\u{e0001}\ufeff\ufff9');
    expect(shown).not.toMatch(LINE_BREAK);
    expect(shown).not.toMatch(HIDDEN);
  });

  it('an excerpt is short and escaped', () => {
    expect(excerpt('SECRET=1\nTOKEN=2\n'.repeat(100), 10)).toBe('SECRET=1\\nT…');
  });
});

describe('InputError.render', () => {
  it('escapes the file name and the message, and stays one line', () => {
    const rendered = new InputError(`bad value ${HOSTILE}`, { file: `x${HOSTILE}.yml`, line: 1, col: 2 }).render();
    expect(rendered).not.toMatch(LINE_BREAK);
    expect(rendered).not.toMatch(HIDDEN);
  });
});

describe('case 4: a CR in an LB name cannot add an op to the written ops-file', () => {
  it('the comment above an op holds no line break YAML recognises', () => {
    const text = renderOpsFile([{ type: 'replace', path: '/a?', value: { kind: 'scalar', type: 'int', value: 1, raw: '1' } as never, comment: `CFWS002: advertise 4443 where ${HOSTILE} forwards WebSockets` }]);
    // libyaml's line breaks: each line is a comment or part of the one op.
    const lines = text.split(/\r\n|[\r\n\u0085\u2028\u2029]/).filter(Boolean);
    expect(lines.filter((line) => line.startsWith('- '))).toHaveLength(1);
    expect(lines.every((line) => line.startsWith('#') || line.startsWith('- ') || line.startsWith('  '))).toBe(true);
    expect(text).not.toMatch(/[\r\u0085\u2028\u2029]/);
  });

  it('through the CLI: --fix writes one op under a one-line comment', async () => {
    const dir = tempDir('escape-fix');
    for (const name of ['manifest.yml', 'vars.yml']) copyFileSync(path.join(ROOT, 'examples/aws', name), path.join(dir, name));
    const lb = readFileSync(path.join(ROOT, 'examples/aws/lb.yml'), 'utf8').replace('name: cf-router', `name: ${JSON.stringify(HOSTILE)}`);
    writeFileSync(path.join(dir, 'lb.yml'), lb);
    const out = path.join(dir, 'fixes.yml');
    const result = await runMain(['--no-config', path.join(dir, 'manifest.yml'), '--lb', path.join(dir, 'lb.yml'), '-l', path.join(dir, 'vars.yml'), '--fix', '--fix-out', out]);
    expect(result.code, result.stderr).toBe(1);
    const text = readFileSync(out, 'utf8');
    expect(text).not.toMatch(/[\r\u0085\u2028\u2029\u001b\u202e]/);
    expect(text.split('\n').filter((line) => line.startsWith('- '))).toHaveLength(1);
    expect(text).not.toMatch(/^- type: remove/m);
    // Stylish output on stdout: the name is there, escaped, and forges no line.
    expect(result.stdout).toContain('cf\\r- type: remove\\r');
    expect(result.stdout).not.toMatch(/^::error/m);
    expect(result.stdout).not.toMatch(/[\r\u0085\u2028\u2029\u001b\u202e]/);
  });
});

describe('case 6: stylish and --print-listeners print names escaped', () => {
  const dir = tempDir('escape-names');
  // A file name with a line break and a workflow command, as a pull request can add.
  const sub = path.join(dir, `x\n::error file=README.md,line=1::forged\u001b[31m`);

  it('a hostile file name in the stylish heading', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(sub, { recursive: true });
    for (const name of ['manifest.yml', 'vars.yml', 'lb.yml']) copyFileSync(path.join(ROOT, 'examples/aws', name), path.join(sub, name));
    const result = await runMain(['--no-config', '--no-color', path.join(sub, 'manifest.yml'), '--lb', path.join(sub, 'lb.yml'), '-l', path.join(sub, 'vars.yml')]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain('x\\n::error');
    expect(result.stdout).not.toMatch(/^::error/m);
    expect(result.stdout).not.toContain('\u001b');
  });

  it('a hostile LB name in the listener table', async () => {
    const lb = path.join(dir, 'lb.yml');
    writeFileSync(lb, readFileSync(path.join(ROOT, 'examples/aws/lb.yml'), 'utf8').replace('name: cf-router', `name: ${JSON.stringify(HOSTILE)}`));
    const result = await runMain(['--print-listeners', '--lb', lb]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).not.toMatch(/^::error/m);
    expect(result.stdout).not.toMatch(/[\r\u0085\u2028\u2029\u001b\u202e]/);
    expect(result.stdout).toContain('cf\\r- type: remove');
  });

  it('a hostile file name in an error message', async () => {
    const result = await runMain(['--no-config', path.join(sub, 'missing.yml')]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toContain('\u001b');
  });
});
