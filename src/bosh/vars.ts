/**
 * BOSH variable values, read as bosh-cli reads its variable flags (director/template
 * var_kv.go, vars_file_arg.go, var_file_arg.go, vars_env_arg.go; cmd/opts/var_flags.go)
 * and looked up as `((name.sub.0))` does (template.go varsLookup). go-patch.md §2.3, §2.5.
 */
import { homedir } from 'node:os';
import { InputError } from '../util/errors.js';
import { cloneNode, entryOf, isMap, setKey, str, type MapNode, type ScalarNode, type YNode } from '../yaml/node.js';
import { formatGoFloat } from '../yaml/emit-yaml.js';
import { findNode } from './patch/find.js';
import { PatchError } from './patch/errors.js';
import { parsePointer, type Token } from './patch/pointer.js';
import type { TextSource } from '../util/read-file.js';
import { parseYaml, readYamlDocument, TypedDecoder } from '../yaml/yaml.js';

/** The variable flags of `bosh int` / `bosh deploy`, each in command-line order. */
export interface VarFlagValues {
  /** `-v name=value` */
  vars?: readonly string[];
  /** `-l FILE` */
  varsFiles?: readonly string[];
  /** `--var-file name=PATH` */
  varFiles?: readonly string[];
  /** `--vars-env PREFIX` */
  varsEnv?: readonly string[];
}

/**
 * Collects variable sources. bosh-cli ranks them by kind, not by flag order:
 * `--vars-env` < `-l` < `--var-file` < `-v`; within a kind a later flag wins.
 */
export class VarSources {
  private readonly fromEnv: Map<string, YNode>[] = [];
  private readonly fromVarsFiles: Map<string, YNode>[] = [];
  private readonly fromVarFiles: Map<string, YNode>[] = [];
  private readonly fromVars: Map<string, YNode>[] = [];

  static fromFlags(flags: VarFlagValues, readText: TextSource, env: NodeJS.ProcessEnv = process.env): VarSources {
    const sources = new VarSources();
    for (const prefix of flags.varsEnv ?? []) sources.addVarsEnv(prefix, env);
    for (const file of flags.varsFiles ?? []) sources.addVarsFile(file, readText);
    for (const arg of flags.varFiles ?? []) sources.addVarFile(arg, readText);
    for (const arg of flags.vars ?? []) sources.addVar(arg);
    return sources;
  }

  /** `--vars-env PREFIX`: every `PREFIX_name` environment variable, its value read as YAML. */
  addVarsEnv(prefix: string, env: NodeJS.ProcessEnv): this {
    if (prefix === '') throw new InputError('Expected environment variable prefix to be non-empty');
    const values = new Map<string, YNode>();
    for (const [key, text] of Object.entries(env)) {
      if (text === undefined || !key.startsWith(`${prefix}_`)) continue;
      const value = parseWrapped(text, `env ${key}`, `Deserializing YAML from environment variable '${key}'`);
      values.set(key.slice(prefix.length + 1), value);
    }
    this.fromEnv.push(values);
    return this;
  }

  /** `-l FILE`: a YAML map of variables; values keep their positions in the file. */
  addVarsFile(file: string, readText: TextSource): this {
    const text = readVariablesText(readText, file, `Reading variables file '${file}'`);
    this.fromVarsFiles.push(variablesOfFile(text, file));
    return this;
  }

  /** `--var-file name=PATH`: the whole file, trailing newline included, as a string. */
  addVarFile(arg: string, readText: TextSource): this {
    const [name] = splitNameValue(arg, 'path');
    const absolute = varFilePath(arg);
    const text = readVariablesText(readText, absolute, `Reading variable from file '${absolute}'`);
    this.fromVarFiles.push(new Map([[name, str(text, { file: absolute, line: 1, col: 1 })]]));
    return this;
  }

  /** `-v name=value`. */
  addVar(arg: string): this {
    const [name, text] = splitNameValue(arg, 'value');
    const file = `-v ${name}`;
    const parsed = parseWrapped(text, file, `Deserializing variables '${arg}'`);
    // yaml.Unmarshal loses newlines and quotes of a string, so bosh-cli keeps the raw text
    // instead, minus one pair of wrapping quotes (var_kv.go, since v6.4.9).
    const value = parsed.kind === 'scalar' && parsed.type === 'str' ? str(trimWrappingQuotes(text), { file, line: 1, col: 1 }) : parsed;
    this.fromVars.push(new Map([[name, value]]));
    return this;
  }

  /** `VarFlags.AsVariables` then `StaticVariables.processed()`: one map, `a.b` names nested. */
  build(): Variables {
    const merged = new Map<string, YNode>();
    for (const values of [...this.fromEnv, ...this.fromVarsFiles, ...this.fromVarFiles, ...this.fromVars]) {
      for (const [name, value] of values) merged.set(name, value);
    }
    return new Variables(nestDottedNames(merged));
  }
}

/** Static variables by top-level name, as `((name))` finds them. */
export class Variables {
  constructor(private readonly values: ReadonlyMap<string, YNode> = new Map()) {}

  get(name: string): YNode | undefined {
    return this.values.get(name);
  }

  /** Every name given, for `--var-errs-unused`. */
  names(): string[] {
    return [...this.values.keys()];
  }
}

/**
 * The value of `((name))`, `((name.key))` or `((name.0))`: the first segment is the
 * variable, the rest a go-patch path into it. Undefined when the variable is not given;
 * throws PatchError when the variable is there but the path into it is not.
 */
export function lookupVariable(name: string, variable: (first: string) => YNode | undefined): YNode | undefined {
  const [first, ...rest] = name.split('.') as [string, ...string[]];
  const value = variable(first);
  if (value === undefined || rest.length === 0) return value;
  const pointer = parsePointer(`/${rest.join('/')}`);
  try {
    return findNode(value, pointer);
  } catch (error) {
    if (!(error instanceof PatchError)) throw error;
    // bosh-cli retries with indexes as map keys, so `((certs.0))` also finds a key "0";
    // when that fails too, the retry's error is the one reported.
    return findNode(value, pointer.map(indexAsKey));
  }
}

function indexAsKey(token: Token): Token {
  return token.kind === 'index' ? { kind: 'key', key: String(token.index), optional: false } : token;
}

/** The file a `--var-file name=PATH` argument reads; bosh-cli expands a leading `~`. */
export function varFilePath(arg: string): string {
  const [, path] = splitNameValue(arg, 'path');
  return path === '~' || path.startsWith('~/') ? homedir() + path.slice(1) : path;
}

/** `-v`/`--var-file` arguments: split on the first `=`, both sides non-empty. */
function splitNameValue(arg: string, what: 'value' | 'path'): [string, string] {
  const eq = arg.indexOf('=');
  if (eq < 0) throw new InputError(`Expected var '${arg}' to be in format 'name=${what}'`);
  const name = arg.slice(0, eq);
  const value = arg.slice(eq + 1);
  if (name === '') throw new InputError(`Expected var '${arg}' to specify non-empty name`);
  if (value === '') throw new InputError(`Expected var '${arg}' to specify non-empty ${what}`);
  return [name, value];
}

function trimWrappingQuotes(text: string): string {
  const first = text[0];
  return (first === '"' || first === "'") && text.length > 1 && text.endsWith(first) ? text.slice(1, -1) : text;
}

/** YAML text, with a parse error put after bosh-cli's context (`Deserializing …: …`). */
function parseWrapped(text: string, file: string, context: string): YNode {
  try {
    return parseYaml(text, file);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(`${context}: ${error.message}`, { file, line: error.line, col: error.col });
  }
}

function readVariablesText(readText: TextSource, path: string, context: string): string {
  try {
    return readText(path);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(`${context}: ${error.message}`, { file: path });
  }
}

/**
 * A `-l` file decoded into bosh-cli's `StaticVariables` (`map[string]interface{}`): null is
 * no variables, any other non-map is yaml.v2's unmarshal error, keys are their text as
 * written (`0755:` is the name "0755").
 */
function variablesOfFile(text: string, file: string): Map<string, YNode> {
  const context = `Deserializing variables file '${file}'`;
  try {
    const doc = readYamlDocument(text, file);
    const decoder = new TypedDecoder(doc);
    let variables = new Map<string, YNode>();
    if (doc.root) {
      doc.count(doc.root);
      variables = decoder.stringKeyedMap(doc.root, 'template.StaticVariables') ?? variables;
    }
    const message = decoder.typeErrorMessage();
    if (message !== undefined) throw new InputError(message, doc.pos(decoder.typeErrors[0]!.node));
    return variables;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(`${context}: ${error.message}`, { file, line: error.line, col: error.col });
  }
}

export function isNull(node: YNode): boolean {
  return node.kind === 'scalar' && node.type === 'null';
}

/**
 * A scalar decoded into a Go string field or key: its text, and "" for null. (yaml.v2
 * keeps the source text, `yes` or `0755`; nodes keep the value, so this is `true`/`493`.)
 */
export function goStringOf(node: ScalarNode): string {
  if (node.type === 'null') return '';
  return node.type === 'float' ? formatGoFloat(node.value as number) : String(node.value);
}

/**
 * `StaticVariables.processed()`: `-v a.b.c=x` becomes `a: {b: {c: x}}`, merged into any
 * map already given for `a`. (bosh-cli walks a Go map in random order and can lose or
 * panic on conflicting names; this merges in flag order instead.)
 */
function nestDottedNames(flat: ReadonlyMap<string, YNode>): Map<string, YNode> {
  const nested = new Map<string, YNode>();
  for (const [name, value] of flat) {
    const [top, ...path] = name.split('.') as [string, ...string[]];
    const last = path.pop();
    if (last === undefined) {
      nested.set(name, value);
      continue;
    }
    const existing = nested.get(top);
    // A copy: the map may be a `-l` file's value, which later lookups must see unchanged.
    const root: MapNode = isMap(existing) ? cloneNode(existing) : { kind: 'map', entries: [] };
    nested.set(top, root);
    setKey(path.reduce(childMap, root), last, value);
  }
  return nested;
}

/** The map under `key`, made (in place of anything else) when there is none. */
function childMap(map: MapNode, key: string): MapNode {
  const current = entryOf(map, key)?.value;
  if (isMap(current)) return current;
  const child: MapNode = { kind: 'map', entries: [] };
  setKey(map, key, child);
  return child;
}
