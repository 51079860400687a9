/**
 * One Terraform module (the root, or a local `module` call) as its declarations and an
 * evaluator over them: override files merged as Terraform merges them, `count`/`for_each`
 * and `dynamic` blocks expanded when their collections can be worked out, and expressions
 * evaluated only as far as they are literal. A `var.x` resolves to the root's tfvars or the
 * caller's value, to the module call's argument (evaluated in the caller), else to its
 * `default`, which the evidence marks "variable default". Computed attributes, data sources
 * and remote modules stay UNKNOWN with their text.
 */
import path from 'node:path';
import { InputError } from '../util/errors.js';
import type { SourceRef } from './listener.js';
import { MAX_HCL_NESTING, type Attribute, type Block, type Body, type Expr } from './hcl.js';
import { UNKNOWN, type TfBlock, type TfResource, type TfValue } from './terraform-config.js';
import { binaryOp, callFunction, collectionEntries, instanceKey, traversal, walk } from './terraform-functions.js';

const isOverrideFile = (file: string) => /(^|[\\/])(override|[^\\/]*_override)\.tf$/.test(file);

/** An argument or nested block together with the file it was written in. */
export interface Placed<T> {
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
export const VARIABLE_DEFAULT = 'variable default';

const RESERVED_ROOTS = new Set(['var', 'local', 'data', 'module', 'count', 'each', 'self', 'path', 'terraform']);

/**
 * Instances `count`/`for_each` may make across a configuration. Readers compare resources
 * pairwise, so `count = 100000000` would never finish; an LB configuration has a few dozen.
 */
const MAX_INSTANCES = 1000;

/** What the modules of one configuration share. */
export class ConfigurationState {
  instancesLeft = MAX_INSTANCES;
  /** Values being evaluated (with their module prefix): a reference cycle, or a chain too long to follow. */
  readonly evaluating = new Set<string>();
}

/** A `module` block of this module, and the module it calls when that could be read. */
export interface ModuleCall {
  name: string;
  placed: Placed<Block>;
  module?: TfModule;
}

export interface ParsedFile {
  file: string;
  body: Body;
}

export class TfModule {
  private readonly declared = new Map<string, Declared>();
  private readonly dataDeclared = new Map<string, Declared>();
  private readonly variables = new Map<string, { default?: Placed<Attribute> }>();
  private readonly locals = new Map<string, Placed<Attribute>>();
  private readonly outputs = new Map<string, Placed<Attribute>>();
  readonly calls = new Map<string, ModuleCall>();
  /** Values from the root's tfvars files and the caller's variables (root module only). */
  readonly assigned = new Map<string, { value: unknown; note: string }>();

  /**
   * @param prefix `""` for the root, `module.NAME.` for a called module
   * @param caller the module and block that call this one
   * @param condition set when the module call has a `count`/`for_each`, carried to its resources
   */
  constructor(
    readonly prefix: string,
    parsed: ParsedFile[],
    private readonly state: ConfigurationState,
    readonly caller?: { module: TfModule; call: ModuleCall },
    private readonly condition?: TfResource['condition'],
  ) {
    const primaries = parsed.filter((p) => !isOverrideFile(p.file));
    const overrides = parsed.filter((p) => isOverrideFile(p.file)).sort((a, b) => path.basename(a.file).localeCompare(path.basename(b.file)));
    // Override files read without any primary file are fragments to lint, not overrides.
    const fragments = primaries.length === 0;
    for (const { file, body } of fragments ? overrides : primaries) this.declare(body, file, fragments);
    if (!fragments) for (const { file, body } of overrides) this.override(body, file);
  }

  /** Root module: a tfvars file's assignments (`terraform.tfvars`, `*.auto.tfvars`). */
  assignTfvars(body: Body, file: string): void {
    for (const attr of body.attributes) {
      const value = this.evaluate(attr.expr, file, new Map()).value;
      this.assigned.set(attr.name, { value, note: `from ${path.basename(file)}:${attr.pos.line}` });
    }
  }

  private declare(body: Body, file: string, fragment: boolean): void {
    for (const block of body.blocks) {
      if ((block.type === 'resource' || block.type === 'data') && block.labels.length === 2) {
        const [type, name] = block.labels as [string, string];
        const table = block.type === 'resource' ? this.declared : this.dataDeclared;
        if (table.has(`${type}.${name}`)) {
          throw new InputError(`duplicate ${block.type} "${type}" "${name}": Terraform allows one declaration per address`, { file, ...block.pos });
        }
        table.set(`${type}.${name}`, { type, name, body: mergedBody(block.body, file), header: { item: block, file }, fragment });
      } else if (block.type === 'variable' && block.labels[0]) {
        const def = block.body.attributes.find((a) => a.name === 'default');
        this.variables.set(block.labels[0], def ? { default: { item: def, file } } : {});
      } else if (block.type === 'locals') {
        for (const attr of block.body.attributes) this.locals.set(attr.name, { item: attr, file });
      } else if (block.type === 'output' && block.labels[0]) {
        const value = block.body.attributes.find((a) => a.name === 'value');
        if (value) this.outputs.set(block.labels[0], { item: value, file });
      } else if (block.type === 'module' && block.labels[0]) {
        this.calls.set(block.labels[0], { name: block.labels[0], placed: { item: block, file } });
      }
    }
  }

  private override(body: Body, file: string): void {
    for (const block of body.blocks) {
      if ((block.type === 'resource' || block.type === 'data') && block.labels.length === 2) {
        const base = (block.type === 'resource' ? this.declared : this.dataDeclared).get(`${block.labels[0]}.${block.labels[1]}`);
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
      } else if (block.type === 'output' && block.labels[0]) {
        const value = block.body.attributes.find((a) => a.name === 'value');
        if (value) this.outputs.set(block.labels[0], { item: value, file });
      }
    }
  }

  /** The instances of every resource this module declares (not those of the modules it calls). */
  resources(): TfResource[] {
    return [...this.declared.values()].flatMap((d) => this.instances(d));
  }

  /** Data sources, one instance each: their arguments (a lookup's `display_name`) are facts too. */
  dataSources(): TfResource[] {
    return [...this.dataDeclared.values()].map((d) => {
      const address = `${this.prefix}data.${d.type}.${d.name}`;
      return { ...this.block(d.body, d.header, new Map(), address), type: d.type, name: d.name, address };
    });
  }

  /** A call argument (`source`, `count`), evaluated in this module. */
  callArgument(call: ModuleCall, name: string): Evaluated | undefined {
    const attr = call.placed.item.body.attributes.find((a) => a.name === name);
    return attr ? this.evaluate(attr.expr, call.placed.file, new Map()) : undefined;
  }

  /** A declared resource as the instances `count`/`for_each` make of it. */
  private instances(d: Declared): TfResource[] {
    const count = d.body.attributes.get('count');
    const forEach = d.body.attributes.get('for_each');
    const base = `${this.prefix}${d.type}.${d.name}`;
    const make = (address: string, bindings: Bindings, condition?: TfResource['condition']): TfResource => {
      const block = this.block(d.body, d.header, bindings, base);
      const when = condition ?? this.condition;
      return { ...block, type: d.type, name: d.name, address, ...(when ? { condition: when } : {}), ...(d.fragment ? { fragment: true } : {}) };
    };
    const driver = count ?? forEach;
    if (!driver) return [make(base, new Map())];
    const evaluated = this.evaluate(driver.item.expr, driver.file, new Map());
    const source = this.ref(driver.file, driver.item.pos, base);
    const fromDefault = [...evaluated.notes].some((n) => n.startsWith(VARIABLE_DEFAULT));
    const note = [...evaluated.notes].join('; ') || undefined;
    const unsure = { text: `${driver.item.name} = ${driver.item.expr.text}`, source, ...(note ? { note } : {}) };
    // A variable's default is what applies without a tfvars value: its instances exist, but only
    // under that condition; a default that makes none (bbl's isolation_segments = "0") leaves one
    // conditional instance, so the resource is still seen.
    const defaultMakesNone = fromDefault && evaluated.value !== UNKNOWN && (count ? !(Number(evaluated.value) > 0) : collectionEntries(evaluated.value).length === 0);
    if (evaluated.value === UNKNOWN || defaultMakesNone) return [make(base, new Map([[count ? 'count' : 'each', {}]]), unsure)];
    const when = fromDefault ? unsure : undefined;
    const tooMany = (n: number): boolean => {
      if (n <= this.state.instancesLeft) {
        this.state.instancesLeft -= n;
        return false;
      }
      return true;
    };
    const unexpanded = (n: number) => [make(base, new Map([[count ? 'count' : 'each', {}]]), { text: `${driver.item.name} = ${driver.item.expr.text}`, source, note: `${n} instances, more than ${MAX_INSTANCES} are not expanded` })];
    if (count) {
      const n = Number(evaluated.value);
      const length = Number.isInteger(n) && n > 0 ? n : 0;
      if (tooMany(length)) return unexpanded(length);
      return Array.from({ length }, (_, i) => make(`${base}[${i}]`, new Map([['count', { index: i }]]), when));
    }
    // A for_each over a set keys each instance by its value (each.key == each.value).
    const entries = Array.isArray(evaluated.value) ? evaluated.value.map((v) => [v, v] as [unknown, unknown]) : collectionEntries(evaluated.value);
    if (tooMany(entries.length)) return unexpanded(entries.length);
    return entries.map(([key, value]) => make(`${base}[${JSON.stringify(key)}]`, new Map([['each', { key, value }]]), when));
  }

  /**
   * A body as a TfBlock: arguments evaluated lazily, `dynamic` blocks expanded, and Terraform
   * 0.11's attribute form of a block (`listener = [{ … }]`) read as blocks. `object` is what
   * evidence calls the block: the resource address, or "ADDRESS listener".
   */
  private block(body: MergedBody, header: Placed<Block>, bindings: Bindings, object: string): TfBlock {
    return {
      source: this.ref(header.file, header.item.pos, object),
      attr: (name) => {
        const placed = body.attributes.get(name);
        return placed ? this.value(placed, bindings, object) : undefined;
      },
      blocks: (type) => [
        ...body.blocks.flatMap((placed) => this.nestedBlocks(placed, type, bindings, object)),
        ...this.attributeBlocks(body.attributes.get(type), bindings, `${object} ${type}`),
      ],
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

  /**
   * Terraform 0.11 let a block be written as an attribute: `listener = [{ lb_port = 443 }]`,
   * `frontend_ip_configuration = { … }`, or `listener = var.listeners`. Literal objects keep
   * their positions; a value that cannot be worked out stands for one block of unknowns.
   */
  private attributeBlocks(placed: Placed<Attribute> | undefined, bindings: Bindings, object: string): TfBlock[] {
    if (!placed) return [];
    const { item, file } = placed;
    const objects = item.expr.kind === 'object' ? [item.expr] : item.expr.kind === 'tuple' ? item.expr.items : undefined;
    if (objects?.every((o) => o.kind === 'object')) return objects.map((o) => this.objectBlock(o, file, bindings, object));
    const evaluated = this.evaluate(item.expr, file, bindings);
    const source = this.ref(file, item.expr.pos, object);
    const note = [...evaluated.notes].join('; ');
    const dataBlock = (data: unknown): TfBlock => ({
      source,
      attr: (name) => {
        const value = data === UNKNOWN ? UNKNOWN : data !== null && typeof data === 'object' && Object.hasOwn(data, name) ? (data as Record<string, unknown>)[name] : undefined;
        if (value === undefined) return undefined;
        const text = `${item.expr.text}.${name}`;
        return { value, text, source, refs: [], display: value === UNKNOWN ? `\${${text}}` : typeof value === 'string' ? value : JSON.stringify(value), ...(note ? { note } : {}) };
      },
      blocks: () => [],
    });
    if (evaluated.value === UNKNOWN) return [dataBlock(UNKNOWN)];
    const list = Array.isArray(evaluated.value) ? evaluated.value : [evaluated.value];
    return list.filter((v) => v !== null && typeof v === 'object' && !Array.isArray(v)).map(dataBlock);
  }

  /** An object expression `{ lb_port = 443, … }` as a block, each item an argument at its own line. */
  private objectBlock(expr: Expr & { kind: 'object' }, file: string, bindings: Bindings, object: string): TfBlock {
    const keyName = (key: Expr) => (key.kind === 'variable' ? key.name : key.kind === 'template' && key.parts.every((p) => typeof p === 'string') ? key.parts.join('') : key.kind === 'literal' ? String(key.value) : undefined);
    const item = (name: string) => expr.items.find((i) => keyName(i.key) === name);
    return {
      source: this.ref(file, expr.pos, object),
      attr: (name) => {
        const found = item(name);
        return found ? this.value({ item: { name, expr: found.value, pos: found.key.pos }, file }, bindings, object) : undefined;
      },
      blocks: (type) => {
        const found = item(type);
        return found ? this.attributeBlocks({ item: { name: type, expr: found.value, pos: found.key.pos }, file }, bindings, `${object} ${type}`) : [];
      },
    };
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
      ...(item.expr.kind === 'tuple' ? { elements: item.expr.items.map((e) => this.evaluate(e, file, bindings).display) } : {}),
      ...(note ? { note } : {}),
    };
  }

  private ref(file: string, pos: { line: number; col: number }, object: string): SourceRef {
    return { format: 'terraform-hcl', file, line: pos.line, col: pos.col, object };
  }

  /**
   * Resource addresses an expression mentions (through locals, variables passed into modules
   * and module outputs too), with the instance keys it can evaluate.
   */
  refsOf(expr: Expr, file: string, bindings: Bindings, seen = new Set<string>()): string[] {
    const refs: string[] = [];
    const follow = (key: string, into: () => string[]) => {
      if (seen.has(key) || seen.size > MAX_HCL_NESTING) return;
      seen.add(key);
      refs.push(...into());
    };
    walk(expr, (e) => {
      const chain = traversal(e);
      if (!chain || chain.length < 2) return;
      const [root, second, third] = chain as [string, string, string | undefined];
      if (root === 'local') {
        const local = this.locals.get(second);
        if (local) follow(`${this.prefix}local.${second}`, () => this.refsOf(local.item.expr, local.file, new Map(), seen));
      } else if (root === 'var') {
        const arg = this.caller?.call.placed.item.body.attributes.find((a) => a.name === second);
        const caller = this.caller;
        if (arg && caller) follow(`${this.prefix}var.${second}`, () => caller.module.refsOf(arg.expr, caller.call.placed.file, new Map(), seen));
      } else if (root === 'module' && third !== undefined) {
        const child = this.calls.get(second)?.module;
        const output = child?.outputs.get(third);
        if (child && output) follow(`${child.prefix}output.${third}`, () => child.refsOf(output.item.expr, output.file, new Map(), seen));
      } else if (root === 'data' && third !== undefined) {
        refs.push(`${this.prefix}data.${second}.${third}`);
      } else if (!RESERVED_ROOTS.has(root) && root.includes('_')) {
        refs.push(`${this.prefix}${root}.${second}`);
        const key = instanceKey(e);
        const evaluated = key ? this.evaluate(key, file, bindings).value : UNKNOWN;
        if (typeof evaluated === 'string' || typeof evaluated === 'number') refs.push(`${this.prefix}${root}.${second}[${JSON.stringify(evaluated)}]`);
      }
    });
    return [...new Set(refs)];
  }

  evaluate(expr: Expr, file: string, bindings: Bindings): Evaluated {
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

  /** Evaluates a named value once at a time: a cycle, or a chain longer than the reader follows, is unknown. */
  private guarded(key: string, run: () => Evaluated): Evaluated | undefined {
    const evaluating = this.state.evaluating;
    if (evaluating.has(key) || evaluating.size > MAX_HCL_NESTING) return undefined;
    evaluating.add(key);
    try {
      return run();
    } finally {
      evaluating.delete(key);
    }
  }

  /** `var.x`, `local.x`, `module.m.out`, `listener.value`, `TYPE.NAME.ARG` (only when ARG is written literally). */
  private reference(expr: Expr, bindings: Bindings, notes: Set<string>): Evaluated {
    const unknown: Evaluated = { value: UNKNOWN, display: `\${${expr.text}}`, notes };
    const chain = traversal(expr);
    if (!chain) return unknown;
    const [root, second, ...rest] = chain;
    const pass = (r: Evaluated | undefined): Evaluated => {
      if (!r || r.value === UNKNOWN) return unknown;
      r.notes.forEach((n) => notes.add(n));
      return { ...r, notes };
    };
    // A for-expression variable is bound under the key ''.
    const bound = bindings.get(root!);
    if (bound) {
      if ('' in bound) return chain.length === 1 ? { value: bound[''], display: String(bound['']), notes } : unknown;
      return second !== undefined && second in bound ? { value: bound[second], display: String(bound[second]), notes } : unknown;
    }
    if (root === 'var' && second) return this.variable(second, unknown, notes, pass);
    if (root === 'local' && second) {
      const local = this.locals.get(second);
      if (!local) return unknown;
      return pass(this.guarded(`${this.prefix}local.${second}`, () => this.evaluate(local.item.expr, local.file, new Map())));
    }
    if (root === 'module' && second && rest[0] !== undefined) {
      const child = this.calls.get(second)?.module;
      const output = child?.outputs.get(rest[0]);
      if (!child || !output) return unknown;
      return pass(this.guarded(`${child.prefix}output.${rest[0]}`, () => child.evaluate(output.item.expr, output.file, new Map())));
    }
    if (root && second && !RESERVED_ROOTS.has(root)) {
      const d = this.declared.get(`${root}.${second}`);
      const arg = rest.find((r) => !/^\d+$/.test(r));
      const placed = arg !== undefined ? d?.body.attributes.get(arg) : undefined;
      if (!placed) return unknown;
      const r = this.guarded(`${this.prefix}${root}.${second}.${arg}`, () => this.evaluate(placed.item.expr, placed.file, new Map()));
      return r && r.value === UNKNOWN ? { ...unknown, display: r.display } : pass(r);
    }
    return unknown;
  }

  /** `var.NAME`: the root's assignment, the module call's argument, else the declared default. */
  private variable(name: string, unknown: Evaluated, notes: Set<string>, pass: (r: Evaluated | undefined) => Evaluated): Evaluated {
    const assigned = this.assigned.get(name);
    if (assigned) {
      notes.add(`var.${name} ${assigned.note}`);
      return { value: assigned.value, display: String(assigned.value), notes };
    }
    const caller = this.caller;
    const arg = caller?.call.placed.item.body.attributes.find((a) => a.name === name);
    if (caller && arg) {
      const r = this.guarded(`${this.prefix}var.${name}`, () => caller.module.evaluate(arg.expr, caller.call.placed.file, new Map()));
      if (r && r.value !== UNKNOWN) notes.add(`var.${name} from ${caller.module.prefix}module.${caller.call.name}: ${name} = ${arg.expr.text} (${path.basename(caller.call.placed.file)}:${arg.pos.line})`);
      return r && r.value === UNKNOWN ? { ...unknown, display: r.display } : pass(r);
    }
    const variable = this.variables.get(name);
    if (!variable?.default) return unknown;
    const def = variable.default;
    const r = this.guarded(`${this.prefix}var.${name}`, () => this.evaluate(def.item.expr, def.file, new Map()));
    if (!r || r.value === UNKNOWN) return unknown;
    notes.add(`${VARIABLE_DEFAULT}: var.${name} = ${def.item.expr.text} (${path.basename(def.file)}:${def.item.pos.line})`);
    return pass(r);
  }
}
