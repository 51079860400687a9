/**
 * Deployments as first-class (issue 16): with three deployments in a config, two sharing
 * one manifest, every format names the deployment of every finding, `--deployment` picks,
 * and `--fix` writes one ops-file per deployment that makes that deployment's fixable
 * findings go away when applied to it.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { hasSarifSchema, sarifValidator } from '../helpers/sarif.js';

const NAMES = ['prod', 'staging', 'lab'];

/** A throwaway copy of fixtures/deployments (its .cf-ws-lint.yml declares prod, staging, lab). */
function project(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-deployments-'));
  cpSync(path.join(ROOT, 'fixtures/deployments'), dir, { recursive: true });
  return dir;
}

interface JsonFinding {
  deployment: string;
  rule: string;
  file: string;
  line: number;
  fix: unknown;
}

function jsonFindings(dir: string, args: string[] = []): JsonFinding[] {
  const result = runCli(['-f', 'json', ...args], { cwd: dir });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout).findings;
}

describe('three deployments, two sharing cf-deployment.yml', () => {
  const dir = project();
  const findings = jsonFindings(dir);

  it('JSON names the deployment of every finding; the shared manifest is linted once per deployment', () => {
    expect(new Set(findings.map((f) => f.deployment))).toEqual(new Set(NAMES));
    expect(findings.find((f) => f.deployment === 'prod')).toMatchObject({ rule: 'CFWS002', file: 'lb-prod.yml' });
    expect(findings.find((f) => f.deployment === 'staging' && f.rule === 'CFWS003')).toMatchObject({ file: 'ops-staging-plain.yml' });
    // lab's classic ELB also carries its apps' WebSockets only on 4443 (CFWS013).
    expect(findings.filter((f) => f.deployment === 'lab').map((f) => f.rule)).toEqual(['CFWS001', 'CFWS007', 'CFWS013']);
  });

  it('stylish prints each deployment above its files', () => {
    const { stdout, code } = runCli([], { cwd: dir });
    expect(code).toBe(1);
    const headings = stdout.split('\n').filter((line) => line.startsWith('deployment '));
    expect(headings).toEqual(NAMES.map((name) => `deployment ${name}`));
    // Each deployment's block holds its own findings only.
    const staging = stdout.slice(stdout.indexOf('deployment staging'), stdout.indexOf('deployment lab'));
    expect(staging).toContain('CFWS003');
    expect(staging).not.toContain('CFWS002');
  });

  it('SARIF has a run per deployment (automationDetails.id) and a deployment property on every result', () => {
    const sarif = JSON.parse(runCli(['-f', 'sarif'], { cwd: dir }).stdout);
    expect(sarif.runs.map((run: any) => run.automationDetails.id)).toEqual(NAMES.map((name) => `cf-ws-lint/${name}/`));
    sarif.runs.forEach((run: any, i: number) => {
      expect(run.results.length).toBeGreaterThan(0);
      for (const result of run.results) expect(result.properties.deployment).toBe(NAMES[i]);
    });
    if (hasSarifSchema) expect(sarifValidator()(sarif)).toBe(true);
  });

  it('JUnit has a suite per deployment and none for the vars, ops and LB files', () => {
    const xml = runCli(['-f', 'junit'], { cwd: dir }).stdout;
    expect([...xml.matchAll(/<testsuite name="([^"]+)"/g)].map((m) => m[1])).toEqual(NAMES);
    expect(xml).not.toContain('testsuite name="vars-prod.yml"');
  });

  it('--deployment NAME (repeatable) lints only those; an unknown name is a usage error', () => {
    expect(new Set(jsonFindings(dir, ['--deployment', 'lab']).map((f) => f.deployment))).toEqual(new Set(['lab']));
    expect(new Set(jsonFindings(dir, ['--deployment', 'staging', '--deployment', 'prod']).map((f) => f.deployment))).toEqual(new Set(['prod', 'staging']));
    const unknown = runCli(['--deployment', 'qa'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("cf-ws-lint: unknown deployment 'qa' (the config declares prod, staging, lab)\n");
  });
});

describe('--fix with several deployments', () => {
  it('writes one ops-file per deployment, says which, and each makes its own deployment clean of fixable findings', () => {
    const dir = project();
    const result = runCli(['--fix'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual(NAMES.map((name) => `cf-ws-lint: wrote 1 fix for ${name} to cf-ws-lint-fixes.${name}.yml`));
    const fixes = Object.fromEntries(NAMES.map((name) => [name, readFileSync(path.join(dir, `cf-ws-lint-fixes.${name}.yml`), 'utf8')]));
    // Each ops-file is its own deployment's: prod moves the port, staging turns TLS on.
    expect(fixes.prod).toContain('doppler?/port');
    expect(fixes.staging).toContain('use_ssl');
    expect(fixes.staging).not.toMatch(/path: .*port/);

    const before = jsonFindings(dir);
    // Apply each deployment's ops-file to that deployment only, through its config entry.
    const configFile = path.join(dir, '.cf-ws-lint.yml');
    const config = parse(readFileSync(configFile, 'utf8'));
    for (const name of NAMES) config.deployments[name].opsFiles = [...(config.deployments[name].opsFiles ?? []), `cf-ws-lint-fixes.${name}.yml`];
    writeFileSync(configFile, stringify(config));
    const after = jsonFindings(dir);
    for (const name of NAMES) {
      expect(before.some((f) => f.deployment === name && f.fix)).toBe(true);
      expect(after.filter((f) => f.deployment === name && f.fix), name).toEqual([]);
    }
  });

  it('--fix-out DIR/ puts the files in DIR; one file name for several deployments is refused before linting', () => {
    const dir = project();
    expect(runCli(['--fix', '--fix-out', 'fixes/'], { cwd: dir }).code).toBe(1);
    expect(readdirSync(path.join(dir, 'fixes')).sort()).toEqual(NAMES.map((name) => `cf-ws-lint-fixes.${name}.yml`).sort());
    for (const out of ['one.yml', '-']) {
      const refused = runCli(['--fix', '--fix-out', out], { cwd: dir });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/names one ops-file, but 3 deployments were linted .*--fix-out DIR\//);
      expect(refused.stdout).toBe('');
      expect(existsSync(path.join(dir, 'one.yml'))).toBe(false);
    }
    // One deployment picked: one file, as asked.
    expect(runCli(['--deployment', 'lab', '--fix', '--fix-out', 'lab.yml'], { cwd: dir }).stderr).toBe('cf-ws-lint: wrote 1 fix for lab to lab.yml\n');
  });

  it('a single manifest on the command line keeps cf-ws-lint-fixes.yml', () => {
    const dir = project();
    const result = runCli(['cf-deployment.yml', '-l', 'vars-prod.yml', '--lb', 'lb-prod.yml', '--fix'], { cwd: dir });
    expect(result.stderr).toBe('cf-ws-lint: wrote 1 fix to cf-ws-lint-fixes.yml\n');
  });
});
