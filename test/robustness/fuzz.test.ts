/**
 * Property-based fuzzing of the pure engines: go-patch pointers, ops and `((variable))`
 * interpolation. Whatever the input, the outcome is a result or an InputError (PatchError
 * is one), never another exception. `FUZZ_RUNS` raises the number of runs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/util/errors.js';
import { interpolate } from '../../src/bosh/interpolate.js';
import { cloneNode, keyIdentity, nodesEqual, scalar, str, type MapEntry, type ScalarNode, type YNode } from '../../src/yaml/node.js';
import { Variables } from '../../src/bosh/vars.js';
import { parseYaml } from '../../src/yaml/yaml.js';
import { applyOps } from '../../src/bosh/patch/apply.js';
import { emitYaml } from '../../src/yaml/emit-yaml.js';
import { PatchError } from '../../src/bosh/patch/errors.js';
import { opsFromFile } from '../../src/bosh/patch/ops-file.js';
import { parsePointer, pointerPrefixes, pointerString } from '../../src/bosh/patch/pointer.js';
import { runs, timeoutFor } from './support.js';

/** Words that make paths meet documents: keys, `name` values, indexes, prototype names. */
const WORDS = ['a', 'b', 'name', 'web', 'x', 'jobs', '0', '1', '-1', '-', '', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];
const word = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...WORDS) }, { weight: 1, arbitrary: fc.string({ maxLength: 5 }) });

/** Like a stored document: typed scalars, string-keyed maps without duplicate keys, sequences of named maps. */
const scalarArb: fc.Arbitrary<ScalarNode> = fc.oneof(
  { weight: 6, arbitrary: word.map((w) => str(w)) },
  fc.integer().map((n) => scalar('int', n)),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }).map((n) => scalar('int', n)),
  fc.double().map((n) => scalar('float', n)),
  fc.boolean().map((b) => scalar('bool', b)),
  fc.constant(scalar('null', null)),
);

const keyArb: fc.Arbitrary<ScalarNode> = fc.oneof({ weight: 8, arbitrary: word.map((w) => str(w)) }, { weight: 1, arbitrary: scalarArb });

function uniqueEntries(entries: MapEntry[]): MapEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => !seen.has(keyIdentity(e.key)) && seen.add(keyIdentity(e.key)));
}

function docArb(leaf: fc.Arbitrary<ScalarNode>, key: fc.Arbitrary<ScalarNode>) {
  return fc.letrec<{ node: YNode; map: YNode; seq: YNode }>((tie) => ({
    node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('map'), tie('seq')),
    map: fc.array(fc.record({ key, value: tie('node') }), { maxLength: 5 }).map((entries) => ({ kind: 'map' as const, entries: uniqueEntries(entries) })),
    seq: fc.array(fc.oneof(tie('node'), fc.record({ name: word, rest: tie('map') }).map(({ name, rest }) => withName(name, rest))), { maxLength: 4 }).map((items) => ({ kind: 'seq' as const, items })),
  })).node;
}

function withName(name: string, rest: YNode): YNode {
  const entries = rest.kind === 'map' ? rest.entries.filter((e) => !(e.key.type === 'str' && e.key.value === 'name')) : [];
  return { kind: 'map', entries: [{ key: str('name'), value: str(name) }, ...entries] };
}

const docs = docArb(scalarArb, keyArb);

/** A path segment as users write them: keys, indexes, `-`, `k=v` selectors, `?`, modifiers, escapes. */
const segment = fc
  .tuple(
    fc.oneof(word, fc.constantFrom('name=web', 'name=x', 'a=', '=b', 'name=', '+1', '01', '-0', '9223372036854775807', '9223372036854775808', '~0', '~1', '~7', '~', '~2')),
    fc.constantFrom('', '', '', '?'),
    fc.array(fc.constantFrom(':prev', ':next', ':before', ':after', ':', ':bad'), { maxLength: 2 }),
  )
  .map(([text, optional, modifiers]) => text + optional + modifiers.join(''));
const pathArb = fc.oneof(
  { weight: 6, arbitrary: fc.array(segment, { maxLength: 5 }).map((segments) => segments.map((s) => `/${s}`).join('')) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20, unit: 'binary' }) },
);

function isKnownFailure(error: unknown): boolean {
  return error instanceof InputError;
}

describe('fuzz: go-patch pointer parser', () => {
  it(`returns tokens or throws PatchError, and prints a stable canonical form (${runs()} runs)`, () => {
    fc.assert(
      fc.property(pathArb, (text) => {
        let parsed;
        try {
          parsed = parsePointer(text);
        } catch (error) {
          if (error instanceof PatchError) return;
          throw error;
        }
        expect(Array.isArray(parsed)).toBe(true);
        // go-patch prints `?` once, on the first optional token; after it a key is printed
        // bare, so `/a?/01?` prints `/a?/01`, which parses to an index. Where no token
        // follows the first optional one but indexes, printing and parsing gives the same
        // tokens; anywhere, repeating it reaches a fixed point, every step parsing.
        const firstOptional = parsed.findIndex((t) => 'optional' in t && t.optional);
        const exact = firstOptional < 0 || parsed.slice(firstOptional + 1).every((t) => t.kind === 'index' || t.kind === 'afterLast');
        if (exact) expect(parsePointer(pointerString(parsed))).toEqual(parsed);
        let printed = pointerString(parsed);
        for (let round = 0; round <= text.length; round++) {
          const again = pointerString(parsePointer(printed));
          if (again === printed) return;
          printed = again;
        }
        expect.fail(`printing ${JSON.stringify(text)} never settles`);
      }),
      { numRuns: runs() },
    );
  }, timeoutFor(runs(), 1));

  it(`prints every prefix of a path as the whole path printer does (${runs()} runs)`, () => {
    // pointerPrefixes replaced printing each prefix afresh (quadratic in the path's length).
    fc.assert(
      fc.property(pathArb, (text) => {
        let parsed;
        try {
          parsed = parsePointer(text);
        } catch (error) {
          if (error instanceof PatchError) return;
          throw error;
        }
        expect(pointerPrefixes(parsed)).toEqual(parsed.map((_, i) => pointerString(parsed.slice(0, i + 1))));
      }),
      { numRuns: runs() },
    );
  }, timeoutFor(runs(), 1));

  it('refuses a path of more tokens than a document may nest', () => {
    expect(parsePointer('/a'.repeat(1000))).toHaveLength(1000);
    expect(() => parsePointer('/a'.repeat(1001))).toThrow(new PatchError('Expected a path of at most 1000 tokens but found 1001'));
  });

  it('keeps an index beyond 2^53 an index when printed and parsed again', () => {
    // Regression: Number() rounded 9223372036854775807 to 9223372036854775808, which printed
    // past int64 and parsed back as a map key.
    for (const text of ['/9223372036854775807', '/-9223372036854775808', '/9007199254740993/a']) {
      const parsed = parsePointer(text);
      expect(parsePointer(pointerString(parsed))).toEqual(parsed);
      expect(parsed[0]!.kind).toBe('index');
    }
  });
});

/** An ops-file document, as yaml.v2 would hand it over: usually well-formed, sometimes not. */
const opDefinitionArb: fc.Arbitrary<YNode> = fc
  .record(
    {
      type: fc.oneof({ weight: 8, arbitrary: fc.constantFrom('replace', 'remove', 'test') }, { weight: 1, arbitrary: word }),
      path: pathArb,
      value: docs,
      absent: fc.boolean(),
      error: word,
      junk: scalarArb,
    },
    { requiredKeys: ['type', 'path'] },
  )
  .map((fields) => ({
    kind: 'map' as const,
    entries: Object.entries(fields).map(([k, v]): MapEntry => ({ key: str(k), value: typeof v === 'string' ? str(v) : typeof v === 'boolean' ? scalar('bool', v) : (v as YNode) })),
  }));
const opsFileArb: fc.Arbitrary<YNode> = fc.oneof(
  { weight: 10, arbitrary: fc.array(opDefinitionArb, { maxLength: 5 }).map((items) => ({ kind: 'seq' as const, items })) },
  { weight: 1, arbitrary: docs },
);

/** A document as a plain string, types and all, to see whether an input was changed. */
function snapshot(node: YNode): string {
  return JSON.stringify(node, (_, v) => (typeof v === 'bigint' ? `${v}n` : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v));
}

/** Every node well-formed (what later stages rely on), and the YAML printer takes it. */
function expectWellFormed(node: YNode): void {
  const walk = (n: YNode): void => {
    expect(['scalar', 'map', 'seq']).toContain(n.kind);
    if (n.kind === 'map') {
      for (const e of n.entries) {
        expect(e.key.kind).toBe('scalar');
        walk(e.value);
      }
    }
    if (n.kind === 'seq') n.items.forEach(walk);
  };
  walk(node);
  expect(typeof emitYaml(node)).toBe('string');
}

/**
 * Equal as printed YAML can keep them: yaml.v2 prints an integral float as `0` or `3`,
 * which reads back as an int (so does bosh-cli), and NaN equals NaN here.
 */
function sameValue(a: YNode, b: YNode): boolean {
  if (a.kind === 'scalar' && b.kind === 'scalar') {
    const numeric = (n: ScalarNode) => n.type === 'int' || n.type === 'float';
    if (numeric(a) && numeric(b) && (a.type === 'float' || b.type === 'float')) {
      const [x, y] = [Number(a.value), Number(b.value)];
      return x === y || (Number.isNaN(x) && Number.isNaN(y));
    }
    return nodesEqual(a, b);
  }
  if (a.kind === 'seq' && b.kind === 'seq') return a.items.length === b.items.length && a.items.every((item, i) => sameValue(item, b.items[i]!));
  if (a.kind === 'map' && b.kind === 'map') {
    // Keys too: a float key 0 prints as `0` and reads back as the int 0, as with bosh-cli.
    return a.entries.length === b.entries.length && a.entries.every((e) => b.entries.some((f) => sameValue(e.key, f.key) && sameValue(e.value, f.value)));
  }
  return false;
}

/** A string key `<<`: yaml.v2 prints it plain (its resolve.go has no hint for `<`), so it merges when read back. */
function hasMergeLikeKey(node: YNode): boolean {
  if (node.kind === 'map') return node.entries.some((e) => (e.key.type === 'str' && e.key.value === '<<') || hasMergeLikeKey(e.value));
  return node.kind === 'seq' && node.items.some(hasMergeLikeKey);
}

/** A map with the int 0 and the float 0 as keys: both print as `0`, so the later one wins when read back (as in yaml.v2). */
function hasKeysPrintedAlike(node: YNode): boolean {
  if (node.kind === 'seq') return node.items.some(hasKeysPrintedAlike);
  if (node.kind !== 'map') return false;
  const alike = node.entries.some((e, i) => node.entries.some((f, j) => i !== j && sameValue(e.key, f.key)));
  return alike || node.entries.some((e) => hasKeysPrintedAlike(e.key) || hasKeysPrintedAlike(e.value));
}

/** The printed YAML reads back as the same document (what `cf-ws-lint interpolate` relies on). */
function expectRoundTrip(node: YNode): void {
  if (hasMergeLikeKey(node) || hasKeysPrintedAlike(node)) return;
  const printed = emitYaml(node);
  expect(sameValue(parseYaml(printed, 'printed.yml'), node), printed).toBe(true);
}

describe('fuzz: go-patch ops engine', () => {
  it(`applies random ops to random documents: a document or an InputError (${runs()} runs)`, () => {
    fc.assert(
      fc.property(docs, opsFileArb, (doc, opsDoc) => {
        let result: YNode;
        try {
          result = applyOps(cloneNode(doc), opsFromFile(opsDoc, 'ops.yml'));
        } catch (error) {
          if (isKnownFailure(error)) return;
          throw error;
        }
        expectWellFormed(result);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: runs() },
    );
  }, timeoutFor(runs(), 1));

  it(`prints every document so that it reads back the same (${runs()} runs)`, () => {
    fc.assert(
      fc.property(docs, (doc) => {
        expectRoundTrip(doc);
      }),
      { numRuns: runs() },
    );
  }, timeoutFor(runs(), 1));
});

/** Strings with `((placeholders))` of every spelling, in values and in keys. */
const NAMES = ['a', 'b', 'x', 'name', 'a.b', 'a.0', 'a.b.c', 'x.name=web', '__proto__', 'constructor', 'prototype', 'toString', 'a/b', 'é', '', 'a..b', '.a', 'a.', 'a.-', 'a.:prev'];
const placeholderText = fc
  .array(
    fc.oneof(
      fc.constantFrom(...NAMES).chain((n) => fc.constantFrom(`((${n}))`, `((!${n}))`, `(( ${n} ))`, `((${n} ))`)),
      fc.constantFrom('', ' ', 'pre-', '-post', '((', '))', '(()', '((a)', 'text'),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((parts) => parts.join(''));
const interpolationLeaf: fc.Arbitrary<ScalarNode> = fc.oneof({ weight: 4, arbitrary: placeholderText.map((t) => str(t)) }, { weight: 3, arbitrary: scalarArb });
const interpolationKey: fc.Arbitrary<ScalarNode> = fc.oneof({ weight: 2, arbitrary: placeholderText.map((t) => str(t)) }, { weight: 3, arbitrary: keyArb });
const interpolationDocs = docArb(interpolationLeaf, interpolationKey);

/** A `variables:` section: definitions whose options may use other variables (and themselves). */
const definitionArb: fc.Arbitrary<YNode> = fc
  .record({ name: fc.constantFrom(...NAMES), type: fc.constantFrom('', 'password', 'certificate', 'ssh'), options: fc.option(interpolationDocs, { nil: undefined }) })
  .map(({ name, type, options }) => ({
    kind: 'map' as const,
    entries: [
      { key: str('name'), value: str(name) },
      ...(type ? [{ key: str('type'), value: str(type) }] : []),
      ...(options ? [{ key: str('options'), value: options }] : []),
    ],
  }));
const manifestArb: fc.Arbitrary<YNode> = fc.tuple(interpolationDocs, fc.option(fc.array(definitionArb, { maxLength: 4 }), { nil: undefined })).map(([doc, definitions]) => {
  if (!definitions) return doc;
  const rest = doc.kind === 'map' ? doc.entries.filter((e) => !(e.key.type === 'str' && e.key.value === 'variables')) : [];
  return { kind: 'map', entries: [...rest, { key: str('variables'), value: { kind: 'seq', items: definitions } }] };
});
const varsArb = fc.uniqueArray(fc.tuple(fc.constantFrom('a', 'b', 'x', 'name', '__proto__', 'constructor', 'prototype', 'toString', 'é'), docs), { selector: ([name]) => name, maxLength: 5 });

describe('fuzz: ((variable)) interpolation', () => {
  it(`substitutes random variables into random documents: a document or an InputError, input unchanged (${runs()} runs)`, () => {
    fc.assert(
      fc.property(manifestArb, varsArb, fc.boolean(), fc.boolean(), (doc, values, expectAllKeys, expectAllVarsUsed) => {
        const before = snapshot(doc);
        const vars = new Variables(new Map(values));
        try {
          const result = interpolate(doc, vars, { expectAllKeys, expectAllVarsUsed });
          expectWellFormed(result.doc);
          expect(result.missing.every((n) => typeof n === 'string')).toBe(true);
        } catch (error) {
          if (!isKnownFailure(error)) throw error;
        }
        expect(snapshot(doc)).toBe(before);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: runs() },
    );
  }, timeoutFor(runs(), 1));
});
