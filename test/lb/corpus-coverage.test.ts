/**
 * Every load-balancer file (and Terraform directory) of ../shared/corpus either yields
 * listeners or is refused with exit 2 naming what could not be read: none passes silently.
 * The second batch's shapes (terraforming-style modules, NSX-T, an ALB without a port-80
 * listener, FlexibleEngine LBaaS) are checked against what each file means (SOURCES.md).
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/util/errors.js';
import { readLoadBalancerInputs, readLoadBalancers } from '../../src/lb/index.js';
import { CORPUS, HAVE_CORPUS, expectEvidenceEverywhere, rows, warnWithoutCorpus, type Row } from './support.js';

warnWithoutCorpus('LB corpus coverage');

/** `.tf` files, the directories that hold them, state files and everything under lb/. */
function corpusLbInputs(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    const names = readdirSync(dir).sort();
    if (names.some((n) => n.endsWith('.tf'))) found.push(dir);
    for (const name of names) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.tf') || name.endsWith('.tfstate') || path.basename(dir) === 'lb') found.push(full);
    }
  };
  walk(CORPUS);
  return found;
}

describe.skipIf(!HAVE_CORPUS)('every LB input in the corpus', () => {
  const inputs = HAVE_CORPUS ? corpusLbInputs() : [];

  it('finds the LB inputs (the corpus has not moved)', () => {
    expect(inputs.length).toBeGreaterThanOrEqual(30);
  });

  it.each(inputs.map((input) => ({ input: path.relative(CORPUS, input), full: input })))('$input: listeners, or exit 2 naming what was not read', ({ full }) => {
    let listeners = 0;
    try {
      listeners = readLoadBalancerInputs([full]).loadBalancers.flatMap((lb) => lb.listeners).length;
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      const e = error as InputError;
      expect(e.file).toBeTruthy();
      // Either a syntax error at a line, or what was read and what was not.
      expect(e.line !== undefined || /no load balancer found \(read|not a load-balancer configuration this tool reads/.test(e.message), e.render()).toBe(true);
      return;
    }
    expect(listeners).toBeGreaterThan(0);
  });
});

describe.skipIf(!HAVE_CORPUS)('second-batch shapes', () => {
  it('nsx-t-terraform@90be705: the root reads module "pas" (NSX-T manager API), a TCP virtual server on 443 only', () => {
    // The root's terraform.tfvars is not valid HCL as committed (SOURCES.md): the directory is refused, as terraform would.
    expect(() => readLoadBalancers([path.join(CORPUS, 'nsx-t-terraform@90be705')])).toThrow(expect.objectContaining({ file: path.join(CORPUS, 'nsx-t-terraform@90be705/terraform.tfvars'), line: 1 }));
    const lbs = readLoadBalancers([path.join(CORPUS, 'nsx-t-terraform@90be705/main.tf')]);
    const vs = (port: string, at: number): Row => ({ lb: 'module.pas.nsxt_lb_service.pcf_lb', port, proto: 'tcp', tls: false, upgrade: true, xff: false, xfp: false, proxy: 'no/no', idle: 1800, backend: 'same tcp', at: `lb.tf:${at}` });
    // routers 443, diego brains 2222, istio 443: a fast-TCP profile with idle_timeout 1800; no 80, no 4443.
    expect(rows(lbs)).toEqual([vs('443', 111), vs('2222', 121), vs('443', 132)]);
    const idle = lbs[0]!.listeners[0]!.evidence.find((e) => e.field === 'idleTimeoutSeconds')!;
    expect(idle).toMatchObject({ value: 1800, source: { line: 108 } });
    expectEvidenceEverywhere(lbs);
  });

  it('nsx-t-terraform (policy API): every module source is missing, so exit 2 names them, grouped', () => {
    try {
      readLoadBalancers([path.join(CORPUS, 'nsx-t-terraform')]);
      expect.unreachable();
    } catch (error) {
      expect((error as InputError).message).toMatch(/^no load balancer found \(read: 0 resources; module\.t0_gateway \(main\.tf:12\): source "\.\.\/modules\/t0" does not exist/);
      expect((error as InputError).message).toContain('module.routers_nsgroups_pool_virtualserver (main.tf:189), module.diego_brains_nsgroups_pool_virtualserver (main.tf:202), module.istio_routers_nsgroups_pool_virtualserver (main.tf:215): source "../modules/nsgroups-pool-virtualserver" does not exist');
    }
  });

  it('nsx-t-terraform module alone: a policy virtual server whose ports and profile are the caller\'s: unknown, never guessed', () => {
    const lbs = readLoadBalancers([path.join(CORPUS, 'nsx-t-terraform/modules/nsgroups-pool-virtualserver')]);
    expect(rows(lbs)).toEqual([{ lb: 'nsxt_policy_lb_virtual_server.virtual_server', port: 'unknown', proto: 'unknown', tls: 'unknown', upgrade: 'unknown', xff: 'unknown', xfp: 'unknown', proxy: '?/?', idle: 'unknown', backend: 'same ?', at: 'nsg-pool-vs.tf:27' }]);
  });

  it('paas-bootstrap ALB: HTTPS 443 and 4443 to one HTTPS target group on 443, no port-80 listener', () => {
    const lbs = readLoadBalancers([path.join(CORPUS, 'paas-bootstrap/terraform/cf/aws')]);
    const alb = (port: string, at: number): Row => ({ lb: 'aws_lb.cf', port, proto: 'https', tls: true, upgrade: true, xff: true, xfp: true, proxy: 'no/no', idle: 60, backend: '443 https', at: `alb.tf:${at}` });
    expect(rows(lbs).map(({ fw: _, ...r }) => r)).toEqual([alb('443', 35), alb('4443', 53)]);
    expectEvidenceEverywhere(lbs);
  });

  it('paas-templates FlexibleEngine LBaaS: one TCP 443 listener relaying to the HAProxy relays, no 80 or 4443', () => {
    const lbs = readLoadBalancers([path.join(CORPUS, 'paas-templates/master-depls/terraform-config/spec-openstack-hws')]);
    // Members are registered by BOSH (vm_extension loadbalancer_pools internet-rp-pool); FlexibleEngine documents no client timeout default.
    expect(rows(lbs)).toEqual([{ lb: 'flexibleengine_lb_loadbalancer_v2.lbaas_loadbalancer_internet_relay', port: '443', proto: 'tcp', tls: false, upgrade: true, xff: false, xfp: false, proxy: 'no/no', idle: 'unknown', backend: '? tcp', at: 'internet-floating-and-lbaas.tf:63' }]);
    expect(lbs[0]!.listeners[0]!.evidence.find((e) => e.field === 'backend.port')!.note).toContain('loadbalancer_pools "internet-rp-pool"');
  });
});
