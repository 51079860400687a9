/**
 * Issue 15: files a pull request writes are read and written safely. Includes read only inside
 * the given file's tree, regular files only, nothing echoed but a short escaped excerpt (cases
 * 1, 9); outputs only to regular files or new paths, never over an input however it was read
 * (cases 2, 3, 12); bounded work on hostile shapes (cases 9, 10).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNginx } from '../../src/lb/nginx.js';
import { readHaproxy } from '../../src/lb/haproxy.js';
import { looksLikeNginx } from '../../src/lb/nginx.js';
import { parsePositionedJson } from '../../src/lb/json-positions.js';
import { InputError } from '../../src/util/errors.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { cleanOutcome, runMain, tempDir } from './support.js';

const EXAMPLE = path.join(ROOT, 'examples/aws');
const SECRET = 'CF_WS_LINT_TEST_SECRET=hunter2';

function inputError(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

function nginxDir(main: string, files: Record<string, string> = {}): string {
  const dir = tempDir('nginx-include');
  writeFileSync(path.join(dir, 'nginx.conf'), main);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const SERVER = 'server { listen 443 ssl; location / { proxy_pass http://gorouter; } }';

describe('case 1: nginx include reads only inside the tree of the given file', () => {
  it.each(['/proc/self/environ', '/etc/shadow', '/etc/passwd', '../../etc/hostname', '/etc', '/dev/zero', '/etc/*'])('include %s is refused without echoing anything read', (target) => {
    const dir = nginxDir(`http { include ${target}; ${SERVER} }\n`);
    const error = inputError(() => readNginx(path.join(dir, 'nginx.conf')));
    expect(error.render()).toMatch(/nginx: include .*: outside .*--lb-root/);
    expect(error.render()).toMatch(/nginx\.conf:1: /);
  });

  it('through the CLI, with the environment holding a secret, by content detection alone', () => {
    const dir = nginxDir(`http { include /proc/self/environ; ${SERVER} }\n`);
    const result = runCli(['--print-listeners', '--lb', path.join(dir, 'nginx.conf')], { env: { CF_WS_LINT_TEST_SECRET: 'hunter2' } });
    expect(result.code).toBe(2);
    expect(cleanOutcome(result)).toBeUndefined();
    expect(result.stderr + result.stdout).not.toContain('hunter2');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a symlink inside the tree that points outside is refused', () => {
    const dir = nginxDir(`http { include conf.d/*.conf; ${SERVER} }\n`);
    mkdirSync(path.join(dir, 'conf.d'));
    symlinkSync('/etc/hostname', path.join(dir, 'conf.d', 'x.conf'));
    expect(inputError(() => readNginx(path.join(dir, 'nginx.conf'))).render()).toMatch(/outside/);
  });

  it('--lb-root widens the tree; includes inside it are read as before', () => {
    const dir = nginxDir('', { 'shared/upstream.conf': 'upstream gorouter { server 10.0.0.1:80; }\n', 'site/nginx.conf': `http { include ../shared/upstream.conf; ${SERVER} }\n` });
    const main = path.join(dir, 'site', 'nginx.conf');
    expect(() => readNginx(main)).toThrow(/outside/);
    expect(readNginx(main, undefined, { root: dir })[0]!.listeners).toHaveLength(1);
  });

  it('nested includes inside the tree, globs and classes work', () => {
    const dir = nginxDir(`http { include conf.d/[a-z]*.conf; }\n`, { 'conf.d/a.conf': 'include ../snippets/s.conf;\n', 'snippets/s.conf': `${SERVER}\n`, 'conf.d/1.conf': 'bad syntax {\n' });
    expect(readNginx(path.join(dir, 'nginx.conf'))[0]!.listeners.map((l) => l.frontendPort)).toEqual([443]);
  });

  it('a syntax error in an included file quotes only a short escaped excerpt', () => {
    const dir = nginxDir(`http { include env.conf; ${SERVER} }\n`, { 'env.conf': `${SECRET.repeat(20)}\u001b[31m\n` });
    const rendered = inputError(() => readNginx(path.join(dir, 'nginx.conf'))).render();
    expect(rendered).not.toContain(SECRET.repeat(2));
    expect(rendered).not.toContain('\u001b');
    expect(rendered.length).toBeLessThan(300);
  });
});

describe('case 9 and 10: nginx includes of what is not a regular file, or cannot be a pattern', () => {
  it.each([
    ['a directory', 'sub', /include sub: .*is a directory/],
    ['a FIFO', 'fifo', /include fifo: .*FIFO/],
    ['a pattern that is not a RegExp', '?*', /./],
    ['a missing file', 'missing.conf', /include missing\.conf: no such file/],
  ])('%s is a clean one-line error (no hang, no internal error)', (_, target, message) => {
    const dir = nginxDir(`http { include ${target}; ${SERVER} }\n`);
    mkdirSync(path.join(dir, 'sub'));
    execFileSync('mkfifo', [path.join(dir, 'fifo')]);
    const result = runCli(['--print-listeners', '--lb', path.join(dir, 'nginx.conf')]);
    expect(cleanOutcome(result)).toBeUndefined();
    if (target === '?*') {
      // Matches nginx.conf itself (skipped, already read), the FIFO and the directory: refused.
      expect(result.code).toBe(2);
    } else {
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  });

  it('10,000 nested blocks: "nested deeper than"', () => {
    const dir = nginxDir(`${'http { '.repeat(10_000)}${'} '.repeat(10_000)}\n`);
    expect(inputError(() => readNginx(path.join(dir, 'nginx.conf'))).message).toMatch(/nested deeper than 100/);
  });

  it('content detection of 40,000 unterminated listen lines is linear', () => {
    const text = `server {\n${'listen 80\n'.repeat(40_000)}`;
    const started = performance.now();
    looksLikeNginx(text);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('case 10: HAProxy with 20,000 bind lines in one section', () => {
  it('is read in linear time', () => {
    const binds = Array.from({ length: 20_000 }, (_, i) => `  bind :${1024 + i}\n`).join('');
    const text = `frontend f\n  mode http\n${binds}  default_backend b\nbackend b\n  server s 10.0.0.1:80\n`;
    const started = performance.now();
    const [lb] = readHaproxy(text, 'haproxy.cfg');
    expect(lb!.listeners).toHaveLength(20_000);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});

describe('case 9: JSON', () => {
  it('a 10 MB string is read, not a stack overflow', () => {
    const value = parsePositionedJson(`{"a": "${'x'.repeat(10_000_000)}"}`, 'big.json').value as { a: string };
    expect(value.a).toHaveLength(10_000_000);
  });

  it('deep nesting is "nesting deeper than 500"', () => {
    expect(inputError(() => parsePositionedJson(`${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'deep.json')).message).toMatch(/nesting deeper than 500/);
  });
});

// ---- outputs ----

function workspace(): { dir: string; args: string[] } {
  const dir = tempDir('outputs');
  for (const name of ['manifest.yml', 'lb.yml', 'vars.yml']) cpSync(path.join(EXAMPLE, name), path.join(dir, name));
  return { dir, args: ['--no-config', path.join(dir, 'manifest.yml'), '--lb', path.join(dir, 'lb.yml'), '-l', path.join(dir, 'vars.yml')] };
}

function expectRefused(result: { code: number; stderr: string }, message: RegExp): void {
  expect(result.code, result.stderr).toBe(2);
  expect(cleanOutcome(result)).toBeUndefined();
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(message);
}

describe('case 2: a file read through an nginx include is an input', () => {
  it.each([
    ['--output-file', (target: string) => ['--format', 'json', '--output-file', target, '--force']],
    ['--fix-out', (target: string) => ['--fix', '--fix-out', target, '--force']],
  ])('%s servers.conf (included by the --lb file) is refused, even with --force', async (_, flags) => {
    const { dir, args } = workspace();
    writeFileSync(path.join(dir, 'nginx.conf'), 'http { include servers.conf; }\n');
    writeFileSync(path.join(dir, 'servers.conf'), `${SERVER}\n`);
    const target = path.join(dir, 'servers.conf');
    const result = await runMain([...args, '--lb', path.join(dir, 'nginx.conf'), ...flags(target)]);
    expectRefused(result, /servers\.conf: refusing to write over an input file/);
    expect(readFileSync(target, 'utf8')).toBe(`${SERVER}\n`);
  });
});

describe('case 3: outputs only to regular files or new paths', () => {
  const kinds: Array<[string, (dir: string) => string, RegExp]> = [
    ['a FIFO', (dir) => (execFileSync('mkfifo', [path.join(dir, 'out')]), path.join(dir, 'out')), /out: is a FIFO/],
    ['a symlink to /proc/self/fd/1', (dir) => (symlinkSync('/proc/self/fd/1', path.join(dir, 'out')), path.join(dir, 'out')), /out: is a symbolic link/],
    ['a symlink to a regular file', (dir) => (writeFileSync(path.join(dir, 'real'), 'keep\n'), symlinkSync('real', path.join(dir, 'out')), path.join(dir, 'out')), /out: is a symbolic link/],
    ['a directory', (dir) => (mkdirSync(path.join(dir, 'out')), path.join(dir, 'out')), /out: is a directory/],
  ];
  if (process.getuid?.() === 0) {
    // A character device of our own (the same numbers as /dev/null): root could replace the real one.
    kinds.push(['a character device', (dir) => (execFileSync('mknod', [path.join(dir, 'out'), 'c', '1', '3']), path.join(dir, 'out')), /out: is a device/]);
  }
  for (const [flag, flags] of [
    ['--output-file', (t: string) => ['--format', 'json', '--output-file', t, '--force']],
    ['--fix-out', (t: string) => ['--fix', '--fix-out', t, '--force']],
    ['--update-baseline', (t: string) => ['--baseline', t, '--update-baseline']],
  ] as const) {
    it.each(kinds)(`${flag} refuses %s and leaves it as it was`, async (_, make, message) => {
      const { dir, args } = workspace();
      const target = make(dir);
      const before = lstatSync(target);
      const result = await runMain([...args, ...flags(target)]);
      expectRefused(result, message);
      const after = lstatSync(target);
      expect([after.mode, after.ino, after.rdev]).toEqual([before.mode, before.ino, before.rdev]);
      if (existsSync(path.join(dir, 'real'))) expect(readFileSync(path.join(dir, 'real'), 'utf8')).toBe('keep\n');
    });
  }

  it('--output-file replaces an existing file only with --force, as --fix-out does', async () => {
    const { dir, args } = workspace();
    const out = path.join(dir, 'report.json');
    writeFileSync(out, 'old\n');
    expectRefused(await runMain([...args, '--format', 'json', '--output-file', out]), /report\.json: file exists \(use --force/);
    expect(readFileSync(out, 'utf8')).toBe('old\n');
    const forced = await runMain([...args, '--format', 'json', '--output-file', out, '--force']);
    expect(forced.code, forced.stderr).toBe(1);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toBeTruthy();
  });

  it('--output-file - is standard output', async () => {
    const { dir, args } = workspace();
    const result = await runMain([...args, '--format', 'json', '--output-file', '-']);
    expect(result.code, result.stderr).toBe(1);
    expect(JSON.parse(result.stdout)).toBeTruthy();
    expect(existsSync(path.join(dir, '-'))).toBe(false);
  });
});

describe('case 12: outputs that collide, fail or were interrupted', () => {
  it('--fix-out X --output-file X is refused before anything is written', async () => {
    const { dir, args } = workspace();
    const out = path.join(dir, 'x.yml');
    const result = await runMain([...args, '--fix', '--fix-out', out, '--format', 'json', '--output-file', out]);
    expectRefused(result, /x\.yml: named by both --output-file and --fix-out/);
    expect(existsSync(out)).toBe(false);
  });

  it('--update-baseline into a missing directory names the baseline, not a temp file', async () => {
    const { dir, args } = workspace();
    const result = await runMain([...args, '--baseline', path.join(dir, 'missing', 'baseline.json'), '--update-baseline']);
    expectRefused(result, /baseline\.json: cannot write the file: its directory does not exist/);
    expect(result.stderr).not.toMatch(/\.tmp/);
  });

  it('a later run removes the temp files a killed run left (and nothing else)', async () => {
    const { dir, args } = workspace();
    const dead = path.join(dir, '.fixes.yml.999999999.1700000000000.tmp');
    const alive = path.join(dir, `.fixes.yml.${process.pid}.1700000000000.tmp`);
    const other = path.join(dir, '.fixes.yml.notours.tmp');
    for (const file of [dead, alive, other]) writeFileSync(file, 'partial');
    const result = runCli([...args, '--fix', '--fix-out', path.join(dir, 'fixes.yml')]);
    expect(result.code, result.stderr).toBe(1);
    // The test process is alive: its temp file stays; the dead one goes.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp')).sort()).toEqual([path.basename(alive), path.basename(other)].sort());
    expect(statSync(path.join(dir, 'fixes.yml')).isFile()).toBe(true);
  });
});

describe('case 10: config and baseline of hostile shape', () => {
  it('a malformed 200 KB line in a baseline is refused fast', async () => {
    const { dir, args } = workspace();
    const baseline = path.join(dir, 'baseline.json');
    writeFileSync(baseline, `{"version": 1, "entries": [${']'.repeat(200_000)}\n`);
    const result = await runMain([...args, '--baseline', baseline]);
    expectRefused(result, /baseline\.json(:\d+:\d+)?: invalid baseline/);
    expect(result.ms).toBeLessThan(5000);
  });

  it('a malformed 200 KB line in a config is refused fast', async () => {
    const { dir, args } = workspace();
    const config = path.join(dir, 'config.yml');
    writeFileSync(config, `rules: ${']'.repeat(200_000)}\n`);
    const result = await runMain(['--config', config, ...args.slice(1)]);
    expectRefused(result, /config\.yml: .*larger than 128 KB/);
    expect(result.ms).toBeLessThan(5000);
    writeFileSync(config, `rules: ${']'.repeat(100_000)}\n`);
    const below = await runMain(['--config', config, ...args.slice(1)]);
    expectRefused(below, /config\.yml:1:\d+: invalid YAML/);
    expect(below.ms).toBeLessThan(5000);
  });

  it('20,000 appends in one ops-file are linear', async () => {
    const { dir, args } = workspace();
    const ops = path.join(dir, 'ops.yml');
    writeFileSync(ops, Array.from({ length: 20_000 }, (_, i) => `- type: replace\n  path: /instance_groups/name=api/jobs/-\n  value: {name: j${i}, release: r}\n`).join(''));
    const result = await runMain([...args, '-o', ops]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.ms).toBeLessThan(10_000);
  });
});

describe('case 12: --lb-format cloudformation reads what detection reads', () => {
  it('CloudFormation YAML with the format named', async () => {
    const file = path.join(ROOT, 'fixtures/lb/cloudformation/alb-nlb.yaml');
    const detected = await runMain(['--print-listeners', '--lb', file]);
    const named = await runMain(['--print-listeners', '--lb-format', 'cloudformation', '--lb', file]);
    expect(detected.code, detected.stderr).toBe(0);
    expect(named.code, named.stderr).toBe(0);
    expect(named.stdout).toBe(detected.stdout);
  });
});
