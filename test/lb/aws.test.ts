import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLoadBalancers } from '../../src/lb/index.js';
import { expectEvidenceEverywhere, FIXTURES, hostnames, rows } from './support.js';

const CFN = path.join(FIXTURES, 'cloudformation');
const CLI = path.join(FIXTURES, 'aws-cli');

/** Reads a file written into a fresh temp directory. */
function readTemp(name: string, text: string) {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-lb-')), name);
  writeFileSync(file, text);
  return readLoadBalancers([file]);
}

describe('CloudFormation', () => {
  it('YAML with short tags: ALB idle timeout from a parameter default, a conditional NLB sending PROXY v2', () => {
    const lbs = readLoadBalancers([path.join(CFN, 'alb-nlb.yaml')]);
    expect(rows(lbs)).toEqual([
      // Only 443 is in RouterSecurityGroup's ingress.
      { lb: 'RouterAlb', port: '443', proto: 'https', tls: true, upgrade: true, xff: true, xfp: true, proxy: 'no/no', idle: 120, backend: '80 http', at: 'alb-nlb.yaml:46', fw: true },
      { lb: 'WebSocketNlb', port: '4443', proto: 'tls', tls: true, upgrade: true, xff: false, xfp: false, proxy: 'no/v2', idle: 600, backend: '80 tcp', at: 'alb-nlb.yaml:74', cond: true },
    ]);
    expect(hostnames(lbs)).toEqual({ RouterAlb: ['*.${SystemDomain} @ alb-nlb.yaml:90'] });
    const idle = lbs[0]!.listeners[0]!.evidence.find((e) => e.field === 'idleTimeoutSeconds')!;
    expect(idle).toMatchObject({ source: { format: 'cloudformation', line: 35, pointer: '/Resources/RouterAlb/Properties/LoadBalancerAttributes/0/Value' }, note: 'parameter default: IdleTimeout = 120' });
    expect(lbs[1]!.listeners[0]!.evidence.find((e) => e.field === 'conditional')!.note).toBe('WebSocketTls exists only if condition WithWebSocketLb holds');
    expectEvidenceEverywhere(lbs);
  });

  it('an intrinsic the reader cannot evaluate is unknown, with its text', () => {
    const template = JSON.stringify({
      Resources: {
        Lb: { Type: 'AWS::ElasticLoadBalancing::LoadBalancer', Properties: { Listeners: [{ LoadBalancerPort: { 'Fn::FindInMap': ['Ports', 'ws', 'port'] }, Protocol: 'SSL', InstancePort: '80', InstanceProtocol: 'TCP' }], ConnectionSettings: { IdleTimeout: 3600 }, Policies: [{ PolicyName: 'pp', PolicyType: 'ProxyProtocolPolicyType', InstancePorts: ['80'] }] } },
      },
    });
    const lbs = readTemp('template.json', template);
    expect(rows(lbs)).toEqual([{ lb: 'Lb', port: 'unknown', proto: 'ssl', tls: true, upgrade: true, xff: false, xfp: false, proxy: 'no/v1', idle: 3600, backend: '80 tcp', at: 'template.json:1' }]);
    expect(lbs[0]!.listeners[0]!.evidence.find((e) => e.field === 'frontendPort')!.note).toContain('Fn::FindInMap');
  });
});

describe('AWS CLI output', () => {
  it('describe-load-balancers (classic): idle timeout and policy types are not in it', () => {
    const lbs = readLoadBalancers([path.join(CLI, 'elb-describe-load-balancers.json')]);
    const lb = 'bbl-env-cf-router-lb';
    expect(rows(lbs)).toEqual([
      { lb, port: '80', proto: 'http', tls: false, upgrade: false, xff: true, xfp: true, proxy: 'no/no', idle: 'unknown', backend: '80 http', at: 'elb-describe-load-balancers.json:8' },
      { lb, port: '443', proto: 'https', tls: true, upgrade: false, xff: true, xfp: true, proxy: 'no/no', idle: 'unknown', backend: '80 http', at: 'elb-describe-load-balancers.json:12' },
      // A backend policy named EnableProxyProtocol on 8443: its type needs describe-load-balancer-policies.
      { lb, port: '4443', proto: 'ssl', tls: true, upgrade: true, xff: false, xfp: false, proxy: 'no/?', idle: 'unknown', backend: '8443 tcp', at: 'elb-describe-load-balancers.json:16' },
    ]);
    expectEvidenceEverywhere(lbs);
  });

  it('elbv2 describe-load-balancers + describe-listeners + describe-target-groups join by ARN', () => {
    const lbs = readLoadBalancers(['elbv2-describe-load-balancers.json', 'elbv2-describe-listeners.json', 'elbv2-describe-target-groups.json'].map((f) => path.join(CLI, f)));
    const at = (line: number) => `elbv2-describe-listeners.json:${line}`;
    expect(rows(lbs)).toEqual([
      // The XFF mode is an attribute (describe-load-balancer-attributes), so it stays unknown.
      { lb: 'cf-router', port: '443', proto: 'https', tls: true, upgrade: true, xff: 'unknown', xfp: true, proxy: 'no/no', idle: 'unknown', backend: '443 https', at: at(3) },
      { lb: 'cf-router', port: '80', proto: 'http', tls: false, upgrade: false, xff: 'unknown', xfp: true, proxy: 'no/no', idle: 'unknown', backend: '? ?', at: at(12) },
      // Not in describe-load-balancers: a TCP listener makes it an NLB.
      { lb: 'cf-ws', port: '443', proto: 'tcp', tls: false, upgrade: true, xff: false, xfp: false, proxy: 'no/?', idle: 'unknown', backend: '443 tcp', at: at(21) },
    ]);
    expect(lbs.map((lb) => lb.kind)).toEqual(['aws-alb', 'aws-nlb']);
    expectEvidenceEverywhere(lbs);
  });
});
