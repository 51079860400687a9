/**
 * cf-ws-lint's verdict on one matrix row, to set beside what `probe` observed. A row passes
 * when lint reports no finding of severity error; a row with a hold time also needs the
 * advertised listener's idle timeout, as the linter read it, to be at least that long.
 */
import { readFileSync } from 'node:fs';
import { lint } from '../../src/index.js';

export interface LintVerdict {
  passes: boolean;
  /** The error findings as `ruleId message`, for the assertion message. */
  errors: string[];
  /** With a hold time: the idle timeout of the listener on the advertised port. */
  idleTimeoutSeconds?: number | 'unknown';
}

export async function lintVerdict(manifestPath: string, haproxyCfgPath: string, holdSeconds?: number): Promise<LintVerdict> {
  const report = lint({ manifest: manifestPath, lbFiles: [haproxyCfgPath], lbFormat: 'haproxy' });
  const errors = report.findings.filter((finding) => finding.severity === 'error').map((finding) => `${finding.ruleId} ${finding.message}`);
  if (holdSeconds === undefined) return { passes: errors.length === 0, errors };
  const idle = await advertisedListenerIdleTimeout(manifestPath, haproxyCfgPath);
  return { passes: errors.length === 0 && typeof idle === 'number' && idle >= holdSeconds, errors, idleTimeoutSeconds: idle };
}

/** Through the linter's own model and HAProxy reader: the listener on the advertised doppler port. */
async function advertisedListenerIdleTimeout(manifestPath: string, haproxyCfgPath: string): Promise<number | 'unknown'> {
  const { parseYaml } = await import('../../src/yaml/yaml.js');
  const { buildDeployment } = await import('../../src/model/deployment.js');
  const { readHaproxy } = await import('../../src/lb/haproxy.js');
  const { listenerCoversPort } = await import('../../src/lb/listener.js');
  const deployment = buildDeployment(parseYaml(readFileSync(manifestPath, 'utf8'), manifestPath), manifestPath);
  const port = deployment.endpoints.find((endpoint) => endpoint.name === 'doppler')?.port.value;
  const listeners = readHaproxy(readFileSync(haproxyCfgPath, 'utf8'), haproxyCfgPath).flatMap((lb) => lb.listeners);
  const listener = typeof port === 'number' ? listeners.find((candidate) => listenerCoversPort(candidate, port)) : undefined;
  return listener?.idleTimeoutSeconds ?? 'unknown';
}
