import type { LintReport } from '../../src/engine/types.js';
import type { Hop, WebSocketPath } from '../../src/model/websocket-path.js';
import type { Finding } from '../../src/rules/finding.js';
import { defineRule, type Rule } from '../../src/rules/rule.js';
import type { FormatterContext } from '../../src/report/index.js';

export const cwd = '/work/project';

export const portRule = defineRule({
  id: 'CFWS001',
  name: 'websocket-port-has-listener',
  description: 'The advertised doppler WebSocket port must have a listener.',
  severity: 'error',
  fixable: true,
  messages: { noListener: 'No listener on port {port}.' },
  defaultOptions: {},
  check() {},
});

export const timeoutRule = defineRule({
  id: 'CFWS009',
  name: 'idle-timeouts',
  description: 'Idle timeouts must outlast the log stream keepalive.',
  severity: 'warn',
  fixable: false,
  messages: { short: 'Idle timeout {seconds}s is shorter than {keepalive}s.' },
  defaultOptions: { minimum: 60 },
  optionsSchema: { type: 'object', properties: { minimum: { type: 'integer', minimum: 1 } }, additionalProperties: false },
  check() {},
});

export const rules: readonly Rule[] = [portRule, timeoutRule];

export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'CFWS001',
    deployment: 'prod',
    ruleName: 'websocket-port-has-listener',
    severity: 'error',
    messageId: 'noListener',
    message: 'No listener on port 443.',
    location: { file: `${cwd}/manifests/cf.yml`, line: 12, col: 5, endLine: 12, endCol: 20 },
    path: '/instance_groups/name=api/jobs/name=cloud_controller_ng/properties/doppler/port',
    related: [{ location: { file: `${cwd}/lb/haproxy.cfg`, line: 30, col: 3 }, message: 'frontend defined here' }],
    fix: {
      description: 'Advertise the port the LB listens on.',
      ops: [{ type: 'replace', path: '/instance_groups/name=api/jobs/name=cloud_controller_ng/properties/doppler?/port', value: 4443 }],
    },
    ...overrides,
  };
}

/** One of each: a fixable error with related location, a warning elsewhere, a note without location. */
export function sampleReport(): LintReport {
  return {
    findings: [
      finding({
        ruleId: 'CFWS009',
        ruleName: 'idle-timeouts',
        severity: 'warn',
        messageId: 'short',
        message: 'Idle timeout 30s is shorter than 60s.',
        location: { file: `${cwd}/lb/haproxy.cfg`, line: 8, col: 3 },
        path: undefined,
        related: [],
        fix: undefined,
        suggestion: 'Raise `timeout client` to 900s.',
      }),
      finding(),
      finding({ severity: 'info', message: 'Cannot verify the LB: no --lb given.', location: undefined, path: undefined, related: [], fix: undefined }),
    ],
    files: [`${cwd}/manifests/cf.yml`, `${cwd}/lb/haproxy.cfg`, `${cwd}/ops/clean.yml`],
    deployments: [{ name: 'prod', manifest: `${cwd}/manifests/cf.yml`, files: [`${cwd}/manifests/cf.yml`, `${cwd}/lb/haproxy.cfg`, `${cwd}/ops/clean.yml`] }],
  };
}

/**
 * Three deployments, two sharing one manifest (issue 16): the same finding in prod and
 * staging, one of lab's own, and lab's clean twin `dev`.
 */
export function deploymentsReport(): LintReport {
  const shared = `${cwd}/cf-deployment.yml`;
  const lab = `${cwd}/lab/cf.yml`;
  const at = (file: string) => ({ file, line: 28, col: 5 });
  return {
    findings: [
      finding({ deployment: 'prod', location: at(shared), related: [] }),
      finding({ deployment: 'staging', location: at(shared), related: [] }),
      finding({ deployment: 'lab', severity: 'warn', location: at(lab), related: [], fix: undefined }),
    ],
    files: [shared, lab],
    deployments: [
      { name: 'prod', manifest: shared, files: [shared, `${cwd}/vars/prod.yml`] },
      { name: 'staging', manifest: shared, files: [shared, `${cwd}/vars/staging.yml`] },
      { name: 'lab', manifest: lab, files: [lab] },
      { name: 'dev', manifest: lab, files: [lab] },
    ],
  };
}

export function context(overrides: Partial<FormatterContext> = {}): FormatterContext {
  return { cwd, rules, version: '1.2.3', color: false, ...overrides };
}

/**
 * bbl's classic ELB for doppler.sys.example.com:443, its listener hop marked: `failing` (an
 * HTTPS listener that drops Upgrade) or `unknown` (one whose port a Terraform variable holds).
 */
export function pathWithListener(listener: Partial<Hop>): WebSocketPath {
  return {
    endpoint: 'doppler',
    hops: [
      { kind: 'client', label: 'client', protocol: 'wss', status: 'ok' },
      { kind: 'dns', label: 'doppler.sys.example.com', status: 'ok' },
      { kind: 'listener', label: 'cf-router', port: 443, protocol: 'https', status: 'ok', ...listener },
      { kind: 'gorouter', label: 'gorouter', port: 80, protocol: 'http', status: 'ok' },
    ],
  };
}

/** Two findings about the WebSocket path: an error at a failing hop, and a "cannot verify" note at an unknown one. */
export function pathReport(): LintReport {
  const upgrade = finding({
    ruleId: 'CFWS002',
    ruleName: 'listener-passes-websockets',
    messageId: 'dropsUpgrade',
    message: 'The https listener on port 443 of cf-router does not pass the WebSocket Upgrade header.',
    location: { file: `${cwd}/lb/cf_lb.tf`, line: 9, col: 5 },
    path: undefined,
    related: [],
    fix: undefined,
    websocketPath: pathWithListener({ status: 'failing', problem: 'Upgrade', ruleId: 'CFWS002' }),
  });
  const unknownPort = finding({
    severity: 'info',
    messageId: 'unknownListenerPort',
    message: 'Cannot verify a listener on port 443 for wss://doppler.sys.example.com:443: cf-doppler has a listener whose port is not known.',
    location: { file: `${cwd}/manifests/cf.yml`, line: 28, col: 5 },
    path: undefined,
    related: [],
    fix: undefined,
    websocketPath: {
      endpoint: 'doppler',
      hops: [
        { kind: 'client', label: 'client', protocol: 'wss', status: 'ok' },
        { kind: 'dns', label: 'doppler.sys.example.com', status: 'ok' },
        { kind: 'listener', label: 'cf-doppler', port: 443, status: 'unknown', problem: 'port not known', ruleId: 'CFWS001' },
      ],
    },
  });
  return { findings: [upgrade, unknownPort], files: [] };
}
