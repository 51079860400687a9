/**
 * cf-ws-lint's verdict on one matrix row, to set beside what the client observed.
 *
 * - A `websocket` row passes when lint reports no error. CFWS005 is left out: it is about
 *   ordinary HTTP requests ("for non-WebSocket HTTP requests", CF guide "Supporting
 *   WebSockets") and says nothing about whether a WebSocket gets through. With a hold time,
 *   CFWS009 runs as an error with the hold as its minimum idle timeout, so it must predict
 *   whether the idle connection is cut.
 * - A `headers` row passes when CFWS005 reports nothing at all for the listener: a warning
 *   or a "cannot verify" note is not a clean bill.
 * - An `app-websocket` row passes when CFWS013 reports no error and no warning: both say an
 *   app's `wss://` on 443 does not get through (a warning when another port would carry it).
 *   The `websocket` rows leave CFWS013 out: it is about apps' routes, not doppler.
 */
import { lint } from '../../src/index.js';
import type { TruthRow } from './matrix.js';
import type { ScenarioFiles } from './scenario.js';

export interface LintVerdict {
  passes: boolean;
  /** The findings the verdict rests on, as `ruleId severity message`, for assertion messages. */
  findings: string[];
  /** The rule ids among them. */
  ruleIds: string[];
}

export function lintVerdict(row: TruthRow, files: ScenarioFiles): LintVerdict {
  const settings = new Map<string, { severity: 'error'; options: unknown }>();
  if (row.holdSeconds !== undefined) settings.set('CFWS009', { severity: 'error', options: { minWebsocketIdleSeconds: row.holdSeconds } });
  const report = lint({ manifest: files.manifest, lbFiles: [files.lbConfig], lbFormat: row.lb }, { settings });
  const counted = report.findings.filter((finding) => {
    if (row.observe === 'headers') return finding.ruleId === 'CFWS005' && finding.location?.file === files.lbConfig;
    if (row.observe === 'app-websocket') return finding.ruleId === 'CFWS013' && (finding.severity === 'error' || finding.severity === 'warn');
    return finding.severity === 'error' && finding.ruleId !== 'CFWS005' && finding.ruleId !== 'CFWS013';
  });
  return {
    passes: counted.length === 0,
    findings: counted.map((finding) => `${finding.ruleId} ${finding.severity} ${finding.message}`),
    ruleIds: [...new Set(counted.map((finding) => finding.ruleId))],
  };
}
