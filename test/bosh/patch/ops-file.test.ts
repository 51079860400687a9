import { conformanceCases, hasConformance } from '../../helpers/conformance.js';
import { describe, expect, it } from 'vitest';
import { fromPlain } from '../../../src/yaml/node.js';
import { parseYaml, readYamlDocument } from '../../../src/yaml/yaml.js';
import { emitYaml } from '../../../src/yaml/emit-yaml.js';
import { applyOps, opDefinitionsFromDocument, opsFromDefinitions, opsFromFile, PatchError } from '../../../src/bosh/patch/index.js';

interface InterpolateCase {
  name: string;
  manifest: string;
  opsFiles: string[];
  args: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** The message go-patch (no file) or bosh-cli (with a file) gives for an ops-file text. */
function failure(opsText: string, file?: string): { message: string; pos?: unknown } {
  const doc = parseYaml(opsText, file ?? 'ops.yml');
  try {
    if (file) opsFromFile(doc, file);
    else opsFromDefinitions(opDefinitionsFromDocument(doc));
  } catch (error) {
    if (!(error instanceof PatchError)) throw error;
    return { message: error.message, pos: error.pos };
  }
  throw new Error('expected the ops-file to be rejected');
}

describe.skipIf(!hasConformance)('bosh int cases with ops-files and no variables (bosh-interpolate.json)', () => {
  const all = conformanceCases<InterpolateCase[]>('bosh-interpolate.json', []);
  const cases = all.filter((c) => c.opsFiles.length > 0 && c.args.length === 0);
  it('has such cases', () => expect(cases.length).toBeGreaterThanOrEqual(4));

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    let stdout = '';
    let stderr = '';
    try {
      const ops = c.opsFiles.flatMap((text, i) => opsFromFile(parseYaml(text, `ops${i}.yml`), `ops${i}.yml`));
      stdout = emitYaml(applyOps(parseYaml(c.manifest, 'manifest.yml'), ops));
    } catch (error) {
      if (!(error instanceof PatchError)) throw error;
      stderr = `${error.message}\n\nExit code 1\n`;
    }
    expect({ stdout, stderr }).toEqual({ stdout: c.stdout, stderr: c.stderr });
  });
});

describe('decoding the YAML into op definitions (yaml.v2 Unmarshal)', () => {
  it.each([
    ['a scalar document', 'replace', 'line 1: cannot unmarshal !!str `replace` into []patch.OpDefinition'],
    ['a scalar entry', '- 1\n', 'line 1: cannot unmarshal !!int `1` into patch.OpDefinition'],
    ['a list entry', '- [a]\n', 'line 1: cannot unmarshal !!seq into patch.OpDefinition'],
    ['a quoted absent', '- {type: test, path: /a, absent: "true"}', 'line 1: cannot unmarshal !!str `true` into bool'],
    ['a map as path', '- type: remove\n  path: {a: 1}', 'line 2: cannot unmarshal !!map into string'],
    ['a long scalar (shortened as yaml.v2 does)', '- type: [x]\n- absent: abcdefghijk', 'line 1: cannot unmarshal !!seq into string\n  line 2: cannot unmarshal !!str `abcdefg...` into bool'],
  ])('rejects %s', (_, text, detail) => {
    expect(failure(text).message).toBe(`yaml: unmarshal errors:\n  ${detail}`);
  });

  it('points at the first offending node', () => {
    expect(failure('- {type: remove, path: /a}\n- type: remove\n  path: [x]').pos).toEqual({ file: 'ops.yml', line: 3, col: 9 });
  });

  it('reads null and an empty document as no ops', () => {
    expect(opDefinitionsFromDocument(parseYaml('', 'ops.yml'))).toEqual([]);
    expect(opDefinitionsFromDocument(parseYaml('~', 'ops.yml'))).toEqual([]);
  });

  it('ignores unknown and differently cased keys, and treats null fields as missing', () => {
    const [definition] = opDefinitionsFromDocument(parseYaml('- {Type: replace, type: remove, path: /a, valeu: 1, value: ~, error: ~}', 'ops.yml'));
    expect(definition).toEqual({ type: 'remove', path: '/a', pos: { file: 'ops.yml', line: 1, col: 3 } });
  });

  it('keeps the value node with its position', () => {
    const [definition] = opDefinitionsFromDocument(parseYaml('- type: replace\n  path: /a\n  value: {b: 1}', 'ops.yml'));
    expect(definition?.value?.pos).toEqual({ file: 'ops.yml', line: 3, col: 10 });
  });

  it('takes any scalar as text for string fields', () => {
    expect(failure('- {type: replace, path: 1, value: 1}').message).toBe(
      `Replace operation [0]: Invalid path: Expected to start with '/' within\n{\n  "Type": "replace",\n  "Path": "1",\n  "Value": "<redacted>"\n}`,
    );
  });
});

describe('building ops (go-patch NewOpsFromDefinitions)', () => {
  it.each([
    ['a null entry', '- ~', "Unknown operation [0] with type '' within\n{}"],
    ['a type named like an Object.prototype member', '- {type: constructor}', "Unknown operation [0] with type 'constructor' within\n{\n  \"Type\": \"constructor\"\n}"],
    ['a remove with a value', '- {type: remove, path: /a, value: 1, absent: false}', 'Remove operation [0]: Cannot specify value within\n{\n  "Type": "remove",\n  "Path": "/a",\n  "Value": "<redacted>",\n  "Absent": false\n}'],
    [
      'a path with HTML characters (only & stays escaped) and a newline',
      '- {type: replace, path: "a<b>&c\\nd"}',
      'Replace operation [0]: Missing value within\n{\n  "Type": "replace",\n  "Path": "a<b>\\u0026c\\nd"\n}',
    ],
    ['the second op', '- {type: remove, path: /a}\n- {type: test, path: /a}', 'Test operation [1]: Missing value or absent within\n{\n  "Type": "test",\n  "Path": "/a"\n}'],
    ['a bad modifier', "- {type: remove, path: '/a:first'}", "Remove operation [0]: Invalid path: Expected to find one of the following modifiers: 'prev', 'next', 'before', or 'after' but found 'first' within"],
  ])('rejects %s', (_, text, message) => {
    expect(failure(text).message).toContain(message);
  });

  it('accepts a remove whose value is null (null is no value)', () => {
    expect(opsFromDefinitions(opDefinitionsFromDocument(parseYaml('- {type: remove, path: /a, value: ~}', 'ops.yml')))).toHaveLength(1);
  });

  it('builds ops carrying their position and error text', () => {
    const [op] = opsFromDefinitions(opDefinitionsFromDocument(parseYaml('\n- {type: test, path: "/a?", absent: false, error: oops}', 'ops.yml')));
    expect(op).toEqual({ type: 'test', path: [{ kind: 'key', key: 'a', optional: true }], absent: false, error: 'oops', pos: { file: 'ops.yml', line: 2, col: 3 } });
  });
});

describe('opsFromFile (bosh-cli)', () => {
  it('names every op after its file and index, overwriting any error: field', () => {
    const ops = opsFromFile(parseYaml('- {type: remove, path: /a}\n- {type: remove, path: /b, error: mine}', 'x.yml'), 'dir/x.yml');
    expect(ops.map((op) => op.error)).toEqual(['operation [0] in dir/x.yml failed', 'operation [1] in dir/x.yml failed']);
    expect(() => applyOps(fromPlain({ a: 1 }), ops)).toThrow("Error 'operation [1] in dir/x.yml failed': Expected to find a map key 'b' for path '/b' (found no other map keys)");
  });

  it('wraps build errors as bosh-cli prints them, with the entry position', () => {
    expect(failure('- {type: remove}', 'ops.yml')).toEqual({
      message: 'Building ops:\n  Remove operation [0]: Missing path within\n{\n  "Type": "remove",\n  "Error": "operation [0] in ops.yml failed"\n}',
      pos: { file: 'ops.yml', line: 1, col: 3 },
    });
  });

  it('wraps decoding errors as bosh-cli prints them', () => {
    expect(failure('- 1', 'ops.yml').message).toBe("Deserializing ops file 'ops.yml':\n  yaml: unmarshal errors:\n  line 1: cannot unmarshal !!int `1` into patch.OpDefinition");
  });
});

describe('decoding an ops-file text as yaml.v2 unmarshals it into go-patch OpDefinition', () => {
  const definitions = (text: string) => opDefinitionsFromDocument(readYamlDocument(text, 'ops.yml'));
  const refusal = (text: string): string => {
    try {
      definitions(text);
    } catch (error) {
      return (error as Error).message;
    }
    return 'accepted';
  };

  it('reads `Null` and `NULL` as present null values and paths; only null, ~ and nothing leave a field out', () => {
    const [nullValue, nullPath, tilde, empty] = definitions('- {type: replace, path: /a, value: Null}\n- {type: replace, path: NULL, value: 1}\n- {type: replace, path: /a, value: ~}\n- {type: replace, path: /a, value: }\n');
    expect(nullValue).toMatchObject({ path: '/a', value: { kind: 'scalar', type: 'null' } });
    expect(nullPath).toMatchObject({ path: '' });
    expect(tilde).not.toHaveProperty('value');
    expect(empty).not.toHaveProperty('value');
  });

  it("refuses a quoted '~' or 'null' value, which takes the null path and then is no null", () => {
    expect(refusal("- type: replace\n  path: /a\n  value: '~'\n")).toBe('yaml: unmarshal errors:\n  line 3: cannot unmarshal !!str `~` into *interface {}');
    expect(refusal('- type: replace\n  path: /a\n  value: "null"\n')).toBe('yaml: unmarshal errors:\n  line 3: cannot unmarshal !!str `null` into *interface {}');
  });

  it('takes string fields as written, and fields from a << merge', () => {
    const [typed, merged] = definitions('- {type: 0x1F, path: /a}\n- <<: {type: remove, path: /b}\n  path: /c\n');
    expect(typed).toMatchObject({ type: '0x1F', path: '/a' });
    expect(merged).toMatchObject({ type: 'remove', path: '/c' });
  });

  it('collects type errors of every op, as yaml.v2 does', () => {
    expect(refusal('- {type: [a], path: /a}\n- {type: remove, absent: "true", path: {x: 1}}\n')).toBe(
      'yaml: unmarshal errors:\n  line 1: cannot unmarshal !!seq into string\n  line 2: cannot unmarshal !!str `true` into bool\n  line 2: cannot unmarshal !!map into string',
    );
  });
});
