/**
 * Every go-patch case in ../shared/conformance, each checked against the real Go code
 * (go-patch v0.2.0, yaml.v2 v2.4.0). `expect.error` is a substring of the real message.
 */
import { conformanceCases, hasConformance } from '../../helpers/conformance.js';
import { describe, expect, it } from 'vitest';
import { fromPlain, nodesEqual, toPlain, type YNode } from '../../../src/yaml/node.js';
import { applyOps, findNode, opDefinitionsFromDocument, opsFromDefinitions, parsePointer, pointerString, type Token } from '../../../src/bosh/patch/index.js';

const load = <T>(name: string): T => conformanceCases<T>(name, (name === 'go-patch-pointer.json' ? { parse: [], errors: [] } : []) as T);

type Expect = { doc: unknown; error?: undefined } | { error: string; doc?: undefined };
interface OpsCase {
  name: string;
  doc: unknown;
  ops: unknown[];
  expect: Expect;
}
interface FindCase {
  name: string;
  doc: unknown;
  path: string;
  expect: { value: unknown; error?: undefined } | { error: string; value?: undefined };
}
interface PointerCases {
  parse: { path: string; tokens: Record<string, unknown>[]; string: string }[];
  errors: { path: string; error: string }[];
}

/** Runs the case; returns the resulting document or the error message. */
function outcome(run: () => YNode): { doc: YNode } | { error: string } {
  try {
    return { doc: run() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function expectOutcome(actual: { doc: YNode } | { error: string }, expected: Expect): void {
  if (expected.error !== undefined) {
    expect(actual).toHaveProperty('error');
    expect((actual as { error: string }).error).toContain(expected.error);
  } else {
    expect(actual, 'expected a document, got an error').toHaveProperty('doc');
    const doc = (actual as { doc: YNode }).doc;
    expect(nodesEqual(doc, fromPlain(expected.doc)), JSON.stringify(toPlain(doc))).toBe(true);
  }
}

/** The conformance token shape (`{t: 'root'}` first) for our tokens. */
function conformanceTokens(tokens: readonly Token[]): Record<string, unknown>[] {
  return [
    { t: 'root' },
    ...tokens.map((token) => {
      switch (token.kind) {
        case 'key':
          return { t: 'key', key: token.key, optional: token.optional };
        case 'index':
          return { t: 'index', index: token.index, modifiers: token.modifiers };
        case 'afterLast':
          return { t: 'afterLast' };
        case 'match':
          return { t: 'match', key: token.key, value: token.value, optional: token.optional, modifiers: token.modifiers };
      }
    }),
  ];
}

describe.skipIf(!hasConformance)('go-patch-ops.json', () => {
  const cases = load<OpsCase[]>('go-patch-ops.json');
  it('has cases', () => expect(cases.length).toBeGreaterThan(100));
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const run = (): YNode => applyOps(fromPlain(c.doc), opsFromDefinitions(opDefinitionsFromDocument(fromPlain(c.ops))));
    expectOutcome(outcome(run), c.expect);
  });
});

describe.skipIf(!hasConformance)('go-patch-find.json', () => {
  const cases = load<FindCase[]>('go-patch-find.json');
  it('has cases', () => expect(cases.length).toBeGreaterThan(40));
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const actual = outcome(() => findNode(fromPlain(c.doc), c.path));
    if (c.expect.error !== undefined) expectOutcome(actual, { error: c.expect.error });
    else expectOutcome(actual, { doc: c.expect.value });
  });
});

describe.skipIf(!hasConformance)('go-patch-pointer.json', () => {
  const { parse, errors } = load<PointerCases>('go-patch-pointer.json');
  it.each(parse.map((c) => [JSON.stringify(c.path), c] as const))('parses %s', (_, c) => {
    const pointer = parsePointer(c.path);
    expect(conformanceTokens(pointer)).toEqual(c.tokens);
    expect(pointerString(pointer)).toBe(c.string);
  });
  it.each(errors.map((c) => [JSON.stringify(c.path), c] as const))('rejects %s', (_, c) => {
    expect(() => parsePointer(c.path)).toThrow(c.error);
  });
});
