/**
 * `bosh interpolate` end to end (bosh-cli cmd/interpolate.go and director/template
 * `Template.Evaluate`): ops-files first, then variables, then `--path`, printed as
 * yaml.v2 prints it. The result is what the real command writes and exits with.
 */
import { InputError } from '../util/errors.js';
import type { YNode } from '../yaml/node.js';
import { applyOps } from './patch/apply.js';
import { emitYaml } from '../yaml/emit-yaml.js';
import { findNode } from './patch/find.js';
import type { Op } from './patch/op.js';
import { opsFromFile } from './patch/ops-file.js';
import { parsePointer, type Pointer } from './patch/pointer.js';
import { interpolate } from './interpolate.js';
import { readTextFile, type TextSource } from '../util/read-file.js';
import { VarSources } from './vars.js';
import { parseYaml, readYamlDocument, type YamlDocument } from '../yaml/yaml.js';
import { asFlagValueError } from './flag-error.js';

export interface BoshIntInput {
  /** The manifest text. */
  manifest: string;
  /** Its name in error positions; `manifest.yml` unless told. */
  manifestFile?: string;
  /** Flags as on bosh-cli's command line: `-o`, `-v`, `-l`, `--var-file`, `--vars-env`, `--var-errs`, `--var-errs-unused`, `--path`. */
  args: readonly string[];
  /** For `--vars-env`; the process environment unless told. */
  env?: NodeJS.ProcessEnv;
  /** Reads `-o`, `-l` and `--var-file` files; the file system unless told. */
  readText?: TextSource;
}

export interface BoshIntOutput {
  exitCode: 0 | 1;
  stdout: string;
  /** As bosh-cli's UI writes a failure: the error, a blank line, `Exit code 1`. */
  stderr: string;
}

export function boshInterpolate(input: BoshIntInput): BoshIntOutput {
  try {
    return { exitCode: 0, stdout: evaluateBoshInt(input), stderr: '' };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { exitCode: 1, stdout: '', stderr: `${error.message}\n\nExit code 1\n` };
  }
}

interface Flags {
  ops: Op[];
  vars: VarSources;
  varErrs: boolean;
  varErrsUnused: boolean;
  path?: Pointer;
}

const VALUE_FLAGS: Readonly<Record<string, string>> = {
  '-o': 'ops-file',
  '--ops-file': 'ops-file',
  '-v': 'var',
  '--var': 'var',
  '-l': 'vars-file',
  '--vars-file': 'vars-file',
  '--var-file': 'var-file',
  '--vars-env': 'vars-env',
  '--path': 'path',
};

/**
 * Flags take effect as go-flags parses them, in command-line order (so the first bad
 * flag is the one reported); variable precedence is by kind, which VarSources keeps.
 */
function parseFlags(args: readonly string[], env: NodeJS.ProcessEnv, readText: TextSource): Flags {
  const flags: Flags = { ops: [], vars: new VarSources(), varErrs: false, varErrsUnused: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--var-errs') flags.varErrs = true;
    else if (arg === '--var-errs-unused') flags.varErrsUnused = true;
    else {
      const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
      const name = eq >= 0 ? arg.slice(0, eq) : arg;
      const flag = VALUE_FLAGS[name];
      if (!flag) throw new InputError(`unknown flag '${arg}'`);
      const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined) throw new InputError(`expected argument for flag '${arg}'`);
      try {
        applyFlag(flags, flag, value, env, readText);
      } catch (error) {
        throw asFlagValueError(error);
      }
    }
  }
  return flags;
}

function applyFlag(flags: Flags, flag: string, value: string, env: NodeJS.ProcessEnv, readText: TextSource): void {
  switch (flag) {
    case 'ops-file':
      flags.ops.push(...opsFromFile(readOpsFile(value, readText), value));
      break;
    case 'var':
      flags.vars.addVar(value);
      break;
    case 'vars-file':
      flags.vars.addVarsFile(value, readText);
      break;
    case 'var-file':
      flags.vars.addVarFile(value, readText);
      break;
    case 'vars-env':
      flags.vars.addVarsEnv(value, env);
      break;
    case 'path':
      flags.path = parsePointer(value);
      break;
  }
}

/** ops_file_arg.go: reading and YAML errors are wrapped as bosh-cli's UI prints them. */
function readOpsFile(file: string, readText: TextSource): YamlDocument {
  let text: string;
  try {
    text = readText(file);
  } catch (error) {
    throw rewrapped(error, `Reading ops file '${file}'`);
  }
  try {
    return readYamlDocument(text, file);
  } catch (error) {
    throw rewrapped(error, `Deserializing ops file '${file}'`);
  }
}

function rewrapped(error: unknown, context: string): unknown {
  if (!(error instanceof InputError)) return error;
  return new InputError(`${context}:\n  ${error.message}`, { file: error.file, line: error.line, col: error.col });
}

/** The output of `bosh int`; throws InputError (with file:line where known) on failure. */
export function evaluateBoshInt(input: BoshIntInput): string {
  const flags = parseFlags(input.args, input.env ?? process.env, input.readText ?? readTextFile);
  const patched = applyOps(parseYaml(input.manifest, input.manifestFile ?? 'manifest.yml'), flags.ops);
  const { doc } = interpolate(patched, flags.vars.build(), { expectAllKeys: flags.varErrs, expectAllVarsUsed: flags.varErrsUnused });
  if (!flags.path) return emitYaml(doc);
  const found: YNode = findNode(doc, flags.path);
  // `--path` prints a string raw (bosh-cli's UnescapedMultiline), anything else as YAML.
  return found.kind === 'scalar' && found.type === 'str' ? `${String(found.value)}\n` : emitYaml(found);
}
