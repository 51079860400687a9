/**
 * Engine behaviour beyond the conformance files. Cases marked "source" follow from reading
 * go-patch v0.2.0 (replace_op.go, remove_op.go, test_op.go, errs.go, op_definition.go).
 */
import { describe, expect, it } from 'vitest';
import { fromPlain, nodesEqual, toPlain, type MapNode, type SeqNode, type YNode } from '../../../src/yaml/node.js';
import { parseYaml } from '../../../src/yaml/yaml.js';
import { applyOp, applyOps, findNode, MissingError, opDefinitionsFromDocument, opsFromDefinitions, parsePointer, PatchError, type Op } from '../../../src/bosh/patch/index.js';

const yaml = (text: string, file = 'doc.yml'): YNode => parseYaml(text, file);
const opsOf = (text: string): Op[] => opsFromDefinitions(opDefinitionsFromDocument(yaml(text, 'ops.yml')));

/** The document after the ops, or the error message. */
function run(docText: string, opsText: string): unknown {
  try {
    return toPlain(applyOps(yaml(docText), opsOf(opsText)));
  } catch (error) {
    if (!(error instanceof PatchError)) throw error;
    return { error: error.message };
  }
}

describe('replace', () => {
  it.each<[string, string, string, unknown]>([
    ['optional match in the middle appends {k: v} and goes on', 'a: []', '/a/name=x?/b', { a: [{ name: 'x', b: 1 }] }],
    ['optional match as last token ignores its modifiers when nothing matches', 'a: [{k: z}]', '/a/k=x?:before', { a: [{ k: 'z' }, 1] }],
    ['optional match that matches honours :after', 'a: [{k: x}, 2]', '/a/k=x?:after', { a: [{ k: 'x' }, 1, 2] }],
    ['?-created key before "-" is an array', '{}', '/a?/-', { a: [1] }],
    ['?-created key before k=v is an array', '{}', '/a?/k=v', { a: [1] }],
    ['a present null is descended into, not replaced', 'a: ~', '/a?/b', { error: "Expected to find a map at path '/a?/b' but found '<nil>'" }],
    ['an index after ?-creation is refused', '{}', '/a?/b/0', { error: "Expected to find key, matching index or after last index token at path '/a?/b/0'" }],
    ['a bool key is not the string key "true"', 'true: x', '/true', { error: "Expected to find a map key 'true' for path '/true' (found map keys: '')" }],
    ['an int key is not addressable at all', '1: x', '/1', { error: "Expected to find an array at path '/1' but found 'map[interface {}]interface {}'" }],
    ['sibling keys are listed in byte order, strings only', '"😀": 1\n"\uFFFD": 1\nB: 1\na: 1\n7: 1', '/x', { error: "Expected to find a map key 'x' for path '/x' (found map keys: 'B', 'a', '\uFFFD', '😀')" }],
    ['uint64 values report their Go type', 'a: 18446744073709551615', '/a/b', { error: "Expected to find a map at path '/a/b' but found 'uint64'" }],
    // source: after :next lands on a non-map item, go-patch still writes through the slot of
    // the array that holds it, so the appended inner array replaces the outer one.
    ['source: match:next onto an array appends through the outer slot', 'a: [{k: x}, [1]]', '/a/k=x:next/-', { a: [1, 1] }],
    ['keys named like Object.prototype members are plain keys', '{}', '/__proto__?/constructor/prototype', JSON.parse('{"__proto__": {"constructor": {"prototype": 1}}}')],
  ])('%s', (_, doc, path, expected) => {
    expect(run(doc, `- {type: replace, path: '${path}', value: 1}`)).toEqual(expected);
    expect(({} as Record<string, unknown>).prototype).toBeUndefined();
  });

  it('reports a hand-built "-" that is not last (parsing never makes one)', () => {
    const op: Op = { type: 'replace', path: [{ kind: 'afterLast' }, { kind: 'key', key: 'a', optional: false }], value: fromPlain(1) };
    expect(() => applyOp(fromPlain([]), op)).toThrow("Expected after last index token to be last in path '/-/a'");
  });

  it('clones the value through yaml.v2, which turns integral floats below 1e6 into ints', () => {
    const out = applyOps(yaml('{}'), opsOf('- {type: replace, path: "/a?", value: [1.0, -0.0, 1.5, 1e6, 999999.0, {2.0: x}]}'));
    expect(nodesEqual(out, yaml('a: [1, 0, 1.5, 1.0e+6, 999999, {2: x}]'))).toBe(true);
    // So a replace and a test of the same `1.0` disagree, as they do in BOSH.
    expect(() => applyOps(out, opsOf('- {type: test, path: /a/0, value: 1.0}'))).toThrow('Found value does not match expected value');
  });

  it('inserts a fresh copy each time an op is applied, keeping the value positions', () => {
    const [op] = opsOf('- type: replace\n  path: /-\n  value: {x: 1}');
    const doc = applyOps(fromPlain([]), [op!, op!]) as { items: MapNode[] };
    expect(doc.items[0]).not.toBe(doc.items[1]);
    expect(doc.items[0]!.pos).toEqual({ file: 'ops.yml', line: 3, col: 10 });
    expect(doc.items[0]!.entries[0]!.value.pos).toEqual({ file: 'ops.yml', line: 3, col: 14 });
  });

  it('positions what a ?-path creates at the op', () => {
    const doc = applyOps(yaml('{}'), opsOf('- type: replace\n  path: /a?/b\n  value: 1')) as MapNode;
    expect(doc.entries[0]!.key.pos).toEqual({ file: 'ops.yml', line: 1, col: 3 });
    expect(doc.entries[0]!.value.pos).toEqual({ file: 'ops.yml', line: 1, col: 3 });
  });

  it('swaps the root for "" and mutates maps in place otherwise', () => {
    const doc = yaml('a: 1');
    expect(toPlain(applyOps(doc, opsOf('- {type: replace, path: "", value: [x]}')))).toEqual(['x']);
    const same = applyOps(doc, opsOf('- {type: replace, path: /a, value: 2}'));
    expect(same).toBe(doc);
  });

  it('leaves the document partly patched when a later op fails, as go-patch does', () => {
    const doc = yaml('a: 1');
    expect(() => applyOps(doc, opsOf('- {type: replace, path: /a, value: 2}\n- {type: remove, path: /nope}'))).toThrow(PatchError);
    expect(toPlain(doc)).toEqual({ a: 2 });
  });
});

describe('remove', () => {
  it.each<[string, string, string, unknown]>([
    ['an optional key deep in the path is a no-op', 'a: {}', '/a/b?/c/d', { a: {} }],
    ['a missing optional match in the middle is a no-op', 'a: [{k: z}]', '/a/k=x?/c', { a: [{ k: 'z' }] }],
    ['an index inside a map inside an array', 'a: [{b: [1, 2]}]', '/a/0/b/-2', { a: [{ b: [2] }] }],
    ['an item found by k=v, then :prev', 'a: [1, {k: x}]', '/a/k=x:prev', { a: [{ k: 'x' }] }],
    ['source: match:next onto an array removes through the outer slot', 'a: [{k: x}, [1, 2]]', '/a/k=x:next/0', { a: [2] }],
    ['"-" in the middle is a key', '"-": {a: 1}', '/-/a', { '-': {} }],
    ['a key on null', 'a: ~', '/a/b', { error: "Expected to find a map at path '/a/b' but found '<nil>'" }],
    [':after is refused', '[1]', '/0:after', { error: "Expected to find one of the following modifiers: 'prev', 'next', but found modifier 'patch.AfterModifier'" }],
  ])('%s', (_, doc, path, expected) => {
    expect(run(doc, `- {type: remove, path: '${path}'}`)).toEqual(expected);
  });
});

describe('test', () => {
  // The ops are flow maps, where yaml.v2 ends a plain scalar at `?`: optional paths are quoted.
  it.each<[string, string, string, unknown]>([
    ['maps compare regardless of key order', 'a: {x: 1, z: [true, ~]}', 'path: /a, value: {z: [yes, null], x: 1}', { a: { x: 1, z: [true, null] } }],
    ['int is not float', 'a: 1', 'path: /a, value: 1.0', { error: 'Found value does not match expected value' }],
    ['string is not int', 'a: "1"', 'path: /a, value: 1', { error: 'Found value does not match expected value' }],
    ['NaN never equals NaN (reflect.DeepEqual)', 'a: .nan', 'path: /a, value: .nan', { error: 'Found value does not match expected value' }],
    ['a missing optional key finds null', '{}', 'path: "/a?", absent: false', {}],
    ['absent wins over value', '{}', 'path: /a, value: 1, absent: true', {}],
    ['absent:false with a value tests the value', 'a: 1', 'path: /a, value: 1, absent: false', { a: 1 }],
    ['absent at an index moved out of range by :next', '[1]', 'path: "/0:next", absent: true', [1]],
    ['absent fails on an optional path (find gives null)', '{}', 'path: "/a/b?", absent: true', { error: "Expected to find a map key 'a' for path '/a' (found no other map keys)" }],
    ['absent fails when only the optional part is missing', 'a: {}', 'path: "/a/b?", absent: true', { error: "Expected to not find '/a/b?'" }],
    ['absent fails on an optional match (find synthesizes the item)', 'a: []', 'path: "/a/k=v?", absent: true', { error: "Expected to not find '/a/k=v?'" }],
    ['absent does not hide a type error', 'a: 1', 'path: /a/b, absent: true', { error: "Expected to find a map at path '/a/b' but found 'int'" }],
  ])('%s', (_, doc, fields, expected) => {
    expect(run(doc, `- {type: test, ${fields}}`)).toEqual(expected);
  });
});

describe('findNode', () => {
  it('returns the node inside the document, not a copy', () => {
    const doc = yaml('a: {b: [x]}');
    const b = findNode(doc, '/a/b') as SeqNode;
    expect(findNode(doc, parsePointer('/a/b/0'))).toBe(b.items[0]);
  });

  it('reports missing keys and indexes with the path that failed, for test-absent', () => {
    const miss = (doc: string, path: string): MissingError => {
      try {
        findNode(yaml(doc), path);
      } catch (error) {
        return error as MissingError;
      }
      throw new Error('no error');
    };
    expect(miss('a: {}', '/a/b/c')).toMatchObject({ name: 'MissingError', path: '/a/b' });
    expect(miss('a: [1]', '/a/1:prev:next')).toMatchObject({ path: '/a/1:prev:next' });
  });

  it('goes on past a missing optional key through maps and matches', () => {
    expect(toPlain(findNode(yaml('{}'), '/a?/b/k=v/c'))).toBeNull();
    expect(toPlain(findNode(yaml('{}'), '/a?/k=v'))).toEqual({ k: 'v' });
  });
});

describe('applyOps', () => {
  it('wraps failures in the op error text and the op position', () => {
    const ops = opsOf('- type: remove\n  path: /a\n  error: custom');
    let caught: PatchError | undefined;
    try {
      applyOps(yaml('b: 1'), ops);
    } catch (error) {
      caught = error as PatchError;
    }
    expect(caught?.message).toBe("Error 'custom': Expected to find a map key 'a' for path '/a' (found map keys: 'b')");
    expect(caught?.pos).toEqual({ file: 'ops.yml', line: 1, col: 3 });
    expect(caught?.render()).toBe(`ops.yml:1:3: ${caught?.message}`);
  });

  it('returns the input for no ops', () => {
    const doc = yaml('a: 1');
    expect(applyOps(doc, [])).toBe(doc);
  });
});
