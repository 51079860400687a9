/**
 * Bad input exits 2 with one line naming file:line and the problem, and no stack trace
 * (issue acceptance for the BOSH layer and the core check).
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-bad-'));
function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

const manifest = file('manifest.yml', 'name: cf\ninstance_groups:\n- name: api\n  jobs:\n  - name: cloud_controller_ng\n    properties: {}\n');
const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
'bcdefghi'.split('').forEach((l, i) => bomb.push(`${l}: &${l} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`));

const cases: Array<{ name: string; args: string[]; want: RegExp }> = [
  { name: 'ops-file that is not a list', args: ['interpolate', manifest, '-o', file('map.yml', 'type: replace\npath: /a\nvalue: 1\n')], want: /map\.yml:1:1: .*cannot unmarshal !!map into \[\]patch\.OpDefinition/ },
  { name: 'unknown op type', args: ['interpolate', manifest, '-o', file('unknown.yml', '- type: replace\n  path: /name\n  value: x\n- type: add\n  path: /a\n  value: 1\n')], want: /unknown\.yml:4:3: .*Unknown operation \[1\] with type 'add'/ },
  { name: 'bad path', args: ['interpolate', manifest, '-o', file('badpath.yml', '- type: replace\n  path: name\n  value: x\n')], want: /badpath\.yml:1:3: .*Invalid path: Expected to start with '\/'/ },
  { name: 'path that does not apply', args: ['interpolate', manifest, '-o', file('missing-key.yml', '- type: replace\n  path: /nope/x\n  value: 1\n')], want: /missing-key\.yml:1:3: Error 'operation \[0\] in .*missing-key\.yml failed': Expected to find a map key 'nope' for path '\/nope'/ },
  { name: 'missing manifest', args: ['interpolate', path.join(dir, 'absent.yml')], want: /absent\.yml: no such file/ },
  { name: 'missing ops-file', args: ['interpolate', manifest, '-o', path.join(dir, 'absent-ops.yml')], want: /absent-ops\.yml: .*no such file/ },
  { name: 'YAML syntax error', args: ['interpolate', file('syntax.yml', 'a: [1, 2\nb: c\n')], want: /syntax\.yml:2:2: yaml: line 1: did not find expected ',' or ']'/ },
  { name: 'alias bomb', args: ['interpolate', file('bomb.yml', `${bomb.join('\n')}\n`)], want: /bomb\.yml:\d+:\d+: yaml: document contains excessive aliasing/ },
  { name: 'not a manifest (lint)', args: [file('not-manifest.yml', 'just: data\n')], want: /not-manifest\.yml:1:1: not a manifest cf-ws-lint understands: expected a BOSH v2/ },
  { name: 'binary file', args: [file('binary.yml', 'a: \u0000\u0001\n')], want: /binary\.yml:1:4: binary data \(NUL byte at byte offset 3\)/ },
  { name: 'unknown flag', args: ['--no-such-flag'], want: /unknown option/ },
];

describe('bad input', () => {
  it.each(cases)('$name exits 2 with one line', ({ args, want }) => {
    const before = readdirSync(dir).sort();
    const result = runCli(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(want);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    if (!args.includes('--no-such-flag')) expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(dir).sort()).toEqual(before);
  });
});
