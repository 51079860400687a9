/**
 * The markdown report of several deployments (issue 16): a section per deployment, named,
 * each with its own findings and the WebSocket paths its own rules checked. The project is
 * fixtures/deployments: prod and staging share cf-deployment.yml, lab has its own manifest.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-markdown-deployments-'));
cpSync(path.join(ROOT, 'fixtures/deployments'), dir, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The report cut at its `### Deployment NAME` headings. */
function sections(markdown: string): Map<string, string> {
  const parts = markdown.split(/^### Deployment (.+)$/m);
  return new Map(Array.from({ length: (parts.length - 1) / 2 }, (_, i) => [parts[1 + 2 * i]!, parts[2 + 2 * i]!]));
}

describe('markdown with three deployments, two sharing one manifest', () => {
  const run = runCli(['-f', 'markdown'], { cwd: dir });
  const bySection = sections(run.stdout);

  it('has a section per deployment, in the config order, under one summary', () => {
    expect(run.code).toBe(1);
    // prod's and lab's classic ELBs carry their apps' WebSockets only on 4443: a CFWS013 warning each; the staging NLB keeps the client IP, so no CFWS005.
    expect(run.stdout.startsWith('## cf-ws-lint\n\n**6 problems**: 3 errors, 3 warnings, 0 notes.\n')).toBe(true);
    expect([...bySection.keys()]).toEqual(['prod', 'staging', 'lab']);
  });

  it("each section holds only its deployment's findings and paths", () => {
    const rulesOf = (text: string) => [...text.matchAll(/^\| \S+ \S+ \| \[(CFWS\d+)\]/gm)].map((m) => m[1]);
    expect(rulesOf(bySection.get('prod')!)).toEqual(['CFWS002', 'CFWS013']);
    // The staging NLB's instance targets keep the client IP (AWS preserve_client_ip default), so no CFWS005.
    expect(rulesOf(bySection.get('staging')!).sort()).toEqual(['CFWS003']);
    expect(rulesOf(bySection.get('lab')!)).toEqual(['CFWS001', 'CFWS007', 'CFWS013']);
    expect(bySection.get('prod')).toContain('h1 --> h2["prod-router<br/>:443 https<br/>✗ CFWS002 Upgrade"]:::failing');
    expect(bySection.get('staging')).toContain('h0["client<br/>ws"]');
    expect(bySection.get('staging')).toContain('h1 --> h2["staging-router<br/>:443 tcp<br/>✗ CFWS003 TLS"]:::failing');
    expect(bySection.get('lab')).toContain('h1 --> h2["lab-router<br/>:8443<br/>✗ CFWS001 no listener"]:::failing');
    expect(bySection.get('lab')).not.toContain('prod-router');
  });

  it('a single deployment needs no heading', () => {
    const one = runCli(['-f', 'markdown', '--deployment', 'lab'], { cwd: dir }).stdout;
    expect(one).not.toContain('### Deployment');
    expect(one).toContain('lab-router');
  });
});

describe('markdown from --cache', () => {
  it('draws the paths that passed from a cached deployment, as a fresh run does', () => {
    const clean = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-markdown-cache-'));
    try {
      cpSync(path.join(ROOT, 'fixtures/deployments'), clean, { recursive: true });
      // prod with operations/aws.yml's port: the ELB's SSL listener on 4443 passes doppler; only
      // apps' WebSockets are left on 4443 (CFWS013's warning), so the path drawn is a passing one.
      writeFileSync(path.join(clean, 'aws.yml'), '- type: replace\n  path: /instance_groups/name=api/jobs/name=cloud_controller_ng/properties/doppler?/port\n  value: 4443\n');
      const args = ['cf-deployment.yml', '-o', 'aws.yml', '-l', 'vars-prod.yml', '--lb', 'lb-prod.yml', '--no-config'];
      const fresh = runCli([...args, '-f', 'markdown'], { cwd: clean });
      expect(fresh.stdout).toContain('**1 problem**: 0 errors, 1 warning, 0 notes.');
      expect(fresh.stdout).toContain('[CFWS013]');
      expect(fresh.stdout).toContain('h1 --> h2["prod-router<br/>:4443 ssl"]');
      // The first run fills the deployment cache; the second, with another format, reads it.
      expect(runCli([...args, '--cache', '-f', 'json'], { cwd: clean }).code).toBe(0);
      expect(runCli([...args, '--cache', '-f', 'markdown'], { cwd: clean }).stdout).toBe(fresh.stdout);
    } finally {
      rmSync(clean, { recursive: true, force: true });
    }
  });
});
