import { describe, expect, it } from 'vitest';
import { cloneNode, nodesEqual, toPlain, type YNode } from '../../src/yaml/node.js';
import { interpolate, type InterpolateOptions } from '../../src/bosh/interpolate.js';
import { VarSources, type Variables } from '../../src/bosh/vars.js';
import { parseYaml } from '../../src/yaml/yaml.js';
import { emitYaml } from '../../src/yaml/emit-yaml.js';

/** Variables from a vars-file text (values typed by YAML, `''` possible) plus -v flags. */
function variables(varsFile = '', ...vars: string[]): Variables {
  const sources = new VarSources().addVarsFile('vars.yml', () => varsFile);
  for (const arg of vars) sources.addVar(arg);
  return sources.build();
}

/** `bosh int`'s output for a manifest: the quickest way to see types and layout. */
function interpolated(manifest: string, vars: Variables, opts: InterpolateOptions = {}): string {
  return emitYaml(interpolate(parseYaml(manifest, 'manifest.yml'), vars, opts).doc);
}

const VARS = `
port: 8080
flag: true
num: 1.5
nothing: ~
list: [1, two]
map: {a: 1}
str: hello
empty: ''
pw: secret
pässwort: geheim
creds: {user: admin}
placeholder: ((str))
`;

describe('interpolate', () => {
  describe('a whole-value placeholder keeps the type of the value', () => {
    it.each([
      ['((port))', 'v: 8080\n'],
      ['((flag))', 'v: true\n'],
      ['((num))', 'v: 1.5\n'],
      ['((nothing))', 'v: null\n'],
      ['((list))', 'v:\n- 1\n- two\n'],
      ['((map))', 'v:\n  a: 1\n'],
      ['((str))', 'v: hello\n'],
      ['((!pw))', 'v: secret\n'],
      ['(( pw ))', 'v: secret\n'],
      ['(( pw))', 'v: secret\n'],
      ['((pässwort))', 'v: geheim\n'],
      ['((creds.user))', 'v: admin\n'],
      ['((list.0))', 'v: 1\n'],
      // Substituted values are not scanned again.
      ['((placeholder))', 'v: ((str))\n'],
    ])('%s', (value, expected) => {
      expect(interpolated(`v: "${value}"`, variables(VARS))).toBe(expected);
    });
  });

  describe('inside a string', () => {
    it.each([
      ['https://((str)):((port))/x', 'https://hello:8080/x'],
      ['x-((!pw))-y', 'x-secret-y'],
      // bosh-cli quirk: a spaced placeholder is found but only `((pw))`/`((!pw))` is replaced.
      ['x-(( pw ))-y', 'x-(( pw ))-y'],
      ['((str))((str))', 'hellohello'],
      ['((missing))-((str))', '((missing))-hello'],
      // Not placeholders at all.
      ['((foo:bar)) ((a b)) ((x?)) ((  pw  ))', '((foo:bar)) ((a b)) ((x?)) ((  pw  ))'],
    ])('%s', (value, expected) => {
      expect(toPlain(interpolate({ kind: 'scalar', type: 'str', value }, variables(VARS)).doc)).toBe(expected);
    });

    it('replaces all spellings of a name as it goes, so earlier substitutions can be replaced again', () => {
      const vars = variables('a: ((b))\nb: x\n');
      expect(toPlain(interpolate({ kind: 'scalar', type: 'str', value: '((a))-((b))' }, vars).doc)).toBe('x-x');
    });

    it('treats a string that became a single placeholder as a whole value', () => {
      expect(interpolated('v: ((empty))((port))', variables(VARS))).toBe('v: 8080\n');
    });

    it.each([
      ['flag', "Invalid type 'bool' for value 'true' and variable 'flag'."],
      ['num', "Invalid type 'float64' for value '1.5' and variable 'num'."],
      ['nothing', "Invalid type '<nil>' for value '<nil>' and variable 'nothing'."],
      ['list', "Invalid type '[]interface {}' for value '[1 two]' and variable 'list'."],
      ['map', "Invalid type 'map[interface {}]interface {}' for value 'map[a:1]' and variable 'map'."],
    ])('refuses %s', (name, message) => {
      expect(() => interpolated(`v: x((${name}))`, variables(VARS))).toThrow(
        `${message} Supported types for interpolation within a string are integers and strings.`,
      );
    });
  });

  describe('map keys', () => {
    it.each([
      ['((str)): v', 'hello: v\n'],
      ['pre_((str)): v', 'pre_hello: v\n'],
      ['((port)): v', '8080: v\n'],
      // The key becomes one that exists: the later entry's value wins.
      ['((str)): first\nhello: second', 'hello: second\n'],
    ])('%j', (manifest, expected) => {
      expect(interpolated(manifest, variables(VARS))).toBe(expected);
    });

    it('refuses a key that becomes a map', () => {
      expect(() => interpolated('((map)): v', variables(VARS))).toThrow("Expected map key '((map))' to interpolate to a scalar but found 'map[interface {}]interface {}'");
    });
  });

  describe('missing and unused variables', () => {
    const manifest = 'a: ((zz))\nb: ((aa.sub))\nc: pre-((mm))\nd: ((used))';

    it('leaves missing placeholders as text and lists them by first name segment', () => {
      const result = interpolate(parseYaml(manifest, 'manifest.yml'), variables('', 'used=1', 'spare=2', 'deep.x=3'));
      expect(emitYaml(result.doc)).toBe('a: ((zz))\nb: ((aa.sub))\nc: pre-((mm))\nd: 1\n');
      expect(result.missing).toEqual(['aa', 'mm', 'zz']);
      expect(result.unused).toEqual(['deep', 'spare']);
    });

    it.each<[InterpolateOptions, string]>([
      [{ expectAllKeys: true }, '- Expected to find variables:\n    - aa\n    - mm\n    - zz'],
      [{ expectAllVarsUsed: true }, '- Expected to use variables:\n    - deep\n    - spare'],
      [
        { expectAllKeys: true, expectAllVarsUsed: true },
        '- Expected to find variables:\n    - aa\n    - mm\n    - zz\n- Expected to use variables:\n    - deep\n    - spare',
      ],
    ])('fails as bosh-cli prints it with %j', (opts, message) => {
      expect(() => interpolated(manifest, variables('', 'used=1', 'spare=2', 'deep.x=3'), opts)).toThrow(message);
    });

    it('does not fail when nothing is missing or unused', () => {
      expect(interpolated('a: ((used))', variables('', 'used=1'), { expectAllKeys: true, expectAllVarsUsed: true })).toBe('a: 1\n');
    });
  });

  it('fails on a sub-key that is not there, missing variables aside, at the placeholder', () => {
    const attempt = (): unknown => interpolate(parseYaml('a: b\nc: ((creds.nope))', 'manifest.yml'), variables(VARS));
    expect(attempt).toThrow("Finding variable 'creds.nope':\n  Expected to find a map key 'nope' for path '/nope' (found map keys: 'user')");
    expect(attempt).toThrow(expect.objectContaining({ file: 'manifest.yml', line: 2, col: 4 }));
  });

  it('positions a substituted value at its placeholder', () => {
    const { doc } = interpolate(parseYaml('a: x\nb: ((map))', 'manifest.yml'), variables(VARS));
    expect(doc.kind === 'map' && doc.entries[1]!.value.pos).toEqual({ file: 'manifest.yml', line: 2, col: 4 });
  });

  it('does not change its input', () => {
    const doc = parseYaml('((str)): ((map))\nl: [((port))]\nvariables: [{name: pw}]', 'manifest.yml');
    const before = cloneNode(doc);
    interpolate(doc, variables(VARS));
    expect(nodesEqual(doc, before)).toBe(true);
  });

  describe('the variables section', () => {
    const section = 'pw: ((pw))\nvariables:\n- name: pw\n  type: password\n- name: other\n  type: password\n- name: untyped';

    it.each<[string, string[], string]>([
      ['removes every definition whose value was found, typed or not', ['pw=x', 'untyped=y'], 'pw: x\nvariables:\n- name: other\n  type: password\n'],
      ['keeps an emptied section as []', ['pw=x', 'untyped=y', 'other=z'], 'pw: x\nvariables: []\n'],
    ])('%s', (_name, vars, expected) => {
      expect(interpolated(section, variables('', ...vars))).toBe(expected);
    });

    it('counts typed definitions without a value as missing, and defined variables as used', () => {
      const result = interpolate(parseYaml(section, 'manifest.yml'), variables('', 'pw=x', 'untyped=y'));
      expect(result.missing).toEqual(['other']);
      expect(result.unused).toEqual([]);
    });

    it("treats a variable as not found when its definition's options need a missing variable", () => {
      const manifest = 'c: ((cert))\nvariables:\n- name: cert\n  type: certificate\n  options: {ca: ((ca))}';
      const result = interpolate(parseYaml(manifest, 'manifest.yml'), variables('', 'cert=given'));
      expect(toPlain(result.doc)).toMatchObject({ c: '((cert))' });
      // `ca` is missing from the section itself (it is interpolated like the rest); `cert` is not.
      expect(result.missing).toEqual(['ca']);
    });

    it('detects a definition whose options refer to itself', () => {
      const manifest = 'variables:\n- name: a\n  type: password\n  options: {x: ((a))}';
      expect(() => interpolate(parseYaml(manifest, 'manifest.yml'), variables(''))).toThrow(
        "Getting all variables from variable definitions sections:\n  Interpolating variable 'a' definition options:\n    Finding variable 'a':\n      Detected recursion",
      );
    });

    it('refuses a section that is not a list', () => {
      expect(() => interpolate(parseYaml('x: 1\nvariables: {name: a}', 'manifest.yml'), variables(''))).toThrow(
        'yaml: unmarshal errors:\n  line 2: cannot unmarshal !!map into []template.VariableDefinition',
      );
    });

    it('fails like go-patch when a found definition cannot be removed', () => {
      const manifest = 'variables:\n- name: pw\n- name: pw';
      expect(() => interpolate(parseYaml(manifest, 'manifest.yml'), variables('', 'pw=x'))).toThrow(
        "Expected to find exactly one matching array item for path '/variables/name=pw' but found 2",
      );
    });
  });

  it('leaves a document without placeholders as it is', () => {
    const doc: YNode = parseYaml('a: [1, {b: c}]\nd: 1.5', 'manifest.yml');
    expect(nodesEqual(interpolate(doc, variables('')).doc, doc)).toBe(true);
  });
});
