import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { compileSchema, type ErrorObject } from '../../util/schema-validator.js';
import type { Document, LineCounter } from 'yaml';
import type { LintTarget } from '../types.js';
import { InputError } from '../../util/errors.js';
import { readTextFile } from '../../util/read-file.js';
import { MAX_POLICY_YAML_BYTES, parsePolicyYaml } from './policy-yaml.js';
import type { Rule } from '../../rules/rule.js';
import { ruleLookup, type RuleLookup } from './rule-lookup.js';
import { buildConfigSchema, SEVERITY_SETTINGS } from './schema.js';

/** Both spellings of a severity mean the same one. */
const SEVERITY_OF_SETTING: Record<(typeof SEVERITY_SETTINGS)[number], RuleSetting['severity']> = {
  off: 'off',
  error: 'error',
  warning: 'warn',
  warn: 'warn',
  note: 'info',
  info: 'info',
};
import { nodePosition, pointerSegments } from './yaml-position.js';
import type { Config, ConfigOverride, RuleSetting } from './types.js';

/** Looked for in this order in each directory. */
export const CONFIG_FILE_NAMES = ['.cf-ws-lint.yml', '.cf-ws-lint.yaml'] as const;

/** The nearest config file in `cwd` or a parent directory, up to the filesystem root (as yamllint and ESLint search). */
export function findConfigFile(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** Every path findConfigFile looks at from `cwd`, in order, up to the one it finds: a run's result depends on each. */
export function configSearchPaths(cwd: string): string[] {
  const paths: string[] = [];
  let dir = path.resolve(cwd);
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(dir, name);
      paths.push(candidate);
      if (existsSync(candidate) && statSync(candidate).isFile()) return paths;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return paths;
    dir = parent;
  }
}

/**
 * The config for a run: the `--config` file when given, none with `--no-config` (commander's
 * `false`), else the nearest one found upward from cwd; undefined means every rule at its
 * default. Throws InputError (exit 2) for a missing explicit file or a malformed config.
 */
export function resolveConfig(cwd: string, explicitFile: string | false | undefined, rules: readonly Rule[]): Config | undefined {
  if (explicitFile === false) return undefined;
  const file = explicitFile !== undefined ? path.resolve(cwd, explicitFile) : findConfigFile(cwd);
  return file === undefined ? undefined : loadConfig(file, rules);
}

export function loadConfig(file: string, rules: readonly Rule[]): Config {
  const text = readTextFile(file, { maxBytes: MAX_POLICY_YAML_BYTES, expected: 'a YAML config' });
  return parseConfig(text, path.resolve(file), rules);
}

type RawRules = Record<string, string | [string, unknown?]>;

interface RawDeployment {
  manifest: string;
  opsFiles?: string[];
  varsFiles?: string[];
  varFiles?: Record<string, string>;
  vars?: Record<string, string | number | boolean>;
  varsEnv?: string[];
  varErrs?: boolean;
  lbFiles?: string[];
  lbFormat?: string;
  cloudConfig?: string[];
  lbHosts?: Record<string, string>;
  appDomains?: string[];
}

interface RawConfig {
  rules?: RawRules;
  overrides?: { files: string[]; rules: RawRules }[];
  deployments?: Record<string, RawDeployment>;
  requireDirectiveReason?: boolean;
  baseline?: string;
}

/** Parses and validates config text; `file` is absolute and is what errors point at. */
export function parseConfig(text: string, file: string, rules: readonly Rule[]): Config {
  const { doc, lineCounter } = parsePolicyYaml(text, file, 'invalid YAML');

  let raw: unknown;
  try {
    raw = doc.toJS() ?? {};
  } catch (error) {
    // Aliases resolve here: one before its anchor, or too many, is a ReferenceError.
    if (!(error instanceof ReferenceError)) throw error;
    throw new InputError(`invalid YAML: ${error.message}`, { file });
  }
  const validate = compileSchema(buildConfigSchema(rules), { allErrors: true });
  if (!validate(raw)) throw schemaError(validate.errors ?? [], doc, lineCounter, file);

  const config = raw as RawConfig;
  const dir = path.dirname(file);
  const lookup = ruleLookup(rules);
  const keyAt = (segments: string[]) => nodePosition(doc, lineCounter, segments, file, true);
  return {
    file,
    dir,
    rules: ruleSettings(config.rules ?? {}, lookup, ['rules'], keyAt),
    overrides: (config.overrides ?? []).map(
      (override, index): ConfigOverride => ({
        files: override.files,
        rules: ruleSettings(override.rules, lookup, ['overrides', String(index), 'rules'], keyAt),
      }),
    ),
    deployments: new Map(Object.entries(config.deployments ?? {}).map(([name, deployment]) => [name, lintTarget(name, deployment, dir)])),
    requireDirectiveReason: config.requireDirectiveReason ?? false,
    ...(config.baseline !== undefined ? { baseline: path.resolve(dir, config.baseline) } : {}),
  };
}

type PositionOf = (segments: string[]) => { file: string; line: number; col: number };

function ruleSettings(raw: RawRules, lookup: RuleLookup, where: string[], keyAt: PositionOf): Map<string, RuleSetting> {
  const settings = new Map<string, RuleSetting>();
  const keyFor = new Map<string, string>();
  for (const [key, value] of Object.entries(raw)) {
    // The schema only admits known ids and names.
    const rule = lookup(key)!;
    const earlier = keyFor.get(rule.id);
    if (earlier !== undefined) {
      throw new InputError(`${describePath([...where, key])}: rule ${rule.id} is already configured as "${earlier}"`, keyAt([...where, key]));
    }
    keyFor.set(rule.id, key);
    const [severity, options] = Array.isArray(value) ? value : [value];
    settings.set(rule.id, {
      severity: SEVERITY_OF_SETTING[severity as (typeof SEVERITY_SETTINGS)[number]],
      ...(Array.isArray(value) && value.length > 1 ? { options } : {}),
    });
  }
  return settings;
}

function lintTarget(name: string, deployment: RawDeployment, dir: string): LintTarget {
  const resolve = (file: string) => path.resolve(dir, file);
  const target: LintTarget = { name, manifest: resolve(deployment.manifest) };
  if (deployment.opsFiles) target.opsFiles = deployment.opsFiles.map(resolve);
  if (deployment.varsFiles) target.varsFiles = deployment.varsFiles.map(resolve);
  if (deployment.varFiles) target.varFiles = Object.entries(deployment.varFiles).map(([name, file]) => `${name}=${resolve(file)}`);
  if (deployment.vars) target.vars = Object.entries(deployment.vars).map(([name, value]) => `${name}=${String(value)}`);
  if (deployment.varsEnv) target.varsEnv = deployment.varsEnv;
  if (deployment.varErrs !== undefined) target.varErrs = deployment.varErrs;
  if (deployment.lbFiles) target.lbFiles = deployment.lbFiles.map(resolve);
  if (deployment.lbFormat !== undefined) target.lbFormat = deployment.lbFormat;
  if (deployment.cloudConfig) target.cloudConfigs = deployment.cloudConfig.map(resolve);
  if (deployment.lbHosts) target.lbHosts = Object.entries(deployment.lbHosts).map(([lb, host]) => `${lb}=${host}`);
  if (deployment.appDomains) target.appDomains = deployment.appDomains;
  return target;
}

// Keyword errors that only say "some branch failed"; the branch's own error says what.
const UMBRELLA_KEYWORDS = new Set(['oneOf', 'anyOf', 'if', 'not']);
// Among errors at the same depth, the one most likely to be what the user meant.
const KEYWORD_RANK: Record<string, number> = { additionalProperties: 0, required: 0, enum: 1, type: 3 };

/** One ajv error, the most specific, as an InputError at the offending key's line. */
function schemaError(errors: ErrorObject[], doc: Document, lineCounter: LineCounter, file: string): InputError {
  const specific = errors.filter((error) => !UMBRELLA_KEYWORDS.has(error.keyword));
  const depth = (error: ErrorObject) => pointerSegments(error.instancePath).length + (error.keyword === 'additionalProperties' ? 1 : 0);
  const rank = (error: ErrorObject) => KEYWORD_RANK[error.keyword] ?? 2;
  const [error] = (specific.length > 0 ? specific : errors).sort((a, b) => depth(b) - depth(a) || rank(a) - rank(b));
  if (!error) return new InputError('invalid config', { file });

  const segments = pointerSegments(error.instancePath);
  const inRules = segments.at(-1) === 'rules' && (segments.length === 1 || segments[0] === 'overrides');
  const settingOfRule = segments.at(-2) === 'rules' && (segments.length === 2 || segments[0] === 'overrides');

  if (error.keyword === 'additionalProperties') {
    const key = String(error.params.additionalProperty);
    const where = segments.length > 0 ? ` in ${describePath(segments)}` : '';
    const message = inRules ? `unknown rule "${key}"${where}` : `unknown key "${key}"${where}`;
    return new InputError(message, nodePosition(doc, lineCounter, [...segments, key], file, true));
  }
  const position = nodePosition(doc, lineCounter, segments, file);
  if (settingOfRule) {
    return new InputError(`${describePath(segments)}: expected a severity (off, error, warning, note) or [severity, options]`, position);
  }
  // A pattern is a regular expression; its schema's description says what it wants in words.
  if (error.keyword === 'pattern' && segments.at(-2) === 'appDomains') {
    return new InputError(`${describePath(segments)}: expected a domain name such as apps.example.com (no scheme, port or wildcard)`, position);
  }
  const allowed = error.keyword === 'enum' ? ` (${(error.params.allowedValues as unknown[]).join(', ')})` : '';
  const subject = segments.length > 0 ? `${describePath(segments)}: ` : 'config: ';
  return new InputError(`${subject}${error.message ?? 'is invalid'}${allowed}`, position);
}

/** `overrides[0].rules.CFWS001`: how a key is named in messages. */
function describePath(segments: string[]): string {
  return segments.map((segment, index) => (/^\d+$/.test(segment) ? `[${segment}]` : index === 0 ? segment : `.${segment}`)).join('');
}
