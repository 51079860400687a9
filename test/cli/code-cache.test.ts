/**
 * The CLI starts from a bundle and V8's code cache for it (bin/bundle-loader.js). The cache
 * is used when it was made for this very bundle; it is ignored when the bundle has changed
 * or the cache is damaged (V8 would run either), and V8 rejects it under other flags. In
 * every case the output is the same.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { tempDir } from '../robustness/support.js';

const args = ['--no-config', 'examples/aws/manifest.yml', '-l', 'examples/aws/vars.yml', '--lb', 'examples/aws/lb.yml'];

/** A copy of the installed package (bin and bundle) whose files the test may change. */
function packageCopy(): string {
  const dir = tempDir('code-cache');
  cpSync(path.join(ROOT, 'bin'), path.join(dir, 'bin'), { recursive: true });
  mkdirSync(path.join(dir, 'dist/bundle'), { recursive: true });
  for (const name of ['cli.cjs', 'cli.cjs.v8cache']) copyFileSync(path.join(ROOT, 'dist/bundle', name), path.join(dir, 'dist/bundle', name));
  cpSync(path.join(ROOT, 'docs'), path.join(dir, 'docs'), { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

function run(packageDir: string, env: NodeJS.ProcessEnv = {}, nodeFlags: string[] = []) {
  const result = spawnSync(process.execPath, [...nodeFlags, path.join(packageDir, 'bin/cf-ws-lint.js'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', CF_WS_LINT_CODE_CACHE: 'report', ...env },
  });
  return { code: result.status, stdout: result.stdout, cache: /code cache (\w+)/.exec(result.stderr)?.[1] };
}

describe('the code cache', () => {
  const reference = { ...run(ROOT, { CF_WS_LINT_CODE_CACHE: 'off' }), cache: undefined };

  it('is used for the bundle it was recorded for (npm run build records it)', () => {
    expect(reference.code).toBe(1);
    expect(reference.stdout).toMatch(/CFWS002/);
    expect(run(ROOT)).toEqual({ ...reference, cache: 'used' });
  });

  it('is ignored once the bundle has changed, even by a comment', () => {
    const dir = packageCopy();
    appendFileSync(path.join(dir, 'dist/bundle/cli.cjs'), '\n// changed\n');
    expect(run(dir)).toEqual({ ...reference, cache: 'absent' });
  });

  it('is ignored once the bundle has changed and kept its length (all V8 compares)', () => {
    const dir = packageCopy();
    const file = path.join(dir, 'dist/bundle/cli.cjs');
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/sourceMappingURL=cli\.cjs\.map\s*$/);
    writeFileSync(file, text.replace(/cli\.cjs\.map(\s*)$/, 'cli.cjs.mbp$1'));
    expect(readFileSync(file).length).toBe(Buffer.byteLength(text));
    expect(run(dir)).toEqual({ ...reference, cache: 'absent' });
  });

  it('is ignored when its data is damaged (V8 would crash on it)', () => {
    const dir = packageCopy();
    const file = path.join(dir, 'dist/bundle/cli.cjs.v8cache');
    const bytes = readFileSync(file);
    bytes.fill(0x5a, 20 + 64);
    writeFileSync(file, bytes);
    expect(run(dir)).toEqual({ ...reference, cache: 'absent' });
  });

  it('is rejected by V8 when Node.js runs with other V8 flags', () => {
    expect(run(ROOT, {}, ['--no-opt'])).toEqual({ ...reference, cache: 'rejected' });
  });

  it('is not needed: without the file the CLI compiles the bundle', () => {
    const dir = packageCopy();
    writeFileSync(path.join(dir, 'dist/bundle/cli.cjs.v8cache'), '');
    expect(run(dir)).toEqual({ ...reference, cache: 'absent' });
  });
});
