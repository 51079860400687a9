/**
 * The linter as CI and pre-commit use it, through the real CLI: formats and output files,
 * stdin, directories, config discovery, inline directives, the baseline, exit codes.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, ROOT } from '../helpers/cli.js';
import { corpusFile, hasCorpus } from '../helpers/corpus.js';
import { hasSarifSchema, sarifValidator } from '../helpers/sarif.js';

const example = path.join(ROOT, 'examples/aws');

/** A throwaway copy of the AWS example (manifest, vars, neutral LB file). */
function project(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-cli-'));
  cpSync(example, dir, { recursive: true });
  return dir;
}

const lintArgs = ['manifest.yml', '-l', 'vars.yml', '--lb', 'lb.yml'];

describe('exit codes', () => {
  it('0 when clean, 1 on an error, 2 on a usage error', () => {
    const dir = project();
    writeFileSync(path.join(dir, 'fix.yml'), '- type: replace\n  path: /instance_groups/name=api/jobs/name=cloud_controller_ng/properties/doppler?/port\n  value: 4443\n');
    expect(runCli([...lintArgs, '-o', 'fix.yml'], { cwd: dir }).code).toBe(0);
    expect(runCli(lintArgs, { cwd: dir }).code).toBe(1);
    expect(runCli([...lintArgs, '-f', 'no-such-format'], { cwd: dir }).code).toBe(2);
  });

  it('warnings fail only beyond --max-warnings; --quiet shows errors only', () => {
    const dir = project();
    // The ELB's 4443 listener idles out after 10 s: a CFWS009 warning once doppler.port is 4443,
    // beside the CFWS013 warning that apps get WebSockets only on 4443.
    writeFileSync(path.join(dir, 'lb.yml'), readFileSync(path.join(dir, 'lb.yml'), 'utf8').replace('idleTimeoutSeconds: 60', 'idleTimeoutSeconds: 10'));
    writeFileSync(path.join(dir, 'fix.yml'), '- type: replace\n  path: /instance_groups/name=api/jobs/name=cloud_controller_ng/properties/doppler?/port\n  value: 4443\n');
    const args = [...lintArgs, '-o', 'fix.yml'];
    const plain = runCli(args, { cwd: dir });
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain('CFWS009');
    expect(plain.stdout).toContain('CFWS013');
    expect(runCli([...args, '--max-warnings', '1'], { cwd: dir }).code).toBe(1);
    expect(runCli([...args, '--max-warnings', '2'], { cwd: dir }).code).toBe(0);
    expect(runCli([...args, '--quiet'], { cwd: dir }).stdout).not.toContain('CFWS009');
  });
});

describe('formats and output files', () => {
  it('writes each --format to the --output-file paired with it', () => {
    const dir = project();
    const result = runCli([...lintArgs, '-f', 'json', '--output-file', 'out.json', '-f', 'junit', '--output-file', 'out.xml', '-f', 'github'], { cwd: dir });
    expect(result.code).toBe(1);
    const json = JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8'));
    expect(JSON.stringify(json)).toContain('CFWS002');
    expect(readFileSync(path.join(dir, 'out.xml'), 'utf8')).toMatch(/<testsuites[\s\S]*<failure/);
    expect(result.stdout).toMatch(/^::error file=lb\.yml,line=11,col=\d+,.*title=CFWS002/m);
  });

  it('reads a manifest from stdin with --stdin-filename', () => {
    const dir = project();
    const result = runCli(['-', '--stdin-filename', 'from-stdin.yml', '-l', 'vars.yml', '--lb', 'lb.yml'], { cwd: dir, input: readFileSync(path.join(dir, 'manifest.yml'), 'utf8') });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('from-stdin.yml:28:5');
  });

  it('finds manifests in a directory by content and says how many files it skipped', () => {
    const dir = project();
    const result = runCli(['.', '-l', 'vars.yml', '--lb', 'lb.yml'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/skipped 2 YAML files that are not manifests/);
    const none = runCli([path.join(dir, 'lb.yml').replace('lb.yml', '*.json')], { cwd: dir });
    expect(none.code).toBe(2);
  });

  it.skipIf(!hasCorpus || !hasSarifSchema)('the SARIF of a corpus run validates against the SARIF 2.1.0 schema', () => {
    const result = runCli([corpusFile('cf-deployment/cf-deployment.yml'), '--lb', corpusFile('bosh-bootloader/terraform/aws/templates/cf_lb.tf'), '-f', 'sarif']);
    expect(result.code).toBe(1);
    const sarif = JSON.parse(result.stdout);
    const validate = sarifValidator();
    expect(validate(sarif), JSON.stringify(validate.errors)).toBe(true);
    const [run] = sarif.runs;
    expect(run.results.map((r: { ruleId: string }) => r.ruleId)).toContain('CFWS002');
    const region = run.results.find((r: { ruleId: string }) => r.ruleId === 'CFWS002').locations[0].physicalLocation.region;
    expect(region.startLine).toBe(215);
  });
});

describe('config, directives and baseline through the CLI', () => {
  it('finds .cf-ws-lint.yml upward and applies its severities and overrides', () => {
    const dir = project();
    writeFileSync(path.join(dir, '.cf-ws-lint.yml'), 'rules:\n  listener-passes-websockets: warn\n');
    const sub = path.join(dir, 'sub');
    cpSync(example, sub, { recursive: true });
    const result = runCli(lintArgs, { cwd: sub });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/warning .*CFWS002/);
    writeFileSync(path.join(dir, '.cf-ws-lint.yml'), 'rules:\n  listener-passes-websockets: warn\noverrides:\n  - files: ["sub/**"]\n    rules: { CFWS002: error }\n');
    expect(runCli(lintArgs, { cwd: sub }).code).toBe(1);
    writeFileSync(path.join(dir, '.cf-ws-lint.yml'), 'rules:\n  no-such-rule: warn\n');
    const bad = runCli(lintArgs, { cwd: sub });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/\.cf-ws-lint\.yml:2:3: .*no-such-rule/);
  });

  it('a disable-next-line directive with a reason suppresses; an unused one is reported', () => {
    const dir = project();
    const lb = path.join(dir, 'lb.yml');
    const text = readFileSync(lb, 'utf8');
    writeFileSync(lb, text.replace('      - { port: 443,', '      # cf-ws-lint disable-next-line CFWS002 -- TLS offload moves next sprint\n      - { port: 443,').replace('      - { port: 80,', '      # cf-ws-lint disable-next-line CFWS005\n      - { port: 80,'));
    const result = runCli(lintArgs, { cwd: dir });
    expect(result.stdout).not.toMatch(/error .*CFWS002/);
    expect(result.stdout).toMatch(/CFWS900/);
    expect(result.code).toBe(0);
  });

  it('with several manifests, an unused directive is reported once, for its own file', () => {
    const dir = project();
    const manifest = readFileSync(path.join(dir, 'manifest.yml'), 'utf8');
    writeFileSync(path.join(dir, 'manifest.yml'), manifest.replace('name: cf\n', 'name: cf\n# cf-ws-lint disable-next-line CFWS005\n'));
    writeFileSync(path.join(dir, 'second.yml'), manifest);
    const result = runCli(['manifest.yml', 'second.yml', '-l', 'vars.yml', '--lb', 'lb.yml', '-f', 'json'], { cwd: dir });
    const unused = (JSON.stringify(JSON.parse(result.stdout)).match(/CFWS900/g) ?? []).length;
    expect(unused).toBe(1);
  });

  it('--update-baseline records, --baseline accepts, and a stale entry is reported for pruning', () => {
    const dir = project();
    const update = runCli([...lintArgs, '--baseline', 'baseline.json', '--update-baseline'], { cwd: dir });
    expect(update.code).toBe(0);
    expect(existsSync(path.join(dir, 'baseline.json'))).toBe(true);
    expect(runCli([...lintArgs, '--baseline', 'baseline.json'], { cwd: dir }).code).toBe(0);
    writeFileSync(path.join(dir, 'fix.yml'), '- type: replace\n  path: /instance_groups/name=api/jobs/name=cloud_controller_ng/properties/doppler?/port\n  value: 4443\n');
    const stale = runCli([...lintArgs, '-o', 'fix.yml', '--baseline', 'baseline.json'], { cwd: dir });
    expect(stale.stdout).toMatch(/CFWS903/);
    runCli([...lintArgs, '-o', 'fix.yml', '--baseline', 'baseline.json', '--update-baseline'], { cwd: dir });
    // What the doppler fix does not touch stays recorded: apps' WebSockets only on 4443.
    expect(JSON.parse(readFileSync(path.join(dir, 'baseline.json'), 'utf8')).entries.map((e: { ruleId: string }) => e.ruleId)).toEqual(['CFWS013']);
  });
});

describe('probe through the CLI', () => {
  it('a refused connection is exit 1 with a one-line reason; no URL is a usage error', () => {
    const refused = runCli(['probe', 'ws://127.0.0.1:9/', '--timeout', '2']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/refused/i);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(runCli(['probe']).code).toBe(2);
  });

  it('--manifest derives the URL as Cloud Controller does', () => {
    const dir = project();
    const result = runCli(['probe', '--manifest', 'manifest.yml', '-l', 'vars.yml', '--connect', '127.0.0.1:9', '--timeout', '2', '--format', 'json'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('wss://doppler.sys.example.com:443');
  });
});
