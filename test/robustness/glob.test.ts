/**
 * Globs a pull request can write (config `overrides[].files`, command-line manifest globs,
 * nginx `include` patterns) match as they did, plus classes, and in linear time (issue 15,
 * case 10: `*a*a*a*a*a*b` against a 120-character path took over 60 s; the CLI glob
 * `g/**​/**​/…` on a deep tree 56 s).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { matchesGlob } from '../../src/util/glob.js';
import { InputError } from '../../src/util/errors.js';
import { ROOT } from '../helpers/cli.js';
import { cleanOutcome, runMain } from './support.js';

describe('matchesGlob', () => {
  it.each([
    ['cf.yml', '*.yml', true],
    ['envs/cf.yml', '*.yml', false],
    ['envs/cf.yml', '**/*.yml', true],
    ['cf.yml', '**/*.yml', true],
    ['envs/dev/cf.yml', 'envs/**', true],
    ['envs/dev/cf.yml', 'envs/*/cf.yml', true],
    ['envs/dev/x/cf.yml', 'envs/*/cf.yml', false],
    ['envs/dev/x/cf.yml', 'envs/**/cf.yml', true],
    ['envs/cf.yml', 'envs/**/cf.yml', true],
    ['cf1.yml', 'cf?.yml', true],
    ['cf10.yml', 'cf?.yml', false],
    ['lb/main.tf', 'lb/*.{tf,json}', true],
    ['lb/main.json', 'lb/*.{tf,json}', true],
    ['lb/main.yml', 'lb/*.{tf,json}', false],
    ['a/b.yml', 'a/{b,c/{d,e}}.yml', true],
    ['a/c/e.yml', 'a/{b,c/{d,e}}.yml', true],
    ['cfXyml', 'cf.yml', false],
    ['(x)+.yml', '(x)+.yml', true],
    ['cf.yml', './cf.yml', true],
    ['../other/cf.yml', '**/cf.yml', true],
    ['a.conf', '[ab].conf', true],
    ['c.conf', '[ab].conf', false],
    ['c.conf', '[!ab].conf', true],
    ['x7.conf', 'x[0-9].conf', true],
    ['x/.conf', 'x[!a].conf', false],
    ['[.conf', '[.conf', true],
    ['a{b', 'a{b', true],
    ['envs/dev/cf.yml', 'envs/**/**/**/cf.yml', true],
    ['envs/cf.yml', 'envs/**/**/cf.yml', true],
    ['envsx/cf.yml', 'envs/**/cf.yml', false],
    ['envs/d/cf.yml', 'envs**/cf.yml', false],
  ])('%s against %s: %s', (file, glob, expected) => {
    expect(matchesGlob(file, glob)).toBe(expected);
  });
});

describe('matchesGlob takes linear time', () => {
  it.each([
    ['*a*a*a*a*a*b', 'a'.repeat(120)],
    ['*a*a*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000)],
    ['g/**/**/**/**/**/**/**/**/**/**/x', `g/${'d/'.repeat(2000)}y`],
    ['**/a/**/a/**/a/**/a/**/a/**/b', `${'a/'.repeat(2000)}c`],
  ])('%s against a long path', (glob, file) => {
    const started = performance.now();
    expect(matchesGlob(file, glob)).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('refuses brace bombs instead of expanding them', () => {
    expect(() => matchesGlob('a', '{a,b}'.repeat(12))).toThrow(InputError);
    expect(() => matchesGlob('a', `${'{'.repeat(10_000)}a${'}'.repeat(10_000)}`)).toThrow(InputError);
  });
});

describe('the CLI searches a deep tree in time linear in its size', () => {
  // Its own directory, removed by rm(1): Node's rmSync cannot reach below PATH_MAX.
  const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-deep-tree-'));
  afterAll(() => execFileSync('rm', ['-rf', dir]));
  const EXAMPLE = path.join(ROOT, 'examples/aws');
  const lbArgs = ['-l', path.join(EXAMPLE, 'vars.yml'), '--lb', path.join(EXAMPLE, 'lb.yml')];

  /** `levels` nested directories `d` under `dir/name`, made `per` at a time: each mkdir's path stays under PATH_MAX, and `cd -P` goes on below it where sh's logical `cd` gives up. */
  function deepTree(name: string, levels: number, per = 500): string {
    const script: string[] = [`cd -P '${dir}'`, `mkdir ${name}`, `cd -P ${name}`];
    for (let made = 0; made < levels; made += per) {
      const chunk = Array(Math.min(per, levels - made)).fill('d').join('/');
      script.push(`mkdir -p ${chunk}`, `cd -P ${chunk}`);
    }
    script.push(`cp '${path.join(EXAMPLE, 'manifest.yml')}' cf.yml`);
    execFileSync('sh', ['-c', script.join(' && ')]);
    return path.join(dir, name);
  }

  it('a glob of ten ** over a tree 1,000 directories deep finds the manifest at the bottom', async () => {
    const tree = deepTree('thousand', 1000);
    const result = await runMain([`${tree}/**/**/**/**/**/**/**/**/**/**/*.yml`, ...lbArgs, '--format', 'json']);
    expect(cleanOutcome(result), result.stderr).toBeUndefined();
    expect(result.code, result.stderr).toBe(1);
    expect(JSON.parse(result.stdout).findings.map((f: { rule: string }) => f.rule)).toContain('CFWS002');
    // A real path per directory stat'ed every component above it: 500,000 stats, 12.5 s idle.
    expect(result.ms).toBeLessThan(5000);
  });

  it('a tree deeper than PATH_MAX: one line naming the directory that cannot be searched, exit 2', async () => {
    const tree = deepTree('beyond', 2100);
    for (const arg of [tree, `${tree}/**/*.yml`]) {
      const result = await runMain([arg, ...lbArgs]);
      expect(cleanOutcome(result), result.stderr).toBeUndefined();
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(/^cf-ws-lint: .*beyond(\/d)+: cannot search the directory: the path is too long for the system \(PATH_MAX\)\n$/);
    }
  });
});
