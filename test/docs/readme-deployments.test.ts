/**
 * The README shows the CLI's real output on fixtures/deployments (Several deployments,
 * Formats). Those blocks drift whenever a message changes: this runs the same commands in a
 * copy of the fixture and compares, so a changed message fails here until the README says it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const work = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-readme-'));
cpSync(path.join(root, 'fixtures/deployments'), work, { recursive: true });
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The lines a README console block shows after `$ <command>`, up to the next `$ ` or the block's end. */
function shown(command: string): string {
  const start = readme.indexOf(`\n$ ${command}\n`);
  if (start < 0) throw new Error(`README shows no \`$ ${command}\``);
  const body = readme.slice(start + command.length + 4);
  const end = body.search(/^(\$ |```)/m);
  return body.slice(0, end);
}

function run(args: string[]): string {
  const result = spawnSync(process.execPath, [path.join(root, 'bin/cf-ws-lint.js'), ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  return result.stdout + result.stderr;
}

describe('README examples on fixtures/deployments', () => {
  it.each([['cf-ws-lint', []], ['cf-ws-lint -f unix', ['-f', 'unix']]] as const)('`%s` shows what the CLI prints', (command, args) => {
    expect(run([...args])).toBe(shown(command));
  });
});

/** Formats, "The WebSocket path in each format": run from the project root, as the README shows. */
describe('README examples of the WebSocket path in each format', () => {
  const unknownPort = 'fixtures/deployments/cf-deployment.yml -v system_domain=sys.example.com --lb fixtures/lb/terraform/unknown-port';
  const fromRoot = (args: string[]) => {
    const result = spawnSync(process.execPath, [path.join(root, 'bin/cf-ws-lint.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    return result.stdout + result.stderr;
  };

  it.each([`cf-ws-lint ${unknownPort}`, `cf-ws-lint ${unknownPort} -f junit`])('`%s` shows what the CLI prints', (command) => {
    expect(fromRoot(command.split(' ').slice(1))).toBe(shown(command));
  });

  it('`cd fixtures/deployments && cf-ws-lint --deployment prod -f github` shows what the CLI prints', () => {
    expect(run(['--deployment', 'prod', '-f', 'github'])).toBe(shown('cd fixtures/deployments && cf-ws-lint --deployment prod -f github'));
  });
});
