import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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

  it('cf-ws-lint-deployments lints the deployments of .cf-ws-lint.yml and fails on their findings', { timeout: 600_000 }, () => {
    const { status, output } = tryRepo(project(), 'cf-ws-lint-deployments', '--all-files');
    expect(output).not.toContain('An unexpected error has occurred');
    expect(output).toMatch(/cf-ws-lint \(deployments\)\.+Failed/);
    expect(output).toMatch(/CFWS\d{3}/);
    expect(status).toBe(1);
  });

  it('cf-ws-lint runs on the changed YAML files', { timeout: 600_000 }, () => {
    const { output } = tryRepo(project(), 'cf-ws-lint', '--files', 'manifest.yml', 'lb.yml');
    expect(output).not.toContain('An unexpected error has occurred');
    expect(output).toMatch(/cf-ws-lint\.+(Passed|Failed)/);
  });
});
