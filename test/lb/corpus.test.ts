/**
 * The listener tables of the real LB files in ../shared/corpus, written from what each file
 * means (bosh-bootloader's docs/cf-lbs.md and templates, shared/reference/cf-domain.md §4),
 * not from this program's output.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/util/errors.js';
import { readLoadBalancers } from '../../src/lb/index.js';
import { CORPUS, HAVE_CORPUS, expectEvidenceEverywhere, hostnames, rows, warnWithoutCorpus, type Row } from './support.js';

const BBL = path.join(CORPUS, 'bosh-bootloader');
const AWS = path.join(BBL, 'terraform/aws/templates');
const GCP = path.join(BBL, 'terraform/gcp/templates');
const PATCHES = path.join(BBL, 'plan-patches');
const LB = path.join(CORPUS, 'lb');

warnWithoutCorpus('LB corpus tables');

// bbl's router ELB (docs/cf-lbs.md: "HTTP:80 to HTTP:80, HTTPS:443 to HTTP:80, TLS:4443 to TCP:80"),
// idle_timeout = var.elb_idle_timeout whose default is 60; the security group opens 80, 443, 4443.
const ELB = (at: [number, number, number], idle: number | 'unknown', extra: Partial<Row> = {}, lb = 'aws_elb.cf_router_lb', file = 'cf_lb.tf'): Row[] => [
  { lb, port: '80', proto: 'http', tls: false, upgrade: false, xff: true, xfp: true, proxy: 'no/no', idle, backend: '80 http', at: `${file}:${at[0]}`, ...extra },
  { lb, port: '443', proto: 'https', tls: true, upgrade: false, xff: true, xfp: true, proxy: 'no/no', idle, backend: '80 http', at: `${file}:${at[1]}`, ...extra },
  { lb, port: '4443', proto: 'ssl', tls: true, upgrade: true, xff: false, xfp: false, proxy: 'no/no', idle, backend: '80 tcp', at: `${file}:${at[2]}`, ...extra },
];
const SSH_ELB: Row = { lb: 'aws_elb.cf_ssh_lb', port: '2222', proto: 'tcp', tls: false, upgrade: true, xff: false, xfp: false, proxy: 'no/no', idle: 60, backend: '2222 tcp', at: 'cf_lb.tf:85', fw: true };
// dynamic "listener" over range(1024, 1124, 1), lb_port = instance_port = listener.value.
const TCP_ELB: Row = { lb: 'aws_elb.cf_tcp_lb', port: '1024-1123', proto: 'tcp', tls: false, upgrade: true, xff: false, xfp: false, proxy: 'no/no', idle: 60, backend: 'same tcp', at: 'cf_lb.tf:350', fw: true };
// iso_router_lb has `count = var.isolation_segments` (default "0") and no idle_timeout.
const ISO_ELB = (fw: boolean) => ELB([60, 67, 75], 60, { cond: true, ...(fw ? { fw: true } : {}) }, 'aws_elb.iso_router_lb', 'iso_segments.tf');

// GCP: the global HTTP(S) LB (one URL map, rules on 80 and 443) and TCP pass-through pools;
// the HTTP(S) backend service is generated outside these files (bbl template_generator.go).
const GCP_HTTP = (at: [string, string], idle: number | 'unknown', backend: string, max?: number): Row[] => [
  { lb: 'google_compute_url_map.cf-https-lb-url-map', port: '80', proto: 'http', tls: false, upgrade: true, xff: true, xfp: true, proxy: 'no/no', idle, backend, at: at[0], ...(max ? { max } : {}) },
  { lb: 'google_compute_url_map.cf-https-lb-url-map', port: '443', proto: 'https', tls: true, upgrade: true, xff: true, xfp: true, proxy: 'no/no', idle, backend, at: at[1], ...(max ? { max } : {}) },
];
const POOL = (lb: string, port: string, at: string, idle: number | 'unknown' = 600): Row => ({ lb: `google_compute_target_pool.${lb}`, port, proto: 'tcp', tls: false, upgrade: true, xff: false, xfp: false, proxy: 'no/no', idle, backend: 'same tcp', at });

describe.skipIf(!HAVE_CORPUS)('bosh-bootloader terraform/aws/templates', () => {
  it('reads the directory as one configuration: four ELBs and their DNS names', () => {
    const lbs = readLoadBalancers([AWS]);
    expect(rows(lbs)).toEqual([SSH_ELB, ...ELB([205, 212, 220], 60, { fw: true }), TCP_ELB, ...ISO_ELB(true)]);
    expect(hostnames(lbs)).toEqual({
      'aws_elb.cf_ssh_lb': ['ssh.${var.system_domain} @ cf_dns.tf:47'],
      'aws_elb.cf_router_lb': ['*.${var.system_domain} @ cf_dns.tf:38'],
      'aws_elb.cf_tcp_lb': ['tcp.${var.system_domain} @ cf_dns.tf:65'],
      'aws_elb.iso_router_lb': ['*.iso-seg.${var.system_domain} @ cf_dns.tf:76'],
    });
    expectEvidenceEverywhere(lbs);
  });

  it('marks the idle timeout as the variable default, at the idle_timeout line', () => {
    const router = readLoadBalancers([AWS]).find((lb) => lb.id === 'aws_elb.cf_router_lb')!;
    const idle = router.listeners[1]!.evidence.find((e) => e.field === 'idleTimeoutSeconds')!;
    expect(idle).toMatchObject({ value: 60, source: { line: 228 } });
    expect(idle.note).toMatch(/var\.elb_idle_timeout.*variable default: var\.elb_idle_timeout = 60 \(cf_lb\.tf:3\)/);
  });

  it('takes a caller-given variable over the default, and makes DNS names real', () => {
    const lbs = readLoadBalancers([AWS], { terraformVariables: { elb_idle_timeout: 300, system_domain: 'sys.example.com' } });
    const router = lbs.find((lb) => lb.id === 'aws_elb.cf_router_lb')!;
    expect(router.listeners.map((l) => l.idleTimeoutSeconds)).toEqual([300, 300, 300]);
    expect(router.hostnames).toEqual(['*.sys.example.com']);
  });

  it('reads each file alone', () => {
    const lbFile = readLoadBalancers([path.join(AWS, 'cf_lb.tf')]);
    expect(rows(lbFile)).toEqual([SSH_ELB, ...ELB([205, 212, 220], 60, { fw: true }), TCP_ELB]);
    expect(hostnames(lbFile)).toEqual({});
    // The iso ELB's security group is declared in cf_lb.tf, so alone nothing says what it admits.
    expect(rows(readLoadBalancers([path.join(AWS, 'iso_segments.tf')]))).toEqual(ISO_ELB(false));
    // DNS records alone are no load balancer: exit 2, never a silent pass.
    expect(() => readLoadBalancers([path.join(AWS, 'cf_dns.tf')])).toThrow(/cf_dns\.tf|no load balancer found \(read: 6 resources\)/);
  });
});

describe.skipIf(!HAVE_CORPUS)('bosh-bootloader terraform/gcp/templates', () => {
  it('has an HTTP(S) LB for *.<sys> and a separate TCP pool for doppler.<sys>', () => {
    const lbs = readLoadBalancers([GCP]);
    expect(rows(lbs)).toEqual([
      ...GCP_HTTP(['cf_lb.tf:48', 'cf_lb.tf:55'], 600, '? ?'),
      POOL('cf-ssh-proxy', '2222', 'cf_lb.tf:150'),
      POOL('cf-tcp-router', '1024-32768', 'cf_lb.tf:197'),
      POOL('cf-ws', '443', 'cf_lb.tf:221'),
      POOL('cf-ws', '80', 'cf_lb.tf:229'),
    ]);
    expect(hostnames(lbs)).toEqual({
      'google_compute_url_map.cf-https-lb-url-map': ['*.${var.system_domain} @ cf_dns.tf:16'],
      'google_compute_target_pool.cf-ssh-proxy': ['ssh.${var.system_domain} @ cf_dns.tf:38'],
      'google_compute_target_pool.cf-tcp-router': ['tcp.${var.system_domain} @ cf_dns.tf:49'],
      'google_compute_target_pool.cf-ws': ['doppler.${var.system_domain} @ cf_dns.tf:60', 'loggregator.${var.system_domain} @ cf_dns.tf:71', '*.ws.${var.system_domain} @ cf_dns.tf:82'],
    });
    expectEvidenceEverywhere(lbs);
  });

  it('says why the HTTP(S) backend is unknown', () => {
    const [http] = readLoadBalancers([path.join(GCP, 'cf_lb.tf')]);
    const backend = http!.listeners[0]!.evidence.find((e) => e.field === 'backend.port')!;
    expect(backend.note).toContain('google_compute_backend_service.router-lb-backend-service.self_link');
    expect(backend.note).toContain('not in this configuration');
  });

  it('reads each file alone', () => {
    expect(hostnames(readLoadBalancers([path.join(GCP, 'cf_lb.tf')]))).toEqual({});
    expect(() => readLoadBalancers([path.join(GCP, 'cf_dns.tf')])).toThrow('no load balancer found (read: 8 resources)');
  });
});

describe.skipIf(!HAVE_CORPUS)('bosh-bootloader plan-patches', () => {
  it('acm-aws alone: an override whose base is not given leaves base-settable values unknown', () => {
    const lbs = readLoadBalancers([path.join(PATCHES, 'acm-aws/terraform/lb_override.tf')]);
    const fragment = { idle: 'unknown' as const, proxy: 'no/?' };
    expect(rows(lbs)).toEqual([
      ...ELB([2, 9, 17], 'unknown', fragment, 'aws_elb.cf_router_lb', 'lb_override.tf'),
      ...ELB([2, 27, 35], 'unknown', fragment, 'aws_elb.iso_router_lb', 'lb_override.tf').slice(1),
    ]);
  });

  it('acm-aws over the base: its listener blocks replace the base ones; the rest stays', () => {
    const lbs = readLoadBalancers([AWS, path.join(PATCHES, 'acm-aws/terraform/lb_override.tf')]);
    expect(rows(lbs)).toEqual([SSH_ELB, ...ELB([2, 9, 17], 60, { fw: true }, 'aws_elb.cf_router_lb', 'lb_override.tf'), TCP_ELB, ...ELB([2, 27, 35], 60, { cond: true, fw: true }, 'aws_elb.iso_router_lb', 'lb_override.tf').slice(1)]);
  });

  it('alb-aws alone: an ALB whose 4443 listener forwards to instance port 4443', () => {
    const lbs = readLoadBalancers([path.join(PATCHES, 'alb-aws/terraform/cf-lb_override.tf')]);
    const alb = (port: string, proto: string, backend: string, at: number): Row => ({ lb: 'aws_lb.cf_router', port, proto, tls: proto === 'https', upgrade: true, xff: true, xfp: true, proxy: 'no/no', idle: 'unknown', backend, at: `cf-lb_override.tf:${at}` });
    expect(rows(lbs)).toEqual([alb('443', 'https', '443 https', 9), alb('4443', 'https', '4443 https', 34), alb('80', 'http', '80 http', 59)]);
    expect(hostnames(lbs)).toEqual({ 'aws_lb.cf_router': ['*.${var.system_domain} @ cf-lb_override.tf:141'] });
  });

  it('alb-aws over the base: Terraform rejects it, and so does the reader', () => {
    // `terraform validate` on the two: "Missing resource to override ... There is no aws_lb resource named "cf_router"".
    const read = () => readLoadBalancers([AWS, path.join(PATCHES, 'alb-aws/terraform/cf-lb_override.tf')]);
    expect(read).toThrow(InputError);
    expect(read).toThrow(/Missing resource to override: there is no aws_lb resource named "cf_router"/);
    try {
      read();
    } catch (error) {
      expect((error as InputError).line).toBe(1);
      expect(path.basename((error as InputError).file!)).toBe('cf-lb_override.tf');
    }
  });

  it('network-lb-gcp alone: a regional TCP LB on 80 and 443 for *.<zone>', () => {
    const lbs = readLoadBalancers([path.join(PATCHES, 'network-lb-gcp/terraform/network_lb_override.tf')]);
    expect(rows(lbs)).toEqual([POOL('router-lb-target-pool', '80', 'network_lb_override.tf:13', 'unknown'), POOL('router-lb-target-pool', '443', 'network_lb_override.tf:25', 'unknown')]);
    expect(hostnames(lbs)).toEqual({ 'google_compute_target_pool.router-lb-target-pool': ['*.${google_dns_managed_zone.env_dns_zone.dns_name} @ network_lb_override.tf:95'] });
  });

  it('network-lb-gcp over the current base: Terraform rejects it (google_compute_address "cf-address" is new)', () => {
    expect(() => readLoadBalancers([GCP, path.join(PATCHES, 'network-lb-gcp/terraform/network_lb_override.tf')])).toThrow(/there is no google_compute_address resource named "cf-address"/);
  });
});

describe.skipIf(!HAVE_CORPUS)('corpus/lb', () => {
  it('bbl 2017 CloudFormation: the same router ELB, ports as strings', () => {
    const lbs = readLoadBalancers([path.join(LB, 'bosh-bootloader__aws__cloudformation__templates__fixtures__cloudformation_with_cf_elb.json')]);
    const file = 'bosh-bootloader__aws__cloudformation__templates__fixtures__cloudformation_with_cf_elb.json';
    expect(rows(lbs)).toEqual([
      ...ELB([278, 284, 291], 60, { fw: true }, 'CFRouterLoadBalancer', file),
      { lb: 'CFSSHProxyLoadBalancer', port: '2222', proto: 'tcp', tls: false, upgrade: true, xff: false, xfp: false, proxy: 'no/no', idle: 60, backend: '2222 tcp', at: `${file}:370`, fw: true },
    ]);
    expectEvidenceEverywhere(lbs);
  });

  it('bbl GCP state v3: everything resolved, the HTTP(S) backend is 443 HTTPS for at most 900 s', () => {
    const file = 'bosh-bootloader__storage__fixtures__upped__vars__terraform.tfstate';
    const lbs = readLoadBalancers([path.join(LB, file)]);
    expect(rows(lbs)).toEqual([
      POOL('cf-ssh-proxy', '2222', `${file}:709`),
      POOL('cf-tcp-router', '1024-32768', `${file}:740`),
      POOL('cf-ws', '80', `${file}:771`),
      POOL('cf-ws', '443', `${file}:802`),
      ...GCP_HTTP([`${file}:859`, `${file}:887`], 600, '443 https', 900),
    ]);
    const ws = lbs.find((lb) => lb.id === 'google_compute_target_pool.cf-ws')!;
    expect(ws.listeners.map((l) => l.evidence.find((e) => e.field === 'frontendPort')!.source.line)).toEqual([780, 811]);
    expectEvidenceEverywhere(lbs);
  });

  it('deckhouse nginx: a local status server and two stream proxies that send PROXY v1', () => {
    const file = 'deckhouse__modules__402-ingress-nginx__images__proxy-failover__conf__nginx.conf.tpl';
    const id = 'deckhouse__modules__402-ingress-nginx__images__proxy-failover__conf__nginx';
    const lbs = readLoadBalancers([path.join(LB, file)]);
    expect(rows(lbs)).toEqual([
      { lb: id, port: '10253', proto: 'http', tls: false, upgrade: false, xff: false, xfp: false, proxy: 'no/no', idle: 'unknown', backend: '? ?', at: `${file}:21` },
      { lb: id, port: '1081', proto: 'tcp', tls: false, upgrade: true, xff: false, xfp: false, proxy: 'no/v1', idle: 43200, backend: '80 tcp', at: `${file}:49` },
      { lb: id, port: '1444', proto: 'tcp', tls: false, upgrade: true, xff: false, xfp: false, proxy: 'no/v1', idle: 43200, backend: '443 tcp', at: `${file}:54` },
    ]);
    expectEvidenceEverywhere(lbs);
  });
});
