/**
 * A gate a team can rely on (issue 16): --max-warnings is a count or a usage error and says
 * when it is exceeded, stdout carries one output only, mistyped commands are named, the
 * top-level help shows the lint options, and colour follows the usual conventions.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

/** The AWS example with doppler.port fixed to 4443 and a 10 s idle timeout on that listener: one CFWS009 warning. */
function warningProject(): { dir: string; args: string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-gates-'));
  cpSync(path.join(ROOT, 'examples/aws'), dir, { recursive: true });
  writeFileSync(path.join(dir, 'lb.yml'), readFileSync(path.join(dir, 'lb.yml'), 'utf8').replace('idleTimeoutSeconds: 60', 'idleTimeoutSeconds: 10'));
  writeFileSync(path.join(dir, 'port.yml'), '- type: replace\n  path: /instance_groups/name=api/jobs/name=cloud_controller_ng/properties/doppler?/port\n  value: 4443\n');
  return { dir, args: ['manifest.yml', '-l', 'vars.yml', '--lb', 'lb.yml', '-o', 'port.yml'] };
}

describe('--max-warnings', () => {
  const { dir, args } = warningProject();

  it.each(['abc', '1e3', '-1', '2.5', ''])('refuses %j with exit 2 instead of turning the gate off', (value) => {
    const result = runCli([...args, '--max-warnings', value], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`argument '${value}' is invalid. expected a non-negative integer`);
  });

  it('says so when exceeded, also under --quiet', () => {
    const exceeded = runCli([...args, '--max-warnings', '0'], { cwd: dir });
    expect(exceeded.code).toBe(1);
    expect(exceeded.stdout).toContain('CFWS009');
    expect(exceeded.stderr).toBe('cf-ws-lint found too many warnings (maximum: 0)\n');
    const quiet = runCli([...args, '--max-warnings', '0', '--quiet'], { cwd: dir });
    expect(quiet.code).toBe(1);
    expect(quiet.stdout).toBe('');
    expect(quiet.stderr).toBe('cf-ws-lint found too many warnings (maximum: 0)\n');
    // Two warnings: CFWS009 (the 10 s idle timeout) and CFWS013 (apps get WebSockets only on 4443).
    expect(runCli([...args, '--max-warnings', '1'], { cwd: dir }).code).toBe(1);
    const within = runCli([...args, '--max-warnings', '2'], { cwd: dir });
    expect([within.code, within.stderr]).toEqual([0, '']);
  });
});

describe('streams', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-streams-'));
  cpSync(path.join(ROOT, 'examples/aws'), dir, { recursive: true });
  const args = ['manifest.yml', '-l', 'vars.yml', '--lb', 'lb.yml'];

  it('--fix --fix-out - writes only the ops-file to stdout; the report goes to stderr', () => {
    const result = runCli([...args, '--fix', '--fix-out', '-'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^# CFWS002 listener-passes-websockets: .*\n- type: replace\n/);
    expect(result.stdout).not.toContain('problem');
    // CFWS002's error and CFWS013's warning (apps get WebSockets only on 4443).
    expect(result.stderr).toContain('✖ 2 problems');
  });

  it('--fix-out without --fix is a usage error', () => {
    const result = runCli([...args, '--fix-out', 'fixes.yml'], { cwd: dir });
    expect([result.code, result.stderr]).toEqual([2, 'cf-ws-lint: --fix-out needs --fix\n']);
  });

  it('two formats without --output-file are a usage error', () => {
    const result = runCli([...args, '-f', 'json', '-f', 'sarif'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('cf-ws-lint: only one output may go to stdout, but --format json and --format sarif have no --output-file\n');
  });
});

describe('commands and help', () => {
  it('names a mistyped command and suggests the right one', () => {
    const result = runCli(['explian', 'CFWS001']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("cf-ws-lint: unknown command 'explian' (did you mean 'explain'?)\n");
    expect(runCli(['rulez']).stderr).toBe("cf-ws-lint: unknown command 'rulez' (did you mean 'rules'?)\n");
    // A missing file that looks like no command is still a missing file.
    expect(runCli(['production.yml']).stderr).toMatch(/production\.yml: no such file/);
  });

  it('top-level --help shows the lint options', () => {
    const result = runCli(['--help']);
    expect(result.code).toBe(0);
    for (const option of ['--lb <file>', '--fix-out <path>', '--max-warnings <n>', '--deployment <name>', '--format <format>']) expect(result.stdout).toContain(option);
  });
});

describe('colour', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-colour-'));
  cpSync(path.join(ROOT, 'examples/aws'), dir, { recursive: true });
  const args = ['manifest.yml', '-l', 'vars.yml', '--lb', 'lb.yml'];
  const colored = (env: NodeJS.ProcessEnv, extra: string[] = []) => runCli([...args, ...extra], { cwd: dir, env: { NO_COLOR: undefined, FORCE_COLOR: undefined, ...env } }).stdout.includes('\u001b[');

  it('follows --color/--no-color, then FORCE_COLOR, then NO_COLOR; a pipe is plain by default', () => {
    expect(colored({})).toBe(false);
    expect(colored({ FORCE_COLOR: '1' })).toBe(true);
    expect(colored({ FORCE_COLOR: '0' })).toBe(false);
    expect(colored({ FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
    expect(colored({}, ['--color'])).toBe(true);
    expect(colored({ FORCE_COLOR: '1' }, ['--no-color'])).toBe(false);
    expect(colored({ NO_COLOR: '1' }, ['--color'])).toBe(true);
  });
});
