import { conformanceCases } from '../helpers/conformance.js';
import { describe, expect, it } from 'vitest';
import { fromPlain, scalar, str, type MapNode, type ScalarNode, type YNode } from '../../src/yaml/node.js';
import { parseYaml } from '../../src/yaml/yaml.js';
import { emitYaml, formatGoFloat } from '../../src/yaml/emit-yaml.js';

/** A one-key map `k: <value>`, the usual way to see how a scalar is written. */
function under(key: string, value: YNode): MapNode {
  return { kind: 'map', entries: [{ key: str(key), value }] };
}

function mapOf(...entries: [ScalarNode, YNode][]): MapNode {
  return { kind: 'map', entries: entries.map(([key, value]) => ({ key, value })) };
}

const words = (n: number): string => Array(n).fill('word').join(' ');

interface Case {
  name: string;
  node: YNode;
  expected: string;
}

const layout: Case[] = [
  { name: 'root scalar', node: str('hello'), expected: 'hello\n' },
  { name: 'root null', node: scalar('null', null), expected: 'null\n' },
  { name: 'root empty map', node: fromPlain({}), expected: '{}\n' },
  { name: 'root empty seq', node: fromPlain([]), expected: '[]\n' },
  { name: 'root multi-line string', node: str('a\nb'), expected: '|-\n  a\n  b\n' },
  { name: 'empty collections as values', node: fromPlain({ a: {}, b: [] }), expected: 'a: {}\nb: []\n' },
  {
    name: 'a sequence under a key is not indented',
    node: fromPlain({ a: { b: [1, { c: 2, d: [3, 4] }, { e: 5 }] } }),
    expected: 'a:\n  b:\n  - 1\n  - c: 2\n    d:\n    - 3\n    - 4\n  - e: 5\n',
  },
  { name: 'sequences in sequences', node: fromPlain([[1, 2], []]), expected: '- - 1\n  - 2\n- []\n' },
  { name: 'a map in a sequence', node: fromPlain([{ a: 1, b: ['x'] }]), expected: '- a: 1\n  b:\n  - x\n' },
  { name: 'null values', node: fromPlain({ a: null }), expected: 'a: null\n' },
  { name: 'bools', node: fromPlain({ a: true, b: false }), expected: 'a: true\nb: false\n' },
];

const sorting: Case[] = [
  {
    name: 'yaml.v2 natural order: letters before other runes, digit runs as numbers',
    node: fromPlain({ zeta: 1, alpha: 2, name: 3, b10: 4, b2: 5, B: 6, _u: 7, '10': 8, '9': 9 }),
    expected: '_u: 7\n"9": 9\n"10": 8\nB: 6\nalpha: 2\nb2: 5\nb10: 4\nname: 3\nzeta: 1\n',
  },
  {
    name: 'int keys before string keys (go-patch.md §2.8)',
    node: mapOf([str('_u'), scalar('int', 1)], [scalar('int', 10), str('ten')], [str('B'), scalar('int', 1)], [scalar('int', 9), str('nine')]),
    expected: '9: nine\n10: ten\n_u: 1\nB: 1\n',
  },
  {
    name: 'a digit run with leading zeros sorts after the same number without them',
    node: fromPlain({ a01: 1, a1: 2, a001: 3, a2: 4 }),
    expected: 'a1: 2\na01: 1\na001: 3\na2: 4\n',
  },
  {
    name: 'a zero after a non-zero digit is part of the number',
    node: fromPlain({ v1005: 1, v105: 2 }),
    expected: 'v105: 2\nv1005: 1\n',
  },
  {
    name: 'numbers and bools by value (ties: bool < int < float), then null, then strings',
    node: mapOf(
      [str('1'), str('g')],
      [scalar('null', null), str('f')],
      [scalar('float', 1.5), str('e')],
      [scalar('int', 1), str('d')],
      [scalar('bool', true), str('c')],
      [scalar('bool', false), str('b')],
      [scalar('int', -1), str('a')],
      [scalar('float', 1), str('h')],
    ),
    expected: '-1: a\nfalse: b\ntrue: c\n1: d\n1: h\n1.5: e\nnull: f\n"1": g\n',
  },
  {
    name: 'ints beyond 2^53 compare exactly',
    node: mapOf([scalar('int', 9007199254740993n), str('b')], [scalar('int', 9007199254740992n), str('a')]),
    expected: '9007199254740992: a\n9007199254740993: b\n',
  },
];

const plainOrQuoted: [string, string][] = [
  // Strings that yaml.v2 would read back as another type are double-quoted.
  ['yes', '"yes"'],
  ['No', '"No"'],
  ['on', '"on"'],
  ['Y', '"Y"'],
  ['n', '"n"'],
  ['~', '"~"'],
  ['null', '"null"'],
  ['', '""'],
  ['0755', '"0755"'],
  ['0x1F', '"0x1F"'],
  ['0b101', '"0b101"'],
  ['1_000', '"1_000"'],
  ['+12', '"+12"'],
  ['08', '"08"'],
  ['1.5', '"1.5"'],
  ['1e3', '"1e3"'],
  ['.5', '".5"'],
  ['-.inf', '"-.inf"'],
  ['.NaN', '".NaN"'],
  ['12:30', '"12:30"'],
  ['190:20:30.15', '"190:20:30.15"'],
  ['2001-12-14', '"2001-12-14"'],
  ['2001-12-14t21:59:43.10-05:00', '"2001-12-14t21:59:43.10-05:00"'],
  ['2001-12-14T21:59:43Z', '"2001-12-14T21:59:43Z"'],
  ['2001-12-14 21:59:43.10', '"2001-12-14 21:59:43.10"'],
  // Not a type yaml.v2 resolves: plain.
  ['2001-13-14', '2001-13-14'],
  ['2001-02-30', '2001-02-30'],
  ['2001-12-14T21:59:43', '2001-12-14T21:59:43'],
  ['12:60', '12:60'],
  ['<<', '<<'],
  ['.', '.'],
  ['-a', '-a'],
  ['a:b', 'a:b'],
  ['a#b', 'a#b'],
  ["it's", "it's"],
  ['é', 'é'],
  ['((var))', '((var))'],
  // Plain is not allowed (indicators, edge spaces): single quotes.
  ['-', "'-'"],
  ['- a', "'- a'"],
  [': a', "': a'"],
  ['? a', "'? a'"],
  ['a: b', "'a: b'"],
  ['a #b', "'a #b'"],
  ['#a', "'#a'"],
  ['@foo', "'@foo'"],
  ['`cmd`', "'`cmd`'"],
  ['*alias', "'*alias'"],
  ['--- x', "'--- x'"],
  ['...', "'...'"],
  [' lead', "' lead'"],
  ['trail ', "'trail '"],
  ["'start", "'''start'"],
  ["key: 'q'", "'key: ''q'''"],
  // Characters yaml.v2 does not count as printable: double quotes with escapes.
  ['tab\there', '"tab\\there"'],
  ['bell\u0007', '"bell\\a"'],
  ['nul\0', '"nul\\0"'],
  ['del\u007f', '"del\\x7F"'],
  ['nel\u0085', '"nel\\N"'],
  ['c1\u0090', '"c1\\x90"'],
  ['bom\ufeff', '"bom\\uFEFF"'],
  ['emoji 😀', '"emoji \\U0001F600"'],
  ['quote"', 'quote"'],
  ['"quoted"', "'\"quoted\"'"],
  ['back\\slash', 'back\\slash'],
  ['a\tb"c\\', '"a\\tb\\"c\\\\"'],
  // U+2028 is a line break yaml.v2 writes as it is, inside single quotes.
  ['a\u2028b', "'a\u2028  b'"],
];

const multiline: [string, string][] = [
  ['line1\nline2', '|-\n  line1\n  line2'],
  ['line1\nline2\n', '|\n  line1\n  line2'],
  ['keep\n\n', '|+\n  keep\n'],
  ['\n', '|2+\n'],
  [' lead\nx', '|2-\n   lead\n  x'],
  ['\nx', '|2-\n\n  x'],
  ['a\n\nb', '|-\n  a\n\n  b'],
  ['a\n b', '|-\n  a\n   b'],
  // Literal style is not allowed: double quotes.
  ['a \nb', '"a \\nb"'],
  ['a\nb ', '"a\\nb "'],
  ['a\tb\nc', '"a\\tb\\nc"'],
];

describe('emitYaml', () => {
  it.each([...layout, ...sorting])('$name', ({ node, expected }) => {
    expect(emitYaml(node)).toBe(expected);
  });

  it.each(plainOrQuoted)('writes the string %j as %s', (value, written) => {
    expect(emitYaml(under('k', str(value)))).toBe(`k: ${written}\n`);
  });

  // A key with a line break (U+0085, U+2028) is a complex key, tested below.
  it.each(plainOrQuoted.filter(([key]) => !/[\u0085\u2028]/.test(key)))('writes the key %j as %s', (key, written) => {
    expect(emitYaml(under(key, str('v')))).toBe(`${written}: v\n`);
  });

  it.each(multiline)('writes the multi-line string %j as a block', (value, written) => {
    expect(emitYaml(under('k', str(value)))).toBe(`k: ${written}\n`);
  });

  it('indents a literal block under its parent', () => {
    expect(emitYaml(fromPlain({ a: { b: 'x\ny' }, c: ['p\nq'] }))).toBe('a:\n  b: |-\n    x\n    y\nc:\n- |-\n  p\n  q\n');
  });

  it('keeps the next key on its own line after a block ending in newlines', () => {
    expect(emitYaml(fromPlain({ a: 'x\n', b: 'y\n\n', c: 1 }))).toBe('a: |\n  x\nb: |+\n  y\n\nc: 1\n');
  });

  it('writes a multi-line key as a `?` complex key', () => {
    expect(emitYaml(under('a\nb', scalar('int', 1)))).toBe('? |-\n  a\n  b\n: 1\n');
  });

  it('writes a key longer than 128 bytes as a `?` complex key', () => {
    const key = 'k'.repeat(129);
    expect(emitYaml(under(key, fromPlain({ x: 1 })))).toBe(`? ${key}\n: x: 1\n`);
    expect(emitYaml(under('k'.repeat(128), str('v')))).toBe(`${'k'.repeat(128)}: v\n`);
  });

  it('writes non-string keys in their scalar form', () => {
    expect(emitYaml(mapOf([scalar('bool', true), str('t')], [scalar('int', 12345678901234567890n), str('u')], [scalar('float', 0.5), str('f')]))).toBe(
      '0.5: f\ntrue: t\n12345678901234567890: u\n',
    );
  });

  describe('folding at column 80', () => {
    it('folds a long plain string at the first space past column 80', () => {
      expect(emitYaml(under('a', str(words(40))))).toBe(
        `a: ${words(16)}\n  ${words(16)}\n  ${words(8)}\n`,
      );
    });

    it('does not fold a key', () => {
      const key = words(25);
      expect(emitYaml(under(key, str('v')))).toBe(`${key}: v\n`);
    });

    it('does not break inside a run of spaces', () => {
      const text = `${'x'.repeat(81)}  y z`;
      expect(emitYaml(str(text))).toBe(`${'x'.repeat(81)}  y\n  z\n`);
    });

    it('folds inside single quotes', () => {
      expect(emitYaml(under('a', str(`@${words(20)}`)))).toBe(`a: '@${words(16)}\n  ${words(4)}'\n`);
    });

    it('folds inside double quotes, escaping a space that starts a continuation line', () => {
      const text = `\t${'x'.repeat(80)}  y`;
      expect(emitYaml(under('a', str(text)))).toBe(`a: "\\t${'x'.repeat(80)}\n  \\ y"\n`);
    });

    it('folds deeper lines at their own indentation', () => {
      expect(emitYaml(fromPlain({ a: [{ b: words(20) }] }))).toBe(`a:\n- b: ${words(16)}\n    ${words(4)}\n`);
    });
  });
});

describe('formatGoFloat (strconv.FormatFloat(f, g, -1, 64))', () => {
  it.each([
    [1, '1'],
    [1.1, '1.1'],
    [1000, '1000'],
    [100000, '100000'],
    [1e6, '1e+06'],
    [123456789, '1.23456789e+08'],
    [685230.15, '685230.15'],
    [0.5, '0.5'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [1e21, '1e+21'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [3.141592653589793, '3.141592653589793'],
    [-2.5, '-2.5'],
    [-0, '-0'],
    [Infinity, '.inf'],
    [-Infinity, '-.inf'],
    [NaN, '.nan'],
  ])('%d -> %s', (value, expected) => {
    expect(formatGoFloat(value)).toBe(expected);
  });
});

/** Appendix D of go-patch.md: `bosh int` of a manifest alone, recorded from bosh-cli. */
const appendixD: [string, string][] = [
  ['a:\n    b:\n        - 1\n        - c: 2\n          d: [3, 4]\n        - {e: 5}', 'a:\n  b:\n  - 1\n  - c: 2\n    d:\n    - 3\n    - 4\n  - e: 5'],
  [
    'a: 0755\nb: 0o755\nc: 0x1F\nd: 0b101\ne: 1_000\nf: +12\ng: -0\nh: 08\ni: 12345678901234567890',
    'a: 493\nb: 493\nc: 31\nd: 5\ne: 1000\nf: 12\ng: 0\nh: 8\ni: 12345678901234567890',
  ],
  [
    'a: ~\nb:\nc: null\nd: Null\ne: 2001-12-14\nf: 2001-12-14t21:59:43.10-05:00\ng: 12:30:00',
    'a: null\nb: null\nc: null\nd: null\ne: "2001-12-14"\nf: "2001-12-14t21:59:43.10-05:00"\ng: "12:30:00"',
  ],
  [
    // Shown without its final newline; the recorded file had one (yaml.v2 keeps no line
    // break at the end of a block scalar that ends the text: bosh-int-generated.json).
    'a: "line1\\nline2"\nb: "line1\\nline2\\n"\nc: |\n  keep\n  trailing\n\nd: >\n  folded\n  text\n',
    'a: |-\n  line1\n  line2\nb: |\n  line1\n  line2\nc: |\n  keep\n  trailing\nd: |\n  folded text',
  ],
  ['a: 1\na: 2', 'a: 2'],
  ['', 'null'],
];

interface InterpolateCase {
  name: string;
  manifest: string;
  opsFiles: string[];
  args: string[];
  exitCode: number;
  stdout: string;
}

const conformance = conformanceCases<InterpolateCase[]>('bosh-interpolate.json', []).filter(
  (c) => c.opsFiles.length === 0 && c.args.length === 0 && c.exitCode === 0,
);

describe('emitYaml of a parsed manifest matches bosh int', () => {
  it.each(appendixD)('appendix D: %j', (manifest, stdout) => {
    expect(emitYaml(parseYaml(manifest, 'manifest.yml'))).toBe(`${stdout}\n`);
  });

  it.each(conformance.map((c) => [c.name, c] as const))('conformance: %s', (_name, c) => {
    expect(emitYaml(parseYaml(c.manifest, 'manifest.yml'))).toBe(c.stdout);
  });
});
