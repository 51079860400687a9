import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/*
 * The hooks in .pre-commit-hooks.yaml, installed and run by pre-commit itself (`try-repo`)
 * against a throwaway project. It needs the built CLI, `pre-commit` and git, and the npm
 * registry (pre-commit's node install runs `npm install` and `npm pack`).
 */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const onPath = (command: string) => spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
const missing = [
  existsSync(path.join(repoRoot, 'dist/cli.js')) ? undefined : 'dist/cli.js (run npm run build)',
  onPath('pre-commit') ? undefined : 'pre-commit (apt-get install -y pre-commit)',
  onPath('git') ? undefined : 'git',
].filter((item): item is string => item !== undefined);
if (missing.length > 0) console.warn(`SKIPPED pre-commit hook test: missing ${missing.join(', ')}`);

const temps: string[] = [];
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
}

/** This working tree as a fresh one-commit repo: try-repo would otherwise miss files not yet committed. */
function hookRepo(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-hooks-'));
  temps.push(dir);
  const files = git(repoRoot, 'ls-files', '--cached', '--others', '--exclude-standard', '-z').split('\0').filter((file) => file !== '' && existsSync(path.join(repoRoot, file)));
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    cpSync(path.join(repoRoot, file), path.join(dir, file));
  }
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'snapshot');
  return dir;
}

/** A project with the AWS example as a configured deployment. */
function project(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-project-'));
  temps.push(dir);
  cpSync(path.join(repoRoot, 'examples/aws'), dir, { recursive: true });
  writeFileSync(path.join(dir, '.cf-ws-lint.yml'), 'deployments:\n  aws:\n    manifest: manifest.yml\n    varsFiles: [vars.yml]\n    lbFiles: [lb.yml]\n');
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  return dir;
}

describe.skipIf(missing.length > 0)(missing.length > 0 ? `pre-commit hooks — SKIPPED: missing ${missing.join(', ')}` : 'pre-commit hooks', () => {
  const hooks = missing.length > 0 ? '' : hookRepo();
  const preCommitHome = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-pre-commit-home-'));
  temps.push(preCommitHome);

  function tryRepo(cwd: string, ...args: string[]) {
    const result = spawnSync('pre-commit', ['try-repo', hooks, ...args], { cwd, encoding: 'utf8', env: { ...process.env, PRE_COMMIT_HOME: preCommitHome, NO_COLOR: '1' } });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  }

  it('cf-ws-lint-deployments fails on a deployment with findings and passes once the fix is deployed too', { timeout: 600_000 }, () => {
    const dir = project();
    const bad = tryRepo(dir, 'cf-ws-lint-deployments', '--all-files');
    expect(bad.output).not.toContain('An unexpected error has occurred');
    expect(bad.output).toMatch(/cf-ws-lint \(deployments\)\.+Failed/);
    expect(bad.output).toMatch(/CFWS002/);
    expect(bad.status).toBe(1);

    // The ops-file `--fix` writes for this deployment, added to how it is deployed.
    writeFileSync(path.join(dir, 'fix.yml'), '- type: replace\n  path: /instance_groups/name=api/jobs/name=cloud_controller_ng/properties/doppler?/port\n  value: 4443\n');
    writeFileSync(path.join(dir, '.cf-ws-lint.yml'), 'deployments:\n  aws:\n    manifest: manifest.yml\n    opsFiles: [fix.yml]\n    varsFiles: [vars.yml]\n    lbFiles: [lb.yml]\n');
    git(dir, 'add', '-A');
    const good = tryRepo(dir, 'cf-ws-lint-deployments', '--all-files');
    expect(good.output).toMatch(/cf-ws-lint \(deployments\)\.+Passed/);
    expect(good.status).toBe(0);
  });

  it('cf-ws-lint fails on a changed manifest with an error and passes on a good one (other YAML skipped)', { timeout: 600_000 }, () => {
    const dir = project();
    // doppler.port 8081 is the traffic controller's internal port: CFWS008 reports an error.
    const manifest = path.join(dir, 'manifest.yml');
    const good = readFileSync(manifest, 'utf8');
    writeFileSync(manifest, good.replace('      system_domain: "((system_domain))"\n', '      system_domain: "((system_domain))"\n      doppler:\n        port: 8081\n'));
    git(dir, 'add', '-A');
    const bad = tryRepo(dir, 'cf-ws-lint', '--files', 'manifest.yml', 'lb.yml');
    expect(bad.output).not.toContain('An unexpected error has occurred');
    expect(bad.output).toMatch(/cf-ws-lint\.+Failed/);
    expect(bad.output).toMatch(/CFWS008/);
    expect(bad.status).toBe(1);

    writeFileSync(manifest, good);
    git(dir, 'add', '-A');
    const passing = tryRepo(dir, 'cf-ws-lint', '--files', 'manifest.yml', 'lb.yml');
    expect(passing.output).toMatch(/cf-ws-lint\.+Passed/);
    expect(passing.status).toBe(0);
  });
});
