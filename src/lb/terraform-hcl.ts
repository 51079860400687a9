/**
 * Terraform `.tf` source (one file, several, or a directory) as a TfConfiguration: override
 * files merged as Terraform merges them, `count`/`for_each` and `dynamic` blocks expanded when
 * their collections are literal, and expressions evaluated only as far as they are literal.
 * A `var.x` resolves to a value from `terraform.tfvars`/`*.auto.tfvars` or the caller's
 * variables, else to its `default`, which the evidence marks "variable default": bbl writes
 * its tfvars beside the templates, and the default is what applies without them.
 * Anything else (computed attributes, data sources, modules) stays UNKNOWN with its text.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../util/errors.js';
import type { LoadBalancer, SourceRef } from './listener.js';
import { parseHcl, type Attribute, type Block, type Body, type Expr } from './hcl.js';
import { UNKNOWN, type TfBlock, type TfConfiguration, type TfResource, type TfValue } from './terraform-config.js';
import { loadBalancersFromTerraform } from './terraform-lb.js';

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
export function readTerraformHcl(paths: Array<string | { file: string; text: string }>, options: TerraformHclOptions = {}): LoadBalancer[] {
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
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read Terraform file: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { file });
  }
}

/** The same from texts in hand (tests, stdin). */
export function terraformHclLoadBalancers(files: { file: string; text: string }[], tfvars: { file: string; text: string }[] = [], options: TerraformHclOptions = {}): LoadBalancer[] {
  return loadBalancersFromTerraform(new HclConfiguration(files, tfvars, options));
}

const isOverrideFile = (file: string) => /(^|[\\/])(override|[^\\/]*_override)\.tf$/.test(file);

/** An argument or nested block together with the file it was written in. */
interface Placed<T> {
  item: T;
  file: string;
}

/** A block body after override merging: arguments and nested blocks from possibly several files. */
interface MergedBody {
  attributes: Map<string, Placed<Attribute>>;
  blocks: Placed<Block>[];
}

function mergedBody(body: Body, file: string): MergedBody {
  return { attributes: new Map(body.attributes.map((a) => [a.name, { item: a, file }])), blocks: body.blocks.map((item) => ({ item, file })) };
}

/**
 * Terraform's override rule (language/files/override): an argument replaces the base one; a
 * nested block type present in the override replaces all base blocks of that type
 * (`dynamic "x"` counts as type x).
 */
function applyOverride(base: MergedBody, override: MergedBody): void {
  for (const [name, attr] of override.attributes) base.attributes.set(name, attr);
  const blockType = (b: Block) => (b.type === 'dynamic' ? (b.labels[0] ?? '') : b.type);
  const replaced = new Set(override.blocks.map((b) => blockType(b.item)));
  base.blocks = [...base.blocks.filter((b) => !replaced.has(blockType(b.item))), ...override.blocks];
}

interface Declared {
  type: string;
  name: string;
  body: MergedBody;
  header: Placed<Block>;
  fragment: boolean;
}

/** Iterator bindings in effect: `listener.value`, `each.key`, `count.index`. */
type Bindings = ReadonlyMap<string, Record<string, unknown>>;

interface Evaluated {
  value: unknown;
  display: string;
  notes: Set<string>;
}

/** How evidence marks a value that is only a variable's default (a tfvars file may differ). */
const VARIABLE_DEFAULT = 'variable default';

const RESERVED_ROOTS = new Set(['var', 'local', 'data', 'module', 'count', 'each', 'self', 'path', 'terraform']);

/**
 * Instances `count`/`for_each` may make across a configuration. Readers compare resources
 * pairwise, so `count = 100000000` would never finish; an LB configuration has a few dozen.
 */
const MAX_INSTANCES = 1000;

class HclConfiguration implements TfConfiguration {
  readonly resources: TfResource[] = [];
  private instancesLeft = MAX_INSTANCES;
  private readonly declared = new Map<string, Declared>();
  private readonly variables = new Map<string, { default?: Placed<Attribute> }>();
  private readonly locals = new Map<string, Placed<Attribute>>();
  private readonly assigned = new Map<string, { value: unknown; note: string }>();
  private readonly evaluating = new Set<string>();

  constructor(files: { file: string; text: string }[], tfvars: { file: string; text: string }[], options: TerraformHclOptions) {
    const parsed = files.map(({ file, text }) => ({ file, body: parseHcl(text, file) }));
    const primaries = parsed.filter((p) => !isOverrideFile(p.file));
    const overrides = parsed.filter((p) => isOverrideFile(p.file)).sort((a, b) => path.basename(a.file).localeCompare(path.basename(b.file)));
    // Override files read without any primary file are fragments to lint, not overrides.
    const fragments = primaries.length === 0;
    for (const { file, body } of fragments ? overrides : primaries) this.declare(body, file, fragments);
    if (!fragments) for (const { file, body } of overrides) this.override(body, file);
    for (const { file, text } of tfvars) {
      for (const attr of parseHcl(text, file).attributes) {
        const value = this.evaluate(attr.expr, file, new Map()).value;
        this.assigned.set(attr.name, { value, note: `from ${path.basename(file)}:${attr.pos.line}` });
      }
    }
    for (const [name, value] of Object.entries(options.variables ?? {})) this.assigned.set(name, { value, note: 'given by the caller' });
    for (const d of this.declared.values()) this.resources.push(...this.instances(d));
  }

  private declare(body: Body, file: string, fragment: boolean): void {
    for (const block of body.blocks) {
      if (block.type === 'resource' && block.labels.length === 2) {
        const [type, name] = block.labels as [string, string];
        const address = `${type}.${name}`;
        if (this.declared.has(address)) {
          throw new InputError(`duplicate resource "${type}" "${name}": Terraform allows one declaration per address`, { file, ...block.pos });
        }
        this.declared.set(address, { type, name, body: mergedBody(block.body, file), header: { item: block, file }, fragment });
      } else if (block.type === 'variable' && block.labels[0]) {
        const def = block.body.attributes.find((a) => a.name === 'default');
        this.variables.set(block.labels[0], def ? { default: { item: def, file } } : {});
      } else if (block.type === 'locals') {
        for (const attr of block.body.attributes) this.locals.set(attr.name, { item: attr, file });
      }
    }
  }

  private override(body: Body, file: string): void {
    for (const block of body.blocks) {
      if (block.type === 'resource' && block.labels.length === 2) {
        const base = this.declared.get(`${block.labels[0]}.${block.labels[1]}`);
        if (!base) {
          // Terraform's own error (configs/module.go) for the same input.
          throw new InputError(`Missing resource to override: there is no ${block.labels[0]} resource named "${block.labels[1]}"; an override file can only override a resource block defined in a primary configuration file`, { file, ...block.pos });
        }
        applyOverride(base.body, mergedBody(block.body, file));
      } else if (block.type === 'variable' && block.labels[0]) {
        const def = block.body.attributes.find((a) => a.name === 'default');
        const existing = this.variables.get(block.labels[0]);
        if (existing && def) existing.default = { item: def, file };
      } else if (block.type === 'locals') {
        for (const attr of block.body.attributes) this.locals.set(attr.name, { item: attr, file });
      }
    }
  }

  /** A declared resource as the instances `count`/`for_each` make of it. */
  private instances(d: Declared): TfResource[] {
    const count = d.body.attributes.get('count');
    const forEach = d.body.attributes.get('for_each');
    const make = (address: string, bindings: Bindings, condition?: TfResource['condition']): TfResource => {
      const block = this.block(d.body, d.header, bindings);
      return { ...block, type: d.type, name: d.name, address, ...(condition ? { condition } : {}), ...(d.fragment ? { fragment: true } : {}) };
    };
    const base = `${d.type}.${d.name}`;
    const driver = count ?? forEach;
    if (!driver) return [make(base, new Map())];
    const evaluated = this.evaluate(driver.item.expr, driver.file, new Map());
    const source = this.ref(driver.file, driver.item.pos, base);
    const fromDefault = [...evaluated.notes].some((n) => n.startsWith(VARIABLE_DEFAULT));
    if (evaluated.value === UNKNOWN || fromDefault) {
      const note = [...evaluated.notes].join('; ') || undefined;
      return [make(base, new Map([[count ? 'count' : 'each', {}]]), { text: `${driver.item.name} = ${driver.item.expr.text}`, source, ...(note ? { note } : {}) })];
    }
    const tooMany = (n: number): boolean => {
      if (n <= this.instancesLeft) {
        this.instancesLeft -= n;
        return false;
      }
      return true;
    };
    const unexpanded = (n: number) => [make(base, new Map([[count ? 'count' : 'each', {}]]), { text: `${driver.item.name} = ${driver.item.expr.text}`, source, note: `${n} instances, more than ${MAX_INSTANCES} are not expanded` })];
    if (count) {
      const n = Number(evaluated.value);
      const length = Number.isInteger(n) && n > 0 ? n : 0;
      if (tooMany(length)) return unexpanded(length);
      return Array.from({ length }, (_, i) => make(`${base}[${i}]`, new Map([['count', { index: i }]])));
    }
    // A for_each over a set keys each instance by its value (each.key == each.value).
    const entries = Array.isArray(evaluated.value) ? evaluated.value.map((v) => [v, v] as [unknown, unknown]) : collectionEntries(evaluated.value);
    if (tooMany(entries.length)) return unexpanded(entries.length);
    return entries.map(([key, value]) => make(`${base}[${JSON.stringify(key)}]`, new Map([['each', { key, value }]])));
  }

  /**
   * A body as a TfBlock: arguments evaluated lazily, `dynamic` blocks expanded. `name` is what
   * evidence calls the block: the resource address, or "ADDRESS listener".
   */
  private block(body: MergedBody, header: Placed<Block>, bindings: Bindings, name?: string): TfBlock {
    const object = name ?? `${header.item.labels[0]}.${header.item.labels[1]}`;
    return {
      source: this.ref(header.file, header.item.pos, object),
      attr: (name) => {
        const placed = body.attributes.get(name);
        return placed ? this.value(placed, bindings, object) : undefined;
      },
      blocks: (type) => body.blocks.flatMap((placed) => this.nestedBlocks(placed, type, bindings, object)),
    };
  }

  private nestedBlocks(placed: Placed<Block>, type: string, bindings: Bindings, object: string): TfBlock[] {
    const { item, file } = placed;
    if (item.type === type) return [this.block(mergedBody(item.body, file), placed, bindings, `${object} ${type}`)];
    if (item.type !== 'dynamic' || item.labels[0] !== type) return [];
    const content = item.body.blocks.find((b) => b.type === 'content');
    if (!content) return [];
    const iterator = item.body.attributes.find((a) => a.name === 'iterator');
    const name = iterator?.expr.kind === 'variable' ? iterator.expr.name : type;
    const forEach = item.body.attributes.find((a) => a.name === 'for_each');
    const evaluated = forEach ? this.evaluate(forEach.expr, file, bindings) : { value: UNKNOWN, display: '', notes: new Set<string>() };
    const contentPlaced = { item: content, file };
    if (evaluated.value === UNKNOWN) {
      // One block standing for all of them, every iterator value unknown.
      const unknownBinding = new Map(bindings).set(name, {});
      return [this.block(mergedBody(content.body, file), contentPlaced, unknownBinding, `${object} dynamic "${type}" over ${forEach?.expr.text ?? '?'}`)];
    }
    return collectionEntries(evaluated.value).map(([key, value]) => this.block(mergedBody(content.body, file), contentPlaced, new Map(bindings).set(name, { key, value }), `${object} dynamic "${type}"`));
  }

  private value(placed: Placed<Attribute>, bindings: Bindings, object: string): TfValue {
    const { item, file } = placed;
    const evaluated = this.evaluate(item.expr, file, bindings);
    const note = [...evaluated.notes].join('; ');
    return {
      value: evaluated.value,
      text: item.expr.text,
      source: this.ref(file, item.expr.pos, object),
      refs: this.refsOf(item.expr, file, bindings),
      display: evaluated.display,
      ...(note ? { note } : {}),
    };
  }

  private ref(file: string, pos: { line: number; col: number }, object: string): SourceRef {
    return { format: 'terraform-hcl', file, line: pos.line, col: pos.col, object };
  }

  referenced(value: TfValue | undefined, ...types: string[]): TfResource[] {
    if (!value) return [];
    return this.resources.filter((r) => {
      if (types.length > 0 && !types.includes(r.type)) return false;
      const base = `${r.type}.${r.name}`;
      if (value.refs.includes(r.address)) return true;
      // `x[each.key]` names one instance of x; a bare `x` names them all.
      return value.refs.includes(base) && !value.refs.some((ref) => ref.startsWith(`${base}[`));
    });
  }

  /** Resource addresses an expression mentions (through locals too), with instance keys it can evaluate. */
  private refsOf(expr: Expr, file: string, bindings: Bindings, seen = new Set<string>()): string[] {
    const refs: string[] = [];
    walk(expr, (e) => {
      const chain = traversal(e);
      if (!chain || chain.length < 2) return;
      if (chain[0] === 'local' && !seen.has(chain[1]!)) {
        seen.add(chain[1]!);
        const local = this.locals.get(chain[1]!);
        if (local) refs.push(...this.refsOf(local.item.expr, local.file, new Map(), seen));
      } else if (!RESERVED_ROOTS.has(chain[0]!) && chain[0]!.includes('_')) {
        refs.push(`${chain[0]}.${chain[1]}`);
        const key = instanceKey(e);
        const evaluated = key ? this.evaluate(key, file, bindings).value : UNKNOWN;
        if (typeof evaluated === 'string' || typeof evaluated === 'number') refs.push(`${chain[0]}.${chain[1]}[${JSON.stringify(evaluated)}]`);
      }
    });
    return [...new Set(refs)];
  }

  private evaluate(expr: Expr, file: string, bindings: Bindings): Evaluated {
    const notes = new Set<string>();
    const unknown = (display = `\${${expr.text}}`): Evaluated => ({ value: UNKNOWN, display, notes });
    const known = (value: unknown): Evaluated => ({ value, display: typeof value === 'string' ? value : JSON.stringify(value), notes });
    const sub = (e: Expr) => {
      const r = this.evaluate(e, file, bindings);
      r.notes.forEach((n) => notes.add(n));
      return r;
    };
    switch (expr.kind) {
      case 'literal':
        return known(expr.value);
      case 'template': {
        if (expr.directive) return unknown();
        const parts = expr.parts.map((p) => (typeof p === 'string' ? known(p) : sub(p)));
        if (parts.length === 1 && typeof expr.parts[0] !== 'string') return parts[0]!;
        const display = parts.map((p) => p.display).join('');
        return parts.some((p) => p.value === UNKNOWN) ? unknown(display) : known(parts.map((p) => String(p.value)).join(''));
      }
      case 'tuple': {
        const items = expr.items.map(sub);
        return items.some((i) => i.value === UNKNOWN) ? unknown() : known(items.map((i) => i.value));
      }
      case 'object': {
        const entries = expr.items.map(({ key, value }) => [key.kind === 'variable' ? key.name : sub(key).value, sub(value).value] as const);
        return entries.some(([k, v]) => k === UNKNOWN || v === UNKNOWN) ? unknown() : known(Object.fromEntries(entries));
      }
      case 'paren':
        return sub(expr.inner);
      case 'conditional': {
        const condition = sub(expr.condition);
        if (condition.value === UNKNOWN) return unknown();
        return sub(condition.value ? expr.then : expr.else);
      }
      case 'unary': {
        const operand = sub(expr.operand);
        if (operand.value === UNKNOWN) return unknown();
        return known(expr.op === '!' ? !operand.value : -Number(operand.value));
      }
      case 'binary': {
        const [l, r] = [sub(expr.left), sub(expr.right)];
        if (l.value === UNKNOWN || r.value === UNKNOWN) return unknown();
        return known(binaryOp(expr.op, l.value, r.value));
      }
      case 'call': {
        const args = expr.args.map(sub);
        if (args.some((a) => a.value === UNKNOWN)) return unknown();
        const result = callFunction(expr.name, args.map((a) => a.value));
        return result === UNKNOWN ? unknown() : known(result);
      }
      case 'for': {
        const collection = sub(expr.collection);
        if (collection.value === UNKNOWN) return unknown();
        const out: unknown[] = [];
        const obj: Record<string, unknown> = {};
        for (const [key, value] of collectionEntries(collection.value)) {
          const scope = new Map<string, Record<string, unknown>>(bindings);
          if (expr.keyVar) scope.set(expr.keyVar, { '': key });
          scope.set(expr.valueVar, { '': value });
          const inner = (e: Expr) => this.evaluate(e, file, scope);
          if (expr.condition) {
            const c = inner(expr.condition);
            if (c.value === UNKNOWN) return unknown();
            if (!c.value) continue;
          }
          const v = inner(expr.value);
          if (v.value === UNKNOWN) return unknown();
          if (expr.object && expr.key) {
            const k = inner(expr.key);
            if (k.value === UNKNOWN) return unknown();
            obj[String(k.value)] = v.value;
          } else out.push(v.value);
        }
        return known(expr.object ? obj : out);
      }
      case 'variable':
      case 'getattr':
      case 'index':
      case 'splat':
        return this.reference(expr, bindings, notes);
    }
  }

  /** `var.x`, `local.x`, `listener.value`, `TYPE.NAME.ARG` (only when ARG is written literally). */
  private reference(expr: Expr, bindings: Bindings, notes: Set<string>): Evaluated {
    const unknown: Evaluated = { value: UNKNOWN, display: `\${${expr.text}}`, notes };
    const chain = traversal(expr);
    if (!chain) return unknown;
    const [root, second, ...rest] = chain;
    const pass = (r: Evaluated): Evaluated => {
      r.notes.forEach((n) => notes.add(n));
      return { ...r, notes };
    };
    // A for-expression variable is bound under the key ''.
    const bound = bindings.get(root!);
    if (bound) {
      if ('' in bound) return chain.length === 1 ? { value: bound[''], display: String(bound['']), notes } : unknown;
      return second !== undefined && second in bound ? { value: bound[second], display: String(bound[second]), notes } : unknown;
    }
    if (root === 'var' && second) {
      const assigned = this.assigned.get(second);
      if (assigned) {
        notes.add(`var.${second} ${assigned.note}`);
        return { value: assigned.value, display: String(assigned.value), notes };
      }
      const variable = this.variables.get(second);
      if (!variable?.default) return unknown;
      const key = `var.${second}`;
      if (this.evaluating.has(key)) return unknown;
      this.evaluating.add(key);
      const r = this.evaluate(variable.default.item.expr, variable.default.file, new Map());
      this.evaluating.delete(key);
      if (r.value === UNKNOWN) return unknown;
      notes.add(`${VARIABLE_DEFAULT}: var.${second} = ${variable.default.item.expr.text} (${path.basename(variable.default.file)}:${variable.default.item.pos.line})`);
      return pass(r);
    }
    if (root === 'local' && second) {
      const local = this.locals.get(second);
      const key = `local.${second}`;
      if (!local || this.evaluating.has(key)) return unknown;
      this.evaluating.add(key);
      const r = this.evaluate(local.item.expr, local.file, new Map());
      this.evaluating.delete(key);
      return r.value === UNKNOWN ? unknown : pass(r);
    }
    if (root && second && !RESERVED_ROOTS.has(root)) {
      const d = this.declared.get(`${root}.${second}`);
      const arg = rest.find((r) => !/^\d+$/.test(r));
      const placed = arg !== undefined ? d?.body.attributes.get(arg) : undefined;
      const key = `${root}.${second}.${arg}`;
      if (!placed || this.evaluating.has(key)) return unknown;
      this.evaluating.add(key);
      const r = this.evaluate(placed.item.expr, placed.file, new Map());
      this.evaluating.delete(key);
      return r.value === UNKNOWN ? { ...unknown, display: r.display } : pass(r);
    }
    return unknown;
  }
}

/** The index right after `TYPE.NAME` in a traversal (`x.y[each.key].arn`), if any. */
function instanceKey(expr: Expr): Expr | undefined {
  const links: Expr[] = [];
  for (let e: Expr | undefined = expr; e; e = e.kind === 'getattr' || e.kind === 'index' || e.kind === 'splat' ? e.target : undefined) links.unshift(e);
  const third = links[2];
  return links[0]?.kind === 'variable' && links[1]?.kind === 'getattr' && third?.kind === 'index' ? third.key : undefined;
}

/** `a.b[0].c` as names (index numbers kept as strings), or undefined for anything else. */
function traversal(expr: Expr): string[] | undefined {
  switch (expr.kind) {
    case 'variable':
      return [expr.name];
    case 'getattr': {
      const t = traversal(expr.target);
      return t ? [...t, expr.name] : undefined;
    }
    case 'index': {
      const t = traversal(expr.target);
      return t && expr.key.kind === 'literal' ? [...t, String(expr.key.value)] : t;
    }
    case 'splat':
      return traversal(expr.target);
    default:
      return undefined;
  }
}

function walk(expr: Expr, visit: (e: Expr) => void): void {
  visit(expr);
  const children: Expr[] = [];
  switch (expr.kind) {
    case 'template':
      children.push(...expr.parts.filter((p): p is Expr => typeof p !== 'string'));
      break;
    case 'tuple':
      children.push(...expr.items);
      break;
    case 'object':
      children.push(...expr.items.flatMap((i) => [i.key, i.value]));
      break;
    case 'getattr':
    case 'splat':
      children.push(expr.target);
      break;
    case 'index':
      children.push(expr.target, expr.key);
      break;
    case 'call':
      children.push(...expr.args);
      break;
    case 'conditional':
      children.push(expr.condition, expr.then, expr.else);
      break;
    case 'binary':
      children.push(expr.left, expr.right);
      break;
    case 'unary':
      children.push(expr.operand);
      break;
    case 'paren':
      children.push(expr.inner);
      break;
    case 'for':
      children.push(expr.collection, expr.value, ...(expr.key ? [expr.key] : []), ...(expr.condition ? [expr.condition] : []));
      break;
    default:
      break;
  }
  // A getattr chain is one traversal: visiting inner links again would add partial addresses.
  if (expr.kind === 'getattr' || expr.kind === 'index' || expr.kind === 'splat') {
    if (expr.kind === 'index') walk(expr.key, visit);
    return;
  }
  children.forEach((c) => walk(c, visit));
}

/** [key, value] pairs of a list/set (index keys) or object. */
function collectionEntries(value: unknown): [unknown, unknown][] {
  if (Array.isArray(value)) return value.map((v, i) => [i, v]);
  if (value !== null && typeof value === 'object') return Object.entries(value);
  return [];
}

function binaryOp(op: string, l: unknown, r: unknown): unknown {
  switch (op) {
    case '+':
      return Number(l) + Number(r);
    case '-':
      return Number(l) - Number(r);
    case '*':
      return Number(l) * Number(r);
    case '/':
      return Number(l) / Number(r);
    case '%':
      return Number(l) % Number(r);
    case '==':
      return JSON.stringify(l) === JSON.stringify(r);
    case '!=':
      return JSON.stringify(l) !== JSON.stringify(r);
    case '<':
      return Number(l) < Number(r);
    case '>':
      return Number(l) > Number(r);
    case '<=':
      return Number(l) <= Number(r);
    case '>=':
      return Number(l) >= Number(r);
    case '&&':
      return Boolean(l) && Boolean(r);
    default:
      return Boolean(l) || Boolean(r);
  }
}

/** The few functions LB configurations use on literals; UNKNOWN for the rest. */
function callFunction(name: string, args: unknown[]): unknown {
  const [a, b, c] = args;
  switch (name) {
    case 'range': {
      const [start, end, step] = args.length === 1 ? [0, Number(a), 1] : [Number(a), Number(b), args.length > 2 ? Number(c) : 1];
      if (![start, end, step].every(Number.isFinite) || step === 0 || Math.abs((end - start) / step) > 70000) return UNKNOWN;
      const out: number[] = [];
      for (let i = start; step > 0 ? i < end : i > end; i += step) out.push(i);
      return out;
    }
    case 'tostring':
      return typeof a === 'object' ? UNKNOWN : String(a);
    case 'tonumber':
      return Number.isFinite(Number(a)) ? Number(a) : UNKNOWN;
    case 'tolist':
    case 'toset':
      return Array.isArray(a) ? (name === 'toset' ? [...new Set(a)] : a) : UNKNOWN;
    case 'lower':
      return String(a).toLowerCase();
    case 'upper':
      return String(a).toUpperCase();
    case 'length':
      return Array.isArray(a) ? a.length : typeof a === 'string' ? a.length : a && typeof a === 'object' ? Object.keys(a).length : UNKNOWN;
    case 'concat':
      return args.every(Array.isArray) ? args.flat() : UNKNOWN;
    case 'flatten':
      return Array.isArray(a) ? a.flat(Infinity) : UNKNOWN;
    case 'element':
      return Array.isArray(a) && a.length > 0 ? a[Number(b) % a.length] : UNKNOWN;
    case 'join':
      return Array.isArray(b) ? b.join(String(a)) : UNKNOWN;
    case 'one':
      return Array.isArray(a) && a.length <= 1 ? (a[0] ?? null) : UNKNOWN;
    default:
      return UNKNOWN;
  }
}
