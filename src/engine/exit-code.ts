import type { Finding } from '../rules/finding.js';

/*
 * One place for the exit codes (stylelint's constants.mjs), as ESLint and markdownlint-cli2
 * use them. Input that cannot be read, parsed or applied is always 2, never 0.
 */

/** Nothing at or above the threshold. */
export const EXIT_CLEAN = 0;
/** An error finding, or more warnings than --max-warnings allows. */
export const EXIT_FINDINGS = 1;
/** Usage, config or input error: bad flags, a malformed config, a file that does not parse. */
export const EXIT_USAGE = 2;

export type ExitCode = typeof EXIT_CLEAN | typeof EXIT_FINDINGS | typeof EXIT_USAGE;

export interface ExitCodeOptions {
  /** Warnings allowed before the run fails (`--max-warnings`); absent or negative means no limit. */
  maxWarnings?: number;
}

/** A file that could not be read is 2; errors fail the run; warnings only beyond maxWarnings; notes never. */
export function exitCodeFor(findings: readonly Finding[], options: ExitCodeOptions = {}): ExitCode {
  if (findings.some((finding) => finding.fatal)) return EXIT_USAGE;
  if (findings.some((finding) => finding.severity === 'error')) return EXIT_FINDINGS;
  return tooManyWarnings(findings, options) ? EXIT_FINDINGS : EXIT_CLEAN;
}

/** More warnings than `--max-warnings` allows (the CLI says so in a line of its own). */
export function tooManyWarnings(findings: readonly Finding[], options: ExitCodeOptions = {}): boolean {
  const { maxWarnings } = options;
  if (maxWarnings === undefined || maxWarnings < 0) return false;
  return findings.filter((finding) => finding.severity === 'warn').length > maxWarnings;
}
