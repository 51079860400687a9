import { describe, expect, it } from 'vitest';
import { EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, exitCodeFor } from '../../src/engine/exit-code.js';
import type { Severity } from '../../src/rules/finding.js';
import { finding } from '../report/fixtures.js';

const of = (...severities: Severity[]) => severities.map((severity) => finding({ severity }));

describe('exit codes', () => {
  it('are 0 clean, 1 findings, 2 usage or input error', () => {
    expect([EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE]).toEqual([0, 1, 2]);
  });

  it('is 0 without findings, and for notes whatever their number', () => {
    expect(exitCodeFor([])).toBe(0);
    expect(exitCodeFor(of('info', 'info'), { maxWarnings: 0 })).toBe(0);
  });

  it('is 1 for any error', () => {
    expect(exitCodeFor(of('info', 'error'))).toBe(1);
    expect(exitCodeFor(of('error'), { maxWarnings: 100 })).toBe(1);
  });

  it('fails on warnings only beyond --max-warnings', () => {
    expect(exitCodeFor(of('warn', 'warn'))).toBe(0);
    expect(exitCodeFor(of('warn', 'warn'), { maxWarnings: 2 })).toBe(0);
    expect(exitCodeFor(of('warn', 'warn'), { maxWarnings: 1 })).toBe(1);
    expect(exitCodeFor(of('warn'), { maxWarnings: 0 })).toBe(1);
    // ESLint's -1: no limit.
    expect(exitCodeFor(of('warn'), { maxWarnings: -1 })).toBe(0);
  });
});
