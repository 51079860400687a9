import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/util/errors.js';
import { toPlain, type YNode } from '../../src/yaml/node.js';
import { lookupVariable, VarSources, Variables } from '../../src/bosh/vars.js';
import { parseYaml } from '../../src/yaml/yaml.js';

/** A TextSource over in-memory files. */
function files(contents: Record<string, string>): (path: string) => string {
  return (path) => {
    const text = contents[path];
    if (text === undefined) throw new InputError('no such file', { file: path });
    return text;
  };
}

function varValue(arg: string): YNode | undefined {
  return new VarSources().addVar(arg).build().get(arg.slice(0, arg.indexOf('=')));
}

describe('-v name=value (var_kv.go)', () => {
  it.each<[string, unknown, string]>([
    ['port=8080', 8080, 'int'],
    ['flag=true', true, 'bool'],
    ['yes=yes', true, 'bool'],
    ['octal=0755', 493, 'int'],
    ['float=1.5', 1.5, 'float'],
    ['tilde=~', null, 'null'],
    ['list=[1, two]', [1, 'two'], 'seq'],
    ['map={a: 1}', { a: 1 }, 'map'],
    ['str=hello world', 'hello world', 'str'],
    // A string keeps its raw text, minus one pair of wrapping quotes.
    ['quoted="0755"', '0755', 'str'],
    ["single='0755'", '0755', 'str'],
    ["doubled='it''s'", "it''s", 'str'],
    ['eq=a=b', 'a=b', 'str'],
    ['pem=-----BEGIN-----\nabc\n-----END-----\n', '-----BEGIN-----\nabc\n-----END-----\n', 'str'],
  ])('%j', (arg, expected, kind) => {
    const value = varValue(arg)!;
    expect(toPlain(value)).toEqual(expected);
    expect(value.kind === 'scalar' ? value.type : value.kind).toBe(kind);
  });

  it.each([
    ['a', "Expected var 'a' to be in format 'name=value'"],
    ['=x', "Expected var '=x' to specify non-empty name"],
    ['a=', "Expected var 'a=' to specify non-empty value"],
  ])('rejects %j', (arg, message) => {
    expect(() => new VarSources().addVar(arg)).toThrow(new InputError(message));
  });

  it.each([
    // yaml.v2 reads the first value and stops: what follows it is never looked at.
    ['x="a" b', '"a" b'],
    ['x={a: 1}}', { a: 1 }],
  ])('reads the first value of %j', (arg, expected) => {
    expect(toPlain(varValue(arg))).toEqual(expected);
  });

  it.each([
    ['x=%foo', "Deserializing variables 'x=%foo': yaml: found unknown directive name"],
    ['x=...', "Deserializing variables 'x=...': yaml: did not find expected node content"],
    ['x=:', "Deserializing variables 'x=:': yaml: did not find expected key"],
    ['x="\\/"', "Deserializing variables 'x=\"\\/\"': yaml: found unknown escape character"],
  ])('refuses %j as yaml.v2 does', (arg, message) => {
    expect(() => new VarSources().addVar(arg)).toThrow(message);
  });

  it('reports a YAML error after the argument', () => {
    expect(() => new VarSources().addVar('a=[1')).toThrow(/^Deserializing variables 'a=\[1': /);
  });

  it('positions values in a pseudo-file named after the flag', () => {
    expect(varValue('port=8080')?.pos).toEqual({ file: '-v port', line: 1, col: 1 });
    expect(varValue('str=x y')?.pos).toEqual({ file: '-v str', line: 1, col: 1 });
  });
});

describe('-l FILE (vars_file_arg.go)', () => {
  it('reads a map of variables, keeping their positions in the file', () => {
    const vars = new VarSources().addVarsFile('vars.yml', files({ 'vars.yml': 'a: 1\nb:\n  c: "0755"\n' })).build();
    expect(toPlain(vars.get('b'))).toEqual({ c: '0755' });
    expect(vars.get('b')?.pos).toMatchObject({ file: 'vars.yml', line: 3 });
  });

  it('reads an empty file as no variables', () => {
    expect(new VarSources().addVarsFile('vars.yml', files({ 'vars.yml': '' })).build().names()).toEqual([]);
  });

  it('decodes any scalar key as its text, as written', () => {
    expect(new VarSources().addVarsFile('vars.yml', files({ 'vars.yml': '1: one\ntrue: t\n0755: o\nyes: y\n' })).build().names()).toEqual(['1', 'true', '0755', 'yes']);
  });

  it.each([
    ['- a\n', "Deserializing variables file 'vars.yml': yaml: unmarshal errors:\n  line 1: cannot unmarshal !!seq into template.StaticVariables"],
    ['some longer text\n', "Deserializing variables file 'vars.yml': yaml: unmarshal errors:\n  line 1: cannot unmarshal !!str `some lo...` into template.StaticVariables"],
  ])('rejects a document that is not a map: %j', (text, message) => {
    expect(() => new VarSources().addVarsFile('vars.yml', files({ 'vars.yml': text }))).toThrow(message);
  });

  it('names the file it cannot read', () => {
    expect(() => new VarSources().addVarsFile('nope.yml', files({}))).toThrow("Reading variables file 'nope.yml': no such file");
  });
});

describe('--var-file name=PATH (var_file_arg.go)', () => {
  it('takes the whole file as a string, trailing newline included', () => {
    const vars = new VarSources().addVarFile('cert=ca.pem', files({ 'ca.pem': '-----BEGIN-----\nabc\n' })).build();
    expect(vars.get('cert')).toEqual({ kind: 'scalar', type: 'str', value: '-----BEGIN-----\nabc\n', pos: { file: 'ca.pem', line: 1, col: 1 } });
  });

  it('does not read the file as YAML', () => {
    expect(toPlain(new VarSources().addVarFile('n=n.txt', files({ 'n.txt': '8080' })).build().get('n'))).toBe('8080');
  });

  it.each([
    ['cert', "Expected var 'cert' to be in format 'name=path'"],
    ['=ca.pem', "Expected var '=ca.pem' to specify non-empty name"],
    ['cert=', "Expected var 'cert=' to specify non-empty path"],
    ['cert=nope.pem', "Reading variable from file 'nope.pem': no such file"],
  ])('rejects %j', (arg, message) => {
    expect(() => new VarSources().addVarFile(arg, files({}))).toThrow(message);
  });
});

describe('--vars-env PREFIX (vars_env_arg.go)', () => {
  const env = { PFX_a: '[1, 2]', PFX_b: '0755', PFX_c: '"quoted"', PFXd: 'no', OTHER_e: 'no', PFX_empty: '' };

  it('reads PREFIX_name variables as YAML, without the raw-string rule of -v', () => {
    const vars = new VarSources().addVarsEnv('PFX', env).build();
    expect(vars.names().sort()).toEqual(['a', 'b', 'c', 'empty']);
    expect(toPlain(vars.get('a'))).toEqual([1, 2]);
    expect(toPlain(vars.get('b'))).toBe(493);
    expect(toPlain(vars.get('c'))).toBe('quoted');
    expect(toPlain(vars.get('empty'))).toBeNull();
    expect(vars.get('a')?.pos?.file).toBe('env PFX_a');
  });

  it('needs a prefix', () => {
    expect(() => new VarSources().addVarsEnv('', env)).toThrow('Expected environment variable prefix to be non-empty');
  });
});

describe('precedence (var_flags.go AsVariables)', () => {
  it('ranks --vars-env < -l < --var-file < -v whatever the flag order', () => {
    const read = files({ 'vars.yml': 'a: file\nb: file\nc: file\n', 'c.txt': 'var-file' });
    const vars = new VarSources().addVar('a=v').addVarFile('c=c.txt', read).addVarsFile('vars.yml', read).addVarsEnv('E', { E_a: 'env', E_b: 'env', E_d: 'env' }).build();
    expect(['a', 'b', 'c', 'd'].map((name) => toPlain(vars.get(name)))).toEqual(['v', 'file', 'var-file', 'env']);
  });

  it('lets a later flag of the same kind win', () => {
    const vars = new VarSources().addVar('a=first').addVar('a=second').build();
    expect(toPlain(vars.get('a'))).toBe('second');
  });

  it('builds the same from flag lists', () => {
    const read = files({ 'vars.yml': 'a: file\nb: file\n' });
    const vars = VarSources.fromFlags({ vars: ['a=v'], varsFiles: ['vars.yml'], varsEnv: ['E'] }, read, { E_c: 'env' }).build();
    expect(vars.names().map((name) => [name, toPlain(vars.get(name))])).toEqual([
      ['c', 'env'],
      ['a', 'v'],
      ['b', 'file'],
    ]);
  });
});

describe('dotted names (static_vars.go processed)', () => {
  it('nests -v a.b.c=x under a', () => {
    const vars = new VarSources().addVar('deep.x.y=1').addVar('deep.x.z=2').addVar('deep.w=3').build();
    expect(vars.names()).toEqual(['deep']);
    expect(toPlain(vars.get('deep'))).toEqual({ x: { y: 1, z: 2 }, w: 3 });
  });

  it('merges into a map given for the same name without changing it', () => {
    const read = files({ 'vars.yml': 'creds: {user: admin}\n' });
    const sources = new VarSources().addVarsFile('vars.yml', read).addVar('creds.password=secret');
    expect(toPlain(sources.build().get('creds'))).toEqual({ user: 'admin', password: 'secret' });
    expect(toPlain(new VarSources().addVarsFile('vars.yml', read).build().get('creds'))).toEqual({ user: 'admin' });
  });
});

describe('lookupVariable (template.go varsLookup)', () => {
  const vars = new Variables(
    new Map<string, YNode>([
      ['creds', parseYaml('{user: admin, password: p}', 'vars.yml')],
      ['list', parseYaml('[zero, one]', 'vars.yml')],
      ['byIndex', parseYaml('{"0": zeroth}', 'vars.yml')],
    ]),
  );
  const lookup = (name: string): unknown => toPlain(lookupVariable(name, (first) => vars.get(first)));

  it.each<[string, unknown]>([
    ['creds', { user: 'admin', password: 'p' }],
    ['creds.user', 'admin'],
    ['list.1', 'one'],
    ['list.-1', 'one'],
    // An index that fails is retried as a map key.
    ['byIndex.0', 'zeroth'],
    ['missing', undefined],
    ['missing.sub', undefined],
  ])('%s', (name, expected) => {
    expect(lookup(name)).toEqual(expected);
  });

  it.each([
    ['creds.nope', "Expected to find a map key 'nope' for path '/nope' (found map keys: 'password', 'user')"],
    ['list.5', "Expected to find a map at path '/5' but found '[]interface {}'"],
    ['creds.user.x', "Expected to find a map at path '/user/x' but found 'string'"],
    ['list.-', "Expected not to find after last index token in path '/-' (not supported in find operations)"],
  ])('%s fails', (name, message) => {
    expect(() => lookup(name)).toThrow(message);
  });
});
