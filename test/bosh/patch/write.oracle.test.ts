/**
 * An independent oracle for the ops-file writer: the same change made as RFC 6902 JSON
 * Patch by fast-json-patch (on plain JSON, addressed by index) must give the document our
 * go-patch ops (addressed by `name=`, with `?`) give. FC_RUNS raises the run count.
 */
import fc from 'fast-check';
import jsonpatch from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import { fromPlain, toPlain } from '../../../src/yaml/node.js';
import { applyOps, opsForChanges, opsFromDefinitions, type Change, type PathStep } from '../../../src/bosh/patch/index.js';

const RUNS = Number(process.env.FC_RUNS ?? 300);

const key = fc.constantFrom('name', 'properties', 'doppler', 'port', 'a/b', 'x~y', 'yes', '0755', 'k=v', 'tail?', '__proto__', 'jobs');
const leaf = fc.oneof(fc.string({ maxLength: 5 }), fc.integer({ min: -1000, max: 100000 }), fc.boolean(), fc.constant('((var))'));

/** BOSH-shaped JSON: maps, lists of named maps, scalar lists. */
const doc = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('map'), tie('named'), fc.array(leaf, { maxLength: 3 })),
  map: fc.dictionary(key, tie('node'), { maxKeys: 4 }),
  named: fc
    .uniqueArray(fc.tuple(fc.constantFrom('api', 'router', 'haproxy', 'log-api'), fc.dictionary(key, leaf, { maxKeys: 2 })), { maxLength: 3, selector: ([n]) => n })
    .map((items) => items.map(([name, rest]) => ({ ...rest, name }))),
})).map;

/** Every path in a plain document, with whether its parent is an array. */
function paths(value: unknown, prefix: PathStep[] = []): PathStep[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...prefix, i], ...paths(v, [...prefix, i])]);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...paths(v, [...prefix, k])]);
  return [];
}

const pointer = (path: PathStep[]) => path.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

describe('ops-file writer vs fast-json-patch (RFC 6902)', () => {
  it('set and remove give the same document both ways', () => {
    let compared = 0;
    fc.assert(
      fc.property(doc, fc.nat(), fc.boolean(), leaf, (plain, pick, remove, value) => {
        const all = paths(plain).filter((p) => p.length > 0);
        if (all.length === 0) return;
        const path = all[pick % all.length]!;
        const change: Change = remove ? { kind: 'remove', path } : { kind: 'set', path, value: fromPlain(value) };
        const expected = jsonpatch.applyPatch(structuredClone(plain), [remove ? { op: 'remove', path: pointer(path) } : { op: 'replace', path: pointer(path), value }], true, false, false).newDocument;
        const ops = opsFromDefinitions(opsForChanges(fromPlain(plain), [change]));
        const actual = toPlain(applyOps(fromPlain(plain), ops));
        expect(actual).toEqual(expected);
        compared++;
      }),
      { numRuns: RUNS },
    );
    // Most random documents have a path to change; the property must not pass vacuously.
    expect(compared).toBeGreaterThan(RUNS / 3);
  });
});
