/**
 * `cf-ws-lint init`: a commented `.cf-ws-lint.yml` from what lies under the current
 * directory: one deployment per manifest, the ops-files and load-balancer files found
 * offered beside it (an LB file is only filled in when there is one manifest to give it to).
 */
import path from 'node:path';
import { looksLikeManifest } from '../bosh/manifest.js';
import { CONFIG_FILE_NAMES, CONFIG_SCHEMA_ID } from '../engine/config/index.js';
import { EXIT_CLEAN } from '../engine/exit-code.js';
import { LB_FORMAT_NAMES } from '../engine/misplaced-file.js';
import { writeOutputFile } from '../engine/write-output.js';
import { detectFormat } from '../lb/detect.js';
import { displayPath } from '../report/formatter.js';
import { escapeText } from '../util/escape.js';
import { readTextFile } from '../util/read-file.js';
import { walk } from './inputs.js';

interface Found {
  manifests: Array<{ file: string; name: string | undefined }>;
  opsFiles: string[];
  varsFiles: string[];
  /** LB files, and directories of `.tf` files (one Terraform configuration each), with what each is. */
  lbFiles: Array<{ file: string; what: string }>;
}

const CANDIDATE = /\.(ya?ml|json|tf|tfstate|cfg|conf)$/i;
/** An ops-file is a list of go-patch ops. */
const OPS_FILE = /^- type: (replace|remove)\b/m;

function readable(file: string): string | undefined {
  try {
    return readTextFile(file);
  } catch {
    return undefined;
  }
}

/** What each file under `dir` is, by content; paths relative to `dir`, sorted. */
export function findInputs(dir: string): Found {
  const files: string[] = [];
  walk(dir, files);
  const found: Found = { manifests: [], opsFiles: [], varsFiles: [], lbFiles: [] };
  const terraformDirs = new Set<string>();
  for (const file of files.sort()) {
    if (!CANDIDATE.test(file)) continue;
    const text = readable(file);
    if (text === undefined) continue;
    const relative = displayPath(file, dir);
    if (/\.tf$/i.test(file)) {
      terraformDirs.add(path.dirname(relative));
    } else if (/\.ya?ml$/i.test(file) && looksLikeManifest(text)) {
      found.manifests.push({ file: relative, name: /^name: *([\w.-]+) *$/m.exec(text)?.[1] });
    } else if (/\.ya?ml$/i.test(file) && OPS_FILE.test(text)) {
      found.opsFiles.push(relative);
    } else {
      const format = detectFormat(text);
      if (format !== undefined && format !== 'terraform-hcl') found.lbFiles.push({ file: relative, what: LB_FORMAT_NAMES[format] });
      else if (format === undefined && /vars?[^/]*\.ya?ml$/i.test(file)) found.varsFiles.push(relative);
    }
  }
  for (const tfDir of terraformDirs) found.lbFiles.push({ file: tfDir, what: 'a Terraform configuration (its .tf files)' });
  found.lbFiles.sort((a, b) => (a.file < b.file ? -1 : 1));
  return found;
}

/** Names for the deployments: the manifest's `name:`, else its file name, made unique. */
function deploymentNames(manifests: Found['manifests']): string[] {
  const names: string[] = [];
  for (const manifest of manifests) {
    const base = (manifest.name ?? path.basename(manifest.file).replace(/\.ya?ml$/i, '')).replace(/[^\w.-]+/g, '-');
    let name = base;
    for (let i = 2; names.includes(name); i++) name = `${base}-${i}`;
    names.push(name);
  }
  return names;
}

/** A path as a YAML scalar: plain when it is only name characters, else quoted as a JSON string (valid YAML whatever it holds). */
function scalar(file: string): string {
  return /^[\w./-]+$/.test(file) ? file : JSON.stringify(file);
}

function list(files: readonly string[]): string {
  return `[${files.map(scalar).join(', ')}]`;
}

export function initConfigText(found: Found): string {
  const lines = [
    `# yaml-language-server: $schema=${CONFIG_SCHEMA_ID}`,
    '# cf-ws-lint configuration, written by `cf-ws-lint init` from the files under this directory.',
    '# Check each deployment: which ops-files, vars files and load balancers make it up.',
    '',
    '# Rule settings by id or name: off, error, warning or note, or [severity, options].',
    '# Every rule: `cf-ws-lint rules`; one rule in detail: `cf-ws-lint explain idle-timeouts`.',
    'rules: {}',
    '#  idle-timeouts: [warning, { minWebsocketIdleSeconds: 60 }]',
    '',
    '# Inline `# cf-ws-lint disable…` directives must say why, after ` -- `.',
    'requireDirectiveReason: false',
    '',
  ];
  if (found.manifests.length === 0) {
    lines.push('# No manifest was found (a YAML file with instance_groups:, jobs: or product-properties:).', '# deployments:', '#   prod:', '#     manifest: cf-deployment.yml', '#     lbFiles: [terraform]');
    return `${lines.join('\n')}\n`;
  }
  lines.push('# Each deployment is a manifest as BOSH deploys it, with its load balancers. A bare', '# `cf-ws-lint` lints them all; `cf-ws-lint --deployment NAME` one of them.', 'deployments:');
  const names = deploymentNames(found.manifests);
  const single = found.manifests.length === 1;
  found.manifests.forEach((manifest, i) => {
    lines.push(`  ${names[i]}:`, `    manifest: ${scalar(manifest.file)}`);
    if (found.opsFiles.length > 0) lines.push(`    # opsFiles: ${list(found.opsFiles)}`);
    if (found.varsFiles.length > 0) lines.push(`    # varsFiles: ${list(found.varsFiles)}`);
    if (found.lbFiles.length === 0) lines.push('    # lbFiles: []   # no load-balancer configuration was found: add the files that describe yours');
    else if (single) lines.push(`    lbFiles: ${list(found.lbFiles.map((lb) => lb.file))}`);
    else lines.push(`    # lbFiles: ${list(found.lbFiles.map((lb) => lb.file))}`);
  });
  if (found.lbFiles.length > 0) {
    lines.push('', '# Load-balancer configurations found:');
    for (const lb of found.lbFiles) lines.push(`#   ${lb.file}: ${lb.what}`);
  }
  return `${lines.map((line) => escapeText(line)).join('\n')}\n`;
}

/** Writes `.cf-ws-lint.yml` in the current directory; an existing one only with `--force`. */
export function runInit(opts: { force?: boolean }): number {
  const cwd = process.cwd();
  const found = findInputs(cwd);
  const file = CONFIG_FILE_NAMES[0];
  // The config init read while looking around is the one file it may replace (with --force).
  writeOutputFile(path.join(cwd, file), initConfigText(found), { inputs: [], force: opts.force ?? false, updates: path.join(cwd, file) });
  const lbs = found.lbFiles.length;
  process.stderr.write(
    `cf-ws-lint: wrote ${file} with ${found.manifests.length} deployment${found.manifests.length === 1 ? '' : 's'} (${lbs} load-balancer configuration${lbs === 1 ? '' : 's'} found); review it, then run cf-ws-lint\n`,
  );
  return EXIT_CLEAN;
}
