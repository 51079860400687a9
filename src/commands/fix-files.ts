/**
 * `--fix` writes one ops-file per deployment: an ops-file is written against one manifest
 * with its ops-files, and applied to another deployment it can break it (issue 16).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { planFixes } from '../engine/fix.js';
import { writeOutputFile } from '../engine/write-output.js';
import type { Finding } from '../rules/finding.js';
import { InputError } from '../util/errors.js';
import { escapeText } from '../util/escape.js';

export const DEFAULT_FIX_FILE = 'cf-ws-lint-fixes.yml';

/** A deployment as `--fix` sees it: named in the config, or a manifest given on the command line. */
export interface FixDeployment {
  name: string;
  fromConfig: boolean;
}

export interface FixDestinations {
  /** Where each deployment's ops-file goes, by deployment name: a path, or `-` for stdout. */
  files: Map<string, string>;
  /** `--fix-out DIR/`: created when missing. */
  directory?: string;
}

/** `DIR/`: only a trailing slash says "a directory"; a bare existing directory stays an error of the writer. */
function isDirectoryPath(out: string): boolean {
  return out.endsWith('/') || out.endsWith(path.sep);
}

/** `cf-ws-lint-fixes.prod-aws.yml`: the deployment's name made safe as one file name. */
export function fixFileName(name: string): string {
  const safe = name.replace(/\.ya?ml$/i, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '');
  return `cf-ws-lint-fixes.${safe || 'deployment'}.yml`;
}

/**
 * One run with one deployment from the command line keeps `cf-ws-lint-fixes.yml`; a named
 * deployment, or several, get a file each (`--fix-out DIR/` puts them in DIR). One file
 * or `-` for several deployments is refused before anything is linted.
 */
export function fixDestinations(deployments: readonly FixDeployment[], fixOut: string | undefined): FixDestinations {
  const destinations = new Map<string, string>();
  let directory: string | undefined;
  const perDeployment = deployments.length > 1 || deployments.some((d) => d.fromConfig);
  if (fixOut !== undefined && fixOut !== '-' && isDirectoryPath(fixOut)) {
    directory = fixOut;
    for (const d of deployments) destinations.set(d.name, path.join(fixOut, perDeployment ? fixFileName(d.name) : DEFAULT_FIX_FILE));
  } else if (fixOut !== undefined) {
    if (deployments.length > 1) {
      throw new InputError(
        `--fix-out ${fixOut} names one ops-file, but ${deployments.length} deployments were linted and each needs its own: give a directory (--fix-out DIR/) or one deployment (--deployment NAME)`,
      );
    }
    for (const d of deployments) destinations.set(d.name, fixOut);
  } else {
    for (const d of deployments) destinations.set(d.name, perDeployment ? fixFileName(d.name) : DEFAULT_FIX_FILE);
  }
  const files = [...destinations.values()];
  const clash = files.find((file, i) => file !== '-' && files.indexOf(file) !== i);
  if (clash) throw new InputError(`two deployments would write their fixes to the same file ${clash}; rename one of them`);
  return { files: destinations, ...(directory !== undefined ? { directory } : {}) };
}

/** Writes each deployment's fixes and says on stderr what went where. */
export function writeFixFiles(findings: readonly Finding[], destinations: FixDestinations, options: { inputs: Set<string>; force: boolean; cwd: string; named: boolean }): void {
  if (destinations.directory !== undefined) mkdirSync(path.resolve(options.cwd, destinations.directory), { recursive: true });
  for (const [name, out] of destinations.files) {
    const plan = planFixes(findings.filter((finding) => finding.deployment === name));
    if (out === '-') {
      process.stdout.write(plan.text);
      continue;
    }
    writeOutputFile(path.resolve(options.cwd, out), plan.text, { inputs: options.inputs, force: options.force });
    const count = `${plan.applied.length} fix${plan.applied.length === 1 ? '' : 'es'}`;
    const left = plan.conflicting.length ? ` (${plan.conflicting.length} left out: they change a value another fix changes)` : '';
    process.stderr.write(`cf-ws-lint: wrote ${count}${options.named ? ` for ${escapeText(name)}` : ''} to ${escapeText(out)}${left}\n`);
  }
}
