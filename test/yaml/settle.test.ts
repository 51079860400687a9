/**
 * parseYaml decodes each collection as soon as the parser finishes it (Settle, in
 * src/yaml/v2/parser.ts and decode.ts), so a large manifest is never held as two trees. That
 * must change nothing: the same tree and places, the same error at the same place, the same
 * alias-ratio verdict, as decoding the whole parsed document afterwards, which is what
 * yaml.v2 does. Compared here on every YAML text of the recorded bosh-int cases and of the
 * corpus, on generated documents that mix anchors, aliases, merges and errors, and on the
 * cases that exercise the bookkeeping (counts of settled nodes, failures met before a later
 * syntax error).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/util/errors.js';
import { parseYaml, readYamlDocument } from '../../src/yaml/yaml.js';
import { conformanceCases, hasConformance } from '../helpers/conformance.js';
import { CORPUS, hasCorpus } from '../helpers/corpus.js';
import { withPlainPlaces } from '../helpers/plain-places.js';
import { filesUnder, runs, timeoutFor } from '../robustness/support.js';

type Outcome = { tree: unknown } | { refused: string; line: number | undefined; col: number | undefined };

function outcome(read: () => ReturnType<typeof parseYaml>): Outcome {
  try {
    return { tree: withPlainPlaces(read()) };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { refused: error.message, line: error.line, col: error.col };
  }
}

function expectSettledAsWhole(text: string): void {
  const whole = outcome(() => {
    const doc = readYamlDocument(text, 'f.yml');
    return doc.root ? doc.decodeDocument() : parseYaml('', 'f.yml');
  });
  expect(outcome(() => parseYaml(text, 'f.yml')), JSON.stringify(text.slice(0, 300))).toEqual(whole);
}

describe('decoding each collection as it is parsed changes nothing', () => {
  it.each([
    ['merges of settled and kept maps', 'base: &b {x: 1, y: 2}\nm:\n  <<: [*b, {z: 3}]\n  y: 9\nn: {<<: {p: 1}, q: 2}\n'],
    ['an anchor after settled collections, and aliases to it', 'a: [1, 2]\nb: {c: d}\ne: &e {f: [g]}\nh: [*e, *e]\n'],
    ['an anchored root: nothing settles', '&r\na: {b: c}\nd: [*r]\n'],
    ['an alias inside a collection keeps it, and its parents, parsed', 's: &s 1\nt: {u: [*s, {v: w}]}\nx: {y: z}\n'],
    ['a decoding failure before a later syntax error: the syntax error wins', 'a: !!int x\nb: {c: d}\ne: [\n'],
    ['a decoding failure, then more settled collections', 'a: {b: !!binary "%%%"}\nc: {d: e}\nf: [g]\n'],
    ['a map as a key, settled first', '? {a: 1}\n: b\nc: {d: e}\n'],
    ['a merge of a settled list', 'a: {<<: [{b: 1}, {c: 2}]}\n'],
    ['repeated keys in settled maps', 'a: {b: 1, b: 2}\nc: [{d: 1, d: 3}]\n'],
    ['an empty document', '--- # nothing\n'],
    ['an unknown anchor', 'a: {b: c}\nd: *nope\n'],
  ])('%s', (_name, text) => expectSettledAsWhole(text));

  it('counts settled nodes where yaml.v2 meets them: the alias-ratio guard gives the same verdict', () => {
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `  k${i}: {v: [${i}]}`).join('\n');
    // Aliases of aliases: each level multiplies what one use decodes (a small billion laughs).
    const laughs = (levels: number) => ['l0: &l0 [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]', ...Array.from({ length: levels }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(', ')}]`)].join('\n');
    // Settled nodes before the aliases dilute the ratio; after them, they come too late.
    const diluted = `fill:\n${filler(3000)}\n${laughs(3)}\n`;
    const amplified = `${laughs(3)}\nfill:\n${filler(3000)}\n`;
    for (const text of [diluted, amplified]) expectSettledAsWhole(text);
    expect(() => parseYaml(diluted, 'f.yml')).not.toThrow();
    expect(() => parseYaml(amplified, 'f.yml')).toThrow('document contains excessive aliasing');
  });

  const { cases } = conformanceCases<{ cases: Array<{ manifest: string; opsFiles: Array<{ content: string }>; varsFiles: Array<{ content: string }> }> }>('bosh-int-generated.json', { cases: [] });
  it.skipIf(!hasConformance)(`on every YAML text of the recorded bosh-int cases (${cases.length} cases)`, () => {
    for (const c of cases) for (const text of [c.manifest, ...c.opsFiles.map((f) => f.content), ...c.varsFiles.map((f) => f.content)]) expectSettledAsWhole(text);
  });

  const corpusYaml = hasCorpus ? filesUnder(CORPUS, (name) => /\.ya?ml$/.test(name)) : [];
  it.skipIf(!hasCorpus)(`on every YAML file of the corpus (${corpusYaml.length} files)`, () => {
    for (const file of corpusYaml) expectSettledAsWhole(readFileSync(file, 'utf8'));
  });

  // Block and flow collections, anchors defined anywhere, aliases, merges, tags that fail to
  // decode, and a syntax error now and then.
  const PARTS = ['a', 'k: v', '{x: 1}', '[1, 2]', '&a ', '&b ', '*a', '*b', '<<: ', '!!int x', '!!binary "%"', '? ', ': ', '- ', '\n', '\n  ', '\n- ', '\n  - ', ', ', '{', '}', '[', ']', 'n: ', 'm:\n  ', '"q"', '~'];
  const generated = fc.array(fc.constantFrom(...PARTS), { maxLength: 50 }).map((parts) => parts.join(''));
  const count = runs(3000);
  it(`on generated documents (${count} runs)`, () => {
    fc.assert(fc.property(generated, (text) => expectSettledAsWhole(text)), { numRuns: count });
  }, timeoutFor(count, 2));
});
