/**
 * The core check on real manifests from ../shared/corpus, with the findings each should
 * give and why. Skips, visibly, where the corpus is absent.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/index.js';
import type { Finding } from '../../src/rules/finding.js';
import { runCli, ROOT } from '../helpers/cli.js';
import { corpusFile, hasCorpus } from '../helpers/corpus.js';

const cfd = (p: string) => corpusFile(`cf-deployment/${p}`);
const bblElb = path.join(ROOT, 'fixtures/lb/bbl-aws-elb.yml');

/** `RULE severity line` for each finding at warn or above, sorted, for readable expectations. */
function summary(findings: Finding[], minimum: 'warn' | 'info' = 'warn'): string[] {
  return findings
    .filter((f) => minimum === 'info' || f.severity !== 'info')
    .map((f) => `${f.ruleId} ${f.severity} ${path.basename(f.location?.file ?? '-')}:${f.location?.line ?? '-'}`)
    .sort();
}

describe.skipIf(!hasCorpus)('cf-deployment (BOSH v2)', () => {
  it('with use-haproxy.yml exits 0: HAProxy serves 443 in HTTP mode and doppler.port is the default 443', () => {
    const result = runCli([cfd('cf-deployment.yml'), '-o', cfd('operations/use-haproxy.yml'), '-v', 'system_domain=sys.example.com']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it("against bbl's classic ELB: the 443 https listener cannot pass Upgrade; the fix and aws.yml both clear it", () => {
    const report = lint({ manifest: cfd('cf-deployment.yml'), lbFiles: [bblElb] });
    // Apps on the system domain get WebSockets only on 4443 too (CFWS013), with or without aws.yml.
    expect(summary(report.findings)).toEqual(['CFWS002 error bbl-aws-elb.yml:11', 'CFWS013 warn bbl-aws-elb.yml:11']);
    const [finding] = report.findings.filter((f) => f.ruleId === 'CFWS002');
    // doppler.port is not set, so the related location is the cloud_controller_ng job.
    expect(finding!.related[0]!.location.file).toBe(cfd('cf-deployment.yml'));
    expect(finding!.path).toBe('/instance_groups/name=api/jobs/name=cloud_controller_ng/properties/doppler?/port');

    const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-core-'));
    const fixes = path.join(dir, 'fixes.yml');
    const fixed = runCli([cfd('cf-deployment.yml'), '--lb', bblElb, '--fix', '--fix-out', fixes]);
    expect(fixed.code).toBe(1);
    expect(readFileSync(fixes, 'utf8')).toBe(
      '# CFWS002 listener-passes-websockets: advertise port 4443, where cf-router forwards WebSockets\n' +
        '- type: replace\n  path: /instance_groups/name=api/jobs/name=cloud_controller_ng/properties/doppler?/port\n  value: 4443\n',
    );
    expect(runCli([cfd('cf-deployment.yml'), '-o', fixes, '--lb', bblElb]).code).toBe(0);
    expect(runCli([cfd('cf-deployment.yml'), '-o', cfd('operations/aws.yml'), '--lb', bblElb]).code).toBe(0);
  });

  it('without a load balancer there is nothing to cross-check: one "cannot verify" note', () => {
    const report = lint({ manifest: cfd('cf-deployment.yml') });
    expect(summary(report.findings, 'info')).toEqual(['CFWS001 info cf-deployment.yml:840']);
  });
});

describe.skipIf(!hasCorpus)('historical cf-deployment (2016-11, hard-coded 4443 through YAML anchors)', () => {
  const manifest = corpusFile('cf-deployment@47fec0c-parent/cf-deployment.yml');

  it('flags logger_endpoint on capi jobs (ignored since capi dropped it) and doppler.port on worker and clock', () => {
    const report = lint({ manifest });
    // logger_endpoint is shared through the anchor &9 (line 769) by three CC jobs; doppler
    // (&8, line 767) by the worker and the clock, where it has no effect.
    expect(summary(report.findings, 'info')).toEqual([
      'CFWS001 info cf-deployment.yml:767',
      'CFWS008 info cf-deployment.yml:767',
      'CFWS008 info cf-deployment.yml:767',
      'CFWS008 warn cf-deployment.yml:769',
      'CFWS008 warn cf-deployment.yml:769',
      'CFWS008 warn cf-deployment.yml:769',
    ]);
  });

  it('a finding on a value an alias shares has the use-site path and the anchor line, with the alias as related', () => {
    const report = lint({ manifest });
    const worker = report.findings.find((f) => f.ruleId === 'CFWS008' && f.message.includes('api/cloud_controller_worker') && f.severity === 'info')!;
    expect(worker.path).toBe('/instance_groups/name=api/jobs/name=cloud_controller_worker/properties/doppler');
    expect(worker.location!.line).toBe(767);
    expect(worker.related.map((r) => r.location.line)).toEqual([883]);
  });
});

describe.skipIf(!hasCorpus)('cf-release v1 generated manifests', () => {
  const fixture = (iaas: string) => corpusFile(`cf-release/spec/fixtures/${iaas}/cf-manifest.yml`);

  it('aws: ha_proxy_z1 has instances: 0 (an ELB fronts the routers), so with no --lb the path cannot be verified', () => {
    const report = lint({ manifest: fixture('aws') });
    expect(summary(report.findings, 'info')).toEqual(['CFWS001 info cf-manifest.yml:1372']);
  });

  it.each(['bosh-lite', 'openstack', 'vsphere'])(
    '%s: the built-in HAProxy has ssl_pem, so ssl-in on 4443 (TCP, TLS offload) carries doppler.port 4443 and https-in 443 the legacy endpoint',
    (iaas) => {
      const report = lint({ manifest: fixture(iaas) });
      expect(summary(report.findings)).toEqual([]);
    },
  );

  it("aws with bbl's ELB: doppler and logger_endpoint 4443 reach the ELB's SSL listener", () => {
    const report = lint({ manifest: fixture('aws'), lbFiles: [bblElb], vars: [] });
    // SYSTEM_DOMAIN is a literal placeholder in the fixture, not a BOSH variable, so the
    // ELB's `*.sys.example.com` hostnames do not cover it; with one LB it is taken anyway.
    // Its app domain, the literal APP_DOMAIN, is not covered either, and is a literal: CFWS013
    // says only that it cannot judge it (no LB answers for *.APP_DOMAIN).
    expect(summary(report.findings)).toEqual([]);
    expect(summary(report.findings, 'info')).toEqual(['CFWS013 info cf-manifest.yml:1038']);
  });
});
