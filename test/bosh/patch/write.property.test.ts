/**
 * The writer against the engine, on random documents and changes: ops written for the
 * changes, rendered to text and read back as BOSH reads an ops-file, make exactly the
 * changed document (type-strict), and applying them again changes nothing.
 * FC_RUNS=5000 npx vitest run test/patch/write.property.test.ts for a longer run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cloneNode, keyIdentity, nodesEqual, scalar, str, toPlain, type MapEntry, type MapNode, type ScalarNode, type SeqNode, type YNode } from '../../../src/yaml/node.js';
import { parseYaml } from '../../../src/yaml/yaml.js';
import { entryForStep } from '../../../src/bosh/patch/change.js';
import { applyOps, changedNode, opsForChanges, opsFromFile, parsePointer, renderOpsFile, type Change, type OpDefinition, type PathStep, type Token } from '../../../src/bosh/patch/index.js';

const RUNS = Number(process.env.FC_RUNS ?? 300);
/** A few milliseconds a run; long FC_RUNS need more than vitest's default 30 s. */
const TIMEOUT = Math.max(30_000, RUNS * 20);

/** Strings that change type in YAML 1.1, need escaping in a path, or cannot be addressed. */
const TRICKY = [
  '', 'yes', 'no', 'on', 'Y', 'null', '~', '0755', '1_000', '0o17', '0x1F', '1.0', '1e3', '.inf', '2001-12-14', '12:30',
  '-', '?', 'a?', 'a=b', '=', '0', '-1', '+1', '01', 'a/b', 'a:b', '~0', '~', 'a b', ' lead', 'trail ', '#x', 'x #y',
  '@at', '"q"', "'s'", 'multi\nline', 'end\n', '__proto__', 'constructor', 'toString', 'name', 'alias', 'é', '日本', '😀',
];

const text = fc.oneof(fc.constantFrom(...TRICKY), fc.string({ maxLength: 6 }));

/** No integral float below 1e6: go-patch's clone turns those into ints, so no ops-file can write one. */
const scalarNode: fc.Arbitrary<YNode> = fc.oneof(
  text.map((s) => str(s)),
  fc.integer({ min: -(2 ** 40), max: 2 ** 40 }).map((n) => scalar('int', n)),
  fc.constantFrom(12345678901234567890n, -9223372036854775808n).map((n) => scalar('int', n)),
  fc
    .double({ noNaN: true })
    .filter((d) => !(Number.isInteger(d) && Math.abs(d) < 1e6))
    .map((d) => scalar('float', d)),
  fc.boolean().map((b) => scalar('bool', b)),
  fc.constant(scalar('null', null)),
);

/**
 * Keys are never "<<": yaml.v2 Marshal writes it plain and Unmarshal then reads a merge key,
 * so BOSH itself cannot round-trip it (emitYaml is byte-exact to Marshal).
 */
const keyText = text.filter((s) => s !== '<<');

const keyNode: fc.Arbitrary<ScalarNode> = fc.oneof(
  { weight: 8, arbitrary: keyText.map((s) => str(s)) },
  { weight: 1, arbitrary: fc.constantFrom(scalar('int', 1), scalar('bool', true), scalar('float', 1.5), scalar('null', null)) },
);

function withEntry(map: MapNode, key: string, value: YNode): MapNode {
  return { kind: 'map', entries: [{ key: str(key), value }, ...map.entries.filter((e) => keyIdentity(e.key) !== keyIdentity(str(key)))] };
}

/** Arrays whose items carry unique string identities, as BOSH manifests have them. */
function namedSeq(idKey: string, item: fc.Arbitrary<MapNode>): fc.Arbitrary<SeqNode> {
  return fc
    .uniqueArray(fc.tuple(text, item), { maxLength: 3, selector: ([name]) => name })
    .map((pairs) => ({ kind: 'seq', items: pairs.map(([name, map]) => withEntry(map, idKey, str(name))) }));
}

const { node, map } = fc.letrec<{ node: YNode; map: MapNode; seq: SeqNode; named: SeqNode }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', maxDepth: 4 }, scalarNode, tie('map'), tie('seq'), tie('named')),
  map: fc
    .uniqueArray(fc.record({ key: keyNode, value: tie('node') }), { maxLength: 4, selector: (e) => keyIdentity(e.key) })
    .map((entries: MapEntry[]) => ({ kind: 'map', entries })),
  seq: fc.array(tie('node'), { maxLength: 3 }).map((items) => ({ kind: 'seq', items })),
  named: namedSeq('name', tie('map')),
}));

/** Mostly manifest-shaped: instance_groups named by `name`, stemcells by `alias`. */
const documentNode: fc.Arbitrary<YNode> = fc.oneof(
  { weight: 9, arbitrary: fc.tuple(map, namedSeq('name', map), namedSeq('alias', map)).map(([m, groups, stemcells]) => withEntry(withEntry(m, 'instance_groups', groups), 'stemcells', stemcells)) },
  { weight: 1, arbitrary: node },
);

/** A change in the abstract, made concrete against whatever the document is by then. */
interface Seed {
  remove: boolean;
  pick: number;
  extend: 0 | 1 | 2;
  key: string;
  value: YNode;
  named: boolean;
}

const seed: fc.Arbitrary<Seed> = fc.record({
  remove: fc.boolean(),
  pick: fc.nat(),
  extend: fc.constantFrom(0, 1, 2),
  key: keyText,
  value: node,
  named: fc.boolean(),
});

/** Every node a path can name; a non-string key printing like another key is shadowed by it. */
function existingPaths(doc: YNode, prefix: PathStep[] = []): { path: PathStep[]; node: YNode }[] {
  const here = { path: prefix, node: doc };
  if (doc.kind === 'map') {
    const named = doc.entries.filter((e) => entryForStep(doc, String(e.key.value)) === e);
    return [here, ...named.flatMap((e) => existingPaths(e.value, [...prefix, String(e.key.value)]))];
  }
  if (doc.kind === 'seq') return [here, ...doc.items.flatMap((item, i) => existingPaths(item, [...prefix, i]))];
  return [here];
}

function concreteChange(doc: YNode, s: Seed): Change | undefined {
  const paths = existingPaths(doc);
  const { path, node: target } = paths[s.pick % paths.length]!;
  if (s.remove) return path.length > 0 ? { kind: 'remove', path } : undefined;
  // Below an existing node: a new key, an appended item, or a new key under either.
  const next: PathStep = target.kind === 'seq' ? target.items.length : s.key;
  const steps = s.extend === 0 ? path : s.extend === 1 ? [...path, next] : [...path, next, s.key];
  const idKey = path.at(-1) === 'stemcells' ? 'alias' : 'name';
  const value = s.named && target.kind === 'seq' && s.extend === 1 ? withEntry({ kind: 'map', entries: [] }, idKey, str(s.key)) : s.value;
  if (steps.length === 0 && value.kind === 'scalar' && value.type === 'null') return undefined;
  return { kind: 'set', path: steps, value };
}

/** The changes, each made concrete on the document the earlier ones produced, and that document. */
function concreteChanges(base: YNode, seeds: Seed[]): { changes: Change[]; expected: YNode } {
  const changes: Change[] = [];
  let expected = base;
  for (const s of seeds) {
    const change = concreteChange(expected, s);
    if (!change) continue;
    changes.push(change);
    expected = changedNode(expected, change.path, change);
  }
  return { changes, expected };
}

/** What BOSH does with the written ops: render, read back as an ops-file, apply. */
function appliedAsBosh(base: YNode, written: OpDefinition[], times: number): YNode {
  const ops = opsFromFile(parseYaml(renderOpsFile(written), 'fix.yml'), 'fix.yml');
  let doc = cloneNode(base);
  for (let i = 0; i < times; i++) doc = applyOps(doc, ops);
  return doc;
}

const tokenId = (t: Token): string => JSON.stringify([t.kind, 'key' in t ? t.key : '', 'value' in t ? t.value : '', 'index' in t ? t.index : '']);

/**
 * Where running the ops again cannot give the same document: a rename (the old name is
 * gone the second time), or a later op replacing or removing what an earlier op's path
 * goes through or sets.
 */
function rerunMayDiffer(written: OpDefinition[]): boolean {
  const paths = written.map((op) => parsePointer(op.path!).map(tokenId));
  const renames = written.some((op) => {
    const tokens = parsePointer(op.path!);
    const last = tokens.at(-1);
    const before = tokens.at(-2);
    if (last?.kind === 'key' && before?.kind === 'match' && before.key === last.key) return true;
    if (last?.kind !== 'match' || op.type !== 'replace') return false;
    const id = op.value?.kind === 'map' ? op.value.entries.find((e) => e.key.type === 'str' && e.key.value === last.key)?.value : undefined;
    return !(id?.kind === 'scalar' && id.value === last.value);
  });
  const overwrites = paths.some((later, j) => paths.slice(0, j).some((earlier) => later.length <= earlier.length && later.every((t, i) => t === earlier[i])));
  return renames || overwrites;
}

const show = (doc: YNode): string => JSON.stringify(toPlain(doc), (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));

describe('opsForChanges, applied as BOSH applies an ops-file', () => {
  it('makes exactly the changed document', () => {
    fc.assert(
      fc.property(documentNode, fc.array(seed, { minLength: 1, maxLength: 5 }), (base, seeds) => {
        const { changes, expected } = concreteChanges(base, seeds);
        const written = opsForChanges(base, changes);
        const result = appliedAsBosh(base, written, 1);
        expect(nodesEqual(result, expected), `${renderOpsFile(written)}\ngot      ${show(result)}\nexpected ${show(expected)}`).toBe(true);
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT);

  it('gives the same document when the ops run twice (renames and overwritten paths aside)', () => {
    fc.assert(
      fc.property(documentNode, fc.array(seed, { minLength: 1, maxLength: 4 }), (base, seeds) => {
        const { changes, expected } = concreteChanges(base, seeds);
        const written = opsForChanges(base, changes);
        fc.pre(!rerunMayDiffer(written));
        const twice = appliedAsBosh(base, written, 2);
        expect(nodesEqual(twice, expected), `${renderOpsFile(written)}\ngot      ${show(twice)}\nexpected ${show(expected)}`).toBe(true);
      }),
      { numRuns: RUNS },
    );
  }, TIMEOUT);

  it('leaves the base document untouched', () => {
    fc.assert(
      fc.property(documentNode, fc.array(seed, { maxLength: 4 }), (base, seeds) => {
        const before = cloneNode(base);
        opsForChanges(base, concreteChanges(base, seeds).changes);
        expect(nodesEqual(base, before)).toBe(true);
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  }, TIMEOUT);
});
