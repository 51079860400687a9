/**
 * A file that cannot be read, parsed or applied, as a finding (ESLint's fatal parsing
 * errors): the run reports it at its file:line, lints everything else and exits 2 at the end.
 */
import type { Finding } from '../rules/finding.js';
import type { InputError } from '../util/errors.js';

export const FATAL_RULE_ID = 'fatal';

/** `fallbackFile` stands in when the error names no file (an error about the whole deployment). */
export function fatalFinding(error: InputError, fallbackFile: string, deployment?: string): Finding {
  return {
    ruleId: FATAL_RULE_ID,
    ...(deployment !== undefined ? { deployment } : {}),
    ruleName: FATAL_RULE_ID,
    severity: 'error',
    fatal: true,
    messageId: FATAL_RULE_ID,
    message: error.message.split('\n').map((part) => part.trim()).filter(Boolean).join(' '),
    location: { file: error.file ?? fallbackFile, line: error.line ?? 1, col: error.line !== undefined ? (error.col ?? 1) : 1 },
    related: error.details.flatMap((detail) => (detail.at ? [{ location: { ...detail.at }, message: detail.message }] : [])),
  };
}
