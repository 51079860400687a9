/**
 * Hostile and odd input, one case each, through the CLI: alias bombs, absurd nesting, a
 * 20 MB manifest, binary data, invalid UTF-8, a BOM, CRLF, tabs, empty files, YAML streams
 * and prototype-named keys. Each ends with a clean exit (0, 1, or 2 with one `file:line:col:
 * message` line) in bounded time; none pollutes Object.prototype.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { interpolate } from '../../src/bosh/interpolate.js';
import { getIn, isMap, type YNode } from '../../src/yaml/node.js';
import { Variables } from '../../src/bosh/vars.js';
import { parseYaml } from '../../src/yaml/yaml.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { cleanOutcome, runMain, tempDir } from './support.js';

const dir = tempDir('hostile');
const EXAMPLE = path.join(ROOT, 'examples/aws');
const exampleText = (name: string): string => readFileSync(path.join(EXAMPLE, name), 'utf8');

function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, content);
  return p;
}

/** The example deployment (one CFWS002 error) written under `sub/`, each text passed through `transform`. */
function exampleIn(sub: string, transform: (text: string) => string | Buffer = (t) => t): { manifest: string; lb: string; vars: string } {
  return {
    manifest: file(`${sub}/manifest.yml`, transform(exampleText('manifest.yml'))),
    lb: file(`${sub}/lb.yml`, transform(exampleText('lb.yml'))),
    vars: file(`${sub}/vars.yml`, transform(exampleText('vars.yml'))),
  };
}

function lintArgs(files: { manifest: string; lb: string; vars: string }, ...extra: string[]): string[] {
  return ['--no-config', files.manifest, '--lb', files.lb, '-l', files.vars, ...extra];
}

/** `main()` in-process, with the JSON report's paths made independent of the directory. */
async function jsonReport(files: { manifest: string; lb: string; vars: string }, sub: string): Promise<{ code: number; report: string }> {
  const result = await runMain(lintArgs(files, '--format', 'json'));
  expect(cleanOutcome(result)).toBeUndefined();
  const at = path.join(dir, sub);
  return { code: result.code, report: result.stdout.split(at).join('<dir>').split(path.relative(process.cwd(), at)).join('<dir>') };
}

/** Exit 2 with exactly one line naming the file (and a line and column when `located`). */
function expectCleanRefusal(result: { code: number | null; stdout?: string; stderr: string }, fileName: string, message: RegExp, located = true): void {
  expect(result.code, result.stderr).toBe(2);
  expect(cleanOutcome({ code: result.code, stderr: result.stderr })).toBeUndefined();
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  const where = located ? `${fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: ` : `${fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(:\\d+)*: `;
  expect(lines[0]).toMatch(new RegExp(`^cf-ws-lint: .*${where}`));
  expect(lines[0]).toMatch(message);
}

/** Runs the built CLI in a child process and measures it (for inputs that could hang or exhaust the heap). */
function timedCli(args: string[]): { code: number | null; stdout: string; stderr: string; ms: number } {
  const started = performance.now();
  const result = runCli(args);
  return { ...result, ms: performance.now() - started };
}

const BOMB_LIMIT_MS = 5000;

/** The scalar value at `keys`, or undefined. */
function valueAt(node: YNode | undefined, keys: string[]): unknown {
  const found = getIn(node, keys);
  return found?.kind === 'scalar' ? found.value : undefined;
}

describe('alias bombs', () => {
  // Billion laughs: 9 levels of 9 aliases each, 9^9 (387 million) strings once expanded.
  const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  'bcdefghi'.split('').forEach((l, i) => laughs.push(`${l}: &${l} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`));
  const billionLaughs = `name: cf\ninstance_groups: []\n${laughs.join('\n')}\n`;

  it('refuses a billion-laughs manifest quickly (exit 2, file:line:col)', () => {
    const result = timedCli(['--no-config', file('laughs.yml', billionLaughs)]);
    expectCleanRefusal(result, 'laughs.yml', /excessive aliasing/);
    expect(result.ms).toBeLessThan(BOMB_LIMIT_MS);
    console.info(`billion laughs (manifest, lint, own process): exit 2 in ${result.ms.toFixed(0)} ms`);
  });

  it('refuses billion laughs in an ops-file, a vars file, a neutral LB file and a config file', async () => {
    const example = exampleIn('laughs-elsewhere');
    const bomb = file('laughs-ops.yml', `- type: replace\n  path: /x?\n  value:\n${laughs.map((l) => `    ${l}`).join('\n')}\n`);
    expectCleanRefusal(await runMain(lintArgs(example, '-o', bomb)), 'laughs-ops.yml', /excessive aliasing/);
    expectCleanRefusal(await runMain(['--no-config', example.manifest, '--lb', example.lb, '-l', file('laughs-vars.yml', billionLaughs)]), 'laughs-vars.yml', /excessive aliasing/);
    const lbBomb = file('laughs-lb.yml', `${exampleText('lb.yml')}${laughs.map((l) => `x${l}`).join('\n')}\n`);
    expectCleanRefusal(await runMain(['--no-config', example.manifest, '--lb', lbBomb, '-l', example.vars]), 'laughs-lb.yml', /alias/, false);
    expectCleanRefusal(await runMain(['--config', file('laughs-config.yml', `${laughs.join('\n')}\n`), ...lintArgs(example).slice(1)]), 'laughs-config.yml', /alias/, false);
  });

  it('refuses a quadratic bomb of nodes: one 5,000-item list used 5,000 times (25 million nodes)', () => {
    const items = Array.from({ length: 5000 }, (_, i) => `i${i}`).join(', ');
    const uses = Array(5000).fill('*list').join(', ');
    const result = timedCli(['--no-config', file('quadratic-nodes.yml', `name: cf\ninstance_groups: []\nlist: &list [${items}]\nuses: [${uses}]\n`)]);
    expectCleanRefusal(result, 'quadratic-nodes.yml', /excessive aliasing/);
    expect(result.ms).toBeLessThan(BOMB_LIMIT_MS);
    console.info(`quadratic bomb (25M nodes): exit 2 in ${result.ms.toFixed(0)} ms`);
  });

  it('refuses a quadratic bomb of text: a 1 MB string used 1,000 times among as many other values', () => {
    // yaml.v2 counts nodes, so this passes its guard; printed it is a gigabyte (regression:
    // `interpolate` ran out of heap after 100 s).
    const filler = Array.from({ length: 1000 }, (_, i) => i).join(', ');
    const text = `name: cf\ninstance_groups: []\nbig: &big "${'x'.repeat(1_000_000)}"\nfiller: [${filler}]\nuses: [${Array(1000).fill('*big').join(', ')}]\n`;
    const bomb = file('quadratic-text.yml', text);
    for (const args of [['interpolate', bomb], ['--no-config', bomb]]) {
      const result = timedCli(args);
      expectCleanRefusal(result, 'quadratic-text.yml', /excessive aliasing/);
      expect(result.ms).toBeLessThan(BOMB_LIMIT_MS);
      console.info(`quadratic bomb (1 GB of text, ${args[0]}): exit 2 in ${result.ms.toFixed(0)} ms`);
    }
  });

  it('refuses to print a variable that multiplies into more text than one string can hold', () => {
    // Regression: 1,000 uses of a 1 MB variable printed char by char until the heap ran out.
    const vars = file('big-var.yml', `v: "${'x'.repeat(1_000_000)}"\n`);
    const manifest = file('many-uses.yml', `name: cf\nuses: [${Array(1000).fill('((v))').join(', ')}]\n`);
    const result = timedCli(['interpolate', manifest, '-l', vars]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('cf-ws-lint: the document is too large to print as one YAML text\n');
    expect(result.ms).toBeLessThan(BOMB_LIMIT_MS);
  });
});

describe('absurd nesting', () => {
  const cases: Array<{ name: string; text: string }> = [
    { name: 'deep-block-seq.yml', text: `name: cf\ninstance_groups:\n${'- '.repeat(10_000)}x\n` },
    // One more space per level: 50 MB of indentation.
    { name: 'deep-block-map.yml', text: `name: cf\ninstance_groups:\n${Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(i + 1)}a:`).join('\n')} x\n` },
    { name: 'deep-flow-seq.yml', text: `name: cf\ninstance_groups: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n` },
    { name: 'deep-flow-map.yml', text: `name: cf\ninstance_groups: ${'{a: '.repeat(10_000)}x${'}'.repeat(10_000)}\n` },
  ];
  it.each(cases)('refuses $name (10,000 levels) with exit 2 in bounded time', ({ name, text }) => {
    const target = file(name, text);
    for (const args of [['--no-config', target], ['interpolate', target]]) {
      const result = timedCli(args);
      expectCleanRefusal(result, name, /nest/);
      expect(result.ms).toBeLessThan(BOMB_LIMIT_MS);
      if (args[0] === '--no-config') console.info(`nesting ${name}: exit 2 in ${result.ms.toFixed(0)} ms`);
    }
  });

  it('refuses ops-file paths deeper than a document may nest, before they build one no stage can walk', () => {
    // Regression: 20 ops each adding 600 levels below the last made a 12,000-deep document:
    // "internal error: Maximum call stack size exceeded" after 85 s.
    const D = 600;
    const nest = (depth: number, indent: number) => `${Array.from({ length: depth }, (_, i) => `${' '.repeat(indent + i)}a:`).join('\n')} x`;
    const manifest = file('deep-base.yml', `name: cf\ninstance_groups: []\nroot:\n${nest(D, 1)}\n`);
    let at = '/root';
    const ops: string[] = [];
    for (let k = 0; k < 20; k++) {
      ops.push(`- type: replace\n  path: ${at}${'/a'.repeat(D)}\n  value:\n${nest(D, 4)}\n`);
      at += '/a'.repeat(D);
    }
    const result = timedCli(['interpolate', manifest, '-o', file('deep-ops.yml', ops.join(''))]);
    expectCleanRefusal(result, 'deep-ops.yml', /path of at most 1000 tokens but found 1201/);
    expect(result.ms).toBeLessThan(BOMB_LIMIT_MS);
  });

  it('applies long creating paths in linear time: 200 ops of 1,000 tokens each', async () => {
    // Regression: every token printed the path up to itself, 200 × 500,000 token prints.
    const ops = Array.from({ length: 200 }, (_, k) => `- type: replace\n  path: /r${k}?${'/a'.repeat(999)}\n  value: x\n`).join('');
    const example = exampleIn('long-paths');
    const result = await runMain(lintArgs(example, '-o', file('long-paths.yml', ops)));
    expect(cleanOutcome(result)).toBeUndefined();
    expect(result.code).toBe(1);
    expect(result.ms).toBeLessThan(BOMB_LIMIT_MS);
  });
});

describe('a 20 MB manifest', () => {
  it('lints in bounded time with its findings', () => {
    const header = exampleText('manifest.yml');
    const groups: string[] = [header];
    let size = header.length;
    for (let i = 0; size < 20 * 1024 * 1024; i++) {
      const group = `- name: filler-${i}\n  azs: [z1]\n  instances: 1\n  vm_type: small\n  stemcell: default\n  networks:\n  - name: default\n  jobs:\n  - name: job-${i}\n    release: capi\n    properties:\n      blob: "${'y'.repeat(300)}"\n      list: [1, 2, 3]\n      nested: {a: {b: ((system_domain))}}\n`;
      groups.push(group);
      size += group.length;
    }
    const big = file('big/manifest.yml', groups.join(''));
    const result = timedCli(['--no-config', big, '--lb', path.join(EXAMPLE, 'lb.yml'), '-l', path.join(EXAMPLE, 'vars.yml'), '--format', 'json']);
    expect(cleanOutcome(result)).toBeUndefined();
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).findings.map((f: { rule: string }) => f.rule)).toEqual(['CFWS002', 'CFWS013']);
    expect(result.ms).toBeLessThan(60_000);
    console.info(`20 MB manifest (${(size / 2 ** 20).toFixed(1)} MiB, lint in its own process): exit 1 in ${(result.ms / 1000).toFixed(1)} s`);
  }, 120_000);
});

describe('bytes that are not YAML text', () => {
  const binary = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x10]);
  const invalidUtf8 = Buffer.concat([Buffer.from('name: cf\ninstance_groups:\n- name: api\u00e9 '), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0xed, 0xa0, 0x80]), Buffer.from('\n')]);

  it('refuses binary data as a manifest, an ops-file, a vars file and an LB file', async () => {
    const example = exampleIn('binary');
    const bin = file('binary.bin', binary);
    const manifest = await runMain(['--no-config', bin]);
    expect(manifest.code).toBe(2);
    expect(manifest.stderr).toMatch(/^cf-ws-lint: .*binary\.bin:1:8: binary data \(NUL byte at byte offset 7\), expected YAML text\n$/);
    for (const args of [lintArgs(example, '-o', bin), ['--no-config', example.manifest, '--lb', example.lb, '-l', bin], ['--no-config', example.manifest, '--lb', bin, '-l', example.vars]]) {
      const result = await runMain(args);
      expect(result.code, result.stderr).toBe(2);
      expect(cleanOutcome(result)).toBeUndefined();
      expect(result.stderr).toMatch(/binary\.bin/);
    }
  });

  it('refuses invalid UTF-8 in a manifest, an ops-file, a vars file and an LB file', async () => {
    const example = exampleIn('utf8');
    const bad = file('invalid-utf8.yml', invalidUtf8);
    expect((await runMain(['--no-config', bad])).stderr).toMatch(/invalid-utf8\.yml:3:15: not valid UTF-8 text \(byte 0xc3 at byte offset 40\); save the file as UTF-8\n$/);
    for (const args of [lintArgs(example, '-o', bad), ['--no-config', example.manifest, '--lb', example.lb, '-l', bad], ['--no-config', example.manifest, '--lb', bad, '-l', example.vars]]) {
      const result = await runMain(args);
      expect(result.code, result.stderr).toBe(2);
      expect(cleanOutcome(result)).toBeUndefined();
      expect(result.stderr).toMatch(/invalid-utf8\.yml/);
    }
  });

  it('lints a manifest (and LB and vars files) with a byte-order mark exactly as without one', async () => {
    const plain = await jsonReport(exampleIn('no-bom'), 'no-bom');
    const bom = await jsonReport(exampleIn('bom', (t) => `\uFEFF${t}`), 'bom');
    expect(plain.code).toBe(1);
    expect(bom).toEqual(plain);
  });

  it('lints CRLF files with the same findings at the same lines and columns as LF', async () => {
    const lf = await jsonReport(exampleIn('lf'), 'lf');
    const crlf = await jsonReport(exampleIn('crlf', (t) => t.replace(/\n/g, '\r\n')), 'crlf');
    expect(lf.code).toBe(1);
    expect(crlf).toEqual(lf);
    const [finding] = JSON.parse(crlf.report).findings;
    expect(finding).toMatchObject({ rule: 'CFWS002', line: 11, column: 1, related: [{ line: 28, column: 5 }] });
  });

  it('refuses a tab in indentation with exit 2 and file:line:col', async () => {
    const tabbed = file('tabs.yml', 'name: cf\ninstance_groups:\n- name: api\n\tjobs: []\n');
    const result = await runMain(['--no-config', tabbed]);
    expectCleanRefusal(result, 'tabs.yml', /tab/i);
    expect(result.stderr).toMatch(/tabs\.yml:4:1: /);
  });
});

describe('empty files', () => {
  it('refuses an empty manifest, naming it', async () => {
    expectCleanRefusal(await runMain(['--no-config', file('empty.yml', '')]), 'empty.yml', /not a manifest/);
  });

  it('reads an empty ops-file and an empty vars file as none (as bosh-cli does)', async () => {
    const example = exampleIn('empty-ops');
    const without = await runMain(lintArgs(example, '--format', 'json'));
    const withEmpty = await runMain([...lintArgs(example, '--format', 'json'), '-o', file('empty-ops.yml', ''), '-l', file('empty-vars.yml', '')]);
    expect(withEmpty.code).toBe(1);
    expect(JSON.parse(withEmpty.stdout).findings).toEqual(JSON.parse(without.stdout).findings);
  });

  it('refuses an empty LB file, naming it', async () => {
    const example = exampleIn('empty-lb');
    const result = await runMain(['--no-config', example.manifest, '--lb', file('empty-lb.yml', ''), '-l', example.vars]);
    expectCleanRefusal(result, 'empty-lb.yml', /not a load-balancer configuration/, false);
  });
});

describe('a YAML stream of several documents', () => {
  it('uses only the first document, as BOSH does (a broken second one included)', async () => {
    const only = await jsonReport(exampleIn('stream-one'), 'stream-one');
    const stream = await jsonReport(
      exampleIn('stream-many', (t) => (t.includes('instance_groups:') ? `${t}---\nname: other\ninstance_groups: []\n---\n[unclosed\n` : t)),
      'stream-many',
    );
    expect(only.code).toBe(1);
    expect(stream).toEqual(only);
  });
});

describe('keys named __proto__, constructor and prototype', () => {
  const NAMES = ['__proto__', 'constructor', 'prototype'];
  const prototypeNames = () => Object.getOwnPropertyNames(Object.prototype).sort();

  function expectNoPollution(before: string[]): void {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).value).toBeUndefined();
    expect(Object.prototype.toString.call({})).toBe('[object Object]');
    expect(prototypeNames()).toEqual(before);
    expect(Object.getPrototypeOf({})).toBe(Object.prototype);
  }

  /** Every prototype name as a key at the top, inside a job's properties and as an instance group name. */
  const manifestText = [
    exampleText('manifest.yml'),
    ...NAMES.map((n) => `- name: ${n}\n  azs: [z1]\n  instances: 1\n  vm_type: small\n  stemcell: default\n  networks: [{name: default}]\n  jobs:\n  - name: ${n}\n    release: capi\n    properties:\n      ${n}: {polluted: "from ${n}", toString: x}\n`),
    ...NAMES.map((n) => `${n}:\n  polluted: yes\n  ${n}: {polluted: "nested ${n}"}\n`),
  ].join('');

  const opsText = [
    ...NAMES.map((n) => `- type: replace\n  path: /${n}/added?\n  value: {polluted: "op ${n}"}\n`),
    '- type: replace\n  path: /__proto__/__proto__?/deep\n  value: deep\n',
    '- type: replace\n  path: /constructor/prototype?/deep\n  value: deep\n',
    ...NAMES.map((n) => `- type: replace\n  path: /instance_groups/name=${n}/jobs/name=${n}/properties/${n}/polluted\n  value: "replaced ${n}"\n`),
    '- type: replace\n  path: /instance_groups/name=__proto__?/instances\n  value: 2\n',
  ].join('');

  it('keeps them through `cf-ws-lint interpolate` (ops and -v included) without polluting Object.prototype', async () => {
    const before = prototypeNames();
    const manifest = file('proto/manifest.yml', manifestText);
    const ops = file('proto/ops.yml', opsText);
    const vars = file('proto/vars.yml', '__proto__: {polluted: "from vars"}\nconstructor: {prototype: {polluted: 1}}\nsystem_domain: sys.example.com\n');
    const result = await runMain(['interpolate', manifest, '-o', ops, '-l', vars, '-v', '__proto__.polluted=cli', '-v', 'prototype=((constructor))']);
    expect(cleanOutcome(result)).toBeUndefined();
    expect(result.code).toBe(0);
    expectNoPollution(before);

    const out = parseYaml(result.stdout, 'interpolated.yml');
    for (const n of NAMES) {
      expect(valueAt(out, [n, 'polluted'])).toBe(true);
      expect(valueAt(out, [n, n, 'polluted'])).toBe(`nested ${n}`);
      expect(valueAt(out, [n, 'added', 'polluted'])).toBe(`op ${n}`);
    }
    expect(valueAt(out, ['__proto__', '__proto__', 'deep'])).toBe('deep');
    expect(valueAt(out, ['constructor', 'prototype', 'deep'])).toBe('deep');
    const groups = (getIn(out, ['instance_groups']) as Extract<YNode, { kind: 'seq' }>).items;
    for (const n of NAMES) {
      const group = groups.find((g) => isMap(g) && valueAt(g, ['name']) === n)!;
      const job = (getIn(group, ['jobs']) as Extract<YNode, { kind: 'seq' }>).items[0]!;
      expect(valueAt(job, ['properties', n, 'polluted'])).toBe(`replaced ${n}`);
      expect(valueAt(job, ['properties', n, 'toString'])).toBe('x');
    }
    expect(valueAt(groups.find((g) => valueAt(g, ['name']) === '__proto__'), ['instances'])).toBe(2);
  });

  it('lints them (JSON, SARIF, fixes) without polluting Object.prototype', async () => {
    const before = prototypeNames();
    const manifest = file('proto-lint/manifest.yml', manifestText);
    const ops = file('proto-lint/ops.yml', opsText);
    for (const format of ['json', 'sarif', 'stylish']) {
      const result = await runMain(['--no-config', manifest, '-o', ops, '--lb', path.join(EXAMPLE, 'lb.yml'), '-l', path.join(EXAMPLE, 'vars.yml'), '--format', format, '--fix', '--fix-out', '-']);
      expect(cleanOutcome(result)).toBeUndefined();
      expect(result.code).toBe(1);
      expectNoPollution(before);
    }
  });

  it('reads them in variables, LB files and config files without polluting Object.prototype', async () => {
    const before = prototypeNames();
    const doc = parseYaml('a: ((__proto__.polluted))\nb: ((constructor.prototype))\nc: ((prototype))\n', 'm.yml');
    const vars = new Variables(new Map<string, YNode>(NAMES.map((n) => [n, parseYaml(`polluted: ${n}\nprototype: {polluted: p}\n`, 'v.yml')])));
    const { doc: result } = interpolate(doc, vars);
    expect(valueAt(result, ['a'])).toBe('__proto__');
    expectNoPollution(before);

    const example = exampleIn('proto-lb');
    const lb = file('proto-lb/lb-proto.yml', `${exampleText('lb.yml')}    __proto__: {polluted: true}\n`.replace('kind: LoadBalancers', 'kind: LoadBalancers\n__proto__: {polluted: true}\nconstructor: {prototype: {polluted: true}}'));
    const config = file('proto-lb/config.yml', '__proto__: {polluted: true}\nrules:\n  __proto__: {polluted: true}\n  constructor: off\n');
    for (const args of [
      ['--no-config', example.manifest, '--lb', lb, '-l', example.vars],
      ['--no-config', example.manifest, '--lb', lb, '-l', example.vars, '--print-listeners'],
      ['--config', config, example.manifest, '--lb', example.lb, '-l', example.vars],
      ['--no-config', example.manifest, '--lb', example.lb, '-l', example.vars, '-v', '__proto__=x', '-v', 'constructor.prototype.polluted=1'],
    ]) {
      const run = await runMain(args);
      expect(cleanOutcome(run), run.stderr).toBeUndefined();
      expectNoPollution(before);
    }
  });
});
