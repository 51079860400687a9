/**
 * Apps' WebSockets on the public setups (issue 14 acceptance): stock bosh-bootloader AWS and
 * GCP with cf-deployment, and cf-deployment's own HAProxy.
 */
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/index.js';
import { runCli } from '../helpers/cli.js';
import { corpusFile, hasCorpus } from '../helpers/corpus.js';

const manifest = corpusFile('cf-deployment/cf-deployment.yml');
const ops = (name: string) => corpusFile(`cf-deployment/operations/${name}`);
const bbl = (iaas: string, file: string) => corpusFile(`bosh-bootloader/terraform/${iaas}/templates/${file}`);
const summary = (f: { ruleId: string; severity: string; messageId: string; location?: { file: string; line: number } }) =>
  `${f.ruleId} ${f.severity} ${f.messageId} ${f.location ? `${f.location.file.split('/').slice(-1)[0]}:${f.location.line}` : '-'}`;

describe.skipIf(!hasCorpus)("apps' WebSockets on public setups", () => {
  it('cf-deployment + aws.yml + bbl AWS (cf_lb.tf, cf_dns.tf): exactly one warning, apps only on 4443', () => {
    const report = lint({ manifest, opsFiles: [ops('aws.yml')], lbFiles: [bbl('aws', 'cf_lb.tf'), bbl('aws', 'cf_dns.tf')] });
    expect(report.findings.map(summary)).toEqual(['CFWS013 warn otherPort cf_lb.tf:215']);
    const [finding] = report.findings;
    expect(finding!.message).toContain("Apps' WebSocket clients cannot use wss://<host>.((system_domain)) on port 443");
    expect(finding!.message).toContain('must use wss://<host>.((system_domain)):4443');
    expect(finding!.message).toContain('after 60 s without traffic');
    expect(finding!.suggestion).toMatch(/TCP\/SSL listener on 443.*ALB or NLB.*dedicated WebSocket load balancer/);
    const cli = runCli([manifest, '-o', ops('aws.yml'), '--lb', bbl('aws', 'cf_lb.tf'), '--lb', bbl('aws', 'cf_dns.tf')]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('✖ 1 problem (0 errors, 1 warning, 0 notes)');
  });

  it('cf-deployment + bbl GCP: no app finding for *.<sys> on the HTTP(S) LB; a note says *.ws.<sys> leads to the cf-ws pool', () => {
    const report = lint({ manifest, lbFiles: [bbl('gcp', 'cf_lb.tf'), bbl('gcp', 'cf_dns.tf')] });
    const app = report.findings.filter((f) => f.ruleId === 'CFWS013');
    expect(app.map(summary)).toEqual(['CFWS013 info dedicatedHost cf_dns.tf:82']);
    expect(app[0]!.message).toBe(
      "*.ws.((system_domain)) leads to the tcp listener on port 443 of google_compute_target_pool.cf-ws (gcp-tcp), which passes WebSockets to the gorouter: apps can use WebSockets on routes of ws.((system_domain)), which is not among the app domains: create it with `cf create-shared-domain ws.((system_domain))` and map the apps' routes there.",
    );
  });

  it('cf-deployment + use-haproxy.yml: no app finding', () => {
    const report = lint({ manifest, opsFiles: [ops('use-haproxy.yml')] });
    expect(report.findings.filter((f) => f.ruleId === 'CFWS013').map(summary)).toEqual([]);
  });

  it('with add-persistent-isolation-segment-router.yml and iso_segments.tf: the iso-seg ELB is checked for its own domain', () => {
    const lbFiles = [bbl('aws', 'cf_lb.tf'), bbl('aws', 'cf_dns.tf'), bbl('aws', 'iso_segments.tf')];
    const report = lint({ manifest, opsFiles: [ops('aws.yml'), ops('add-persistent-isolation-segment-router.yml')], lbFiles });
    expect(report.findings.map(summary)).toEqual(['CFWS013 warn otherPort cf_lb.tf:215', 'CFWS013 warn otherPort iso_segments.tf:70']);
    expect(report.findings[1]!.message).toContain('wss://<host>.iso-seg.((system_domain)):4443');
  });

  it('--app-domain adds a domain made with cf create-domain; a wildcard is refused with exit 2', () => {
    const lb = ['--lb', bbl('aws', 'cf_lb.tf'), '--lb', bbl('aws', 'cf_dns.tf')];
    // Without DNS: every LB is taken for it, as for doppler, and the router ELB's 4443 carries it.
    const cli = runCli([manifest, '-o', ops('aws.yml'), '--lb', bbl('aws', 'cf_lb.tf'), '--app-domain', 'apps.example.com']);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('wss://<host>.apps.example.com:4443');
    // bbl's DNS names *.<sys>, ssh. and tcp., none of them apps.example.com: its LB was not given.
    const withDns = runCli([manifest, '-o', ops('aws.yml'), ...lb, '--app-domain', 'apps.example.com']);
    expect(withDns.stdout).toContain("Cannot verify apps' WebSockets on apps.example.com: no load balancer given answers for *.apps.example.com by its DNS names");
    const bad = runCli([manifest, ...lb, '--app-domain', '*.apps.example.com']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('cf-ws-lint: --app-domain "*.apps.example.com": expected a domain name such as apps.example.com (no scheme, port or wildcard)\n');
  });
});
