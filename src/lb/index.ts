/**
 * Load-balancer files -> the shared listener model. Each file's format is found from its
 * content (or given); a directory is a Terraform configuration of its `*.tf` files. All
 * Terraform source given together is one configuration (so an `*_override.tf` applies to the
 * base beside it), AWS CLI outputs are joined together, and neutral LB files are applied last,
 * so they can complete the load balancers the other files describe.
 */
import { readdirSync, statSync } from 'node:fs';
import { looksLikeManifest } from '../bosh/manifest.js';
import { InputError } from '../util/errors.js';
import { readFailureReason, readTextFile } from '../util/read-file.js';
import type { LoadBalancer } from './listener.js';
import { readAwsCli, type AwsCliDocument } from './aws-cli.js';
import { readCloudFormation, readCloudFormationYaml } from './cloudformation.js';
import { detectJsonFormat, detectTextFormat, LB_FORMATS, type LbFormatName } from './detect.js';
import { readHaproxy } from './haproxy.js';
import { looksLikeJson, parsePositionedJson } from './json-positions.js';
import { augmentLoadBalancers, parseNeutralLbFile, type NeutralLbFile } from './neutral.js';
import { readNginx } from './nginx.js';
import { requireLoadBalancers, type LbInputReport } from './input-report.js';
import { readTerraformHcl } from './terraform-hcl.js';
import { readTerraformJson, terraformJsonKind } from './terraform-json.js';
import type { TerraformRead } from './terraform-lb.js';

export { augmentLoadBalancers, neutralLoadBalancers, parseNeutralLbFile } from './neutral.js';
export { listenerRows, listenerTableJson, listenerTableText, type ListenerRow } from './listener-table.js';
export { isLbFormatName, LB_FORMATS, type LbFormatName } from './detect.js';
export { type LbInputReport } from './input-report.js';

export interface ReadLoadBalancersOptions {
  /** Skip detection: read every file as this format. */
  format?: LbFormatName;
  /**
   * Values for Terraform `var.NAME` (what `-var` would give), e.g. `{ system_domain: 'sys.example.com' }`
   * so DNS names like `*.${var.system_domain}` become real names.
   */
  terraformVariables?: Record<string, unknown>;
  /** The directory tree nginx `include`s may read from (`--lb-root`); by default each file's own directory. */
  root?: string;
  /** Files already read, by name: `--lb -` reads standard input under a name of its own. */
  texts?: ReadonlyMap<string, string>;
}

/** Formats that are JSON only; CloudFormation is JSON or YAML, as detection reads it. */
const JSON_FORMATS: readonly LbFormatName[] = ['terraform-json', 'aws-cli-json'];

function unrecognised(file: string, why = 'not a load-balancer configuration this tool reads'): InputError {
  return new InputError(`${why} (tried ${LB_FORMATS.join(', ')}); name its format with --lb-format`, { file });
}

function readText(file: string): string {
  return readTextFile(file, { expected: 'load-balancer configuration text' });
}

/** A file given as an LB that is not one: a manifest passed to `--lb` is a mix-up, said as such. */
function notALoadBalancer(file: string, text: string): InputError {
  if (looksLikeManifest(text)) return new InputError('this looks like a BOSH manifest, not a load-balancer configuration: did you mean to pass it as a manifest (without --lb)?', { file });
  return unrecognised(file);
}

/**
 * A BOSH job template (`haproxy.config.erb`) is not the configuration: its `<% if %>` blocks
 * decide which frontends exist, so reading it as text would guess. Say so instead.
 */
function refuseTemplate(text: string, file: string): void {
  const index = text.split(/\r?\n/).findIndex((line) => /<%[-=#]?\s/.test(line));
  if (index >= 0) throw new InputError('an unrendered ERB template: its <% %> code decides what is configured; read the rendered file (on the VM: /var/vcap/jobs/<job>/config/) instead', { file, line: index + 1 });
}

export function readLoadBalancers(paths: string[], opts: ReadLoadBalancersOptions = {}): LoadBalancer[] {
  return readLoadBalancerInputs(paths, opts).loadBalancers;
}

/** A Terraform reading as an input report. */
function terraformReport(inputs: string[], format: string, read: TerraformRead): LbInputReport {
  const counts = [...(read.modules > 0 ? [`${read.modules} module${read.modules === 1 ? '' : 's'}`] : []), `${read.resources} resource${read.resources === 1 ? '' : 's'}`];
  return { inputs, format, read: counts, notUnderstood: read.notUnderstood, notes: read.notes, loadBalancers: read.loadBalancers };
}

const fileReport = (file: string, format: string, loadBalancers: LoadBalancer[]): LbInputReport => ({ inputs: [file], format, read: [], notUnderstood: [], notes: [], loadBalancers });

/**
 * The load balancers of the inputs, and what each input contributed. An input (or the one
 * Terraform configuration all Terraform inputs make) that yields no load balancer is an
 * InputError naming what was read and what was not understood.
 */
export function readLoadBalancerInputs(paths: string[], opts: ReadLoadBalancersOptions = {}): { loadBalancers: LoadBalancer[]; inputs: LbInputReport[] } {
  const terraformSources: Array<string | { file: string; text: string }> = [];
  const cliOutputs: AwsCliDocument[] = [];
  const neutralFiles: NeutralLbFile[] = [];
  const reports: LbInputReport[] = [];
  for (const file of paths) {
    const given = opts.texts?.get(file);
    let isDirectory = false;
    if (given === undefined) {
      try {
        isDirectory = statSync(file).isDirectory();
      } catch (error) {
        throw new InputError(readFailureReason(error), { file });
      }
    }
    if (isDirectory) {
      if (opts.format !== undefined && opts.format !== 'terraform-hcl') throw new InputError(`a directory is read as Terraform source, not ${opts.format}`, { file });
      if (!readdirSync(file).some((f) => f.endsWith('.tf'))) throw unrecognised(file, 'a directory with no .tf files');
      terraformSources.push(file);
      continue;
    }
    const text = given ?? readText(file);
    const json = (opts.format === undefined || opts.format === 'cloudformation' ? looksLikeJson(text) : JSON_FORMATS.includes(opts.format)) ? parsePositionedJson(text, file) : undefined;
    const format = opts.format ?? (json ? detectJsonFormat(json.value) : detectTextFormat(text));
    refuseTemplate(text, file);
    switch (format) {
      case undefined:
        throw notALoadBalancer(file, text);
      case 'lb-yaml':
        neutralFiles.push(parseNeutralLbFile(text, file));
        break;
      case 'haproxy':
        reports.push(requireLoadBalancers(fileReport(file, format, readHaproxy(text, file))));
        break;
      case 'nginx':
        reports.push(requireLoadBalancers(fileReport(file, format, readNginx(file, text, opts.root !== undefined ? { root: opts.root } : {}))));
        break;
      case 'terraform-hcl':
        terraformSources.push(given === undefined ? file : { file, text });
        break;
      case 'terraform-json':
        if (!terraformJsonKind(json!.value)) throw unrecognised(file, 'not `terraform show -json` output or a v3/v4 state file');
        reports.push(requireLoadBalancers(terraformReport([file], format, readTerraformJson(json!, file))));
        break;
      case 'cloudformation':
        reports.push(requireLoadBalancers(fileReport(file, format, json ? readCloudFormation(json.value, file, json.lineOf) : readCloudFormationYaml(text, file))));
        break;
      case 'aws-cli-json':
        cliOutputs.push({ json: json!, file });
        break;
    }
  }
  if (terraformSources.length > 0) {
    const read = readTerraformHcl(terraformSources, { ...(opts.terraformVariables ? { variables: opts.terraformVariables } : {}) });
    reports.push(requireLoadBalancers(terraformReport(terraformSources.map((source) => (typeof source === 'string' ? source : source.file)), 'terraform-hcl', read)));
  }
  if (cliOutputs.length > 0) reports.push(requireLoadBalancers({ ...fileReport(cliOutputs.map((c) => c.file).join(', '), 'aws-cli-json', readAwsCli(cliOutputs)), inputs: cliOutputs.map((c) => c.file) }));
  const read = reports.flatMap((r) => r.loadBalancers);
  return { loadBalancers: neutralFiles.reduce((lbs, neutral) => augmentLoadBalancers(lbs, neutral), read), inputs: reports };
}
