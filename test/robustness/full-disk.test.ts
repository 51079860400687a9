/**
 * Issue 15, case 9 (the full-disk half): `--update-baseline`, `--output-file` and `--fix-out`
 * writing into a file system with no room left. The user gets one line naming their file (not
 * the `.NAME.PID.TIME.tmp` it was written through) with the reason, exit 2, no stack trace; the
 * old file is as it was and no temp file is left (src/engine/write-output.ts, write-file-atomic.ts).
 *
 * A real full disk: a 16 KiB tmpfs with few inodes, filled either with data (no block left for
 * the new content) or with empty files (no inode left for the temp file). Mounting needs root,
 * as CI has; elsewhere the suite is skipped and says so.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, cpSync, mkdtempSync, openSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { serializeBaseline } from '../../src/engine/baseline.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { cleanOutcome, tempDir } from './support.js';

const EXAMPLE = path.join(ROOT, 'examples/aws');

/** A mounted tmpfs for the suite, or why there is none. */
function mountTinyFileSystem(): { dir: string } | { skipped: string } {
  if (process.getuid?.() !== 0) return { skipped: 'not running as root (mounting a tmpfs needs root; CI runs as root)' };
  const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-full-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k,nr_inodes=32', 'tmpfs', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    return { dir };
  } catch (error) {
    rmdirSync(dir);
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return { skipped: `mount -t tmpfs failed (${stderr || (error as Error).message}); a container without CAP_SYS_ADMIN cannot mount` };
  }
}

const disk = mountTinyFileSystem();
const mounted = 'dir' in disk ? disk.dir : undefined;
if (!mounted) console.info(`full-disk tests skipped: ${'skipped' in disk ? disk.skipped : ''}`);

afterAll(() => {
  if (!mounted) return;
  try {
    execFileSync('umount', [mounted], { stdio: 'ignore' });
  } catch {
    // Something still has it open (a child the test runner killed): detach it instead.
    execFileSync('umount', ['-l', mounted], { stdio: 'ignore' });
  }
  rmdirSync(mounted);
});

afterEach(() => {
  if (!mounted) return;
  for (const name of readdirSync(mounted)) rmSync(path.join(mounted, name), { force: true, recursive: true });
});

/** Writes until the file system refuses: every data block (`data`) or every inode (`inodes`) in use. */
function fill(dir: string, what: 'data' | 'inodes'): void {
  const refused = (error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  };
  if (what === 'inodes') {
    try {
      for (let i = 0; i < 10_000; i++) closeSync(openSync(path.join(dir, `filler-${i}`), 'wx'));
    } catch (error) {
      return refused(error);
    }
    throw new Error(`${dir} never ran out of inodes`);
  }
  const fd = openSync(path.join(dir, 'filler'), 'w');
  try {
    for (let i = 0; i < 10_000; i++) writeSync(fd, Buffer.alloc(1024, 0x61));
    throw new Error(`${dir} never filled`);
  } catch (error) {
    refused(error);
  } finally {
    closeSync(fd);
  }
}

/** The example deployment (one CFWS002 finding with a fix) on the ordinary disk, so reading it needs no room. */
function inputs(): string[] {
  const dir = tempDir('full-disk-inputs');
  for (const name of ['manifest.yml', 'lb.yml', 'vars.yml']) cpSync(path.join(EXAMPLE, name), path.join(dir, name));
  return [path.join(dir, 'manifest.yml'), '-l', path.join(dir, 'vars.yml'), '--lb', path.join(dir, 'lb.yml')];
}

interface Output {
  flag: string;
  file: string;
  /** What is there before the run: it must still be there, byte for byte, after it. */
  old: string;
  args: (file: string) => string[];
}

const OUTPUTS: Output[] = [
  { flag: '--update-baseline', file: 'baseline.json', old: serializeBaseline([]), args: (file) => ['--baseline', file, '--update-baseline'] },
  { flag: '--output-file', file: 'report.json', old: '{"old": "report"}\n', args: (file) => ['--format', 'json', '--output-file', file, '--force'] },
  { flag: '--fix-out', file: 'fix.yml', old: '# an older fix\n[]\n', args: (file) => ['--fix', '--fix-out', file, '--force'] },
];

describe.skipIf(!mounted)('writing into a full file system', () => {
  const dir = mounted!;
  const lintArgs = inputs();

  it.each(OUTPUTS.flatMap((output) => (['data', 'inodes'] as const).map((what) => [output.flag, what, output] as const)))(
    '%s with no %s left: one line naming the file, exit 2, old file intact, no temp file',
    (_flag, what, output) => {
      const file = path.join(dir, output.file);
      writeFileSync(file, output.old);
      fill(dir, what);

      const result = runCli([...lintArgs, ...output.args(file)]);

      expect(cleanOutcome(result), result.stderr).toBeUndefined();
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toBe(`cf-ws-lint: ${file}: cannot write the file: no space left on device\n`);
      expect(readFileSync(file, 'utf8')).toBe(output.old);
      expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    },
  );

  it('--cache with no room: the run keeps its verdict (exit 1 for its error) and warns that the cache was not saved', () => {
    const cache = path.join(dir, 'lint-cache');
    fill(dir, 'data');
    const result = runCli([...lintArgs, '--cache', '--cache-location', cache]);
    expect(cleanOutcome(result), result.stderr).toBeUndefined();
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain('CFWS002');
    expect(result.stderr).toBe(`cf-ws-lint: warning: the cache was not saved: ${cache}: cannot write the file: no space left on device\n`);
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('the same run writes once there is room again (the failure was the disk, not the run)', () => {
    const output = OUTPUTS[0]!;
    const file = path.join(dir, output.file);
    writeFileSync(file, output.old);
    const result = runCli([...lintArgs, ...output.args(file)]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe(`cf-ws-lint: wrote 2 findings to ${file}\n`);
    expect((JSON.parse(readFileSync(file, 'utf8')) as { entries: Array<{ ruleId: string }> }).entries.map((entry) => entry.ruleId)).toContain('CFWS002');
  });
});
