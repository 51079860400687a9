/**
 * cf-ws-lint's verdict on one matrix row, to set beside what the client observed. Each kind
 * of row is judged by the rules that speak about what its client does:
 *
 * - A `doppler` row passes when lint reports no error, leaving out CFWS005, which is about
 *   ordinary HTTP requests ("for non-WebSocket HTTP requests", CF guide "Supporting
 *   WebSockets"), and CFWS013, which is about apps' hosts. With a hold time, CFWS009 runs as
 *   an error with the hold as its minimum idle timeout, so it must predict the cut.
 * - An `app` row (`wss://app.<app domain>` on 443) passes when CFWS013 does not say that
 *   apps' WebSockets on 443 fail (`otherPort`, `nowhere`) or cannot be verified
 *   (`unknownUpgrade`). With a hold time its idle note is due below the hold, so a note
 *   (`idleTimeout`) predicts the cut.
 * - A `headers` row passes when CFWS005 reports nothing at all for the listener: a warning
 *   or a "cannot verify" note is not a clean bill.
 */
import { lint, type Finding } from '../../src/index.js';
import type { TruthRow } from './matrix.js';
import type { ScenarioFiles } from './scenario.js';

export const APP_RULE = 'CFWS013';
const HEADER_RULE = 'CFWS005';
const APP_ON_443_FAILS = ['otherPort', 'nowhere', 'unknownUpgrade'];

export interface LintVerdict {
  passes: boolean;
  /** The findings the verdict rests on, as `ruleId severity message`, for assertion messages. */
  findings: string[];
  /** The rule ids among them. */
  ruleIds: string[];
}

export function lintVerdict(row: TruthRow, files: ScenarioFiles): LintVerdict {
  const settings = new Map<string, { severity: 'error' | 'warn' | 'info'; options: unknown }>();
  if (row.holdSeconds !== undefined) {
    settings.set('CFWS009', { severity: 'error', options: { minWebsocketIdleSeconds: row.holdSeconds } });
    settings.set(APP_RULE, { severity: 'error', options: { idleNoteBelowSeconds: row.holdSeconds } });
  }
  const report = lint({ manifest: files.manifest, lbFiles: [files.lbConfig], lbFormat: row.lb }, { settings });
  const counted = report.findings.filter((finding) => counts(row, finding, files));
  return {
    passes: counted.length === 0,
    findings: counted.map((finding) => `${finding.ruleId} ${finding.severity} ${finding.message}`),
    ruleIds: [...new Set(counted.map((finding) => finding.ruleId))],
  };
}

function counts(row: TruthRow, finding: Finding, files: ScenarioFiles): boolean {
  switch (row.observe) {
    case 'headers':
      return finding.ruleId === HEADER_RULE && finding.location?.file === files.lbConfig;
    case 'app':
      return finding.ruleId === APP_RULE && (APP_ON_443_FAILS.includes(finding.messageId) || (row.holdSeconds !== undefined && finding.messageId === 'idleTimeout'));
    case 'doppler':
      return finding.severity === 'error' && finding.ruleId !== HEADER_RULE && finding.ruleId !== APP_RULE;
  }
}
