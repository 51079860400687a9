/**
 * Every `bosh interpolate` case in ../shared/conformance, recorded from bosh-cli's own
 * director/template with go-patch v0.2.0 and yaml.v2 v2.4.0: stdout byte for byte, stderr
 * as bosh-cli prints it.
 */
import { hasConformance, conformanceCases } from '../helpers/conformance.js';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/util/errors.js';
import { boshInterpolate } from '../../src/bosh/bosh-int.js';

interface InterpolateCase {
  name: string;
  manifest: string;
  opsFiles: string[];
  varsFile: string | null;
  args: string[];
  env: Record<string, string>;
  exitCode: number;
  stdout: string;
  stderr: string;
}

const cases = conformanceCases<InterpolateCase[]>('bosh-interpolate.json', []);

/** The recording named the files ops0.yml, ops1.yml… and vars.yml, given before the case's own args. */
function run(c: InterpolateCase): ReturnType<typeof boshInterpolate> {
  const files = new Map<string, string>(c.opsFiles.map((text, i) => [`ops${i}.yml`, text]));
  if (c.varsFile !== null) files.set('vars.yml', c.varsFile);
  const args = [...[...files.keys()].flatMap((file) => (file === 'vars.yml' ? ['-l', file] : ['-o', file])), ...c.args];
  const readText = (path: string): string => {
    const text = files.get(path);
    if (text === undefined) throw new InputError('no such file', { file: path });
    return text;
  };
  return boshInterpolate({ manifest: c.manifest, args, env: c.env, readText });
}

type Row = [name: string, manifest: string, files: { ops?: string[]; vars?: string }, args: string[], outcome: { stdout: string } | { stderr: string }, env?: Record<string, string>];

/**
 * The cases of go-patch.md Appendix D that the JSON file leaves out, as the table lists
 * them (stdout/stderr without the final newline and `Exit code 1` trailer).
 */
const appendixD: Row[] = [
  ['1 sequences not indented', 'a:\n    b:\n        - 1\n        - c: 2\n          d: [3, 4]\n        - {e: 5}', {}, [], { stdout: 'a:\n  b:\n  - 1\n  - c: 2\n    d:\n    - 3\n    - 4\n  - e: 5' }],
  [
    '3 yaml1.1 ints',
    'a: 0755\nb: 0o755\nc: 0x1F\nd: 0b101\ne: 1_000\nf: +12\ng: -0\nh: 08\ni: 12345678901234567890',
    {},
    [],
    { stdout: 'a: 493\nb: 493\nc: 31\nd: 5\ne: 1000\nf: 12\ng: 0\nh: 8\ni: 12345678901234567890' },
  ],
  [
    '5 nulls and timestamps',
    'a: ~\nb:\nc: null\nd: Null\ne: 2001-12-14\nf: 2001-12-14t21:59:43.10-05:00\ng: 12:30:00',
    {},
    [],
    { stdout: 'a: null\nb: null\nc: null\nd: null\ne: "2001-12-14"\nf: "2001-12-14t21:59:43.10-05:00"\ng: "12:30:00"' },
  ],
  [
    // The table shows the manifest without its final newline; the recorded file had one (at
    // the end of a file without it, yaml.v2 keeps no line break: bosh-int-generated.json).
    '7 multi-line strings',
    'a: "line1\\nline2"\nb: "line1\\nline2\\n"\nc: |\n  keep\n  trailing\n\nd: >\n  folded\n  text\n',
    {},
    [],
    { stdout: 'a: |-\n  line1\n  line2\nb: |\n  line1\n  line2\nc: |\n  keep\n  trailing\nd: |\n  folded text' },
  ],
  [
    '9 aliases become independent copies',
    'base: &base\n  x: 1\n  z: 2\na: *base\nb:\n  <<: *base\n  z: 3',
    { ops: ['- type: replace\n  path: /a/x\n  value: 100'] },
    [],
    { stdout: 'a:\n  x: 100\n  z: 2\nb:\n  x: 1\n  z: 3\nbase:\n  x: 1\n  z: 2' },
  ],
  ['11 -v with an empty value', 'a: ((a))', {}, ['-v', 'a='], { stderr: "Expected var 'a=' to specify non-empty value" }],
  [
    '13 test compares Go types',
    'a: 1.0\nb: 1',
    { ops: ['- type: test\n  path: /b\n  value: 1\n- type: test\n  path: /a\n  value: 1'] },
    [],
    { stderr: "Error 'operation [1] in ops0.yml failed': Found value does not match expected value" },
  ],
  ['15 duplicate keys', 'a: 1\na: 2', {}, [], { stdout: 'a: 2' }],
  ['17 empty manifest', '', {}, [], { stdout: 'null' }],
  [
    '19 ops values are typed by yaml.v2',
    'a: 0',
    { ops: ['- type: replace\n  path: /b?\n  value: yes\n- type: replace\n  path: /c?\n  value: 0755\n- type: replace\n  path: /d?\n  value: 1.0\n- type: replace\n  path: /e?\n  value: !!str yes'] },
    [],
    { stdout: 'a: 0\nb: true\nc: 493\nd: 1\ne: "yes"' },
  ],
  [
    '21 apply errors name the op',
    'releases:\n- name: capi\n  version: 0.1',
    { ops: ['- type: replace\n  path: /releases/name=capi/version\n  value: latest\n- type: replace\n  path: /instance_groups/name=x/instances\n  value: 1\n  error: my custom message'] },
    [],
    { stderr: "Error 'operation [1] in ops0.yml failed': Expected to find a map key 'instance_groups' for path '/instance_groups' (found map keys: 'releases')" },
  ],
  ['23 empty ops-file', 'a: 1', { ops: [''] }, [], { stdout: 'a: 1' }],
  [
    '25 ops paths are not interpolated',
    'azs:\n- name: z1',
    { ops: ['- type: replace\n  path: /azs/name=((az))/cloud_properties?\n  value: {}'] },
    ['-v', 'az=z1'],
    { stderr: "Error 'operation [0] in ops0.yml failed': Expected to find exactly one matching array item for path '/azs/name=((az))' but found 0" },
  ],
  [
    '27 partial strings and ints',
    'url: https://((host)):((port))/((path))',
    {},
    ['-v', 'host=example.com', '-v', 'port=443', '-v', 'path=x'],
    { stdout: 'url: https://example.com:443/x' },
  ],
  [
    '29 partial float',
    'v: v((num))',
    {},
    ['-v', 'num=1.5'],
    { stderr: "Invalid type 'float64' for value '1.5' and variable 'num'. Supported types for interpolation within a string are integers and strings." },
  ],
  [
    '31 dotted access',
    'a: ((creds.user))\nb: ((list.1))\nc: ((deep.x.y))\nd: ((cert.ca))',
    { vars: 'creds: {user: admin, password: p}\nlist: [zero, one]\ncert: {ca: CA, certificate: C}' },
    ['-v', 'deep.x.y=dotted'],
    { stdout: 'a: admin\nb: one\nc: dotted\nd: CA' },
  ],
  ['33 --var-errs', 'a: ((zz))\nb: ((aa.sub))\nc: ((found))', {}, ['--var-errs', '-v', 'found=1'], { stderr: '- Expected to find variables:\n    - aa\n    - zz' }],
  [
    '35 --var-errs and --var-errs-unused',
    'a: ((missing))',
    {},
    ['--var-errs', '--var-errs-unused', '-v', 'unused=2'],
    { stderr: '- Expected to find variables:\n    - missing\n- Expected to use variables:\n    - unused' },
  ],
  ['37 --vars-env values are YAML', 'a: ((a))\nb: ((b))', {}, ['--vars-env', 'PFX'], { stdout: 'a:\n- 1\n- 2\nb: 493' }, { PFX_a: '[1, 2]', PFX_b: '0755' }],
  ['39 keys are interpolated', '((k)): v\npre_((k)): w', {}, ['-v', 'k=key'], { stdout: 'key: v\npre_key: w' }],
  ['41 emptied variables section', 'pw: ((pw))\nvariables:\n- name: pw\n  type: password', {}, ['-v', 'pw=x'], { stdout: 'pw: x\nvariables: []' }],
  ['43 --path prints strings raw', 'a:\n  b: ((v))\n  c: [1, 2]', {}, ['-v', 'v=line1\nline2', '--path', '/a/b'], { stdout: 'line1\nline2' }],
  ['45 --path missing key', 'a: 1', {}, ['--path', '/b'], { stderr: "Expected to find a map key 'b' for path '/b' (found map keys: 'a')" }],
];

function caseOf([name, manifest, files, args, outcome, env = {}]: Row): InterpolateCase {
  const failed = 'stderr' in outcome;
  return {
    name,
    manifest,
    opsFiles: files.ops ?? [],
    varsFile: files.vars ?? null,
    args,
    env,
    exitCode: failed ? 1 : 0,
    stdout: failed ? '' : `${outcome.stdout}\n`,
    stderr: failed ? `${outcome.stderr}\n\nExit code 1\n` : '',
  };
}

describe.skipIf(!hasConformance)('bosh interpolate conformance', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(run(c)).toEqual({ exitCode: c.exitCode, stdout: c.stdout, stderr: c.stderr });
  });

  it.each(appendixD.map((row) => [row[0], caseOf(row)] as const))('appendix D %s', (_name, c) => {
    expect(run(c)).toEqual({ exitCode: c.exitCode, stdout: c.stdout, stderr: c.stderr });
  });
});
