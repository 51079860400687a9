import { describe, expect, it } from 'vitest';
import json from '../../src/report/json.js';
import { context, deploymentsReport, pathWithListener, sampleReport } from './fixtures.js';

describe('json', () => {
  it('writes every finding with rule, severity, message, position, path, related, fix ops and suggestion', () => {
    const output = JSON.parse(json(sampleReport(), context()));
    expect(output.tool).toEqual({ name: 'cf-ws-lint', version: '1.2.3' });
    expect(output.findings).toHaveLength(3);
    expect(output.findings[1]).toEqual({
      deployment: 'prod',
      rule: 'CFWS001',
      ruleName: 'websocket-port-has-listener',
      severity: 'error',
      fatal: false,
      messageId: 'noListener',
      message: 'No listener on port 443.',
      file: 'manifests/cf.yml',
      line: 12,
      column: 5,
      endLine: 12,
      endColumn: 20,
      path: '/instance_groups/name=api/jobs/name=cloud_controller_ng/properties/doppler/port',
      related: [{ file: 'lb/haproxy.cfg', line: 30, column: 3, endLine: null, endColumn: null, message: 'frontend defined here' }],
      fix: {
        description: 'Advertise the port the LB listens on.',
        ops: [{ type: 'replace', path: '/instance_groups/name=api/jobs/name=cloud_controller_ng/properties/doppler?/port', value: 4443 }],
      },
      suggestion: null,
      docsUrl: 'https://github.com/cf-ws-lint/cf-ws-lint/blob/main/docs/rules/websocket-port-has-listener.md',
      websocketPath: null,
    });
    expect(output.findings[0]).toMatchObject({ rule: 'CFWS009', severity: 'warning', suggestion: 'Raise `timeout client` to 900s.', fix: null, path: null });
    expect(output.findings[2]).toMatchObject({ severity: 'note', file: null, line: null, column: null });
    expect(output.files).toEqual(['manifests/cf.yml', 'lb/haproxy.cfg', 'ops/clean.yml']);
    expect(output.deployments).toEqual([{ name: 'prod', manifest: 'manifests/cf.yml', files: ['manifests/cf.yml', 'lb/haproxy.cfg', 'ops/clean.yml'], websocketPaths: [] }]);
    expect(output.summary).toEqual({ errors: 1, warnings: 1, notes: 1, fixableErrors: 1, fixableWarnings: 0 });
  });

  it('writes the WebSocket path a finding is about, hop by hop', () => {
    const websocketPath = { endpoint: 'doppler' as const, hops: [{ kind: 'listener' as const, label: 'cf-router', port: 4443, status: 'failing' as const, problem: 'no listener', ruleId: 'CFWS001' }] };
    const report = sampleReport();
    report.findings[1]!.websocketPath = websocketPath;
    expect(JSON.parse(json(report, context())).findings[1].websocketPath).toEqual(websocketPath);
  });

  it('lists the paths each deployment checked, the passing ones too', () => {
    const report = sampleReport();
    const checked = pathWithListener({});
    report.deployments![0]!.websocketPaths = [checked];
    expect(JSON.parse(json(report, context())).deployments[0].websocketPaths).toEqual([checked]);
  });

  it('writes int64 fix values that JSON numbers cannot hold as strings', () => {
    const report = sampleReport();
    report.findings[1]!.fix!.ops[0]!.value = 2n ** 63n;
    expect(JSON.parse(json(report, context())).findings[1].fix.ops[0].value).toBe('9223372036854775808');
  });

  it('names the deployment of every finding and lists the deployments', () => {
    const output = JSON.parse(json(deploymentsReport(), context()));
    expect(output.findings.map((f: { deployment: string; file: string }) => `${f.deployment} ${f.file}`)).toEqual([
      'prod cf-deployment.yml',
      'staging cf-deployment.yml',
      'lab lab/cf.yml',
    ]);
    expect(output.deployments.map((d: { name: string }) => d.name)).toEqual(['prod', 'staging', 'lab', 'dev']);
  });
});
