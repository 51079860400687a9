import { describe, expect, it } from 'vitest';
import { colorEnabled } from '../../src/util/ansi.js';

describe('colorEnabled', () => {
  const tty = { isTTY: true };
  const pipe = { isTTY: false };

  it('colours a terminal, not a pipe, by default', () => {
    expect(colorEnabled(undefined, tty, {})).toBe(true);
    expect(colorEnabled(undefined, pipe, {})).toBe(false);
  });

  it('lets the flag win over everything', () => {
    expect(colorEnabled(true, pipe, { NO_COLOR: '1' })).toBe(true);
    expect(colorEnabled(false, tty, { FORCE_COLOR: '1' })).toBe(false);
  });

  it('reads FORCE_COLOR as Node does, before NO_COLOR', () => {
    for (const on of ['', '1', '2', '3', 'true']) expect(colorEnabled(undefined, pipe, { FORCE_COLOR: on })).toBe(true);
    for (const off of ['0', 'false', 'no']) expect(colorEnabled(undefined, tty, { FORCE_COLOR: off })).toBe(false);
    expect(colorEnabled(undefined, pipe, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
  });

  it('turns a terminal plain for NO_COLOR (non-empty) and TERM=dumb', () => {
    expect(colorEnabled(undefined, tty, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled(undefined, tty, { NO_COLOR: '' })).toBe(true);
    expect(colorEnabled(undefined, tty, { TERM: 'dumb' })).toBe(false);
  });
});
