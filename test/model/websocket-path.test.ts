import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { lint } from '../../src/engine/lint.js';
import { markHop, type WebSocketPath } from '../../src/model/websocket-path.js';
import backendPort from '../../src/rules/backend-port-served-by-gorouter.js';
import legacyEndpoint from '../../src/rules/legacy-loggregator-endpoint.js';
import passesWebsockets from '../../src/rules/listener-passes-websockets.js';
import tlsMatches from '../../src/rules/websocket-tls-matches.js';
import portHasListener from '../../src/rules/websocket-port-has-listener.js';
import { pathLine } from '../../src/report/path-view.js';
import { awsOps, bblElbWithHostnames, cfDeployment, cfDeploymentWith, cfDeploymentWithHaproxy, cfRelease, elbHttpOnly, lbOf } from '../rules/fixtures.js';
import { lintCase, readTextOf, removeScratch, targetOf, type RuleTestCase } from '../rules/rule-tester.js';

afterAll(removeScratch);

/** Each finding of one rule as `ruleId: path line`, with the rule ids the engine put on the marked hops. */
function pathsOf(rule: Parameters<typeof lintCase>[0], c: Omit<RuleTestCase, 'name'>): string[] {
  return lintCase(rule, { name: rule.id, ...c }).map((f) => `${f.messageId}: ${f.websocketPath ? pathLine(f.websocketPath) : '(none)'} [${f.websocketPath?.hops.filter((h) => h.status !== 'ok').map((h) => h.ruleId) ?? ''}]`);
}

function checkedPaths(c: Omit<RuleTestCase, 'name'>): string[] {
  const report = lint(targetOf({ name: 'paths', ...c }), { readText: readTextOf({ name: 'paths', ...c }) });
  return (report.websocketPaths ?? []).map((p) => pathLine(p));
}

describe('the WebSocket path a finding is about', () => {
  it('CFWS001: the path ends at the load balancer without a listener on the advertised port', () => {
    expect(pathsOf(portHasListener, { manifest: cfDeployment, ops: awsOps, lb: elbHttpOnly })).toEqual([
      'noListener: doppler.sys.example.com → cf-router:4443 ✗ no listener [CFWS001]',
    ]);
  });

  it('CFWS002: the listener that drops Upgrade is marked, and an unknown one is a question', () => {
    expect(pathsOf(passesWebsockets, { manifest: cfDeployment, lb: bblElbWithHostnames })).toEqual([
      'dropsUpgrade: doppler.sys.example.com → cf-router:443 https ✗ Upgrade → gorouter:80 http [CFWS002]',
    ]);
    expect(pathsOf(passesWebsockets, { manifest: cfDeployment, lb: lbOf('f5', '{ port: 443, protocol: https, backend: { port: 80, protocol: http } }') })).toEqual([
      'unknownUpgrade: doppler.sys.example.com → cf-router:443 https ? Upgrade → gorouter:80 http [CFWS002]',
    ]);
  });

  it('CFWS003: the listener whose TLS does not match use_ssl is marked', () => {
    expect(pathsOf(tlsMatches, { manifest: cfDeployment, lb: lbOf('aws-nlb', '{ port: 443, protocol: tcp, backend: { port: 80, protocol: tcp } }') })).toEqual([
      'wantsTls: doppler.sys.example.com → cf-router:443 tcp ✗ no TLS → gorouter:80 tcp [CFWS003]',
    ]);
  });

  it('CFWS004: the gorouter port the listener forwards to is marked', () => {
    expect(pathsOf(backendPort, { manifest: cfDeployment, lb: lbOf('aws-alb', '{ port: 443, protocol: https, backend: { port: 8080, protocol: http } }') })).toEqual([
      'notServed: doppler.sys.example.com → cf-router:443 https → gorouter:8080 http ✗ not served [CFWS004]',
    ]);
  });
});

/**
 * fixtures/lb/terraform/unknown-port: doppler's own ELB listens on `var.doppler_lb_port`,
 * a variable with no default and no tfvars value.
 */
const unknownPortTf = readFileSync(new URL('../../fixtures/lb/terraform/unknown-port/main.tf', import.meta.url), 'utf8');

describe('a path the input cannot settle ends at an unknown hop, never at "no listener"', () => {
  it.each([
    {
      name: 'CFWS001, a listener whose port is a variable without a value',
      rule: portHasListener,
      c: { manifest: cfDeployment, lb: unknownPortTf },
      paths: ['unknownListenerPort: doppler.sys.example.com → aws_elb.cf_doppler:443 ? port not known [CFWS001]'],
    },
    {
      name: 'CFWS001, doppler.port an unresolved variable: the listener the client reaches is the unknown',
      rule: portHasListener,
      c: { manifest: cfDeploymentWith({ doppler: ['port: ((doppler_port))'] }), lb: bblElbWithHostnames },
      paths: ['unknownPort: doppler.sys.example.com → cf-router ? advertised port not known [CFWS001]'],
    },
    {
      name: 'CFWS001 without a load balancer: no path to draw',
      rule: portHasListener,
      c: { manifest: cfDeploymentWith({ doppler: ['port: ((doppler_port))'] }) },
      paths: ['unknownPort: (none) []'],
    },
    {
      name: 'CFWS010, the legacy endpoint on a listener whose port is a variable',
      rule: legacyEndpoint,
      c: { manifest: cfRelease({ jobs: ['api', 'router'], global: ['logger_endpoint:', '  port: 4443'] }), lb: 'resource "aws_elb" "cf" {\n  listener = "${var.listeners}"\n}\n' },
      paths: ['unknownListenerPort: loggregator.sys.example.com → aws_elb.cf:4443 ? port not known [CFWS010]'],
    },
    {
      name: 'CFWS010 with no listener on the legacy port: the failing dead end, as CFWS001 draws it',
      rule: legacyEndpoint,
      c: { manifest: cfRelease({ jobs: ['api', 'router'], global: ['logger_endpoint:', '  port: 4443'] }), lb: lbOf('aws-nlb', '{ port: 443, protocol: tcp, backend: { port: 80, protocol: tcp } }') },
      paths: ['noListener: loggregator.sys.example.com → cf-router:4443 ✗ no listener [CFWS010]'],
    },
  ])('$name', ({ rule, c, paths }) => {
    expect(pathsOf(rule, c)).toEqual(paths);
  });

  it('the checked paths say the same: the unknown hop, not the dead end', () => {
    expect(checkedPaths({ manifest: cfDeployment, lb: unknownPortTf })).toEqual(['doppler.sys.example.com → aws_elb.cf_doppler:443 ? port not known']);
    expect(checkedPaths({ manifest: cfDeploymentWith({ doppler: ['port: ((doppler_port))'] }), lb: bblElbWithHostnames })).toEqual(['doppler.sys.example.com → cf-router ? advertised port not known']);
  });
});

describe('the paths the rules checked', () => {
  it('one per listener on the advertised port, through the manifest HAProxy when the LB forwards to it', () => {
    const nlb = lbOf('aws-nlb', '{ port: 443, protocol: tcp, backend: { port: 443, protocol: tcp } }');
    expect(checkedPaths({ manifest: cfDeploymentWithHaproxy(), lb: nlb })).toEqual([
      'doppler.sys.example.com → cf-router:443 tcp → haproxy (haproxy):443 https → gorouter:443 https',
    ]);
  });

  it('the dead end when no listener is on the port, and none without a load balancer', () => {
    expect(checkedPaths({ manifest: cfDeployment, ops: awsOps, lb: elbHttpOnly })).toEqual(['doppler.sys.example.com → cf-router:4443 ✗ no listener']);
    expect(checkedPaths({ manifest: cfDeploymentWith({ router: null }) })).toEqual([]);
  });

  it('ends at the Traffic Controller where the manifest deploys one, at its port', () => {
    const withTc = `${cfDeployment}- name: log-api\n  jobs:\n  - name: loggregator_trafficcontroller\n    properties:\n      loggregator: { outgoing_dropsonde_port: 8082 }\n`;
    expect(checkedPaths({ manifest: withTc, ops: awsOps, lb: bblElbWithHostnames })).toEqual([
      'doppler.sys.example.com → cf-router:4443 ssl → gorouter:80 tcp → trafficcontroller:8082',
    ]);
  });
});

describe('markHop', () => {
  it('marks the first hop of the kind, on a copy', () => {
    const path: WebSocketPath = { endpoint: 'doppler', hops: [{ kind: 'dns', label: 'd', status: 'ok' }, { kind: 'gorouter', label: 'gorouter', port: 80, status: 'ok' }] };
    const marked = markHop(path, 'gorouter', 'failing', 'not served');
    expect(marked.hops[1]).toEqual({ kind: 'gorouter', label: 'gorouter', port: 80, status: 'failing', problem: 'not served' });
    expect(path.hops[1]!.status).toBe('ok');
  });
});
