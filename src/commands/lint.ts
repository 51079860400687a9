/**
 * `cf-ws-lint [MANIFEST...]`: wires flags and config to the engine, applies policy
 * (inline directives, baseline, --quiet), writes the reports and the fix ops-files.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { resolveConfig, resolveRuleSettings, type Config } from '../engine/config/index.js';
import { applyBaseline, readBaseline, updateBaseline } from '../engine/baseline.js';
import { applyDirectives } from '../engine/directives.js';
import { engineRules } from '../engine/engine-rules.js';
import { EXIT_CLEAN, exitCodeFor, tooManyWarnings } from '../engine/exit-code.js';
import { fatalFinding } from '../engine/fatal.js';
import { lbFormat, lint } from '../engine/lint.js';
import type { DeploymentReport, LintReport, LintTarget } from '../engine/types.js';
import { checkDistinctOutputs, checkOutputFile, STDOUT, writeOutputFile, type OutputOptions } from '../engine/write-output.js';
import { InputError } from '../util/errors.js';
import { escapeText } from '../util/escape.js';
import { readLoadBalancerInputs } from '../lb/index.js';
import { listenerTableText } from '../lb/listener-table.js';
import { forgetInputs, readStdinText, readTextFile } from '../util/read-file.js';
import { loadFormatter } from '../report/index.js';
import { displayPath } from '../report/formatter.js';
import type { Finding } from '../rules/finding.js';
import { rules as lintRules } from '../rules/index.js';
import { colorEnabled } from '../util/ansi.js';
import { VERSION } from '../util/version.js';
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
  printListeners?: boolean;
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
    const all = [...config.deployments].map(([name, target]) => ({ ...target, name }));
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

/** The registry's rules and the engine's own (directives, baseline): config and reports know both. */
const rules = [...lintRules, ...engineRules];

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
function lintTargets(targets: readonly NamedTarget[], unreadable: Targets['unreadable'], config: Config | undefined, cache: ReturnType<typeof textCache>): RunResult {
  const { read, texts } = cache;
  const single = targets.length + unreadable.length === 1;
  const findings: Finding[] = unreadable.map(({ name, file, error }) => fatalFinding(error, file, name));
  const files = new Set<string>();
  const deployments: DeploymentReport[] = unreadable.map(({ name, file }) => ({ name, manifest: file, files: [file] }));
  for (const target of targets) {
    const settings = resolveRuleSettings(config, target.manifest, rules);
    let report: LintReport;
    try {
      report = lint(target, { settings, readText: read });
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
    findings.push(...directives.findings, ...directives.problems.map((problem) => ({ ...problem, deployment: target.name })));
  }
  return { findings, files, deployments };
}

export async function runLint(manifests: string[], flags: LintFlags): Promise<number> {
  const cwd = process.cwd();
  const stdinName = flags.stdinFilename ?? '<stdin>';
  const cache = textCache(stdinName);
  forgetInputs();

  if (flags.printListeners) {
    if (flags.lb.length === 0) throw new InputError('--print-listeners needs --lb FILE');
    const { loadBalancers, inputs } = readLoadBalancerInputs(flags.lb, { ...(flags.lbFormat ? { format: lbFormat(flags.lbFormat) } : {}), ...(flags.lbRoot ? { root: flags.lbRoot } : {}) });
    process.stdout.write(listenerTableText(loadBalancers, inputs));
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

  const run = lintTargets(targets, unreadable, config, cache);
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
  outputs.forEach((output, i) => {
    const text = formatters[i]!(shown, { cwd, rules, version: VERSION, color: output.file ? false : color });
    if (output.file) writeOutputFile(outputPath(output.file, cwd), text, policy);
    else reportStream.write(text);
  });
  const gate = flags.maxWarnings !== undefined ? { maxWarnings: flags.maxWarnings } : {};
  if (tooManyWarnings(findings, gate)) process.stderr.write(`cf-ws-lint found too many warnings (maximum: ${flags.maxWarnings})\n`);
  return exitCodeFor(findings, gate);
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
  for (const { file, flag } of targets) checkOutputFile(file, flag === '--update-baseline' ? { ...policy, updates: file } : policy);
}
