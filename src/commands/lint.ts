/**
 * `cf-ws-lint [MANIFEST...]`: wires flags and config to the engine, applies policy
 * (inline directives, baseline, --quiet), writes the reports and the fix ops-file.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { resolveConfig, resolveRuleSettings, type Config } from '../engine/config/index.js';
import { applyBaseline, readBaseline, updateBaseline } from '../engine/baseline.js';
import { applyDirectives } from '../engine/directives.js';
import { engineRules } from '../engine/engine-rules.js';
import { EXIT_CLEAN, exitCodeFor } from '../engine/exit-code.js';
import { planFixes } from '../engine/fix.js';
import { lbFormat, lint } from '../engine/lint.js';
import type { LintReport, LintTarget } from '../engine/types.js';
import { checkDistinctOutputs, checkOutputFile, STDOUT, writeOutputFile, type OutputOptions } from '../engine/write-output.js';
import { InputError } from '../util/errors.js';
import { escapeText } from '../util/escape.js';
import { readLoadBalancers } from '../lb/index.js';
import { listenerTableText } from '../lb/listener-table.js';
import { readStdinText, readTextFile } from '../util/read-file.js';
import { loadFormatter } from '../report/index.js';
import type { Finding } from '../rules/finding.js';
import { rules as lintRules } from '../rules/index.js';
import { VERSION } from '../util/version.js';
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
  fix?: boolean;
  fixOut: string;
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

function targetsFrom(manifests: string[], flags: LintFlags, config: Config | undefined, read: (f: string) => string, stdinName: string): LintTarget[] {
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
    const { files, skipped } = expandInputs(manifests, read, flags.skipNonManifests ?? false);
    if (skipped > 0) process.stderr.write(`cf-ws-lint: skipped ${skipped} YAML file${skipped === 1 ? '' : 's'} that ${skipped === 1 ? 'is not a manifest' : 'are not manifests'}\n`);
    return files.map((file) => ({ ...shared, manifest: file === '-' ? stdinName : file }));
  }
  if (config && config.deployments.size > 0) return [...config.deployments.values()];
  throw new InputError('no manifest given: pass MANIFEST files, or declare deployments in .cf-ws-lint.yml');
}

function formatPairs(flags: LintFlags): Array<{ format: string; file?: string }> {
  if (flags.format.length === 0) return [{ format: 'stylish', ...(flags.outputFile[0] ? { file: flags.outputFile[0] } : {}) }];
  if (flags.outputFile.length > flags.format.length) throw new InputError('each --output-file needs a --format before it');
  return flags.format.map((format, i) => ({ format, ...(flags.outputFile[i] ? { file: flags.outputFile[i] } : {}) }));
}

/** The registry's rules and the engine's own (directives, baseline): config and reports know both. */
const rules = [...lintRules, ...engineRules];

export async function runLint(manifests: string[], flags: LintFlags): Promise<number> {
  const cwd = process.cwd();
  const stdinName = flags.stdinFilename ?? '<stdin>';
  const { read, texts } = textCache(stdinName);

  if (flags.printListeners) {
    if (flags.lb.length === 0) throw new InputError('--print-listeners needs --lb FILE');
    process.stdout.write(listenerTableText(readLoadBalancers(flags.lb, { ...(flags.lbFormat ? { format: lbFormat(flags.lbFormat) } : {}), ...(flags.lbRoot ? { root: flags.lbRoot } : {}) })));
    return EXIT_CLEAN;
  }

  const outputs = formatPairs(flags);
  const formatters = await Promise.all(outputs.map((o) => loadFormatter(o.format)));
  const config = flags.config === false ? undefined : resolveConfig(cwd, flags.config, rules);
  const targets = targetsFrom(manifests, flags, config, read, stdinName);
  if (targets.length === 0) {
    process.stderr.write('cf-ws-lint: none of the given files is a manifest; nothing to lint\n');
    return EXIT_CLEAN;
  }

  let findings: Finding[] = [];
  const files = new Set<string>();
  for (const target of targets) {
    const settings = resolveRuleSettings(config, target.manifest, rules);
    const report = lint(target, { settings, readText: read });
    report.files.forEach((f) => files.add(f));
    // Directives can sit in any file a finding points into, LB files included.
    for (const f of report.findings) if (f.location && !texts.has(f.location.file) && existsSync(f.location.file)) read(f.location.file);
    // Only this deployment's files: unused directives are judged against its own findings.
    const ownTexts = new Map([...texts].filter(([file]) => report.files.includes(file) || report.findings.some((f) => f.location?.file === file)));
    const directives = applyDirectives(report.findings, ownTexts, { requireReason: config?.requireDirectiveReason ?? false, rules, severities: settings });
    findings.push(...directives.findings, ...directives.problems);
  }

  const baselineFile = flags.baseline ?? config?.baseline;
  // The config and the baseline are inputs too, though no finding comes from them.
  const inputs = new Set([...files, ...(config ? [config.file] : []), ...(baselineFile ? [path.resolve(cwd, baselineFile)] : [])]);
  const policy: OutputOptions = { inputs, force: flags.force ?? false };
  if (baselineFile) {
    const scope = { cwd, lintedFiles: [...files] };
    if (flags.updateBaseline) {
      const previous = existsSync(baselineFile) ? readBaseline(baselineFile) : undefined;
      checkOutputs(flags, outputs, baselineFile, policy, cwd);
      updateBaseline(baselineFile, findings, scope, previous, policy);
      process.stderr.write(`cf-ws-lint: wrote ${findings.length} finding${findings.length === 1 ? '' : 's'} to ${escapeText(baselineFile)}\n`);
      findings = [];
    } else if (existsSync(baselineFile)) {
      const result = applyBaseline(findings, readBaseline(baselineFile), scope);
      findings = [...result.findings, ...result.problems];
    } else {
      throw new InputError('baseline file does not exist (create it with --update-baseline)', { file: baselineFile });
    }
  } else if (flags.updateBaseline) {
    throw new InputError('--update-baseline needs --baseline FILE');
  }

  if (!flags.updateBaseline) checkOutputs(flags, outputs, undefined, policy, cwd);
  if (flags.fix) writeFixes(findings, flags, policy, cwd);

  const shown: LintReport = { findings: flags.quiet ? findings.filter((f) => f.severity === 'error') : findings, files: [...files] };
  const color = flags.color !== false && !process.env.NO_COLOR && process.stdout.isTTY === true;
  outputs.forEach((output, i) => {
    const text = formatters[i]!(shown, { cwd, rules, version: VERSION, color: output.file ? false : color });
    if (output.file) writeOutputFile(outputPath(output.file, cwd), text, policy);
    else process.stdout.write(text);
  });
  return exitCodeFor(findings, flags.maxWarnings !== undefined ? { maxWarnings: flags.maxWarnings } : {});
}

function outputPath(file: string, cwd: string): string {
  return file === STDOUT ? STDOUT : path.resolve(cwd, file);
}

/**
 * Every file the run will write, checked before the first is written: so a refused
 * `--output-file` does not leave the ops-file written, and one file is not named twice.
 */
function checkOutputs(flags: LintFlags, outputs: Array<{ file?: string }>, baselineFile: string | undefined, policy: OutputOptions, cwd: string): void {
  const targets = [
    ...outputs.flatMap((o) => (o.file ? [{ file: outputPath(o.file, cwd), flag: '--output-file' }] : [])),
    ...(flags.fix ? [{ file: outputPath(flags.fixOut, cwd), flag: '--fix-out' }] : []),
    ...(baselineFile ? [{ file: path.resolve(cwd, baselineFile), flag: '--update-baseline' }] : []),
  ];
  checkDistinctOutputs(targets);
  for (const { file, flag } of targets) checkOutputFile(file, flag === '--update-baseline' ? { ...policy, updates: file } : policy);
}

function writeFixes(findings: Finding[], flags: LintFlags, policy: OutputOptions, cwd: string): void {
  const plan = planFixes(findings);
  if (flags.fixOut === STDOUT) {
    process.stdout.write(plan.text);
    return;
  }
  writeOutputFile(outputPath(flags.fixOut, cwd), plan.text, policy);
  process.stderr.write(`cf-ws-lint: wrote ${plan.applied.length} fix${plan.applied.length === 1 ? '' : 'es'} to ${escapeText(flags.fixOut)}${plan.conflicting.length ? ` (${plan.conflicting.length} left out: they change a value another fix changes)` : ''}\n`);
}

