/**
 * src/yaml/yaml.ts reads YAML as BOSH does (Go's yaml.v2: libyaml's scanner and parser).
 * Its main checks are the conformance files (test/conformance); here it is also held against
 * a second reader, eemeli/yaml's composer (test/helpers/yaml-document-oracle.ts), on the
 * inputs where yaml.v2 and YAML 1.2 agree: real files, mutated real files and generated
 * YAML that both accept must give the same tree, positions included. Where the dialects
 * differ (README, YAML), the input is left out of the comparison, not the check weakened.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/util/errors.js';
import { toPlain, withEntries, withItems, withValue, type ScalarNode, type YNode } from '../../src/yaml/node.js';
import { parseYaml } from '../../src/yaml/yaml.js';
import { CORPUS, hasCorpus } from '../helpers/corpus.js';
import { withPlainPlaces } from '../helpers/plain-places.js';
import { parseYamlThroughDocument } from '../helpers/yaml-document-oracle.js';
import { filesUnder, mutate, mutationsArb, runs, timeoutFor } from '../robustness/support.js';

type Outcome = { tree: YNode } | { refused: string; line?: number; col?: number };

function outcome(read: (text: string, file: string) => YNode, text: string): Outcome {
  try {
    return { tree: read(text, 'f.yml') };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { refused: error.message, line: error.line, col: error.col };
  }
}

/**
 * Texts on which the two dialects are known to differ (README, YAML): the oracle does not
 * speak for yaml.v2 there. Bare CR, NEL, LS and PS line ends, tabs, escapes YAML 1.2 added, a
 * document that does not end in a line break (block scalars keep no final break there in
 * yaml.v2), `?` and `:` in flow collections, block scalars at the root (yaml.v2 wants their
 * content indented), and the tags yaml.v2 treats its own way. Positions differ only where a
 * block map's first key has an anchor or tag (yaml.v2 starts the map at them), where an empty
 * node has properties, after a character beyond U+FFFF (yaml.v2 counts it as one column), an
 * anchor defined again inside its own node (yaml.v2 anchors a node before its content), anchor
 * names beyond letters, digits, `_` and `-` (yaml.v2 ends the name there), and where an empty
 * document is.
 */
const DIALECTS_DIFFER =
  /[\ud800-\udfff]|[&!]\S*[ \t]*(?:#.*)?$|^(?:---[ \t]+)?[ \t]*(?:[&!]\S*\s+)*[|>]|^[ -]*[&!]\S*\s+[^\n]*:(?:\s|$)|\r|\u0085|\u2028|\u2029|\t|\\[\/ N_LP\t]|\?(?:\s|$)|[[{][^\n\]}]*[?:]\S|!!(?:binary|omap|pairs|set|timestamp|merge)\b|!<|!\S*!|[&*][-\w]*[^-\w\s]|&(?<anchor>[-\w]+)[\s\S]*&\k<anchor>(?![-\w])|^---\s*(?:---|\.\.\.|$(?![\s\S]))/m;

const compared = { both: 0, all: 0 };

/** An empty document (`---` and a comment, or spaces) is null to yaml.v2; eemeli/yaml may read it as the scalar " ". */
function emptyReadAsSpace(ours: YNode, oracle: YNode): boolean {
  return ours.kind === 'scalar' && ours.type === 'null' && oracle.kind === 'scalar' && oracle.type === 'str' && /^\s*$/.test(String(oracle.value));
}

/** Where both dialects accept the text, the same tree, positions included. */
function expectAgreement(text: string): void {
  compared.all++;
  if (DIALECTS_DIFFER.test(text) || (!text.endsWith('\n') && /[|>]/.test(text))) return;
  const ours = outcome((t: string, file: string) => withPlainPlaces(parseYaml(t, file)), text);
  const oracle = outcome(parseYamlThroughDocument, text);
  if (!('tree' in ours) || !('tree' in oracle)) return;
  if (emptyReadAsSpace(ours.tree, oracle.tree)) return;
  compared.both++;
  expect(ours, 'accepted by both').toEqual(oracle);
}

const corpusYaml = filesUnder(CORPUS, (name) => /\.ya?ml$/.test(name) || name === 'spec');

describe('where yaml.v2 and YAML 1.2 agree, the reader agrees with eemeli/yaml', () => {
  it.skipIf(!hasCorpus)(`on every YAML file of the corpus (${corpusYaml.length} files)`, () => {
    let both = 0;
    for (const file of corpusYaml) {
      const text = readFileSync(file, 'utf8');
      const ours = outcome((t: string, file: string) => withPlainPlaces(parseYaml(t, file)), text);
      const oracle = outcome(parseYamlThroughDocument, text);
      // Both accept or both refuse: spiff templates (`<<: (( merge ))`) are not BOSH YAML.
      expect('tree' in ours, file).toBe('tree' in oracle);
      if ('tree' in ours && 'tree' in oracle) {
        both++;
        expect(toPlain(ours.tree), file).toEqual(toPlain(oracle.tree));
      }
    }
    expect(both).toBeGreaterThan(corpusYaml.length / 2);
  });

  const small = corpusYaml.filter((file) => statSync(file).size < 12_000);
  const count = runs(1000);
  it.skipIf(small.length === 0)(
    `on mutated corpus files (${count} runs)`,
    () => {
      const before = compared.both;
      fc.assert(
        fc.property(fc.constantFrom(...small), mutationsArb, (file, mutations) => {
          const text = mutate(readFileSync(file), mutations).toString('utf8');
          expectAgreement(text);
        }),
        { numRuns: count },
      );
      console.log(`mutated corpus files: ${compared.both - before} of ${count} inputs accepted by both dialects and compared`);
      expect(compared.both - before, 'inputs both dialects accepted and compared').toBeGreaterThan(count / 10);
    },
    timeoutFor(count, 10),
  );

  /** Fragments that make block and flow structure, properties, scalars of every style and stream markers. */
  const FRAGMENTS = [
    'a', 'b', 'name', '1', '0x1F', '1.5', 'yes', '~', 'null', '<<', '"q\\n"', "'s''t'", '"\\x"', 'k: v', 'x:y',
    ': ', ':', '- ', '-', '? ', '?', '{', '}', '[', ']', ', ', ',',
    '&a ', '&b ', '&', '*a', '*b', '*', '!!str ', '!!int ', '!!bool ', '!!null ', '!!float ', '!!map ', '!!seq ', '!t ', '!', '!<x> ', '!h!x ',
    '|\n', '|-\n', '>+\n', '|2\n', '>\n',
    ' ', '  ', '    ', '\t', '\n', '\r\n', '\n  ', '\n- ', '\n  - ', '\n    ', '# c', ' # c', '#',
    '---', '--- ', '---\n', '...', '...\n', '%YAML 1.1\n', '%YAML 1.2\n---\n', '%TAG !h! tag:x,2000:\n---\n', '%FOO\n',
  ];
  const generated = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 40 }).map((parts) => parts.join(''));
  const generatedRuns = runs(4000);
  it(
    `on generated YAML (${generatedRuns} runs)`,
    () => {
      const before = compared.both;
      fc.assert(fc.property(generated, (text) => expectAgreement(text)), { numRuns: generatedRuns });
      console.log(`generated YAML: ${compared.both - before} of ${generatedRuns} inputs accepted by both dialects and compared`);
      expect(compared.both - before, 'inputs both dialects accepted and compared').toBeGreaterThan(generatedRuns / 10);
    },
    timeoutFor(generatedRuns, 2),
  );

  /** Documents built from a random tree: block and flow styles, anchors, aliases, merges, comments. */
  type Tree = { kind: 'scalar'; text: string } | { kind: 'map' | 'seq' | 'flowMap' | 'flowSeq'; anchor: string; items: Array<{ key: string; value: Tree }> };
  const SCALARS = ['x', '1', '0x1F', 'yes', '~', '"q"', "'s'", 'a b', '-1.5e3', '*a', '*b', '!!str 5', '!!int "7"', '&c v', '*c', '""'];
  const KEYS = ['k', 'name', 'port', '<<', '1', '"q k"', '? e', '&d k2', '*d'];
  const treeArb = fc.letrec<{ tree: Tree }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom(...SCALARS).map((text) => ({ kind: 'scalar' as const, text })),
      fc.record({
        kind: fc.constantFrom('map' as const, 'seq' as const, 'flowMap' as const, 'flowSeq' as const),
        anchor: fc.constantFrom('', '', '&a ', '&b '),
        items: fc.array(fc.record({ key: fc.constantFrom(...KEYS), value: tie('tree') }), { maxLength: 4 }),
      }),
    ),
  })).tree;

  function printTree(tree: Tree, indent: string, inFlow: boolean): string {
    if (tree.kind === 'scalar') return tree.text;
    const flow = inFlow || tree.kind === 'flowMap' || tree.kind === 'flowSeq';
    const isMap = tree.kind === 'map' || tree.kind === 'flowMap';
    if (flow) {
      const items = tree.items.map(({ key, value }) => (isMap ? `${key}: ${printTree(value, indent, true)}` : printTree(value, indent, true)));
      return `${tree.anchor}${isMap ? '{' : '['}${items.join(', ')}${isMap ? '}' : ']'}`;
    }
    if (tree.items.length === 0) return `${tree.anchor}${isMap ? '{}' : '[]'}`;
    const inner = `${indent}  `;
    const lines = tree.items.map(({ key, value }) => {
      const child = printTree(value, inner, false);
      return isMap ? `${key}: ${child}` : `- ${child}`;
    });
    return `${tree.anchor}# c\n${lines.map((line) => `${inner}${line}`).join('\n')}`;
  }
  const treeRuns = runs(2000);
  it(
    `on YAML printed from random trees (${treeRuns} runs)`,
    () => {
      // Anchors defined up front, so that most aliases and merges resolve.
      const anchors = 'anchors: [&a {p: 1}, &b {q: 2, p: 0}, &c 3, &d k]\n';
      const before = compared.both;
      fc.assert(fc.property(treeArb, (tree) => expectAgreement(`${anchors}doc: ${printTree(tree, '', false)}\n`)), { numRuns: treeRuns });
      console.log(`random trees: ${compared.both - before} of ${treeRuns} inputs accepted by both dialects and compared`);
      expect(compared.both - before, 'inputs both dialects accepted and compared').toBeGreaterThan(treeRuns / 20);
    },
    timeoutFor(treeRuns, 2),
  );
});

describe('reads YAML as yaml.v2 does', () => {
  const plain = (text: string) => toPlain(parseYaml(text, 'f.yml'));
  const refusal = (text: string) => {
    try {
      parseYaml(text, 'f.yml');
    } catch (error) {
      return (error as InputError).render();
    }
    return 'accepted';
  };

  it.each([
    ['YAML 1.1 scalars', 'a: yes\nb: 0755\nc: 1_000\nd: 08\ne: "yes"\nf: ~\ng: 12:30\n', { a: true, b: 493, c: 1000, d: 8, e: 'yes', f: null, g: '12:30' }],
    ['the last of repeated keys', 'a: 1\nb: 2\na: 3\n', { a: 3, b: 2 }],
    ['the last of repeated keys in a large map', `${Array.from({ length: 20 }, (_, i) => `k${i}: ${i}`).join('\n')}\nk3: x\nk19: z\n`, Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i === 3 ? 'x' : i === 19 ? 'z' : i]))],
    ['a merged map, overridden by the keys around it', 'base: &b {p: 1, q: 2}\nm:\n  p: 0\n  <<: *b\n  q: 9\n', { base: { p: 1, q: 2 }, m: { p: 1, q: 9 } }],
    ['merged maps in a list, earlier ones winning', 'p: &p {x: 1}\nq: &q {x: 2, z: 3}\nm: {<<: [*p, *q]}\n', { p: { x: 1 }, q: { x: 2, z: 3 }, m: { x: 1, z: 3 } }],
    ['a merge inside a flow sequence pair', 'p: &p {x: 1}\ns: [<<: *p]\n', { p: { x: 1 }, s: [{ x: 1 }] }],
    ['a tagged `<<` as a plain key', '!!str <<: 1\n', { '<<': 1 }],
    ['an explicit key without a value', '? a\n', { a: null }],
    ['tags yaml.v2 resolves', 'a: !!int "42"\nb: !!str 42\nc: !!bool yes\nd: !custom 7\n', { a: 42, b: '42', c: true, d: '7' }],
    ['!!binary, decoded as Go base64 does (line breaks skipped)', 'a: !!binary |\n  aGVs\n  bG8=\n', { a: 'hello' }],
    ['a block scalar at the root, not indented (yaml.v2 wants one space)', '|\nline one\nline two\n', ''],
    ['a block scalar at the end without a final line break, which keeps none', 'ca: |\n  -----BEGIN-----\n  -----END-----', { ca: '-----BEGIN-----\n-----END-----' }],
    ['bare CR line ends', 'name: cf # c\rinstance_groups: [x]\r', { name: 'cf', instance_groups: ['x'] }],
    ['!!float and !!timestamp', 'a: !!float 1\nb: !!timestamp 2001-12-14\n', { a: 1, b: '2001-12-14' }],
    ['what follows the first value of a document', '"a" b', 'a'],
    ['a stray end of a flow map after it', '{a: 1}}', { a: 1 }],
    ['the first document of a stream', 'a: 1\n---\na: 2\n', { a: 1 }],
    ['an empty document', '# nothing\n', null],
    ['a byte-order mark', '\ufeffa: 1\n', { a: 1 }],
    ['CRLF line ends', 'a:\r\n  b: 1\r\n', { a: { b: 1 } }],
    ['%TAG handles', '%TAG !h! tag:yaml.org,2002:\n---\na: !h!int "5"\n', { a: 5 }],
  ])('%s', (_name, text, expected) => {
    expect(plain(text)).toEqual(expected);
  });

  // yaml.v2's texts: a scanner error counts lines from 1, a parser error from 0 (its quirk);
  // the file:line:col before them is where the problem is.
  it.each([
    ['a syntax error, at its line and column', 'a: 1\nb: [1, 2\nc: 3\n', "f.yml:3:2: yaml: line 2: did not find expected ',' or ']'"],
    ['keys out of column', 'a:\n  b: 1\n   c: 2\n', 'f.yml:3:5: yaml: line 3: mapping values are not allowed in this context'],
    ['a tab as indentation', 'a:\n\tb: 1\n', 'f.yml:2:1: yaml: line 2: found character that cannot start any token'],
    ['a key without a value at the end', 'a: 1\nb', "f.yml:2:1: yaml: line 3: could not find expected ':'"],
    ['an alias to an anchor not yet defined', 'a: *x\nb: &x 1\n', "f.yml:1:4: yaml: unknown anchor 'x' referenced"],
    ['an alias with its own anchor', 'a: &x 1\nb: &y *x\n', 'f.yml:2:7: yaml: line 1: did not find expected key'],
    ['an anchor that contains itself', 'a: &x [1, *x]\n', "f.yml:1:11: yaml: anchor 'x' value contains itself"],
    ['a merge of a scalar', 'a: 1\nb:\n  <<: 2\n', 'f.yml:3:3: yaml: map merge requires map or sequence of maps as the value'],
    ['a merge of an alias to a list', 'l: &l [{a: 1}]\nm:\n  <<: *l\n', 'f.yml:3:3: yaml: map merge requires map or sequence of maps as the value'],
    ['a map as a key', '? {a: 1}\n: b\n', 'f.yml:1:3: yaml: invalid map key: map[interface {}]interface {}{"a":1}'],
    ['a tag that does not fit the value', 'a: !!int yes\n', 'f.yml:1:4: yaml: cannot decode !!bool `yes` as a !!int'],
    ['bad base64', 'a: !!binary aGVsbG8\n', 'f.yml:1:4: yaml: !!binary value contains invalid base64 data'],
    ['an undeclared tag handle', 'a: !h!x 1\n', 'f.yml:1:4: yaml: found undefined tag handle'],
    ['an error in a directive before the document', '%TAG !h!\n---\na: 1\n', 'f.yml:1:9: yaml: did not find expected whitespace'],
    ['YAML 1.2', '%YAML 1.2\n---\na: 1\n', 'f.yml:1:1: yaml: found incompatible YAML document'],
    ['an escape YAML 1.1 does not have', 'a: "https:\\/\\/x"\n', 'f.yml:1:11: yaml: found unknown escape character'],
    ['a control character', 'a: \u0007\n', 'f.yml:1:4: yaml: control characters are not allowed'],
  ])('refuses %s', (_name, text, message) => {
    expect(refusal(text)).toBe(message);
  });

  it('positions every node where it was written, and an alias copy also where it was used', () => {
    const doc = parseYaml('x: &a\n  port: 443\ny: *a\nz:\n', 'm.yml');
    if (doc.kind !== 'map') throw new Error('not a map');
    const [x, y, z] = doc.entries;
    expect(x!.key.pos).toEqual({ file: 'm.yml', line: 1, col: 1 });
    expect(x!.value.pos).toEqual({ file: 'm.yml', line: 2, col: 3 });
    const copy = y!.value;
    expect(copy.kind === 'map' && copy.entries[0]!.value).toMatchObject({ value: 443, pos: { line: 2, col: 9 }, aliasPos: { line: 3, col: 4 } });
    expect(z!.value).toMatchObject({ type: 'null', pos: { line: 4, col: 3 } });
  });

  it('places nodes beyond the packed range of lines and columns too (node.ts packs line and column into one number)', () => {
    const wide = parseYaml(`a: [${'x, '.repeat(2100)}far]\n`, 'w.yml');
    const items = wide.kind === 'map' && wide.entries[0]!.value.kind === 'seq' ? wide.entries[0]!.value.items : [];
    expect(items.at(-1)!.pos).toEqual({ file: 'w.yml', line: 1, col: 5 + 3 * 2100 });
    const long = parseYaml(`${'- 1\n'.repeat(600_000)}- last\n`, 'l.yml');
    expect(long.kind === 'seq' && long.items.at(-1)!.pos).toEqual({ file: 'l.yml', line: 600_001, col: 3 });
  });

  it('keeps a place through changed copies and in JSON', () => {
    const doc = parseYaml('a:\n  - b: ((x))\n', 'm.yml');
    if (doc.kind !== 'map' || doc.entries[0]!.value.kind !== 'seq') throw new Error('not the tree written');
    const seq = doc.entries[0]!.value;
    const item = seq.items[0]!;
    if (item.kind !== 'map') throw new Error('not a map');
    const scalar = item.entries[0]!.value as ScalarNode;
    expect(withValue(scalar, 'str', 'y').pos).toEqual({ file: 'm.yml', line: 2, col: 8 });
    expect(withEntries(item, []).pos).toEqual({ file: 'm.yml', line: 2, col: 5 });
    expect(withItems(seq, []).pos).toEqual({ file: 'm.yml', line: 2, col: 3 });
    expect(JSON.parse(JSON.stringify(scalar))).toEqual({ kind: 'scalar', type: 'str', value: '((x))', pos: { file: 'm.yml', line: 2, col: 8 } });
  });

  it('keeps keys of different types apart, as a Go map does; a repeated key keeps its place and takes the later key and value', () => {
    const doc = parseYaml('1: int\n"1": str\n1.0: float\n1: again\n', 'f.yml');
    expect(doc.kind === 'map' && doc.entries.map((e) => [e.key.type, e.value.kind === 'scalar' && e.value.value, e.key.pos?.line])).toEqual([
      ['int', 'again', 4],
      ['str', 'str', 2],
      ['float', 'float', 3],
    ]);
  });

  it('keeps prototype-named keys as plain keys', () => {
    const doc = toPlain(parseYaml('__proto__: {polluted: 1}\nconstructor: 2\n', 'f.yml')) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.skipIf(!hasCorpus)('positions the first key of cf-deployment.yml after its `---`', () => {
    const doc = parseYaml(readFileSync(path.join(CORPUS, 'cf-deployment/cf-deployment.yml'), 'utf8'), 'cf.yml');
    expect(doc.kind === 'map' && doc.entries[0]!.key).toMatchObject({ value: 'name', pos: { line: 2, col: 1 } });
  });
});
