/**
 * The CLI's short-run tiering (src/util/tiering.ts): a larger V8 interrupt budget from the
 * start of a run until its inputs pass 512 KiB, and only on the V8 it was measured on.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const flagsSet: string[] = [];
vi.mock('node:v8', () => ({ setFlagsFromString: (flags: string) => flagsSet.push(flags) }));

const tiering = await import('../../src/util/tiering.js');

describe('short-run tiering', () => {
  beforeEach(() => {
    flagsSet.length = 0;
  });
  afterEach(() => {
    // Leaves no short run behind for the next test.
    tiering.noteInputRead(2 * 1024 * 1024);
  });

  it('raises the interrupt budget on V8 11 and lowers it again once the inputs pass 512 KiB', () => {
    tiering.beginShortRun('11.3.244.8-node.33', '');
    expect(flagsSet).toEqual(['--interrupt-budget=4325376']);
    expect(tiering.isShortRun()).toBe(true);
    tiering.noteInputRead(300 * 1024);
    tiering.noteInputRead(212 * 1024);
    expect(tiering.isShortRun()).toBe(true);
    tiering.noteInputRead(1);
    expect(flagsSet).toEqual(['--interrupt-budget=4325376', '--interrupt-budget=67584']);
    expect(tiering.isShortRun()).toBe(false);
    tiering.noteInputRead(50 * 1024 * 1024);
    expect(flagsSet).toHaveLength(2);
  });

  it('leaves another V8 with its own defaults (a flag it does not know would print an error)', () => {
    tiering.beginShortRun('12.4.254.21-node.33', '');
    tiering.noteInputRead(5 * 1024 * 1024);
    expect(flagsSet).toEqual([]);
    expect(tiering.isShortRun()).toBe(false);
  });

  it('keeps an interrupt budget the user gave Node.js', () => {
    tiering.beginShortRun('11.3.244.8', '--max-old-space-size=4096 --interrupt_budget=1000');
    tiering.beginShortRun('11.3.244.8', '--interrupt-budget=1000');
    expect(flagsSet).toEqual([]);
    expect(tiering.isShortRun()).toBe(false);
  });

  it('sets the budget once however often a run begins', () => {
    tiering.beginShortRun('11.3.244.8', '');
    tiering.beginShortRun('11.3.244.8', '');
    expect(flagsSet).toEqual(['--interrupt-budget=4325376']);
  });
});
