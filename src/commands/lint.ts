/**
 * `cf-ws-lint [MANIFEST...]`: wires flags and config to the engine, applies policy
 * (inline directives, baseline, --quiet), writes the reports and the fix ops-files.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import type { RunRecord } from '../engine/cache-file.js';
import path from 'node:path';
import { configSearchPaths, resolveConfig, resolveRuleSettings, type Config } from '../engine/config/index.js';
import { applyBaseline, readBaseline, updateBaseline } from '../engine/baseline.js';
import { deploymentKey, LintCache } from '../engine/cache.js';
import { contentHash } from '../engine/cache-file.js';
import { cacheFileFor, currentRunContext, envHash, runKey } from '../engine/run-replay.js';
import { applyDirectives } from '../engine/directives.js';
import { engineRules } from '../engine/engine-rules.js';
import { EXIT_CLEAN, exitCodeFor, tooManyWarnings } from '../engine/exit-code.js';
import { fatalFinding } from '../engine/fatal.js';
import { lbFormat, lint } from '../engine/lint.js';
import type { DeploymentReport, LintReport, LintTarget } from '../engine/types.js';
import { checkDistinctOutputs, checkOutputFile, STDOUT, WriteFailure, writeOutputFile, type OutputOptions } from '../engine/write-output.js';
import { InputError } from '../util/errors.js';
import { escapeText } from '../util/escape.js';
import { readLoadBalancerInputs } from '../lb/index.js';
import { listenerTableText } from '../lb/listener-table.js';
import { forgetInputs, readStdinText, readTextFile } from '../util/read-file.js';
import { loadFormatter } from '../report/index.js';
import { displayPath } from '../report/formatter.js';
import { SEVERITY_NAMES, type Finding } from '../rules/finding.js';
import { rules as lintRules } from '../rules/index.js';
import { colorEnabled } from '../util/ansi.js';
import { VERSION } from '../util/version.js';
import { cacheVersion } from '../util/cache-version.js';
import { DOMAIN_NAME } from '../model/app-domains.js';
import { fixDestinations, writeFixFiles, type FixDeployment, type FixDestinations } from './fix-files.js';
import { expandInputs } from './inputs.js';

export interface LintFlags {
  opsFile: string[];
  var: string[];
  varsFile: string[];
  varFile: string[];
  varsEnv: string[];
  varErrs?: boolean;
  lb: string[];
  lbFormat?: string;
  lbRoot?: string;
  cloudConfig?: string[];
  lbHost?: string[];
  appDomain?: string[];
  printListeners?: boolean;
  printConfig?: string;
  format: string[];
  outputFile: string[];
  deployment?: string[];
  fix?: boolean;
  fixOut?: string;
  force?: boolean;
  config?: string | false;
  quiet?: boolean;
  maxWarnings?: number;
  color?: boolean;
  baseline?: string;
  updateBaseline?: boolean;
  stdinFilename?: string;
  skipNonManifests?: boolean;
  cache?: boolean;
  cacheLocation?: string;
}

/** Reads files once and remembers their text, for directives; `-` is stdin. */
function textCache(stdinName: string): { read: (file: string) => string; texts: Map<string, string> } {
  const texts = new Map<string, string>();
  const read = (file: string): string => {
    const cached = texts.get(file);
    if (cached !== undefined) return cached;
    const text = file === stdinName && !existsSync(file) ? readStdinText(stdinName) : readTextFile(file);
    texts.set(file, text);
    return text;
  };
  return { read, texts };
}

/** A deployment to lint, named: by its key in the config, or by the manifest as given. */
type NamedTarget = LintTarget & { name: string };

interface Targets {
  targets: NamedTarget[];
  fromConfig: boolean;
  /** Files found in directories or globs that could not be read: fatal findings, each its own deployment. */
  unreadable: Array<{ name: string; file: string; error: InputError }>;
}

function targetsFrom(manifests: string[], flags: LintFlags, config: Config | undefined, read: (f: string) => string, stdinName: string, cwd: string): Targets {
  const shared = {
    opsFiles: flags.opsFile,
    vars: flags.var,
    varsFiles: flags.varsFile,
    varFiles: flags.varFile,
    varsEnv: flags.varsEnv,
    varErrs: flags.varErrs ?? false,
    lbFiles: flags.lb,
    ...(flags.lbFormat ? { lbFormat: flags.lbFormat } : {}),
    ...(flags.lbRoot ? { lbRoot: flags.lbRoot } : {}),
    ...(flags.cloudConfig?.length ? { cloudConfigs: flags.cloudConfig } : {}),
    ...(flags.lbHost?.length ? { lbHosts: flags.lbHost } : {}),
    appDomains: appDomainFlags(flags.appDomain ?? []),
  };
  if (manifests.length > 0) {
    if (flags.deployment?.length) throw new InputError('--deployment picks deployments of .cf-ws-lint.yml; it cannot be combined with MANIFEST arguments');
    const { files, skipped, unreadable } = expandInputs(manifests, read, flags.skipNonManifests ?? false);
    if (skipped > 0) process.stderr.write(`cf-ws-lint: skipped ${skipped} YAML file${skipped === 1 ? '' : 's'} that ${skipped === 1 ? 'is not a manifest' : 'are not manifests'}\n`);
    const targets = files.map((file) => {
      const manifest = file === '-' ? stdinName : file;
      return { ...shared, name: file === '-' ? stdinName : displayPath(file, cwd), manifest };
    });
    const named = unreadable.map((error) => ({ name: displayPath(error.file ?? '-', cwd), file: error.file ?? '-', error }));
    return { targets, fromConfig: false, unreadable: named };
  }
  if (config && config.deployments.size > 0) {
    // --app-domain adds to each deployment's own appDomains.
    const all = [...config.deployments].map(([name, target]) => ({ ...target, name, ...(shared.appDomains.length > 0 ? { appDomains: [...(target.appDomains ?? []), ...shared.appDomains] } : {}) }));
    return { targets: selectDeployments(all, flags.deployment ?? []), fromConfig: true, unreadable: [] };
  }
  throw new InputError('no manifest given: pass MANIFEST files, or declare deployments in .cf-ws-lint.yml');
}

/** `--deployment NAME` (repeatable): only those, in the config's order; an unknown name is a usage error. */
function selectDeployments(all: NamedTarget[], names: readonly string[]): NamedTarget[] {
  if (names.length === 0) return all;
  const known = new Set(all.map((target) => target.name));
  const unknown = names.find((name) => !known.has(name));
  if (unknown !== undefined) throw new InputError(`unknown deployment '${unknown}' (the config declares ${[...known].join(', ')})`);
  return all.filter((target) => names.includes(target.name));
}

/** `--app-domain apps.example.com`: a domain name, as `cf create-domain` takes it. */
export function appDomainFlags(values: readonly string[]): string[] {
  for (const value of values) {
    if (!DOMAIN_NAME.test(value)) throw new InputError(`--app-domain ${JSON.stringify(value)}: expected a domain name such as apps.example.com (no scheme, port or wildcard)`);
  }
  return [...values];
}

function formatPairs(flags: LintFlags): Array<{ format: string; file?: string }> {
  if (flags.format.length === 0) return [{ format: 'stylish', ...(flags.outputFile[0] ? { file: flags.outputFile[0] } : {}) }];
  if (flags.outputFile.length > flags.format.length) throw new InputError('each --output-file needs a --format before it');
  return flags.format.map((format, i) => ({ format, ...(flags.outputFile[i] ? { file: flags.outputFile[i] } : {}) }));
}

/** Only one thing may be written to stdout: one report, or the ops-file of `--fix-out -`. */
function checkStreams(flags: LintFlags, outputs: Array<{ format: string; file?: string }>): void {
  if (flags.fixOut !== undefined && !flags.fix) throw new InputError('--fix-out needs --fix');
  const toStdout = outputs.filter((output) => !output.file || output.file === STDOUT);
  if (toStdout.length > 1) {
    throw new InputError(`only one output may go to stdout, but ${toStdout.map((o) => `--format ${o.format}`).join(' and ')} have no --output-file`);
  }
}

/**
 * `--lb -`: standard input is the LB file, under the `--stdin-filename` name (`<stdin>` by
 * default), replacing `-` in flags.lb. Only one input can be stdin.
 */
function readStdinLb(manifests: readonly string[], flags: LintFlags, stdinName: string, texts: Map<string, string>): ReadonlyMap<string, string> | undefined {
  if (!flags.lb.includes('-')) return undefined;
  if (manifests.includes('-')) throw new InputError('only one input can be read from stdin, but - is given both as a manifest and as --lb');
  const text = readStdinText(stdinName);
  texts.set(stdinName, text);
  flags.lb = flags.lb.map((file) => (file === '-' ? stdinName : file));
  return new Map([[stdinName, text]]);
}

/**
 * `--print-config FILE` (ESLint's): the settings in force for FILE after `rules:` and every
 * matching override, as JSON, with the config file they come from.
 */
function printedConfig(file: string, config: Config | undefined, cwd: string): string {
  const settings = resolveRuleSettings(config, file, rules);
  const ruleSettings = Object.fromEntries(
    rules.map((rule) => {
      const setting = settings.get(rule.id)!;
      const severity = setting.severity === 'off' ? 'off' : SEVERITY_NAMES[setting.severity];
      return [rule.id, { name: rule.name, severity, options: setting.options ?? {} }];
    }),
  );
  const printed = {
    file: displayPath(file, cwd),
    config: config ? displayPath(config.file, cwd) : null,
    rules: ruleSettings,
    requireDirectiveReason: config?.requireDirectiveReason ?? false,
    baseline: config?.baseline !== undefined ? displayPath(config.baseline, cwd) : null,
  };
  return `${JSON.stringify(printed, null, 2)}\n`;
}

/** The registry's rules and the engine's own (directives, baseline): config and reports know both. */
const rules = [...lintRules, ...engineRules];

/** `--cache`: the store, and the key of a deployment in it. */
interface ResultCache {
  store: LintCache;
  /** The key each deployment was looked up or stored under. */
  keys: string[];
  keyOf: (target: LintTarget) => string;
  readsStdin: (target: LintTarget) => boolean;
  /** The config was looked for upward from cwd (neither --config nor --no-config). */
  configSearched: boolean;
}

/** `--cache-location`: a file, or a directory (`DIR/` or an existing one) to hold `.cf-ws-lint-cache`. */
function resultCache(flags: LintFlags, config: Config | undefined, cwd: string, stdinName: string): ResultCache | undefined {
  if (!flags.cache) {
    if (flags.cacheLocation !== undefined) throw new InputError('--cache-location needs --cache');
    return undefined;
  }
  const file = cacheFileFor(flags.cacheLocation, cwd);
  if (flags.cacheLocation?.endsWith('/')) mkdirSync(path.dirname(file), { recursive: true });
  const store = LintCache.open(file);
  const configText = config ? readFileSync(config.file, 'utf8') : undefined;
  const version = cacheVersion();
  return {
    store,
    keys: [],
    keyOf: (target) => deploymentKey(target, { version, configText, env: process.env }),
    readsStdin: (target) => target.manifest === stdinName && !existsSync(stdinName),
    configSearched: flags.config === undefined,
  };
}

interface RunResult {
  findings: Finding[];
  files: Set<string>;
  deployments: DeploymentReport[];
}

/**
 * Lints each deployment. A file that cannot be read or parsed is a fatal finding of its
 * deployment and the rest go on (ESLint's model); a run of one deployment stops with the
 * one-line error, as it always has.
 */
function lintTargets(
  targets: readonly NamedTarget[],
  unreadable: Targets['unreadable'],
  config: Config | undefined,
  cache: ReturnType<typeof textCache>,
  lbTexts: ReadonlyMap<string, string> | undefined,
  results: ResultCache | undefined,
): RunResult {
  const { read, texts } = cache;
  const single = targets.length + unreadable.length === 1;
  const findings: Finding[] = unreadable.map(({ name, file, error }) => fatalFinding(error, file, name));
  const files = new Set<string>();
  const deployments: DeploymentReport[] = unreadable.map(({ name, file }) => ({ name, manifest: file, files: [file] }));
  for (const target of targets) {
    // Standard input has no file to hash: a deployment that reads it is never cached.
    const key = results && !results.readsStdin(target) && !lbTexts ? results.keyOf(target) : undefined;
    if (key !== undefined) results!.keys.push(key);
    const cached = key !== undefined ? results!.store.get(key) : undefined;
    if (cached) {
      findings.push(...cached.findings);
      cached.files.forEach((f) => files.add(f));
      deployments.push({ name: target.name, manifest: target.manifest, files: cached.files, websocketPaths: cached.websocketPaths ?? [] });
      continue;
    }
    const settings = resolveRuleSettings(config, target.manifest, rules);
    let report: LintReport;
    try {
      report = lint(target, { settings, readText: read, ...(lbTexts ? { lbTexts } : {}) });
    } catch (error) {
      if (single || !(error instanceof InputError)) throw error;
      findings.push(fatalFinding(error, target.manifest, target.name));
      deployments.push({ name: target.name, manifest: target.manifest, files: [target.manifest] });
      files.add(target.manifest);
      continue;
    }
    report.files.forEach((f) => files.add(f));
    deployments.push({ name: target.name, manifest: target.manifest, files: report.files, websocketPaths: report.websocketPaths ?? [] });
    // Directives can sit in any file a finding points into, LB files included.
    for (const f of report.findings) if (f.location && !texts.has(f.location.file) && existsSync(f.location.file)) read(f.location.file);
    // Only this deployment's files: unused directives are judged against its own findings.
    const ownTexts = new Map([...texts].filter(([file]) => report.files.includes(file) || report.findings.some((f) => f.location?.file === file)));
    const directives = applyDirectives(report.findings, ownTexts, { requireReason: config?.requireDirectiveReason ?? false, rules, severities: settings });
    const own = [...directives.findings, ...directives.problems.map((problem) => ({ ...problem, deployment: target.name }))];
    findings.push(...own);
    if (key !== undefined) results!.store.set(key, [...report.files, ...ownTexts.keys()], { findings: own, files: report.files, websocketPaths: report.websocketPaths ?? [] });
  }
  return { findings, files, deployments };
}

export async function runLint(manifests: string[], flags: LintFlags, argv: readonly string[] = []): Promise<number> {
  const cwd = process.cwd();
  const stdinName = flags.stdinFilename ?? '<stdin>';
  const cache = textCache(stdinName);
  forgetInputs();
  const lbTexts = readStdinLb(manifests, flags, stdinName, cache.texts);

  if (flags.printListeners) {
    if (flags.lb.length === 0) throw new InputError('--print-listeners needs --lb FILE');
    const { loadBalancers, inputs } = readLoadBalancerInputs(flags.lb, { ...(flags.lbFormat ? { format: lbFormat(flags.lbFormat) } : {}), ...(flags.lbRoot ? { root: flags.lbRoot } : {}), ...(lbTexts ? { texts: lbTexts } : {}) });
    process.stdout.write(listenerTableText(loadBalancers, inputs));
    return EXIT_CLEAN;
  }

  if (flags.printConfig !== undefined) {
    process.stdout.write(printedConfig(flags.printConfig, flags.config === false ? undefined : resolveConfig(cwd, flags.config, rules), cwd));
    return EXIT_CLEAN;
  }

  const outputs = formatPairs(flags);
  checkStreams(flags, outputs);
  const formatters = await Promise.all(outputs.map((o) => loadFormatter(o.format)));
  const config = flags.config === false ? undefined : resolveConfig(cwd, flags.config, rules);
  const { targets, fromConfig, unreadable } = targetsFrom(manifests, flags, config, cache.read, stdinName, cwd);
  if (targets.length === 0 && unreadable.length === 0) {
    process.stderr.write('cf-ws-lint: none of the given files is a manifest; nothing to lint\n');
    return EXIT_CLEAN;
  }
  const fixDeployments: FixDeployment[] = targets.map((target) => ({ name: target.name, fromConfig }));
  const fixes = flags.fix ? fixDestinations(fixDeployments, flags.fixOut) : undefined;

  const results = resultCache(flags, config, cwd, stdinName);
  const run = lintTargets(targets, unreadable, config, cache, lbTexts, results);
  let findings = run.findings;

  const baselineFile = flags.baseline ?? config?.baseline;
  // The config and the baseline are inputs too, though no finding comes from them.
  const inputs = new Set([...run.files, ...(config ? [config.file] : []), ...(baselineFile ? [path.resolve(cwd, baselineFile)] : [])]);
  const policy: OutputOptions = { inputs, force: flags.force ?? false };
  const writes = { outputs, fixes, baseline: flags.updateBaseline ? baselineFile : undefined };
  if (baselineFile) {
    const scope = { cwd, lintedFiles: [...run.files] };
    if (flags.updateBaseline) {
      const recorded = findings.filter((finding) => !finding.fatal);
      // Checked before the old baseline is read: reading a FIFO there would wait for ever.
      checkOutputs(writes, policy, cwd);
      const previous = existsSync(baselineFile) ? readBaseline(baselineFile) : undefined;
      updateBaseline(baselineFile, recorded, scope, previous, policy);
      process.stderr.write(`cf-ws-lint: wrote ${recorded.length} finding${recorded.length === 1 ? '' : 's'} to ${escapeText(baselineFile)}\n`);
      findings = findings.filter((finding) => finding.fatal);
    } else if (existsSync(baselineFile)) {
      const result = applyBaseline(findings, readBaseline(baselineFile), scope);
      findings = [...result.findings, ...result.problems];
    } else {
      throw new InputError('baseline file does not exist (create it with --update-baseline)', { file: baselineFile });
    }
  } else if (flags.updateBaseline) {
    throw new InputError('--update-baseline needs --baseline FILE');
  }

  if (!flags.updateBaseline) checkOutputs(writes, policy, cwd);
  if (fixes) writeFixFiles(findings, fixes, { inputs, force: policy.force, cwd, named: fromConfig || targets.length > 1 });

  const shown: LintReport = {
    findings: flags.quiet ? findings.filter((f) => f.severity === 'error') : findings,
    files: [...run.files],
    deployments: run.deployments,
  };
  // With `--fix-out -` the ops-file owns stdout, so the report that would go there goes to stderr.
  const reportStream = flags.fixOut === '-' ? process.stderr : process.stdout;
  const color = colorEnabled(flags.color, reportStream);
  const printed = { stdout: '', stderr: '' };
  outputs.forEach((output, i) => {
    const text = formatters[i]!(shown, { cwd, rules, version: VERSION, color: output.file ? false : color });
    if (output.file) writeOutputFile(outputPath(output.file, cwd), text, policy);
    else reportStream.write(text);
    if (!output.file) printed.stdout += text;
  });
  const gate = flags.maxWarnings !== undefined ? { maxWarnings: flags.maxWarnings } : {};
  if (tooManyWarnings(findings, gate)) {
    printed.stderr = `cf-ws-lint found too many warnings (maximum: ${flags.maxWarnings})\n`;
    process.stderr.write(printed.stderr);
  }
  const exitCode = exitCodeFor(findings, gate);
  if (results) {
    if (replayable(manifests, flags, targets, run.findings, results)) results.store.setRun(runKey(currentRunContext(argv, cwd)), runRecord(targets, config, baselineFile, cwd, results, { ...printed, exitCode }));
    saveCache(results, inputs);
  }
  return exitCode;
}

/**
 * The cache only spares later runs work: when the system cannot write it (a full disk, a
 * read-only directory), the run says so and keeps its own verdict. A cache location the
 * output policy refuses (an input, a device) is the user's mistake, and stays an error.
 */
function saveCache(results: ResultCache, inputs: Iterable<string>): void {
  try {
    results.store.save(inputs);
  } catch (error) {
    if (!(error instanceof WriteFailure)) throw error;
    process.stderr.write(`cf-ws-lint: warning: the cache was not saved: ${error.render()}\n`);
  }
}

/**
 * Whether this run may be replayed whole (run-replay.ts): it only read, from files named
 * on the command line or in the config (a directory or glob could gain a manifest), and
 * every deployment has a cache entry saying what it read.
 */
function replayable(manifests: readonly string[], flags: LintFlags, targets: readonly NamedTarget[], findings: readonly Finding[], results: ResultCache): boolean {
  if (flags.fix || flags.outputFile.length > 0 || flags.updateBaseline || flags.skipNonManifests || flags.fixOut !== undefined) return false;
  if (results.keys.length !== targets.length || findings.some((finding) => finding.fatal)) return false;
  return manifests.every((manifest) => {
    try {
      return statSync(manifest).isFile();
    } catch {
      return false;
    }
  });
}

/** What the run printed, with every file it depends on: each deployment's inputs, the config (or each place it was looked for), the baseline. */
function runRecord(targets: readonly NamedTarget[], config: Config | undefined, baselineFile: string | undefined, cwd: string, results: ResultCache, output: { stdout: string; stderr: string; exitCode: number }): RunRecord {
  const inputs: Record<string, string> = {};
  for (const key of results.keys) Object.assign(inputs, results.store.inputsOf(key));
  const configFiles = results.configSearched ? configSearchPaths(cwd) : config ? [config.file] : [];
  for (const file of [...configFiles, ...(baselineFile ? [path.resolve(cwd, baselineFile)] : [])]) inputs[file] = contentHash(file);
  const envPrefixes = [...new Set(targets.flatMap((target) => target.varsEnv ?? []))];
  return { ...output, inputs, envPrefixes, envHash: envHash(process.env, envPrefixes) };
}

function outputPath(file: string, cwd: string): string {
  return file === STDOUT ? STDOUT : path.resolve(cwd, file);
}

/**
 * Every file the run will write, checked before the first is written: so a refused
 * `--output-file` does not leave an ops-file written, and no file is named by two outputs
 * (`--fix-out X --output-file X` would say "wrote 1 fix to X" while X held the report).
 */
function checkOutputs(writes: { outputs: Array<{ file?: string }>; fixes?: FixDestinations; baseline?: string }, policy: OutputOptions, cwd: string): void {
  const targets = [
    ...writes.outputs.flatMap((o) => (o.file ? [{ file: outputPath(o.file, cwd), flag: '--output-file' }] : [])),
    ...[...(writes.fixes?.files.values() ?? [])].map((file) => ({ file: outputPath(file, cwd), flag: '--fix-out' })),
    ...(writes.baseline ? [{ file: path.resolve(cwd, writes.baseline), flag: '--update-baseline' }] : []),
  ];
  checkDistinctOutputs(targets);
  for (const { file, flag } of targets) checkOutputFile(file, flag === '--update-baseline' ? { ...policy, updates: file, force: true } : policy);
}
