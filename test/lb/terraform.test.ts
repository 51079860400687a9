import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLoadBalancers } from '../../src/lb/index.js';
import { terraformHclLoadBalancers } from '../../src/lb/terraform-hcl.js';
import { expectEvidenceEverywhere, FIXTURES, hostnames, rows, type Row } from './support.js';

const TF = path.join(FIXTURES, 'terraform');
const JSON_DIR = path.join(FIXTURES, 'terraform-json');
const hcl = (text: string, variables?: Record<string, unknown>) => terraformHclLoadBalancers([{ file: "main.tf", text }], [], variables ? { variables } : {}).loadBalancers;

describe('Terraform HCL fixtures', () => {
  it('AWS NLB: TCP/TLS listeners, PROXY v2 from the target group, for_each listeners as one range', () => {
    const lbs = readLoadBalancers([path.join(TF, 'aws-nlb')]);
    const nlb = (port: string, proto: string, at: number): Row => ({ lb: 'aws_lb.cf_router', port, proto, tls: proto === 'tls', upgrade: true, xff: false, xfp: false, proxy: 'no/v2', idle: 350, backend: '80 tcp', at: `main.tf:${at}` });
    expect(rows(lbs)).toEqual([
      nlb('80', 'tcp', 26),
      nlb('443', 'tls', 37),
      nlb('4443', 'tls', 50),
      // for_each over toset([for x in range(1024, 1027, 1) : tostring(x)]); each to its own target group.
      { lb: 'aws_lb.cf_tcp', port: '1024-1026', proto: 'tcp', tls: false, upgrade: true, xff: false, xfp: false, proxy: 'no/no', idle: 900, backend: 'same tcp', at: 'main.tf:78' },
    ]);
    expect(hostnames(lbs)).toEqual({ 'aws_lb.cf_router': ['*.${var.system_domain} @ main.tf:93'], 'aws_lb.cf_tcp': ['tcp.${var.system_domain} @ main.tf:105'] });
    expectEvidenceEverywhere(lbs);
  });

  it('classic ELB with a PROXY policy, ALB with preserve XFF, HTTP/2 target group, redirect, tfvars, security groups', () => {
    const lbs = readLoadBalancers([path.join(TF, 'aws-alb-elb')]);
    expect(rows(lbs)).toEqual([
      // idle_timeout = "${var.elb_idle_timeout}", a variable with neither default nor tfvars value.
      { lb: 'aws_elb.cf_router', port: '443', proto: 'ssl', tls: true, upgrade: true, xff: false, xfp: false, proxy: 'no/v1', idle: 'unknown', backend: '443 tcp', at: 'main.tf:14', fw: true },
      { lb: 'aws_elb.cf_router', port: '80', proto: 'http', tls: false, upgrade: false, xff: true, xfp: true, proxy: 'no/no', idle: 'unknown', backend: '80 http', at: 'main.tf:22', fw: false },
      { lb: 'aws_alb.cf_apps', port: '4443', proto: 'https', tls: true, upgrade: true, xff: false, xfp: true, proxy: 'no/no', idle: 900, backend: '443 h2', at: 'main.tf:62', fw: true },
      // No protocol: HTTP; a redirect answers every request at the LB.
      { lb: 'aws_alb.cf_apps', port: '80', proto: 'http', tls: false, upgrade: false, xff: false, xfp: true, proxy: 'no/no', idle: 900, backend: '? ?', at: 'main.tf:74', fw: false },
    ]);
    // system_domain comes from terraform.tfvars; the count = 0 record does not exist.
    expect(hostnames(lbs)).toEqual({ 'aws_elb.cf_router': ['doppler.sys.example.com @ main.tf:96'] });
    const elb = lbs[0]!.listeners[0]!;
    expect(elb.evidence.find((e) => e.field === 'proxyProtocol.sends')!.note).toBe('aws_proxy_protocol_policy.cf_router enables PROXY on instance port 443');
    expect(elb.evidence.find((e) => e.field === 'firewallAllows')).toMatchObject({ source: { line: 38 }, note: 'ingress admits tcp 443' });
    expect(lbs[1]!.listeners[0]!.evidence.find((e) => e.field === 'firewallAllows')).toMatchObject({ note: 'ingress admits tcp 4443' });
    expectEvidenceEverywhere(lbs);
  });

  it('GCP: HTTP(S) LB with an HTTP2 backend and its timeout, SSL proxy sending PROXY v1, pool on a ports list', () => {
    const lbs = readLoadBalancers([path.join(TF, 'gcp-proxies')]);
    expect(rows(lbs)).toEqual([
      { lb: 'google_compute_url_map.cf', port: '443', proto: 'https', tls: true, upgrade: true, xff: true, xfp: true, proxy: 'no/no', idle: 600, backend: '443 h2', at: 'main.tf:44', max: 3600 },
      { lb: 'google_compute_target_ssl_proxy.ws', port: '4443', proto: 'ssl', tls: true, upgrade: true, xff: false, xfp: false, proxy: 'no/v1', idle: 'unknown', backend: '? ssl', at: 'main.tf:63' },
      { lb: 'google_compute_target_pool.plain', port: '80', proto: 'tcp', tls: false, upgrade: true, xff: false, xfp: false, proxy: 'no/no', idle: 600, backend: 'same tcp', at: 'main.tf:73' },
      { lb: 'google_compute_target_pool.plain', port: '8080', proto: 'tcp', tls: false, upgrade: true, xff: false, xfp: false, proxy: 'no/no', idle: 600, backend: 'same tcp', at: 'main.tf:73' },
    ]);
    expect(hostnames(lbs)).toEqual({ 'google_compute_url_map.cf': ['doppler.sys.example.com @ main.tf:87'] });
    const max = lbs[0]!.listeners[0]!.evidence.find((e) => e.field === 'maxConnectionSeconds')!;
    expect(max.note).toContain('variable default: var.ws_timeout = 3600');
    expectEvidenceEverywhere(lbs);
  });

  it('Azure: LB rules with their idle timeouts, an Application Gateway joined by names', () => {
    const lbs = readLoadBalancers([path.join(TF, 'azure')]);
    const gw = (port: string, proto: string, at: number): Row => ({ lb: 'azurerm_application_gateway.cf', port, proto, tls: proto === 'https', upgrade: true, xff: true, xfp: true, proxy: 'no/no', idle: 'unknown', backend: '80 http', at: `main.tf:${at}` });
    expect(rows(lbs)).toEqual([
      { lb: 'azurerm_lb.cf', port: '443', proto: 'tcp', tls: false, upgrade: true, xff: false, xfp: false, proxy: 'no/no', idle: 240, backend: '443 tcp', at: 'main.tf:95' },
      { lb: 'azurerm_lb.cf', port: '80', proto: 'tcp', tls: false, upgrade: true, xff: false, xfp: false, proxy: 'no/no', idle: 1800, backend: '80 tcp', at: 'main.tf:104' },
      gw('80', 'http', 40),
      gw('443', 'https', 47),
      gw('4443', 'https', 55),
    ]);
    expect(lbs[1]!.listeners[2]!.hostnames).toEqual(['doppler.sys.example.com']);
    expect(hostnames(lbs)).toEqual({ 'azurerm_application_gateway.cf': ['*.sys.example.com @ main.tf:115'] });
    expectEvidenceEverywhere(lbs);
  });
});

describe('Terraform HCL semantics', () => {
  it('an unknown for_each on a dynamic block gives one listener with unknown values', () => {
    const [elb] = hcl('resource "aws_elb" "x" {\n  dynamic "listener" {\n    for_each = var.ports\n    content {\n      lb_port = listener.value\n      lb_protocol = "tcp"\n      instance_port = listener.value\n      instance_protocol = "tcp"\n    }\n  }\n}\n');
    expect(rows([elb!])).toEqual([{ lb: 'aws_elb.x', port: 'unknown', proto: 'tcp', tls: false, upgrade: true, xff: false, xfp: false, proxy: 'no/no', idle: 60, backend: '? tcp', at: 'main.tf:4' }]);
    expect(elb!.listeners[0]!.source.object).toBe('aws_elb.x dynamic "listener" over var.ports');
  });

  it('count from a variable default marks the LB conditional; count = 0 drops it; a known count keeps it', () => {
    const tf = (count: string) => `variable "n" { default = 0 }\nresource "aws_elb" "x" {\n  count = ${count}\n  listener {\n    lb_port = 80\n    lb_protocol = "tcp"\n    instance_port = 80\n    instance_protocol = "tcp"\n  }\n}\n`;
    expect(rows(hcl(tf('var.n')))[0]).toMatchObject({ cond: true });
    expect(hcl(tf('0'))).toEqual([]);
    expect(hcl(tf('var.n'), { n: 0 })).toEqual([]);
    expect(rows(hcl(tf('1')))[0]).not.toHaveProperty('cond');
    expect(hcl(tf('2')).map((lb) => lb.id)).toEqual(['aws_elb.x[0]', 'aws_elb.x[1]']);
  });

  it('resolves locals, functions and references to literal arguments; leaves computed ones unknown', () => {
    const [elb] = hcl(
      'locals {\n  port = 4000 + 443\n}\nresource "aws_elb" "x" {\n  idle_timeout = aws_elb.other.idle_timeout\n  listener {\n    lb_port = local.port\n    lb_protocol = upper("ssl")\n    instance_port = tonumber("80")\n    instance_protocol = "tcp"\n  }\n}\nresource "aws_elb" "other" {\n  idle_timeout = 75\n  name = "other"\n}\n',
    );
    expect(rows([elb!])[0]).toMatchObject({ port: '4443', proto: 'ssl', idle: 75, backend: '80 tcp' });
    const [computed] = hcl('resource "aws_elb" "x" {\n  idle_timeout = aws_elb.other.arn\n}\n');
    expect(computed!.listeners).toEqual([]);
  });

  it('a directory without primary files reads its override files as fragments', () => {
    const [elb] = terraformHclLoadBalancers([{ file: 'x_override.tf', text: 'resource "aws_elb" "x" {\n  listener {\n    lb_port = 80\n    lb_protocol = "http"\n    instance_port = 80\n    instance_protocol = "http"\n  }\n}\n' }]).loadBalancers;
    expect(rows([elb!])[0]).toMatchObject({ idle: 'unknown', proxy: 'no/?' });
    expect(elb!.listeners[0]!.evidence.find((e) => e.field === 'idleTimeoutSeconds')!.note).toBe('idle_timeout is not set in this override file, and its base configuration was not given');
  });

  it('GCP passthrough rules to a regional backend service, and a rule whose target is elsewhere', () => {
    const lbs = hcl('resource "google_compute_region_backend_service" "ws" {\n  protocol = "TCP"\n}\nresource "google_compute_forwarding_rule" "ws" {\n  backend_service = google_compute_region_backend_service.ws.id\n  ip_protocol = "TCP"\n  ports = ["443"]\n}\nresource "google_compute_forwarding_rule" "other" {\n  target = var.pool\n  port_range = "8443"\n}\n');
    expect(rows(lbs).map((r) => [r.lb, r.port, r.proto, r.upgrade, r.backend])).toEqual([
      ['google_compute_region_backend_service.ws', '443', 'tcp', true, 'same tcp'],
      ['google_compute_forwarding_rule.other', '8443', 'tcp', true, 'same tcp'],
    ]);
    expect(lbs[1]!.listeners[0]!.evidence.find((e) => e.field === 'backend.port')!.note).toContain('target var.pool is not in this configuration');
  });

  it('duplicate resources are an error, as in Terraform', () => {
    expect(() => hcl('resource "aws_elb" "x" {}\nresource "aws_elb" "x" {}\n')).toThrow(/duplicate resource "aws_elb" "x"/);
  });
});

describe('Terraform JSON', () => {
  it('terraform show -json of a plan: values known after apply join through configuration references', () => {
    const lbs = readLoadBalancers([path.join(JSON_DIR, 'plan.json')]);
    const elb = (port: string, proto: string, upgrade: boolean, headers: boolean, backend: string, at: number): Row => ({ lb: 'aws_elb.cf_router_lb', port, proto, tls: proto !== 'http', upgrade, xff: headers, xfp: headers, proxy: 'no/no', idle: 60, backend, at: `plan.json:${at}` });
    expect(rows(lbs)).toEqual([
      elb('80', 'http', false, true, '80 http', 19),
      elb('443', 'https', false, true, '80 http', 20),
      elb('4443', 'ssl', true, false, '80 tcp', 21),
      { lb: 'module.iso.aws_elb.iso[0]', port: '4443', proto: 'ssl', tls: true, upgrade: true, xff: false, xfp: false, proxy: 'no/no', idle: 120, backend: '80 tcp', at: 'plan.json:82' },
      { lb: 'aws_lb.cf_router', port: '443', proto: 'https', tls: true, upgrade: true, xff: true, xfp: true, proxy: 'no/no', idle: 300, backend: '443 https', at: 'plan.json:43' },
    ]);
    expect(hostnames(lbs)).toEqual({ 'aws_lb.cf_router': ['*.sys.example.com @ plan.json:63'] });
    expect(lbs[0]!.listeners[1]!.evidence.find((e) => e.field === 'frontendPort')!.source).toMatchObject({ format: 'terraform-json', line: 20, pointer: '/planned_values/root_module/resources/0/values/listener/1/lb_port' });
    expectEvidenceEverywhere(lbs);
  });

  it('raw state v4: resources joined by ARN, DNS records by the LB DNS name', () => {
    const lbs = readLoadBalancers([path.join(JSON_DIR, 'nlb.tfstate')]);
    expect(rows(lbs)).toEqual([{ lb: 'aws_lb.cf_router', port: '443', proto: 'tls', tls: true, upgrade: true, xff: false, xfp: false, proxy: 'no/v2', idle: 350, backend: '80 tcp', at: 'nlb.tfstate:33' }]);
    expect(hostnames(lbs)).toEqual({ 'aws_lb.cf_router': ['doppler.sys.example.com @ nlb.tfstate:78'] });
    expectEvidenceEverywhere(lbs);
  });
});
