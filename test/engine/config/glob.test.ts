import { describe, expect, it } from 'vitest';
import { matchesGlob } from '../../../src/engine/config/glob.js';

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
  ])('%s against %s: %s', (file, glob, expected) => {
    expect(matchesGlob(file, glob)).toBe(expected);
  });
});
