/**
 * Issue 13's table of public setups: bosh-bootloader's templates and plan-patches with
 * cf-deployment and its operations/, each with the verdicts the domain facts predict for the
 * doppler rules (CFWS001-CFWS012). Notes ("cannot verify", "assumed") are not verdicts.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fix, lint } from '../../src/index.js';
import type { LintTarget } from '../../src/engine/types.js';
import type { Finding } from '../../src/rules/finding.js';
import { runCli } from '../helpers/cli.js';
import { corpusFile, hasCorpus } from '../helpers/corpus.js';

const manifest = corpusFile('cf-deployment/cf-deployment.yml');
const awsOps = corpusFile('cf-deployment/operations/aws.yml');
const useHaproxy = corpusFile('cf-deployment/operations/use-haproxy.yml');
const bbl = (p: string) => corpusFile(`bosh-bootloader/${p}`);
const awsTemplates = [bbl('terraform/aws/templates/cf_lb.tf'), bbl('terraform/aws/templates/cf_dns.tf')];
const gcpTemplates = [bbl('terraform/gcp/templates/cf_lb.tf'), bbl('terraform/gcp/templates/cf_dns.tf')];
const gcpNetworkLb = bbl('plan-patches/network-lb-gcp/terraform/network_lb_override.tf');
const awsAlb = bbl('plan-patches/alb-aws/terraform/cf-lb_override.tf');

const scratch = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-setups-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** One Terraform directory of the given files, as `terraform plan` would read them. */
function terraformDir(name: string, files: string[]): string {
  const dir = mkdtempSync(path.join(scratch, `${name}-`));
  for (const file of files) copyFileSync(file, path.join(dir, path.basename(file)));
  return dir;
}

/** The doppler rules' errors and warnings, as `CFWS### file:line`. */
function verdicts(target: LintTarget): string[] {
  return lint(target)
    .findings.filter((f: Finding) => f.severity !== 'info' && /^CFWS0(0\d|1[0-2])$/.test(f.ruleId))
    .map((f) => `${f.ruleId} ${path.basename(f.location?.file ?? '-')}:${f.location?.line ?? 0}`);
}

describe.skipIf(!hasCorpus)('public setups (issue 13)', () => {
  it('cf-deployment + aws.yml behind the bbl AWS templates: no error, no warning', () => {
    expect(verdicts({ manifest, opsFiles: [awsOps], lbFiles: awsTemplates })).toEqual([]);
  });

  it("cf-deployment behind the bbl AWS templates: CFWS002 at the 443 listener's lb_port line; the fix lints clean", () => {
    expect(verdicts({ manifest, lbFiles: awsTemplates })).toEqual(['CFWS002 cf_lb.tf:215']);
    const fixFile = path.join(scratch, 'aws-fix.yml');
    writeFileSync(fixFile, fix({ manifest, lbFiles: awsTemplates }).text);
    expect(verdicts({ manifest, opsFiles: [fixFile], lbFiles: awsTemplates })).toEqual([]);
  });

  it('cf-deployment behind the bbl GCP templates: no error, no warning (the cf-ws target pool passes packets through)', () => {
    expect(verdicts({ manifest, lbFiles: gcpTemplates })).toEqual([]);
  });

  it("cf-deployment behind the network-lb-gcp plan-patch's override alone: no error, no warning (TCP pass-through to gorouter 80 and 443)", () => {
    expect(verdicts({ manifest, lbFiles: [gcpNetworkLb] })).toEqual([]);
  });

  it('the GCP templates and the network-lb-gcp override in one directory: exit 2, as terraform plan (the override names resources the templates no longer define)', () => {
    const result = runCli([manifest, '--lb', terraformDir('gcp-nlb', [...gcpTemplates, gcpNetworkLb])]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/network_lb_override\.tf:\d+:\d+: Missing resource to override/);
  });

  it("cf-deployment + use-haproxy.yml (the manifest's HAProxy): no error, no warning", () => {
    expect(verdicts({ manifest, opsFiles: [useHaproxy] })).toEqual([]);
  });

  it('cf-deployment + use-haproxy.yml + aws.yml: one error (4443 advertised, HAProxy has no 4443) and one fix, no alternative fix', () => {
    const target = { manifest, opsFiles: [useHaproxy, awsOps] };
    expect(verdicts(target)).toEqual(['CFWS001 aws.yml:5']);
    const plan = fix(target);
    expect(plan.text.match(/^- type:/gm)).toHaveLength(1);
    expect(plan.text).toContain('doppler/port\n  value: 443');
    expect(plan.report.findings.find((f) => f.ruleId === 'CFWS001')?.suggestion).toContain('enable_4443');
  });

  it("cf-deployment + use-haproxy.yml + an ops-file setting websocket_timeout: 20: CFWS009 at that ops-file's line, under that file", () => {
    const ours = path.join(scratch, 'my-haproxy.yml');
    writeFileSync(ours, '- type: replace\n  path: /instance_groups/name=haproxy/jobs/name=haproxy/properties/ha_proxy/websocket_timeout?\n  value: 20\n');
    const findings = lint({ manifest, opsFiles: [useHaproxy, ours] }).findings.filter((f) => f.severity !== 'info');
    expect(findings.map((f) => `${f.ruleId} ${f.location?.file}:${f.location?.line}`)).toEqual([`CFWS009 ${ours}:3`]);
    expect(findings[0]!.message).toContain('of haproxy (haproxy) closes');
    expect(runCli([manifest, '-o', useHaproxy, '-o', ours]).stdout).toContain(`${ours}\n  3:10  warning`);
  });

  it("cf-deployment + aws.yml behind the alb-aws override: CFWS004 at the 4443 target group's port line, suggesting gorouter's TLS port 443", () => {
    const findings = lint({ manifest, opsFiles: [awsOps], lbFiles: [awsAlb] }).findings.filter((f) => f.severity !== 'info');
    expect(findings.map((f) => `${f.ruleId} ${path.basename(f.location!.file)}:${f.location!.line}`)).toEqual(['CFWS004 cf-lb_override.tf:49']);
    expect(findings[0]!.suggestion).toContain('gorouter port 443');
  });

  it('cf-deployment behind the alb-aws override without aws.yml: no error, no warning (an ALB passes WebSockets on 443)', () => {
    expect(verdicts({ manifest, lbFiles: [awsAlb] })).toEqual([]);
  });

  it('the AWS templates and the alb-aws override in one directory: exit 2, as terraform plan (aws_lb.cf_router is not defined)', () => {
    const result = runCli([manifest, '--lb', terraformDir('aws-alb', [...awsTemplates, awsAlb])]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cf-lb_override\.tf:\d+:\d+: Missing resource to override: there is no aws_lb resource named "cf_router"/);
  });

  it("without cf_dns.tf the GCP TCP-router pool (1024-32768) and SSH pool are not taken for doppler's LB; the note says how to choose", () => {
    const findings = lint({ manifest, lbFiles: [gcpTemplates[0]!] }).findings;
    expect(findings.filter((f) => f.severity !== 'info').map((f) => f.ruleId)).toEqual([]);
    const note = findings.find((f) => f.messageId === 'assumed')!.message;
    expect(note).toContain('google_compute_target_pool.cf-tcp-router: it has only port ranges');
    expect(note).toContain('--lb-host LB=');
  });

  it('--lb-host names the LB that serves doppler.<sys>: no assumption left', () => {
    const findings = lint({ manifest, vars: ['system_domain=sys.example.com'], lbFiles: [gcpTemplates[0]!], lbHosts: ['google_compute_target_pool.cf-ws=doppler.sys.example.com'] }).findings;
    expect(findings.map((f) => f.messageId)).toEqual([]);
    const unknown = runCli([manifest, '--lb', gcpTemplates[0]!, '--lb-host', 'cf-nothing=doppler.sys.example.com']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("no load balancer named 'cf-nothing'");
  });

  it("--cloud-config with bbl's alb-aws ops-files: the ALB is the router group's, so 4443 is judged against the router's jobs", () => {
    const cloudConfigs = [bbl('cloudconfig/aws/fixtures/terraform-aws-cf-lb-ops.yml'), bbl('plan-patches/alb-aws/cloud-config/lb-ops.yml')];
    const findings = lint({ manifest, opsFiles: [awsOps], lbFiles: [awsAlb], cloudConfigs }).findings.filter((f) => f.severity !== 'info');
    expect(findings.map((f) => `${f.ruleId} ${f.messageId}`)).toEqual(['CFWS004 notServedLinked']);
    expect(findings[0]!.message).toContain('no job of router');
    expect(findings[0]!.related.map((r) => path.basename(r.location.file))).toEqual(['lb-ops.yml']);
  });
});
