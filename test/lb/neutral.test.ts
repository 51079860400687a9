import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/util/errors.js';
import { readLoadBalancers } from '../../src/lb/index.js';
import { LB_FILE_SCHEMA } from '../../src/lb/lb-file-schema.js';
import { augmentLoadBalancers, neutralLoadBalancers, parseNeutralLbFile } from '../../src/lb/neutral.js';
import { expectEvidenceEverywhere, FIXTURES, hostnames, REPO, rows, type Row } from './support.js';

const HEADER = 'apiVersion: cf-ws-lint/v1alpha1\nkind: LoadBalancers\n';
const parse = (body: string) => neutralLoadBalancers(parseNeutralLbFile(HEADER + body, 'lb.yml'));

function inputError(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('neutral LB file', () => {
  it('reads the F5/NSX fixture: stated values, then defaults, then what the kind implies', () => {
    const lbs = readLoadBalancers([path.join(FIXTURES, 'neutral/f5.yml')]);
    const f5 = (port: string, proto: string, upgrade: Row['upgrade'], headers: Row['xff'], proxy: string, backend: string, at: number): Row => ({ lb: 'f5-prod', port, proto, tls: proto === 'https' || proto === 'ssl', upgrade, xff: headers, xfp: headers, proxy, idle: 300, backend, at: `f5.yml:${at}` });
    expect(rows(lbs)).toEqual([
      f5('443', 'https', true, true, '?/?', '80 http', 14),
      // An F5 HTTP virtual server says nothing by itself about Upgrade or X-Forwarded-*.
      f5('80', 'http', 'unknown', 'unknown', '?/?', '80 http', 20),
      f5('4443', 'ssl', true, false, '?/v1', '80 http', 22),
      f5('1024-1123', 'tcp', true, false, '?/?', 'same tcp', 25),
      { lb: 'nsx-ws', port: '443', proto: 'tcp', tls: false, upgrade: true, xff: false, xfp: false, proxy: 'no/v2', idle: 3600, backend: '443 tcp', at: 'f5.yml:32' },
      { lb: 'nsx-ws', port: '8443', proto: 'tcp', tls: false, upgrade: true, xff: false, xfp: false, proxy: 'no/v2', idle: 3600, backend: '443 tcp', at: 'f5.yml:32' },
    ]);
    expect(hostnames(lbs)).toEqual({ 'f5-prod': ['*.sys.example.com @ f5.yml:9', '*.apps.example.com @ f5.yml:9'], 'nsx-ws': ['doppler.sys.example.com @ f5.yml:30'] });
    expectEvidenceEverywhere(lbs);
    const upgrade = lbs[0]!.listeners[1]!.evidence.find((e) => e.field === 'passesUpgrade')!;
    expect(upgrade.note).toMatch(/^default for kind f5: /);
    expect(lbs[0]!.listeners[0]!.evidence.find((e) => e.field === 'idleTimeoutSeconds')!.source.line).toBe(11);
    expect(lbs[0]!.listeners[0]!.evidence.find((e) => e.field === 'frontendPort')!.note).toContain('VS /Common/cf-https');
  });

  type KindCase = [kind: string, protocol: string, expected: Partial<Row>];
  const kinds: KindCase[] = [
    ['aws-elb-classic', 'https', { upgrade: false, xff: true, xfp: true, proxy: 'no/no', idle: 60 }],
    ['aws-elb-classic', 'ssl', { upgrade: true, xff: false, xfp: false, idle: 60 }],
    ['aws-alb', 'https', { upgrade: true, xff: true, xfp: true, idle: 60 }],
    ['aws-nlb', 'tls', { upgrade: true, xff: false, xfp: false, idle: 350 }],
    ['gcp-http', 'https', { upgrade: true, xff: true, idle: 600 }],
    ['gcp-tcp', 'tcp', { upgrade: true, xff: false, idle: 600 }],
    ['azure-lb', 'tcp', { upgrade: true, idle: 240 }],
    ['azure-app-gateway', 'https', { upgrade: true, xff: true, idle: 'unknown' }],
    ['haproxy', 'http', { upgrade: true, xff: 'unknown', proxy: '?/?' }],
    ['other', 'https', { upgrade: 'unknown', xff: 'unknown', xfp: 'unknown', proxy: '?/?', idle: 'unknown' }],
    ['other', 'udp', { upgrade: false, xff: false }],
  ];
  it.each(kinds)('kind %s, %s listener defaults', (kind, protocol, expected) => {
    const [row] = rows(parse(`loadBalancers:\n  - name: x\n    kind: ${kind}\n    listeners:\n      - { port: 443, protocol: ${protocol}, backend: { port: 80, protocol: http } }\n`));
    expect(row).toMatchObject(expected);
  });

  it('augments parsed LBs: adds DNS names and fills in only what was unknown', () => {
    const dir = path.join(FIXTURES, 'terraform/aws-alb-elb');
    const before = readLoadBalancers([dir]);
    expect(before.find((lb) => lb.id === 'aws_elb.cf_router')!.listeners.map((l) => l.idleTimeoutSeconds)).toEqual(['unknown', 'unknown']);
    const after = readLoadBalancers([dir, path.join(FIXTURES, 'neutral/complete-aws-alb-elb.yml')]);
    const elb = after.find((lb) => lb.id === 'aws_elb.cf_router')!;
    expect(elb.listeners.map((l) => l.idleTimeoutSeconds)).toEqual([120, 120]);
    const idle = elb.listeners[0]!.evidence.find((e) => e.field === 'idleTimeoutSeconds')!;
    expect(idle).toMatchObject({ value: 120, source: { format: 'lb-yaml', line: 8 } });
    expect(idle.note).toMatch(/^from the neutral LB file: the configuration leaves it unknown \(.*var\.elb_idle_timeout/);
    // The ALB's idle timeout is stated by Terraform (900): `defaults` leave known values alone.
    expect(hostnames(after)['aws_alb.cf_apps']).toEqual(['*.apps.example.com @ complete-aws-alb-elb.yml:10']);
    // The inputs are not changed.
    expect(before.find((lb) => lb.id === 'aws_elb.cf_router')!.listeners[0]!.idleTimeoutSeconds).toBe('unknown');
  });

  it('a listener entry that contradicts the configuration is an error naming both places', () => {
    const parsed = parse('loadBalancers:\n  - name: elb\n    kind: aws-elb-classic\n    listeners:\n      - { port: 443, protocol: https, backend: { port: 80, protocol: http } }\n');
    const neutral = parseNeutralLbFile(`${HEADER}loadBalancers:\n  - name: elb\n    listeners:\n      - port: 443\n        websocketUpgrade: true\n`, 'fix.yml');
    const error = inputError(() => augmentLoadBalancers(parsed, neutral));
    expect(error.render()).toMatch(/^fix\.yml:7: loadBalancers\/elb: passesUpgrade true contradicts false, which the configuration states \(lb\.yml:7\)/);
  });

  it('an augmenting entry may add a listener the configuration lacks', () => {
    const parsed = parse('loadBalancers:\n  - name: elb\n    kind: aws-elb-classic\n    listeners:\n      - { port: 443, protocol: https }\n');
    const neutral = parseNeutralLbFile(`${HEADER}loadBalancers:\n  - name: elb\n    listeners:\n      - { port: 4443, protocol: ssl, backend: { port: 80, protocol: tcp } }\n`, 'more.yml');
    expect(rows(augmentLoadBalancers(parsed, neutral)).map((r) => [r.port, r.upgrade, r.at])).toEqual([
      ['443', false, 'lb.yml:7'],
      ['4443', true, 'more.yml:6'],
    ]);
  });

  it.each([
    ['loadBalancers:\n  - name: x\n    kind: f5\n    listeners:\n      - { port: 443, protocl: https }\n', 7, '/loadBalancers/0/listeners/0: unknown key "protocl"'],
    ['loadBalancers:\n  - name: x\n    kind: bigip\n    listeners: []\n', 5, '/loadBalancers/0/kind: must be one of'],
    ['loadBalancers:\n  - name: x\n    kind: f5\n    listeners:\n      - { port: 70000, protocol: tcp }\n', 7, '/loadBalancers/0/listeners/0/port: must be <= 65535'],
    ['loadBalancers:\n  - name: x\n    kind: f5\n    listeners:\n      - { ports: "80-70", protocol: tcp }\n', 7, 'ports: "80-70" is not a port or a low-high port range'],
    ['loadBalancers:\n  - name: x\n    kind: f5\n    listeners:\n      - { port: 80 }\n', 7, 'loadBalancers/x: listeners/0 needs a protocol'],
    ['loadBalancers:\n  - name: x\n    listeners: []\n', 4, 'loadBalancers/x: is not the id of a load balancer read from another file, so it needs a kind'],
    ['loadBalancers:\n  - name: x\n    kind: f5\n    listeners: []\n  - name: x\n    kind: f5\n    listeners: []\n', 7, 'loadBalancers/1/name: "x" is already the name of loadBalancers/0'],
    ['loadBalancers:\n  - name: x\n    kind: f5\n    listeners:\n      - { port: 80, protocol: http, websocketUpgrade: maybe }\n', 7, '/loadBalancers/0/listeners/0/websocketUpgrade'],
    ['loadBalancers: [\n', 4, 'invalid YAML'],
  ])('bad file -> InputError at file:line: %#', (body, line, message) => {
    const error = inputError(() => parse(body));
    expect(error.file).toBe('lb.yml');
    expect(error.line).toBe(line);
    expect(error.message).toContain(message);
  });

  it('rejects a wrong apiVersion', () => {
    const error = inputError(() => parseNeutralLbFile('apiVersion: cf-ws-lint/v2\nkind: LoadBalancers\nloadBalancers: []\n', 'lb.yml'));
    expect(error.render()).toBe('lb.yml:1: /apiVersion: must be "cf-ws-lint/v1alpha1"');
  });

  it('schemas/lb-file.schema.json is the schema the reader validates with', () => {
    expect(JSON.parse(readFileSync(path.join(REPO, 'schemas/lb-file.schema.json'), 'utf8'))).toEqual(LB_FILE_SCHEMA);
  });
});
