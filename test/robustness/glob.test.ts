import { describe, expect, it } from 'vitest';
/**
 * Globs a pull request can write (config `overrides[].files`, command-line manifest globs,
 * nginx `include` patterns) match as they did, plus classes, and in linear time (issue 15,
 * case 10: `*a*a*a*a*a*b` against a 120-character path took over 60 s).
 */
import { matchesGlob } from '../../src/util/glob.js';
import { InputError } from '../../src/util/errors.js';

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
