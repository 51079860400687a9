/**
 * Discovery and messages (issue 16): symlinked manifests are found, every file error is one
 * line with the path and the reason, `--lb -` reads stdin, `--var-errs` lists each missing
 * variable where it is used, UTF-16 is read and bad UTF-8 is placed, and a file given in the
 * wrong role is told where it belongs.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';
import { corpusFile, hasCorpus } from '../helpers/corpus.js';

function project(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-messages-'));
  cpSync(path.join(ROOT, 'examples/aws'), dir, { recursive: true });
  return dir;
}

describe('discovery', () => {
  it('follows symlinks in a directory, and a link back up does not loop', () => {
    const dir = project();
    mkdirSync(path.join(dir, 'envs'));
    symlinkSync('../manifest.yml', path.join(dir, 'envs/prod.yml'));
    symlinkSync('..', path.join(dir, 'envs/up'));
    symlinkSync('.', path.join(dir, 'envs/self'));
    symlinkSync('missing.yml', path.join(dir, 'envs/dangling.yml'));
    const result = runCli(['envs', '-l', 'vars.yml', '--lb', 'lb.yml', '-f', 'json'], { cwd: dir });
    expect(result.code).toBe(1);
    const deployments = JSON.parse(result.stdout).deployments.map((d: { name: string }) => d.name);
    // envs/prod.yml, and manifest.yml once more through envs/up: each path is a manifest as given.
    expect(deployments).toEqual(['envs/prod.yml', 'envs/up/manifest.yml']);
  });
});

describe('file errors are one line with the path and the reason', () => {
  const dir = project();
  it.each([
    ['a missing --lb', ['manifest.yml', '--lb', 'nope.tf'], 'cf-ws-lint: nope.tf: no such file\n'],
    ['a missing --config', ['manifest.yml', '--config', 'nope.yml'], `cf-ws-lint: ${path.join(dir, 'nope.yml')}: no such file\n`],
    ['a missing -l', ['manifest.yml', '-l', 'nope.yml'], undefined],
    ['a missing manifest', ['nope.yml'], 'cf-ws-lint: nope.yml: no such file\n'],
  ])('%s', (_, args, expected) => {
    const result = runCli(args as string[], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/nope\.(tf|yml).*no such file/);
    if (expected) expect(result.stderr).toBe(expected);
  });
});

describe('--lb -', () => {
  it('reads the load balancer from stdin', () => {
    const dir = project();
    const result = runCli(['manifest.yml', '-l', 'vars.yml', '--lb', '-', '-f', 'json'], { cwd: dir, input: readFileSync(path.join(dir, 'lb.yml'), 'utf8') });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).findings[0]).toMatchObject({ rule: 'CFWS002', file: '<stdin>', line: 11 });
    const both = runCli(['-', '--lb', '-'], { cwd: dir });
    expect([both.code, both.stderr]).toEqual([2, 'cf-ws-lint: only one input can be read from stdin, but - is given both as a manifest and as --lb\n']);
  });
});

describe('--var-errs', () => {
  it('lists each missing variable on a line of its own, where it is first used', () => {
    const dir = project();
    writeFileSync(path.join(dir, 'more.yml'), '- type: replace\n  path: /instance_groups/name=router/jobs/name=gorouter/properties/router/ca_certs?\n  value: ((router_ca.certificate))\n');
    const result = runCli(['manifest.yml', '-o', 'more.yml', '--var-errs'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      ['cf-ws-lint: manifest.yml: 2 variables are not given (--var-errs):', '  more.yml:3:10: ((router_ca))', '  manifest.yml:31:22: ((system_domain)) (and 1 more use)', ''].join('\n'),
    );
  });
});

describe('encodings', () => {
  it('reads a UTF-16 manifest with a byte-order mark, as yaml.v2 does', () => {
    const dir = project();
    const text = readFileSync(path.join(dir, 'manifest.yml'), 'utf8');
    writeFileSync(path.join(dir, 'utf16le.yml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const be = Buffer.from(text, 'utf16le').swap16();
    writeFileSync(path.join(dir, 'utf16be.yml'), Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    const plain = runCli(['manifest.yml', '-l', 'vars.yml', '--lb', 'lb.yml'], { cwd: dir }).stdout;
    for (const file of ['utf16le.yml', 'utf16be.yml']) {
      const result = runCli([file, '-l', 'vars.yml', '--lb', 'lb.yml'], { cwd: dir });
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe(plain.replaceAll('manifest.yml', file));
    }
  });

  it('places invalid UTF-8 at its line and byte offset', () => {
    const dir = project();
    writeFileSync(path.join(dir, 'latin1.yml'), Buffer.concat([Buffer.from('name: cf\ninstance_groups:\n- name: caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    expect(runCli(['latin1.yml'], { cwd: dir }).stderr).toBe('cf-ws-lint: latin1.yml:3:12: not valid UTF-8 text (byte 0xe9 at byte offset 37); save the file as UTF-8\n');
  });
});

describe('a file in the wrong role', () => {
  const dir = project();
  it.skipIf(!hasCorpus)('a Terraform file given as a manifest is told to use --lb', () => {
    const tf = corpusFile('bosh-bootloader/terraform/aws/templates/cf_lb.tf');
    expect(runCli([tf]).stderr).toBe(`cf-ws-lint: ${tf}: this looks like Terraform (HCL), not a BOSH manifest: did you mean --lb ${tf}?\n`);
  });

  it.each([
    ['an HAProxy config', 'fixtures/truth/haproxy/http-tls.cfg', 'an HAProxy configuration'],
    ['an nginx config', 'fixtures/truth/nginx/stream-tls.conf', 'an nginx configuration'],
    ['a neutral LB file', 'examples/aws/lb.yml', 'a cf-ws-lint load-balancer file'],
  ])('%s given as a manifest is told to use --lb', (_, file, what) => {
    const result = runCli([file]);
    expect([result.code, result.stderr]).toEqual([2, `cf-ws-lint: ${file}: this looks like ${what}, not a BOSH manifest: did you mean --lb ${file}?\n`]);
  });

  it('a manifest given as --lb is told to pass it as a manifest', () => {
    const result = runCli(['manifest.yml', '--lb', 'manifest.yml'], { cwd: dir });
    expect([result.code, result.stderr]).toEqual([2, 'cf-ws-lint: manifest.yml: this looks like a BOSH manifest, not a load-balancer configuration: did you mean to pass it as a manifest (without --lb)?\n']);
  });
});
