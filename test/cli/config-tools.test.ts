/**
 * What ESLint users reach for (issue 16): `--print-config FILE` shows the settings in force
 * for a file, and `cf-ws-lint init` writes a config from what it finds, which then lints.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/engine/config/index.js';
import { engineRules } from '../../src/engine/engine-rules.js';
import { rules } from '../../src/rules/index.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { corpusFile, hasCorpus } from '../helpers/corpus.js';

describe('--print-config FILE', () => {
  it('prints the resolved settings for that file: rules, then the overrides that match it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-print-config-'));
    writeFileSync(
      path.join(dir, '.cf-ws-lint.yml'),
      'rules:\n  CFWS005: warn\noverrides:\n  - files: ["envs/lab/**"]\n    rules: { idle-timeouts: [note, { minWebsocketIdleSeconds: 90 }], forwarded-headers: off }\n',
    );
    const print = (file: string) => {
      const result = runCli(['--print-config', file], { cwd: dir });
      expect(result.code).toBe(0);
      return JSON.parse(result.stdout);
    };
    const prod = print('envs/prod/cf.yml');
    expect(prod).toMatchObject({ file: 'envs/prod/cf.yml', config: '.cf-ws-lint.yml', requireDirectiveReason: false, baseline: null });
    expect(prod.rules.CFWS005).toEqual({ name: 'forwarded-headers', severity: 'warning', options: {} });
    expect(prod.rules.CFWS009.severity).toBe('warning');
    const lab = print('envs/lab/cf.yml');
    expect(lab.rules.CFWS005.severity).toBe('off');
    expect(lab.rules.CFWS009).toMatchObject({ name: 'idle-timeouts', severity: 'note', options: { minWebsocketIdleSeconds: 90 } });
    expect(Object.keys(lab.rules)).toEqual([...rules, ...engineRules].map((rule) => rule.id));
  });
});

describe('cf-ws-lint init', () => {
  function workspace(): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-init-'));
    mkdirSync(path.join(dir, 'cf'));
    cpSync(path.join(ROOT, 'examples/aws/manifest.yml'), path.join(dir, 'cf/manifest.yml'));
    cpSync(path.join(ROOT, 'examples/aws/vars.yml'), path.join(dir, 'cf/vars.yml'));
    mkdirSync(path.join(dir, 'lb'));
    cpSync(path.join(ROOT, 'examples/aws/lb.yml'), path.join(dir, 'lb/elb.yml'));
    writeFileSync(path.join(dir, 'cf/port.yml'), '- type: replace\n  path: /instance_groups/name=api/jobs/name=cloud_controller_ng/properties/doppler?/port\n  value: 4443\n');
    return dir;
  }

  it('writes a commented config with the $schema line, a deployment per manifest and the LB files found; it lints', () => {
    const dir = workspace();
    const result = runCli(['init'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('cf-ws-lint: wrote .cf-ws-lint.yml with 1 deployment (1 load-balancer configuration found); review it, then run cf-ws-lint\n');
    const text = readFileSync(path.join(dir, '.cf-ws-lint.yml'), 'utf8');
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=https://raw.githubusercontent.com/cf-ws-lint/cf-ws-lint/main/schemas/config.schema.json');
    expect(text).toContain('  cf:\n    manifest: cf/manifest.yml\n    # opsFiles: [cf/port.yml]\n    # varsFiles: [cf/vars.yml]\n    lbFiles: [lb/elb.yml]\n');
    expect(text).toContain('#   lb/elb.yml: a cf-ws-lint load-balancer file');
    const config = parseConfig(text, path.join(dir, '.cf-ws-lint.yml'), [...rules, ...engineRules]);
    expect([...config.deployments.keys()]).toEqual(['cf']);
    // Uncomment the vars file, as the comment asks: the deployment lints, with the ELB's findings
    // (doppler's Upgrade on 443, and apps' WebSockets only on 4443).
    writeFileSync(path.join(dir, '.cf-ws-lint.yml'), text.replace('# varsFiles', 'varsFiles'));
    const lint = runCli(['-f', 'json'], { cwd: dir });
    expect(lint.code).toBe(1);
    expect(JSON.parse(lint.stdout).findings.map((f: { rule: string; deployment: string }) => `${f.deployment} ${f.rule}`)).toEqual(['cf CFWS002', 'cf CFWS013']);
  });

  it('never replaces an existing config without --force', () => {
    const dir = workspace();
    writeFileSync(path.join(dir, '.cf-ws-lint.yml'), 'rules: {}\n');
    const refused = runCli(['init'], { cwd: dir });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/\.cf-ws-lint\.yml: file exists \(use --force to replace it\)/);
    expect(readFileSync(path.join(dir, '.cf-ws-lint.yml'), 'utf8')).toBe('rules: {}\n');
    expect(runCli(['init', '--force'], { cwd: dir }).code).toBe(0);
  });

  it.skipIf(!hasCorpus)('finds a Terraform directory as one LB configuration', () => {
    const dir = workspace();
    cpSync(corpusFile('bosh-bootloader/terraform/aws/templates'), path.join(dir, 'bbl'), { recursive: true });
    runCli(['init'], { cwd: dir });
    expect(readFileSync(path.join(dir, '.cf-ws-lint.yml'), 'utf8')).toContain('    lbFiles: [bbl, lb/elb.yml]\n');
  });
});
