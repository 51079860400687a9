/**
 * Nothing is lost: `--fix-out` never writes over an input (however the path is spelled),
 * replaces an existing file only with `--force`, writes through a temp file and a rename,
 * and leaves the old file or the complete new one, never a temp file, when it fails or is
 * interrupted (src/engine/write-output.ts, src/engine/write-file-atomic.ts).
 */
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../src/yaml/yaml.js';
import { opsFromFile } from '../../src/bosh/patch/ops-file.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { cleanOutcome, runMain, tempDir } from './support.js';

const BIN = path.join(ROOT, 'bin/cf-ws-lint.js');
const EXAMPLE = path.join(ROOT, 'examples/aws');
const KILLS = Number(process.env.FUZZ_KILLS ?? '') || 24;

interface Workspace {
  dir: string;
  /** Lints the example (one CFWS002 finding with a fix), reading every kind of input; paths relative to `dir`. */
  args: string[];
  /** The same with absolute paths, for `main()` in this process. */
  absoluteArgs: string[];
}

/** A directory with the example deployment, an ops-file, a --var-file, a config and a Terraform LB directory. */
function workspace(): Workspace {
  const dir = tempDir('fix-out');
  for (const name of ['manifest.yml', 'lb.yml', 'vars.yml']) cpSync(path.join(EXAMPLE, name), path.join(dir, name));
  writeFileSync(path.join(dir, 'ops.yml'), '- type: replace\n  path: /update/max_in_flight\n  value: 2\n');
  writeFileSync(path.join(dir, 'domain.txt'), 'sys.example.com');
  writeFileSync(path.join(dir, 'config.yml'), 'rules: {}\n');
  cpSync(path.join(ROOT, 'fixtures/lb/terraform/aws-alb-elb'), path.join(dir, 'tf'), { recursive: true });
  const at = (name: string) => path.join(dir, name);
  const args = (file: (name: string) => string) => [file('manifest.yml'), '-o', file('ops.yml'), '-l', file('vars.yml'), '--var-file', `domain=${file('domain.txt')}`, '--lb', file('lb.yml'), '--lb', file('tf'), '--config', file('config.yml'), '--fix'];
  return { dir, args: args((name) => name), absoluteArgs: args(at) };
}

/** Every file under `dir` with its bytes, so that any change (or a stray temp file) shows. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      const stat = statSync(full, { throwIfNoEntry: false });
      if (stat?.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = stat ? readFileSync(full).toString('base64') : 'dangling link';
    }
  };
  walk(dir);
  return out;
}

const tempFiles = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

function expectRefused(result: { code: number | null; stderr: string }, message: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  expect(cleanOutcome({ code: result.code, stderr: result.stderr })).toBeUndefined();
  expect(result.stderr.trim().split('\n'), result.stderr).toHaveLength(1);
  expect(result.stderr).toMatch(message);
}

describe('--fix-out refuses to write over an input', () => {
  const { dir, args } = workspace();
  symlinkSync('manifest.yml', path.join(dir, 'link-to-manifest.yml'));
  symlinkSync(path.join(dir, 'tf'), path.join(dir, 'tf-link'));
  mkdirSync(path.join(dir, 'sub'));
  const baseline = runCli([...args.filter((a) => a !== '--fix'), '--baseline', 'baseline.json', '--update-baseline'], { cwd: dir });
  expect(baseline.stderr).toMatch(/wrote \d+ findings? to baseline\.json/);

  const targets = [
    ['the manifest', 'manifest.yml'],
    ['the manifest as ./manifest.yml', './manifest.yml'],
    ['the manifest by its absolute path', path.join(dir, 'manifest.yml')],
    ['the manifest as sub/../manifest.yml', 'sub/../manifest.yml'],
    ['the manifest through a symlink', 'link-to-manifest.yml'],
    ['the ops-file', 'ops.yml'],
    ['the vars file', './vars.yml'],
    ['the --var-file', 'domain.txt'],
    ['the LB file', 'lb.yml'],
    ['a .tf file of the LB directory', 'tf/main.tf'],
    ['a .tf file of the LB directory through a linked directory', 'tf-link/main.tf'],
    ['the terraform.tfvars of the LB directory', './tf/terraform.tfvars'],
    ['the config file', 'config.yml'],
    ['the baseline file', 'baseline.json'],
  ];

  it.each(targets)('%s (%s), with --force, leaving every file as it was', (_, target) => {
    const before = snapshot(dir);
    const extra = target === 'baseline.json' ? ['--baseline', 'baseline.json'] : [];
    const result = runCli([...args, ...extra, '--force', '--fix-out', target], { cwd: dir });
    // A symlink is refused as such before it is compared with the inputs.
    expectRefused(result, target.startsWith('link-') ? /is a symbolic link/ : /refusing to write over an input file/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('and --output-file refuses the same', () => {
    const before = snapshot(dir);
    const result = runCli([...args.filter((a) => a !== '--fix'), '--format', 'json', '--output-file', './tf/main.tf'], { cwd: dir });
    expectRefused(result, /main\.tf: refusing to write over an input file/);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('--fix-out writes the ops-file atomically', () => {
  it('writes what --fix-out - prints, leaving no temp file', async () => {
    const { dir, absoluteArgs } = workspace();
    const printed = await runMain([...absoluteArgs, '--fix-out', '-']);
    const target = path.join(dir, 'out', 'fixes.yml');
    mkdirSync(path.dirname(target));
    const written = await runMain([...absoluteArgs, '--fix-out', target]);
    expect(cleanOutcome(written)).toBeUndefined();
    expect(written.code).toBe(1);
    expect(written.stderr).toMatch(/wrote 1 fix to/);
    const text = readFileSync(target, 'utf8');
    expect(printed.stdout).toContain(text);
    expect(opsFromFile(parseYaml(text, target), target)).toHaveLength(1);
    expect(readdirSync(path.dirname(target))).toEqual(['fixes.yml']);
    expect(tempFiles(dir)).toEqual([]);
  });

  it('replaces an existing file only with --force', () => {
    const { dir, args } = workspace();
    writeFileSync(path.join(dir, 'fixes.yml'), 'old content\n');
    const refused = runCli([...args, '--fix-out', 'fixes.yml'], { cwd: dir });
    expectRefused(refused, /fixes\.yml: file exists \(use --force to replace it\)/);
    expect(readFileSync(path.join(dir, 'fixes.yml'), 'utf8')).toBe('old content\n');
    const forced = runCli([...args, '--fix-out', 'fixes.yml', '--force'], { cwd: dir });
    expect(forced.code, forced.stderr).toBe(1);
    expect(readFileSync(path.join(dir, 'fixes.yml'), 'utf8')).toMatch(/^- type: replace$/m);
    expect(tempFiles(dir)).toEqual([]);
  });

  it('refuses a symlink, even with --force, leaving it and the file it points to as they were', () => {
    const { dir, args } = workspace();
    writeFileSync(path.join(dir, 'elsewhere.yml'), 'keep me\n');
    symlinkSync('elsewhere.yml', path.join(dir, 'fixes.yml'));
    const before = snapshot(dir);
    const result = runCli([...args, '--fix-out', 'fixes.yml', '--force'], { cwd: dir });
    expectRefused(result, /fixes\.yml: is a symbolic link/);
    expect(snapshot(dir)).toEqual(before);
    expect(lstatSync(path.join(dir, 'fixes.yml')).isSymbolicLink()).toBe(true);
  });

  it('refuses a hard link to an input (the same file under another name)', () => {
    const { dir, args } = workspace();
    const before = readFileSync(path.join(dir, 'manifest.yml'));
    linkSync(path.join(dir, 'manifest.yml'), path.join(dir, 'hard-link.yml'));
    const result = runCli([...args, '--fix-out', 'hard-link.yml', '--force'], { cwd: dir });
    expectRefused(result, /hard-link\.yml: refusing to write over an input file/);
    expect(readFileSync(path.join(dir, 'manifest.yml'))).toEqual(before);
  });

  const failures: Array<[string, (dir: string) => string, RegExp]> = [
    ['its directory does not exist', (dir) => path.join(dir, 'missing', 'fixes.yml'), /fixes\.yml: cannot write the file: its directory does not exist/],
    ['the target is a directory (even with --force)', (dir) => path.join(dir, 'tf'), /tf: is a directory/],
    ['its directory cannot be written (/proc, which root cannot write either)', () => '/proc/fixes.yml', /\/proc\/fixes\.yml: cannot write the file/],
  ];
  it.each(failures)('fails cleanly (exit 2, one line, no temp file) when %s', async (_, targetIn, message) => {
    // Regression: these were "internal error: ENOENT/EISDIR …".
    const { dir, args } = workspace();
    const target = targetIn(dir);
    const before = snapshot(dir);
    const result = runCli([...args, '--force', '--fix-out', target], { cwd: dir });
    expectRefused(result, message);
    expect(snapshot(dir)).toEqual(before);
    if (existsSync(path.dirname(target))) expect(tempFiles(path.dirname(target))).toEqual([]);
  });

  it.skipIf(process.getuid?.() === 0)('fails cleanly when the directory is read-only (skipped as root, who may write anyway)', () => {
    const { dir, args } = workspace();
    const locked = path.join(dir, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    try {
      const result = runCli([...args, '--fix-out', path.join(locked, 'fixes.yml')], { cwd: dir });
      expectRefused(result, /cannot write the file: permission denied/);
      expect(readdirSync(locked)).toEqual([]);
    } finally {
      chmodSync(locked, 0o755);
    }
  });
});

describe('an interrupted --fix-out', () => {
  /** Spawns the CLI and sends `signal` after `delayMs`; resolves when it has ended. */
  function interrupted(args: string[], cwd: string, signal: NodeJS.Signals, delayMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
      let stderr = '';
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const timer = Number.isFinite(delayMs) ? setTimeout(() => child.kill(signal), delayMs) : undefined;
      child.on('exit', (code, sig) => {
        clearTimeout(timer);
        resolve({ code, signal: sig, stderr });
      });
    });
  }

  it(`leaves the old file or the complete new one, never a temp file (${KILLS} kills at random moments)`, async () => {
    const { dir, args } = workspace();
    const target = path.join(dir, 'fixes.yml');
    runCli([...args, '--fix-out', 'complete.yml'], { cwd: dir });
    const complete = readFileSync(path.join(dir, 'complete.yml'), 'utf8');
    expect(complete).toMatch(/^- type: replace$/m);
    const PARALLEL = 6;
    // How long a run takes with as many beside it as the kills will have: kills land across it.
    const timings = await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        const started = performance.now();
        await interrupted([...args, '--fix-out', '-'], dir, 'SIGINT', Infinity);
        return performance.now() - started;
      }),
    );
    const runMs = Math.max(...timings);

    const outcomes = { old: 0, complete: 0, exitedFirst: 0 };
    for (let batch = 0; batch < KILLS; batch += PARALLEL) {
      const runs = Array.from({ length: Math.min(PARALLEL, KILLS - batch) }, async (_, k) => {
        const sub = path.join(dir, `kill-${batch + k}`);
        mkdirSync(sub);
        for (const name of readdirSync(dir)) if (!name.startsWith('kill-') && name !== 'complete.yml') cpSync(path.join(dir, name), path.join(sub, name), { recursive: true });
        const old = 'old fixes\n';
        writeFileSync(path.join(sub, 'fixes.yml'), old);
        const signal: NodeJS.Signals = (batch + k) % 2 === 0 ? 'SIGINT' : 'SIGTERM';
        const delay = Math.random() * runMs * 1.2;
        const result = await interrupted([...args, '--fix-out', 'fixes.yml', '--force'], sub, signal, delay);
        const now = readFileSync(path.join(sub, 'fixes.yml'), 'utf8');
        expect([old, complete], `kill after ${delay.toFixed(0)} ms: ${result.stderr}`).toContain(now);
        expect(tempFiles(sub)).toEqual([]);
        if (result.signal === null) outcomes.exitedFirst++;
        if (now === old) outcomes.old++;
        else outcomes.complete++;
      });
      await Promise.all(runs);
    }
    expect(existsSync(target)).toBe(false);
    console.info(`interrupts: ${KILLS} kills within ${(runMs * 1.2).toFixed(0)} ms: old file ${outcomes.old}, complete new file ${outcomes.complete} (${outcomes.exitedFirst} finished before the signal)`);
  }, 120_000);

  it('holds a signal that arrives during the write until the rename, then dies of it', async () => {
    // Deterministic: a 300 MB write takes long enough to signal while the temp file exists.
    // Regression: Node's default SIGINT killed the process there and left the temp file.
    const dir = tempDir('fix-out-signal');
    const target = path.join(dir, 'out.yml');
    const script = `const { writeFileAtomic } = await import(${JSON.stringify(path.join(ROOT, 'dist/engine/write-file-atomic.js'))}); writeFileAtomic(process.argv[1], 'x'.repeat(300_000_000));`;
    const result = await new Promise<{ signal: NodeJS.Signals | null; sawTemp: boolean }>((resolve) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script, target]);
      let sawTemp = false;
      const poll = setInterval(() => {
        if (!sawTemp && tempFiles(dir).length > 0) {
          sawTemp = true;
          child.kill('SIGINT');
        }
      }, 1);
      child.on('exit', (_, signal) => {
        clearInterval(poll);
        resolve({ signal, sawTemp });
      });
    });
    expect(result.sawTemp).toBe(true);
    expect(result.signal).toBe('SIGINT');
    expect(readdirSync(dir)).toEqual(['out.yml']);
    expect(statSync(target).size).toBe(300_000_000);
  }, 60_000);
});
