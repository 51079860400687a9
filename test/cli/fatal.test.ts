/**
 * One bad file does not stop the run (issue 16, ESLint's model): it is a fatal finding at
 * its file:line, everything else is linted, and the exit code is 2 at the end. A run of one
 * manifest keeps its one-line error.
 */
import { cpSync, mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

/** envs/good.yml (the AWS example), a spiff template that is no BOSH YAML, and a binary .yml. */
function project(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-fatal-'));
  cpSync(path.join(ROOT, 'examples/aws'), dir, { recursive: true });
  mkdirSync(path.join(dir, 'envs'));
  renameSync(path.join(dir, 'manifest.yml'), path.join(dir, 'envs/good.yml'));
  // spiff's merge operator where yaml.v2 needs a map to merge.
  writeFileSync(path.join(dir, 'envs/spiff.yml'), 'name: cf\njobs:\n- name: api\n  <<: (( merge ))\n  properties: {}\n');
  writeFileSync(path.join(dir, 'envs/binary.yml'), 'instance_groups: []\n\u0000\u0001');
  return dir;
}

describe('a file that cannot be parsed among good ones', () => {
  const dir = project();
  const args = ['envs', '-l', 'vars.yml', '--lb', 'lb.yml'];

  it('is a fatal finding at its file:line; the good manifest is still linted; exit 2', () => {
    const result = runCli([...args, '-f', 'json'], { cwd: dir });
    expect(result.code).toBe(2);
    const findings = JSON.parse(result.stdout).findings as Array<{ rule: string; fatal: boolean; file: string; line: number; deployment: string; message: string }>;
    expect(findings.filter((f) => f.fatal).map((f) => [f.rule, f.file, f.line, f.deployment])).toEqual([
      ['fatal', 'envs/binary.yml', 2, 'envs/binary.yml'],
      ['fatal', 'envs/spiff.yml', 4, 'envs/spiff.yml'],
    ]);
    expect(findings.find((f) => f.file === 'envs/spiff.yml')!.message).toBe('yaml: map merge requires map or sequence of maps as the value');
    expect(findings.find((f) => f.rule === 'CFWS002')).toMatchObject({ deployment: 'envs/good.yml', fatal: false });
  });

  it('shows in stylish under its file, with rule id fatal', () => {
    const result = runCli(args, { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/envs\/spiff\.yml\n {2}4:3 {2}error {2}yaml: map merge requires map or sequence of maps as the value {2}fatal/);
    expect(result.stdout).toContain('CFWS002');
  });

  it('is a JUnit <error>, not a <failure>', () => {
    const xml = runCli([...args, '-f', 'junit'], { cwd: dir }).stdout;
    // good.yml's findings (CFWS002, and CFWS013: its apps get WebSockets only on 4443) are failures.
    expect(xml).toContain('<testsuites name="cf-ws-lint" tests="4" failures="2" errors="2">');
    expect(xml).toMatch(/<error message="yaml: map merge requires map or sequence of maps as the value" type="fatal">envs\/spiff\.yml:4:3: /);
  });

  it('a deployment whose LB file is broken is fatal; the other deployments are linted', () => {
    writeFileSync(path.join(dir, 'broken-lb.yml'), 'apiVersion: cf-ws-lint/v1alpha1\nkind: LoadBalancers\nloadBalancers: [\n');
    writeFileSync(
      path.join(dir, '.cf-ws-lint.yml'),
      'deployments:\n  good:\n    manifest: envs/good.yml\n    varsFiles: [vars.yml]\n    lbFiles: [lb.yml]\n  broken:\n    manifest: envs/good.yml\n    varsFiles: [vars.yml]\n    lbFiles: [broken-lb.yml]\n',
    );
    const result = runCli(['-f', 'json'], { cwd: dir });
    expect(result.code).toBe(2);
    const findings = JSON.parse(result.stdout).findings as Array<{ rule: string; file: string; deployment: string }>;
    expect(findings.filter((f) => f.rule === 'fatal').map((f) => [f.deployment, f.file])).toEqual([['broken', 'broken-lb.yml']]);
    expect(findings.some((f) => f.deployment === 'good' && f.rule === 'CFWS002')).toBe(true);
  });

  it('a single manifest keeps the one-line exit-2 error', () => {
    const result = runCli(['envs/spiff.yml'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('cf-ws-lint: envs/spiff.yml:4:3: yaml: map merge requires map or sequence of maps as the value\n');
  });
});
