/**
 * `--cache` (issue 16): a deployment's findings are reused only when none of its inputs
 * changed. A reused entry is recognised by a message planted in the cache file: it shows
 * up only when the entry was used.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deploymentKey } from '../../src/engine/cache.js';
import { ROOT, runCli } from '../helpers/cli.js';

const PLANTED = 'planted in the cache';

/** fixtures/deployments (three deployments), linted once with --cache, then every cached message replaced. */
function cachedProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-cache-'));
  cpSync(path.join(ROOT, 'fixtures/deployments'), dir, { recursive: true });
  expect(runCli(['--cache'], { cwd: dir }).code).toBe(1);
  const file = path.join(dir, '.cf-ws-lint-cache');
  const cache = JSON.parse(readFileSync(file, 'utf8'));
  for (const entry of Object.values<{ findings: { message: string }[] }>(cache.entries)) for (const finding of entry.findings) finding.message = PLANTED;
  writeFileSync(file, JSON.stringify(cache));
  return dir;
}

/** Which deployments' findings came from the cache. */
function reused(dir: string, args: string[] = []): string[] {
  const result = runCli(['--cache', '-f', 'json', ...args], { cwd: dir });
  expect(result.stderr).toBe('');
  const findings: Array<{ deployment: string; message: string }> = JSON.parse(result.stdout).findings;
  return [...new Set(findings.filter((f) => f.message === PLANTED).map((f) => f.deployment))].sort();
}

describe('--cache', () => {
  it('reuses every deployment when nothing changed, and gives the same report as a fresh run', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-cache-same-'));
    cpSync(path.join(ROOT, 'fixtures/deployments'), dir, { recursive: true });
    const fresh = runCli(['-f', 'json'], { cwd: dir }).stdout;
    expect(runCli(['--cache', '-f', 'json'], { cwd: dir }).stdout).toBe(fresh);
    expect(runCli(['--cache', '-f', 'json'], { cwd: dir }).stdout).toBe(fresh);
    expect(reused(cachedProject())).toEqual(['lab', 'prod', 'staging']);
  });

  it.each([
    ['the shared manifest', 'cf-deployment.yml', ['lab']],
    ["staging's ops-file", 'ops-staging-plain.yml', ['lab', 'prod']],
    ["prod's vars file", 'vars-prod.yml', ['lab', 'staging']],
    ["lab's LB file", 'lb-lab.yml', ['prod', 'staging']],
    ['the config', '.cf-ws-lint.yml', []],
  ])('lints again what reads %s when it changes', (_, file, stillCached) => {
    const dir = cachedProject();
    writeFileSync(path.join(dir, file), `${readFileSync(path.join(dir, file), 'utf8')}\n# changed\n`);
    expect(reused(dir)).toEqual(stillCached);
  });

  it('ignores a corrupt cache and writes a good one', () => {
    const dir = cachedProject();
    writeFileSync(path.join(dir, '.cf-ws-lint-cache'), '{"format": 3, "entries": {"x": ');
    expect(reused(dir)).toEqual([]);
    expect(JSON.parse(readFileSync(path.join(dir, '.cf-ws-lint-cache'), 'utf8')).format).toBe(3);
    writeFileSync(path.join(dir, '.cf-ws-lint-cache'), '{"format": 3, "entries": {"x": null}, "runs": {"y": 1}}');
    expect(reused(dir)).toEqual([]);
  });

  it('--cache-location puts the cache elsewhere; it needs --cache', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-cache-location-'));
    cpSync(path.join(ROOT, 'fixtures/deployments'), dir, { recursive: true });
    runCli(['--cache', '--cache-location', 'tmp/'], { cwd: dir });
    expect(Object.keys(JSON.parse(readFileSync(path.join(dir, 'tmp/.cf-ws-lint-cache'), 'utf8')).entries)).toHaveLength(3);
    const refused = runCli(['--cache-location', 'x'], { cwd: dir });
    expect([refused.code, refused.stderr]).toEqual([2, 'cf-ws-lint: --cache-location needs --cache\n']);
    const overInput = runCli(['--cache', '--cache-location', 'lb-lab.yml'], { cwd: dir });
    expect(overInput.code).toBe(2);
    expect(overInput.stderr).toMatch(/lb-lab\.yml: refusing to write over an input file/);
  });
});

describe('--cache replays a whole run that read only unchanged files, before loading the linter', () => {
  const PLANTED_OUTPUT = 'replayed from the cache\n';

  /** fixtures/deployments after one `--cache` run with `args`, its recorded output replaced. */
  function recordedProject(args: string[], env: NodeJS.ProcessEnv = {}): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-replay-'));
    cpSync(path.join(ROOT, 'fixtures/deployments'), dir, { recursive: true });
    const first = runCli(['--cache', ...args], { cwd: dir, env });
    const file = path.join(dir, '.cf-ws-lint-cache');
    const cache = JSON.parse(readFileSync(file, 'utf8'));
    const runs = Object.values<{ stdout: string; exitCode: number }>(cache.runs);
    expect(runs).toHaveLength(1);
    expect([runs[0]!.stdout, runs[0]!.exitCode]).toEqual([first.stdout, first.code]);
    runs[0]!.stdout = PLANTED_OUTPUT;
    writeFileSync(file, JSON.stringify(cache));
    return dir;
  }
  const replayed = (dir: string, args: string[], env: NodeJS.ProcessEnv = {}) => runCli(['--cache', ...args], { cwd: dir, env }).stdout === PLANTED_OUTPUT;

  it('does not replay a run another build of the same version recorded (the bundle is rebuilt)', () => {
    // A copy of the built CLI, so that its bundle can be "rebuilt" (touched) without touching this checkout's.
    const cli = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-build-'));
    for (const entry of ['bin', 'dist', 'package.json']) cpSync(path.join(ROOT, entry), path.join(cli, entry), { recursive: true });
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(cli, 'node_modules'));
    const copied = (args: string[], cwd: string) => spawnSync(process.execPath, [path.join(cli, 'bin/cf-ws-lint.js'), '--cache', ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } }).stdout;
    const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-replay-'));
    cpSync(path.join(ROOT, 'fixtures/deployments'), dir, { recursive: true });
    copied([], dir);
    const file = path.join(dir, '.cf-ws-lint-cache');
    const cache = JSON.parse(readFileSync(file, 'utf8'));
    for (const run of Object.values<{ stdout: string }>(cache.runs)) run.stdout = PLANTED_OUTPUT;
    writeFileSync(file, JSON.stringify(cache));
    expect(copied([], dir)).toBe(PLANTED_OUTPUT);
    const bundle = path.join(cli, 'dist/bundle/cli.cjs');
    utimesSync(bundle, new Date(), new Date(statSync(bundle).mtimeMs + 60_000));
    expect(copied([], dir)).not.toBe(PLANTED_OUTPUT);
    rmSync(cli, { recursive: true, force: true });
  });

  it('replays the same command line with its exit code when nothing changed', () => {
    const dir = recordedProject([]);
    const result = runCli(['--cache'], { cwd: dir });
    expect([result.stdout, result.code]).toEqual([PLANTED_OUTPUT, 1]);
    expect(replayed(dir, ['-f', 'json'])).toBe(false);
  });

  it.each([
    ['a manifest', (dir: string) => writeFileSync(path.join(dir, 'cf-v2-lab.yml'), `${readFileSync(path.join(dir, 'cf-v2-lab.yml'), 'utf8')}# changed\n`)],
    ['an LB file', (dir: string) => writeFileSync(path.join(dir, 'lb-prod.yml'), `${readFileSync(path.join(dir, 'lb-prod.yml'), 'utf8')}# changed\n`)],
    ['the config', (dir: string) => writeFileSync(path.join(dir, '.cf-ws-lint.yml'), `${readFileSync(path.join(dir, '.cf-ws-lint.yml'), 'utf8')}# changed\n`)],
  ])('does not replay once %s changed', (_, change) => {
    const dir = recordedProject([]);
    change(dir);
    expect(replayed(dir, [])).toBe(false);
  });

  it('does not replay once a config appears where the run looked for one', () => {
    // Run in lab/: the config is looked for in lab/ (not there) before the one above it is found.
    const dir = recordedProject([]);
    mkdirSync(path.join(dir, 'lab'));
    for (const file of ['cf-v2-lab.yml', 'lb-lab.yml']) cpSync(path.join(dir, file), path.join(dir, 'lab', file));
    const args = ['cf-v2-lab.yml', '-v', 'system_domain=sys.lab.example.com', '--lb', 'lb-lab.yml', '--cache-location', '../.cf-ws-lint-cache'];
    const lab = path.join(dir, 'lab');
    const first = runCli(['--cache', ...args], { cwd: lab }).stdout;
    expect(runCli(['--cache', ...args], { cwd: lab }).stdout).toBe(first);
    const file = path.join(dir, '.cf-ws-lint-cache');
    const cache = JSON.parse(readFileSync(file, 'utf8'));
    const record = Object.values<{ stdout: string; inputs: Record<string, string> }>(cache.runs).find((run) => run.stdout === first)!;
    expect(record.inputs[path.join(lab, '.cf-ws-lint.yaml')]).toBe('absent');
    record.stdout = PLANTED_OUTPUT;
    writeFileSync(file, JSON.stringify(cache));
    expect(replayed(lab, args)).toBe(true);
    writeFileSync(path.join(lab, '.cf-ws-lint.yaml'), 'rules: { no-8443-websocket-port: off }\n');
    expect(replayed(lab, args)).toBe(false);
  });

  it('does not replay when the --vars-env variables or the colour settings differ', () => {
    const args = ['cf-deployment.yml', '--vars-env', 'CFWS', '--lb', 'lb-prod.yml', '--no-config'];
    const dir = recordedProject(args, { CFWS_system_domain: 'sys.prod.example.com' });
    expect(replayed(dir, args, { CFWS_system_domain: 'sys.prod.example.com' })).toBe(true);
    expect(replayed(dir, args, { CFWS_system_domain: 'sys.other.example.com' })).toBe(false);
    expect(replayed(dir, args, { CFWS_system_domain: 'sys.prod.example.com', FORCE_COLOR: '1' })).toBe(false);
  });

  it('records no run that writes files, reads a directory or stdin', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-replay-none-'));
    cpSync(path.join(ROOT, 'fixtures/deployments'), dir, { recursive: true });
    runCli(['--cache', '--fix', '--fix-out', 'fixes/'], { cwd: dir });
    runCli(['--cache', '-f', 'json', '--output-file', 'out.json'], { cwd: dir });
    runCli(['--cache', '.', '--lb', 'lb-prod.yml', '-l', 'vars-prod.yml', '--no-config'], { cwd: dir });
    expect(JSON.parse(readFileSync(path.join(dir, '.cf-ws-lint-cache'), 'utf8')).runs).toEqual({});
  });
});

describe('deploymentKey', () => {
  const target = { name: 'prod', manifest: '/m.yml', varsEnv: ['CF'] };
  const key = (overrides: Partial<Parameters<typeof deploymentKey>[1]> = {}, t: typeof target = target) =>
    deploymentKey(t, { version: '1.0.0', configText: 'rules: {}\n', env: { CF_system_domain: 'a', OTHER: 'x' }, ...overrides });

  it("changes with cf-ws-lint's version, the config, the --vars-env variables and the target; not with other variables", () => {
    expect(key()).toBe(key());
    expect(key({ version: '1.0.1' })).not.toBe(key());
    expect(key({ configText: 'rules: {CFWS001: off}\n' })).not.toBe(key());
    expect(key({ env: { CF_system_domain: 'b', OTHER: 'x' } })).not.toBe(key());
    expect(key({ env: { CF_system_domain: 'a', OTHER: 'y' } })).toBe(key());
    expect(key({}, { ...target, name: 'staging' })).not.toBe(key());
  });
});
