/**
 * The core check against the LB files operators have: bosh-bootloader's Terraform for AWS
 * and GCP, read directly (issue acceptance for the LB readers).
 */
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/index.js';
import { runCli } from '../helpers/cli.js';
import { corpusFile, hasCorpus } from '../helpers/corpus.js';

const manifest = corpusFile('cf-deployment/cf-deployment.yml');
const awsOps = corpusFile('cf-deployment/operations/aws.yml');
const awsLb = corpusFile('bosh-bootloader/terraform/aws/templates/cf_lb.tf');
const gcpLb = corpusFile('bosh-bootloader/terraform/gcp/templates/cf_lb.tf');
const gcpDns = corpusFile('bosh-bootloader/terraform/gcp/templates/cf_dns.tf');

describe.skipIf(!hasCorpus)('bosh-bootloader Terraform, read directly', () => {
  it('AWS: with operations/aws.yml it exits 0', () => {
    expect(runCli([manifest, '-o', awsOps, '--lb', awsLb]).code).toBe(0);
  });

  it('AWS: without aws.yml it exits 1 with the Upgrade finding on 443, at the `lb_port = 443` line', () => {
    const result = runCli([manifest, '--lb', awsLb, '-f', 'json']);
    expect(result.code).toBe(1);
    const errors = lint({ manifest, lbFiles: [awsLb] }).findings.filter((f) => f.severity === 'error');
    expect(errors.map((f) => f.ruleId)).toEqual(['CFWS002']);
    expect(errors[0]!.location).toMatchObject({ file: awsLb, line: 215 });
    expect(errors[0]!.message).toContain('https listener on port 443 of aws_elb.cf_router_lb');
  });

  it.each([
    ['with the system domain a variable (matched to var.system_domain by name)', []],
    ['with -v system_domain=sys.example.com (Terraform names resolved)', ['system_domain=sys.example.com']],
  ])('GCP %s: doppler.<sys> goes to the cf-ws TCP pool on 443, exit 0', (_name, vars) => {
    const report = lint({ manifest, lbFiles: [gcpLb, gcpDns], vars });
    expect(report.findings.filter((f) => f.severity === 'error')).toEqual([]);
    // No "assumed which LB" note: cf_dns.tf says which LB serves doppler.
    expect(report.findings.filter((f) => f.messageId === 'assumed')).toEqual([]);
    const args = [manifest, '--lb', gcpLb, '--lb', gcpDns, ...vars.flatMap((v) => ['-v', v])];
    expect(runCli(args).code).toBe(0);
  });

  it('--print-listeners shows the table a person can check, with file:line', () => {
    const result = runCli(['--lb', awsLb, '--print-listeners']);
    expect(result.code).toBe(0);
    const row443 = result.stdout.split('\n').find((line) => line.includes('aws_elb.cf_router_lb') && /\b443\b/.test(line) && line.includes('https'));
    expect(row443).toBeDefined();
    expect(row443).toMatch(/cf_lb\.tf:21[0-9]/);
  });

  it('an unrecognised LB file exits 2 naming the formats it tried', () => {
    const result = runCli([manifest, '--lb', corpusFile('cf-deployment/operations/aws.yml')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/aws\.yml: .*tried lb-yaml, haproxy, nginx, terraform-hcl/);
  });
});
