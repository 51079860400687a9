/**
 * Terraform shapes beyond bosh-bootloader's templates (issue 12): local modules two levels
 * deep, dynamic blocks over tfvars lists, Terraform 0.11 attribute blocks, and inputs that
 * yield no load balancer. Every listener fact is checked at its file:line.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLoadBalancerInputs, readLoadBalancers } from '../../src/lb/index.js';
import { terraformHclLoadBalancers } from '../../src/lb/terraform-hcl.js';
import { InputError } from '../../src/util/errors.js';
import { expectEvidenceEverywhere, FIXTURES, hostnames, rows, type Row } from './support.js';

const MODULES = path.join(FIXTURES, 'terraform/modules');
const ROOT = path.join(MODULES, 'root');
const CF_LB = path.join(MODULES, 'modules/cf-lb');

/** What `terraform.tfvars` of the root gives the module `cf`. */
const ROOT_VARIABLES = { env_name: 'prod', system_domain: 'sys.example.com', ws_ports: [443, 4443] };

function withoutModulePrefix(lbs: ReturnType<typeof readLoadBalancers>, prefix: string) {
  return rows(lbs).map((r) => ({ ...r, lb: r.lb.replace(prefix, '') }));
}

/** Evidence of one field of a listener: value and basename:line. */
function fact(lbs: ReturnType<typeof readLoadBalancers>, lb: string, port: number, field: string) {
  const listener = lbs.find((l) => l.id === lb)!.listeners.find((l) => l.frontendPort === port)!;
  const e = listener.evidence.find((x) => x.field === field)!;
  return { value: e.value, at: `${path.relative(MODULES, e.source.file)}:${e.source.line}`, note: e.note };
}

describe('local modules', () => {
  const elb = (port: string, proto: 'http' | 'ssl', at: number): Row =>
    proto === 'http'
      ? { lb: 'module.cf.aws_elb.router', port, proto, tls: false, upgrade: false, xff: true, xfp: true, proxy: 'no/no', idle: 300, backend: '80 http', at: `main.tf:${at}` }
      : { lb: 'module.cf.aws_elb.router', port, proto, tls: true, upgrade: true, xff: false, xfp: false, proxy: 'no/no', idle: 300, backend: '80 tcp', at: `main.tf:${at}` };
  const nlb: Row = { lb: 'module.cf.module.tcp.aws_lb.tcp', port: '1024', proto: 'tcp', tls: false, upgrade: true, xff: false, xfp: false, proxy: 'no/no', idle: 350, backend: '1024 tcp', at: 'main.tf:15' };

  it('a root that only calls modules: resources two levels deep, with tfvars through module arguments', () => {
    const lbs = readLoadBalancers([ROOT]);
    // ws_ports = [443, 4443] in the root's terraform.tfvars, passed as the module argument; the
    // module's own default is [443].
    expect(rows(lbs)).toEqual([elb('80', 'http', 5), elb('443', 'ssl', 14), elb('4443', 'ssl', 14), nlb]);
    expect(hostnames(lbs)).toEqual({ 'module.cf.aws_elb.router': ['*.sys.example.com @ main.tf:32'], 'module.cf.module.tcp.aws_lb.tcp': ['tcp.sys.example.com @ main.tf:40'] });
    expectEvidenceEverywhere(lbs);
  });

  it('keeps file:line of every fact in the module files, and says where module values came from', () => {
    const lbs = readLoadBalancers([ROOT]);
    expect(fact(lbs, 'module.cf.aws_elb.router', 4443, 'frontendPort')).toMatchObject({ value: 4443, at: 'modules/cf-lb/main.tf:15' });
    expect(fact(lbs, 'module.cf.aws_elb.router', 4443, 'protocol')).toMatchObject({ value: 'ssl', at: 'modules/cf-lb/main.tf:16' });
    expect(fact(lbs, 'module.cf.aws_elb.router', 4443, 'backend.port')).toMatchObject({ value: 80, at: 'modules/cf-lb/main.tf:17' });
    const idle = fact(lbs, 'module.cf.aws_elb.router', 443, 'idleTimeoutSeconds');
    expect(idle).toMatchObject({ value: 300, at: 'modules/cf-lb/main.tf:3' });
    expect(idle.note).toContain('variable default: var.idle_timeout = 300 (variables.tf:15)');
    const port = fact(lbs, 'module.cf.module.tcp.aws_lb.tcp', 1024, 'frontendPort');
    expect(port).toMatchObject({ value: 1024, at: 'modules/cf-lb/listeners/main.tf:17' });
    expect(port.note).toBe('var.port: var.port from module.cf.module.tcp: port = 1024 (main.tf:27)');
  });

  it('gives the same listeners as the module directory read with the same variables', () => {
    const fromRoot = withoutModulePrefix(readLoadBalancers([ROOT]), 'module.cf.');
    const fromModule = withoutModulePrefix(readLoadBalancers([CF_LB], { terraformVariables: ROOT_VARIABLES }), '');
    expect(fromRoot).toEqual(fromModule);
    expect(fromRoot).toHaveLength(4);
  });

  it('the module directory alone takes its own defaults: the dynamic block over ws_ports gives 443 only', () => {
    const lbs = readLoadBalancers([CF_LB]);
    expect(rows(lbs).map((r) => `${r.lb}:${r.port}`)).toEqual(['aws_elb.router:80', 'aws_elb.router:443', 'module.tcp.aws_lb.tcp:1024']);
  });

  it('names what it read and the remote module it did not fetch', () => {
    const { inputs } = readLoadBalancerInputs([ROOT]);
    expect(inputs).toHaveLength(1);
    expect(inputs[0]).toMatchObject({ format: 'terraform-hcl', read: ['2 modules', '6 resources'], notUnderstood: [] });
    expect(inputs[0]!.notes).toEqual(['module.vpc (main.tf:10): source "terraform-aws-modules/vpc/aws" is not a local path, and remote modules (registry, git, http) are not fetched: not read']);
  });
});

describe('inputs that yield no load balancer are exit 2, never a silent pass', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cfws-tf-'));
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  };

  it('a root whose modules are remote or missing: the error names them', () => {
    const root = path.dirname(write('remote/main.tf', 'module "lb" {\n  source = "git::https://example.com/lb.git"\n}\nmodule "gone" {\n  source = "../nowhere"\n}\n'));
    try {
      readLoadBalancers([root]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).render()).toBe(
        `${root}: no load balancer found (read: 0 resources; module.lb (main.tf:1): source "git::https://example.com/lb.git" is not a local path, and remote modules (registry, git, http) are not fetched: not read; module.gone (main.tf:4): source "../nowhere" does not exist (${path.join(dir, 'nowhere')}): not read)`,
      );
    }
  });

  it('load-balancer resources this reader does not map are named as not understood', () => {
    const file = path.join(FIXTURES, 'terraform/alicloud-slb/main.tf');
    expect(() => readLoadBalancers([file])).toThrow(new InputError('no load balancer found (read: 2 resources; not understood: alicloud_slb_listener, alicloud_slb_load_balancer)', { file }));
  });
});

describe('Terraform 0.11 attribute syntax', () => {
  it('reads `listener = [{ … }]` like listener blocks, each fact at its line', () => {
    const text = 'resource "aws_elb" "cf" {\n  listener = [\n    {\n      lb_port = 443\n      lb_protocol = "https"\n      instance_port = 80\n      instance_protocol = "http"\n    },\n    {\n      lb_port = "4443"\n      lb_protocol = "ssl"\n      instance_port = 80\n      instance_protocol = "tcp"\n    },\n  ]\n}\n';
    const lbs = terraformHclLoadBalancers([{ file: 'elb.tf', text }]).loadBalancers;
    expect(rows(lbs)).toEqual([
      { lb: 'aws_elb.cf', port: '443', proto: 'https', tls: true, upgrade: false, xff: true, xfp: true, proxy: 'no/no', idle: 60, backend: '80 http', at: 'elb.tf:3' },
      { lb: 'aws_elb.cf', port: '4443', proto: 'ssl', tls: true, upgrade: true, xff: false, xfp: false, proxy: 'no/no', idle: 60, backend: '80 tcp', at: 'elb.tf:9' },
    ]);
    expect(lbs[0]!.listeners[1]!.evidence.find((e) => e.field === 'frontendPort')!.source.line).toBe(10);
    expectEvidenceEverywhere(lbs);
  });

  it('a `listener = var.x` that cannot be worked out is a listener with an unknown port', () => {
    const lbs = terraformHclLoadBalancers([{ file: 'elb.tf', text: 'resource "aws_elb" "cf" {\n  listener = "${var.listeners}"\n}\n' }]).loadBalancers;
    expect(rows(lbs)).toEqual([{ lb: 'aws_elb.cf', port: 'unknown', proto: 'unknown', tls: 'unknown', upgrade: 'unknown', xff: 'unknown', xfp: 'unknown', proxy: 'no/no', idle: 60, backend: '? ?', at: 'elb.tf:2' }]);
  });
});

describe('ALB listener rules', () => {
  const ALB = path.join(FIXTURES, 'terraform/alb-rules');
  const route = (port: string, backend: string, at: number): Row => ({ lb: 'aws_lb.cf', port, proto: 'https', tls: true, upgrade: true, xff: true, xfp: true, proxy: 'no/no', idle: 3600, backend, at: `main.tf:${at}` });

  it('each rule is a route of the listener, a weighted forward one per target group, the fixed-response default last', () => {
    const lbs = readLoadBalancers([ALB]);
    expect(rows(lbs)).toEqual([
      route('443', '8081 https', 39),
      route('443', '443 https', 55),
      route('443', '8443 https', 55),
      // The default action answers 404 itself: nothing reaches a backend, so no Upgrade either.
      { ...route('443', '? ?', 25), upgrade: false },
    ]);
    expect(lbs[0]!.listeners.map((l) => l.route)).toEqual([
      { frontend: 'aws_lb_listener.https', priority: 10, hosts: ['doppler.*'] },
      { frontend: 'aws_lb_listener.https', priority: 20, hosts: ['*.${var.system_domain}'] },
      { frontend: 'aws_lb_listener.https', priority: 20, hosts: ['*.${var.system_domain}'] },
      { frontend: 'aws_lb_listener.https' },
    ]);
    expectEvidenceEverywhere(lbs);
  });

  it('file:line of the rule facts: the host condition, the action target group, the listener port', () => {
    const [doppler] = readLoadBalancers([ALB])[0]!.listeners;
    const at = (field: string) => {
      const e = doppler!.evidence.find((x) => x.field === field)!;
      return `${path.basename(e.source.file)}:${e.source.line} ${JSON.stringify(e.value)}`;
    };
    expect(at('backend.port')).toBe('main.tf:21 8081');
    expect(at('frontendPort')).toBe('main.tf:27 443');
    expect(at('idleTimeoutSeconds')).toBe('main.tf:7 3600');
  });

  it('a host takes the first rule that matches, else the default action', async () => {
    const { routesForHost } = await import('../../src/lb/listener-routes.js');
    const [alb] = readLoadBalancers([ALB]);
    const taken = (host: string) => routesForHost(alb!.listeners, host).map((l) => `${l.route!.priority ?? 'default'}:${String(l.backend.port)}`);
    expect(taken('doppler.((system_domain))')).toEqual(['10:8081']);
    expect(taken('doppler.sys.example.com')).toEqual(['10:8081']);
    // *.${var.system_domain} matches *.((system_domain)) by the variable's name: both target groups.
    expect(taken('login.((system_domain))')).toEqual(['20:443', '20:8443']);
    // A concrete host against a pattern holding a variable: the rule may match, or the default answers.
    expect(taken('login.sys.example.com')).toEqual(['20:443', '20:8443', 'default:unknown']);
  });

  it('rules with conditions it cannot decide keep the default action as a candidate', async () => {
    const { routesForHost } = await import('../../src/lb/listener-routes.js');
    const text = [
      'resource "aws_lb" "x" {}',
      'resource "aws_lb_target_group" "a" {\n  port = 80\n  protocol = "HTTP"\n}',
      'resource "aws_lb_listener" "l" {\n  load_balancer_arn = aws_lb.x.arn\n  port = 443\n  protocol = "HTTPS"\n  default_action {\n    type = "redirect"\n  }\n}',
      'resource "aws_lb_listener_rule" "api" {\n  listener_arn = aws_lb_listener.l.arn\n  priority = 5\n  action {\n    type = "forward"\n    target_group_arn = aws_lb_target_group.a.arn\n  }\n  condition {\n    path_pattern {\n      values = ["/v2/*"]\n    }\n  }\n}',
      // Terraform AWS provider 1.x condition syntax.
      'resource "aws_lb_listener_rule" "old" {\n  listener_arn = aws_lb_listener.l.arn\n  priority = 7\n  action {\n    type = "forward"\n    target_group_arn = aws_lb_target_group.a.arn\n  }\n  condition {\n    field = "host-header"\n    values = ["doppler.sys.example.com"]\n  }\n}',
    ].join('\n');
    const [alb] = terraformHclLoadBalancers([{ file: 'alb.tf', text }]).loadBalancers;
    expect(alb!.listeners.map((l) => l.route)).toEqual([
      { frontend: 'aws_lb_listener.l', priority: 5, undecided: 'path_pattern /v2/*: only requests on those paths match' },
      { frontend: 'aws_lb_listener.l', priority: 7, hosts: ['doppler.sys.example.com'] },
      { frontend: 'aws_lb_listener.l' },
    ]);
    const taken = (host: string) => routesForHost(alb!.listeners, host).map((l) => l.route!.priority ?? 'default');
    expect(taken('doppler.sys.example.com')).toEqual([5, 7]);
    expect(taken('login.sys.example.com')).toEqual([5, 'default']);
  });
});

describe('NSX-T', () => {
  const NSXT = path.join(FIXTURES, 'terraform');
  const evidence = (lbs: ReturnType<typeof readLoadBalancers>, port: number, field: string) => {
    const e = lbs[0]!.listeners.find((l) => l.frontendPort === port)!.evidence.find((x) => x.field === field)!;
    return { value: e.value, at: `${path.basename(e.source.file)}:${e.source.line}`, note: e.note };
  };

  it('policy API: an HTTPS virtual server with an HTTP profile, a fast-TCP one, a built-in TCP profile by lookup', () => {
    const lbs = readLoadBalancers([path.join(NSXT, 'nsxt-policy')]);
    expect(lbs.map((lb) => [lb.id, lb.kind])).toEqual([['nsxt_policy_lb_service.cf', 'nsxt']]);
    expect(rows(lbs)).toEqual([
      // x_forwarded_for INSERT; X-Forwarded-Proto has no profile setting; response_timeout 900 is the WebSocket idle limit.
      { lb: 'nsxt_policy_lb_service.cf', port: '443', proto: 'https', tls: true, upgrade: true, xff: true, xfp: 'unknown', proxy: 'no/no', idle: 900, backend: '443 https', at: 'main.tf:40' },
      { lb: 'nsxt_policy_lb_service.cf', port: '4443', proto: 'tcp', tls: false, upgrade: true, xff: false, xfp: false, proxy: 'no/no', idle: 1800, backend: '443 tcp', at: 'main.tf:57' },
      { lb: 'nsxt_policy_lb_service.cf', port: '1024-1123', proto: 'tcp', tls: false, upgrade: true, xff: false, xfp: false, proxy: 'no/no', idle: 1800, backend: 'same tcp', at: 'main.tf:67' },
    ]);
    expect(evidence(lbs, 443, 'addsXForwardedFor')).toMatchObject({ value: true, at: 'main.tf:12', note: 'x_forwarded_for INSERT: the client address is appended' });
    expect(evidence(lbs, 443, 'idleTimeoutSeconds')).toMatchObject({ value: 900, at: 'main.tf:14' });
    expect(evidence(lbs, 443, 'passesUpgrade').note).toBe('an NSX-T HTTP application profile supports HTTP Upgrade (WebSocket)');
    expect(evidence(lbs, 443, 'terminatesTls')).toMatchObject({ value: true, at: 'main.tf:48' });
    expect(evidence(lbs, 443, 'backend.port')).toMatchObject({ value: 443, at: 'main.tf:28' });
    expect(evidence(lbs, 4443, 'backend.port')).toMatchObject({ value: 443, at: 'main.tf:61' });
    expect(evidence(lbs, 4443, 'idleTimeoutSeconds')).toMatchObject({ value: 1800, at: 'main.tf:19' });
    expectEvidenceEverywhere(lbs);
  });

  it('manager API: an HTTP virtual server whose profile sets no X-Forwarded-For, a TCP one with the default profile', () => {
    const lbs = readLoadBalancers([path.join(NSXT, 'nsxt-manager')]);
    expect(rows(lbs)).toEqual([
      { lb: 'nsxt_lb_service.cf', port: '80', proto: 'http', tls: false, upgrade: true, xff: false, xfp: 'unknown', proxy: 'no/no', idle: 60, backend: '80 http', at: 'lb.tf:25' },
      { lb: 'nsxt_lb_service.cf', port: '443', proto: 'tcp', tls: false, upgrade: true, xff: false, xfp: false, proxy: 'no/no', idle: 1800, backend: 'same tcp', at: 'lb.tf:32' },
    ]);
    expect(evidence(lbs, 80, 'addsXForwardedFor').note).toBe('x_forwarded_for not set: the header is left as the client sent it');
    expect(evidence(lbs, 80, 'idleTimeoutSeconds').note).toContain('response_timeout not set: response_timeout defaults to 60 s');
    expectEvidenceEverywhere(lbs);
  });

  it('a virtual server whose profile and ports come from outside the configuration: unknowns with the reason', () => {
    const text = 'resource "nsxt_policy_lb_virtual_server" "vs" {\n  ports = var.ports\n  application_profile_path = data.nsxt_policy_lb_app_profile.p.path\n}\n';
    const lbs = terraformHclLoadBalancers([{ file: 'vs.tf', text }]).loadBalancers;
    expect(rows(lbs)).toEqual([{ lb: 'nsxt_policy_lb_virtual_server.vs', port: 'unknown', proto: 'unknown', tls: 'unknown', upgrade: 'unknown', xff: 'unknown', xfp: 'unknown', proxy: '?/?', idle: 'unknown', backend: '? ?', at: 'vs.tf:1' }]);
    const protocol = lbs[0]!.listeners[0]!.evidence.find((e) => e.field === 'protocol')!;
    expect(protocol.note).toContain('data.nsxt_policy_lb_app_profile.p.path: the profile is not in this configuration, so whether the virtual server is layer 4 or layer 7 is not known');
  });
});

describe('Azure Application Gateway names written as expressions', () => {
  it('joins listener, port, rule and backend settings by expressions that cannot be worked out, and reads request_timeout', () => {
    const text = [
      'locals {',
      '  port_name     = "${var.env}-feport"',
      '  listener_name = "${var.env}-httplstn"',
      '  settings_name = "${var.env}-be-htst"',
      '}',
      'resource "azurerm_application_gateway" "cf" {',
      '  frontend_port {',
      '    name = local.port_name',
      '    port = 443',
      '  }',
      '  http_listener {',
      '    name               = local.listener_name',
      '    frontend_port_name = local.port_name',
      '    protocol           = "Https"',
      '  }',
      '  backend_http_settings {',
      '    name            = local.settings_name',
      '    port            = 80',
      '    protocol        = "Http"',
      '    request_timeout = var.timeout',
      '  }',
      '  request_routing_rule {',
      '    http_listener_name         = local.listener_name',
      '    backend_http_settings_name = local.settings_name',
      '  }',
      '}',
      'variable "timeout" {',
      '  default = 3600',
      '}',
      '',
    ].join('\n');
    const lbs = terraformHclLoadBalancers([{ file: 'agw.tf', text }]).loadBalancers;
    expect(rows(lbs)).toEqual([{ lb: 'azurerm_application_gateway.cf', port: '443', proto: 'https', tls: true, upgrade: true, xff: true, xfp: true, proxy: 'no/no', idle: 'unknown', backend: '80 http', at: 'agw.tf:11' }]);
    const idle = lbs[0]!.listeners[0]!.evidence.find((e) => e.field === 'idleTimeoutSeconds')!;
    expect(idle.source.line).toBe(20);
    expect(idle.note).toMatch(/^request_timeout 3600 s \(var\.timeout: variable default: var\.timeout = 3600 \(agw\.tf:28\)\): whether it bounds an upgraded WebSocket is not documented$/);
    expect(lbs[0]!.listeners[0]!.evidence.find((e) => e.field === 'frontendPort')).toMatchObject({ value: 443, source: { line: 9 } });
    expectEvidenceEverywhere(lbs);
  });
});

describe('OpenStack LBaaS v2 / Octavia', () => {
  it('listener, pool and members: TCP relays, TERMINATED_HTTPS with inserted headers, PROXY pools, client timeouts', () => {
    const text = [
      'resource "openstack_lb_loadbalancer_v2" "cf" {\n  vip_subnet_id = var.subnet\n}',
      'resource "openstack_lb_listener_v2" "tcp" {\n  loadbalancer_id = openstack_lb_loadbalancer_v2.cf.id\n  protocol = "TCP"\n  protocol_port = 443\n  timeout_client_data = 900000\n}',
      'resource "openstack_lb_pool_v2" "tcp" {\n  listener_id = openstack_lb_listener_v2.tcp.id\n  protocol = "PROXY"\n  lb_method = "ROUND_ROBIN"\n}',
      'resource "openstack_lb_member_v2" "router" {\n  pool_id = openstack_lb_pool_v2.tcp.id\n  address = "10.0.16.4"\n  protocol_port = 443\n}',
      'resource "openstack_lb_listener_v2" "https" {\n  loadbalancer_id = openstack_lb_loadbalancer_v2.cf.id\n  protocol = "TERMINATED_HTTPS"\n  protocol_port = 4443\n  default_pool_id = openstack_lb_pool_v2.http.id\n  insert_headers = {\n    X-Forwarded-For = "true"\n  }\n}',
      'resource "openstack_lb_pool_v2" "http" {\n  loadbalancer_id = openstack_lb_loadbalancer_v2.cf.id\n  protocol = "HTTP"\n}',
      '',
    ].join('\n');
    const lbs = terraformHclLoadBalancers([{ file: 'os.tf', text }]).loadBalancers;
    expect(rows(lbs)).toEqual([
      { lb: 'openstack_lb_loadbalancer_v2.cf', port: '443', proto: 'tcp', tls: false, upgrade: true, xff: false, xfp: false, proxy: 'no/v1', idle: 900, backend: '443 tcp', at: 'os.tf:4' },
      // Whether the provider passes Upgrade on an HTTP listener is not documented; Octavia's 50 s client timeout applies.
      { lb: 'openstack_lb_loadbalancer_v2.cf', port: '4443', proto: 'https', tls: true, upgrade: 'unknown', xff: true, xfp: false, proxy: 'no/no', idle: 50, backend: '? http', at: 'os.tf:20' },
    ]);
    expect(lbs[0]!.listeners[1]!.evidence.find((e) => e.field === 'backend.port')!.note).toBe('no members of openstack_lb_pool_v2.http in this configuration (BOSH may register them through a vm_extension\'s loadbalancer_pools)');
    expectEvidenceEverywhere(lbs);
  });
});

describe('dynamic blocks and for_each', () => {
  const elbWithDynamic = 'variable "ws_ports" {\n  default = [443]\n}\nresource "aws_elb" "cf" {\n  dynamic "listener" {\n    for_each = var.ws_ports\n    content {\n      lb_port           = listener.value\n      lb_protocol       = "ssl"\n      instance_port     = 80\n      instance_protocol = "tcp"\n    }\n  }\n}\n';

  it('a dynamic block over a tfvars list: one listener per element, each fact at the content block line', () => {
    const lbs = terraformHclLoadBalancers([{ file: 'main.tf', text: elbWithDynamic }], [{ file: 'terraform.tfvars', text: 'ws_ports = [443, 4443]\n' }]).loadBalancers;
    const ssl = (port: string): Row => ({ lb: 'aws_elb.cf', port, proto: 'ssl', tls: true, upgrade: true, xff: false, xfp: false, proxy: 'no/no', idle: 60, backend: '80 tcp', at: 'main.tf:7' });
    expect(rows(lbs)).toEqual([ssl('443'), ssl('4443')]);
    expect(lbs[0]!.listeners[1]!.evidence.find((e) => e.field === 'frontendPort')).toMatchObject({ value: 4443, source: { file: 'main.tf', line: 8, col: 27 } });
    expectEvidenceEverywhere(lbs);
  });

  it('the same block over the variable default when no tfvars says otherwise', () => {
    expect(rows(terraformHclLoadBalancers([{ file: 'main.tf', text: elbWithDynamic }]).loadBalancers).map((r) => r.port)).toEqual(['443']);
  });

  it('a resource for_each over a variable default: its instances, conditional on that default', () => {
    const text = 'variable "ports" {\n  default = ["80", "443"]\n}\nresource "aws_lb" "nlb" {\n  load_balancer_type = "network"\n}\nresource "aws_lb_listener" "l" {\n  for_each = toset(var.ports)\n  load_balancer_arn = aws_lb.nlb.arn\n  port = each.value\n  protocol = "TCP"\n  default_action {\n    type = "forward"\n  }\n}\n';
    const lbs = terraformHclLoadBalancers([{ file: 'nlb.tf', text }]).loadBalancers;
    expect(rows(lbs).map((r) => [r.port, r.cond])).toEqual([['80', true], ['443', true]]);
    expect(lbs[0]!.listeners[0]!.evidence.find((e) => e.field === 'conditional')!.value).toBe(true);
  });
});

describe('count over a variable default that is not known', () => {
  it('a count from a default and an unknown value is one conditional instance (fuzz regression: Symbol to number)', () => {
    const text = 'variable "n" {\n  default = 1\n}\nresource "aws_elb" "x" {\n  count = var.n + var.m\n  listener {\n    lb_port = 80\n    lb_protocol = "tcp"\n    instance_port = 80\n    instance_protocol = "tcp"\n  }\n}\n';
    const lbs = terraformHclLoadBalancers([{ file: 'main.tf', text }]).loadBalancers;
    expect(rows(lbs).map((r) => [r.lb, r.cond])).toEqual([['aws_elb.x', true]]);
  });
});
