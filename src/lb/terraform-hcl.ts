/**
 * Terraform `.tf` source (one file, several, or a directory) as a TfConfiguration: the root
 * module and the local modules it calls (`source = "./modules/pas"`, read from disk, two or
 * more levels deep), evaluated by terraform-module.ts. `terraform.tfvars`/`*.auto.tfvars`
 * beside a root directory apply to the root (bbl writes its tfvars beside the templates).
 * Remote module sources (registry, git, http) are not fetched: a note names them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../util/errors.js';
import { noteInputRead } from '../util/tiering.js';
import { parseHcl } from './hcl.js';
import { UNKNOWN, type TfConfiguration, type TfResource, type TfValue } from './terraform-config.js';
import { loadBalancersFromTerraform, type TerraformRead } from './terraform-lb.js';
import { collectionEntries } from './terraform-functions.js';
import { ConfigurationState, TfModule, VARIABLE_DEFAULT, type ModuleCall, type ParsedFile } from './terraform-module.js';

/** Content detection: a top-level Terraform block with quoted labels. */
export function looksLikeTerraformHcl(text: string): boolean {
  return /^(resource|data|module)\s+"[^"]+"\s+"[^"]+"\s*\{|^(variable|output|provider)\s+"[^"]+"\s*\{|^(locals|terraform)\s*\{/m.test(text);
}

export interface TerraformHclOptions {
  /** Values for `var.NAME`, as `-var` gives them; they win over tfvars files and defaults. */
  variables?: Record<string, unknown>;
}

/**
 * Reads `.tf` files (a directory stands for its `*.tf` files) as one configuration; a file
 * already read (stdin) comes with its text.
 */
export function readTerraformHcl(paths: Array<string | { file: string; text: string }>, options: TerraformHclOptions = {}): TerraformRead {
  const files: { file: string; text: string }[] = [];
  const tfvars: { file: string; text: string }[] = [];
  for (const p of paths) {
    if (typeof p !== 'string') files.push(p);
    else if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        const full = path.join(p, name);
        if (name.endsWith('.tf')) files.push({ file: full, text: readSource(full) });
        else if (name === 'terraform.tfvars' || name.endsWith('.auto.tfvars')) tfvars.push({ file: full, text: readSource(full) });
      }
    } else files.push({ file: p, text: readSource(p) });
  }
  return terraformHclLoadBalancers(files, tfvars, options);
}

/** A file of the configuration; in a directory `x.tf` may be a directory or a dangling link. */
function readSource(file: string): string {
  try {
    const text = readFileSync(file, 'utf8');
    noteInputRead(text.length);
    return text;
  } catch (error) {
    throw new InputError(`cannot read Terraform file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file });
  }
}

/** The same from texts in hand (tests, stdin); local modules are still read from disk. */
export function terraformHclLoadBalancers(files: { file: string; text: string }[], tfvars: { file: string; text: string }[] = [], options: TerraformHclOptions = {}): TerraformRead {
  return loadBalancersFromTerraform(new HclConfiguration(files, tfvars, options));
}

/** How deep modules may call modules: Terraform has no limit, but a module calling itself would never end. */
const MAX_MODULE_DEPTH = 10;

/** A source Terraform reads from the local disk (language/modules/sources: "./" or "../"). */
const isLocalSource = (source: string) => /^\.\.?([\\/]|$)/.test(source);

class HclConfiguration implements TfConfiguration {
  readonly resources: TfResource[] = [];
  readonly dataSources: TfResource[] = [];
  /** Why modules were not read, each reason once with the calls it concerns. */
  private readonly unread = new Map<string, string[]>();
  modulesRead = 0;
  private readonly state = new ConfigurationState();
  /** The base address (`module.m.type.name`) of each resource instance. */
  private readonly baseOf = new Map<TfResource, string>();

  constructor(files: { file: string; text: string }[], tfvars: { file: string; text: string }[], options: TerraformHclOptions) {
    const root = new TfModule('', files.map(({ file, text }) => ({ file, body: parseHcl(text, file) })), this.state);
    for (const { file, text } of tfvars) root.assignTfvars(parseHcl(text, file), file);
    for (const [name, value] of Object.entries(options.variables ?? {})) root.assigned.set(name, { value, note: 'given by the caller' });
    this.collect(root, files.map((f) => path.dirname(path.resolve(f.file))).slice(0, 1));
  }

  /** A module's resources, then those of the local modules it calls, depth first. */
  private collect(module: TfModule, ancestors: string[]): void {
    for (const r of module.resources()) {
      this.resources.push(r);
      this.baseOf.set(r, r.address.replace(/\[[^\]]*\]$/, ''));
    }
    this.dataSources.push(...module.dataSources());
    for (const call of module.calls.values()) {
      const child = this.load(module, call, ancestors);
      if (!child) continue;
      call.module = child.module;
      this.modulesRead++;
      this.collect(child.module, [...ancestors, path.resolve(child.dir)]);
    }
  }

  /** The module a call names, read from disk, or a note saying why it was not read. */
  private load(parent: TfModule, call: ModuleCall, ancestors: string[]): { module: TfModule; dir: string } | undefined {
    const address = `${parent.prefix}module.${call.name}`;
    const at = `${path.basename(call.placed.file)}:${call.placed.item.pos.line}`;
    const source = parent.callArgument(call, 'source')?.value;
    if (typeof source !== 'string') return this.note(`${address} (${at})`, `source is not a literal string: not read`);
    if (!isLocalSource(source)) return this.note(`${address} (${at})`, `source "${source}" is not a local path, and remote modules (registry, git, http) are not fetched: not read`);
    const condition = this.callCondition(parent, call, address);
    if (condition === 'none') return this.note(`${address} (${at})`, `count/for_each makes no instance`);
    // Relative to the calling file, as given: evidence then names files the way the user did.
    const dir = path.join(path.dirname(call.placed.file), source);
    if (ancestors.includes(path.resolve(dir))) return this.note(`${address} (${at})`, `source "${source}" calls a module already being read (a cycle): not read again`);
    if (ancestors.length > MAX_MODULE_DEPTH) return this.note(`${address} (${at})`, `modules nest deeper than ${MAX_MODULE_DEPTH}: not read`);
    let names: string[];
    try {
      names = statSync(dir).isDirectory() ? readdirSync(dir).filter((n) => n.endsWith('.tf')).sort() : [];
    } catch {
      return this.note(`${address} (${at})`, `source "${source}" does not exist (${dir}): not read`);
    }
    if (names.length === 0) return this.note(`${address} (${at})`, `source "${source}" has no .tf files: nothing read`);
    const parsed: ParsedFile[] = names.map((n) => {
      const file = path.join(dir, n);
      return { file, body: parseHcl(readSource(file), file) };
    });
    return { module: new TfModule(`${address}.`, parsed, this.state, { module: parent, call }, condition), dir };
  }

  /** `reason` for the module call `who`: calls with the same reason share one note. */
  private note(who: string, reason: string): undefined {
    this.unread.set(reason, [...(this.unread.get(reason) ?? []), who]);
    return undefined;
  }

  get notes(): string[] {
    return [...this.unread].map(([reason, calls]) => `${calls.length > 3 ? `${calls.slice(0, 3).join(', ')} and ${calls.length - 3} more` : calls.join(', ')}: ${reason}`);
  }

  /**
   * A module call with `count`/`for_each` is read once: not at all when it makes no instance,
   * and with its resources conditional when how many it makes is not known.
   */
  private callCondition(parent: TfModule, call: ModuleCall, address: string): TfResource['condition'] | 'none' | undefined {
    const driver = call.placed.item.body.attributes.find((a) => a.name === 'count' || a.name === 'for_each');
    if (!driver) return undefined;
    const evaluated = parent.callArgument(call, driver.name)!;
    const fromDefault = [...evaluated.notes].some((n) => n.startsWith(VARIABLE_DEFAULT));
    if (evaluated.value !== UNKNOWN && !fromDefault) {
      const v = evaluated.value;
      const empty = driver.name === 'count' ? !(Number(v) > 0) : collectionEntries(v).length === 0;
      return empty ? 'none' : undefined;
    }
    const note = [...evaluated.notes].join('; ');
    return { text: `${address}: ${driver.name} = ${driver.expr.text}`, source: { format: 'terraform-hcl', file: call.placed.file, line: driver.pos.line, col: driver.pos.col, object: address }, ...(note ? { note } : {}) };
  }

  referenced(value: TfValue | undefined, ...types: string[]): TfResource[] {
    return this.matching(this.resources, value, types);
  }

  referencedData(value: TfValue | undefined, ...types: string[]): TfResource[] {
    return this.matching(this.dataSources, value, types);
  }

  private matching(candidates: TfResource[], value: TfValue | undefined, types: string[]): TfResource[] {
    if (!value) return [];
    return candidates.filter((r) => {
      if (types.length > 0 && !types.includes(r.type)) return false;
      const base = this.baseOf.get(r) ?? r.address;
      if (value.refs.includes(r.address)) return true;
      // `x[each.key]` names one instance of x; a bare `x` names them all.
      return value.refs.includes(base) && !value.refs.some((ref) => ref.startsWith(`${base}[`));
    });
  }
}
