/**
 * Terraform's JSON: `terraform show -json` of a plan (planned_values; values known only after
 * apply are listed in resource_changes[].change.after_unknown) or of state (values), raw state
 * v4 (`resources[].instances[].attributes`), and the Terraform 0.11 state v3 kept by
 * bosh-bootloader (`modules[].resources`, flat string attributes like `listener.#`).
 * Everything is expanded already; resources are joined by matching values (an ARN, a
 * self_link, a name) and, in a plan, by the references its `configuration` records.
 */
import type { SourceRef } from './listener.js';
import { jsonPointer, type JsonPath, type PositionedJson } from './json-positions.js';
import { UNKNOWN, type TfBlock, type TfConfiguration, type TfResource, type TfValue } from './terraform-config.js';
import { loadBalancersFromTerraform, type TerraformRead } from './terraform-lb.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Which Terraform JSON document this is, or undefined. */
export function terraformJsonKind(data: unknown): 'show' | 'state-v4' | 'state-v3' | undefined {
  if (!isObject(data)) return undefined;
  if (typeof data.format_version === 'string' && (isObject(data.planned_values) || isObject(data.values) || Array.isArray(data.resource_changes))) return 'show';
  if (data.version === 4 && Array.isArray(data.resources)) return 'state-v4';
  if (data.version === 3 && Array.isArray(data.modules)) return 'state-v3';
  return undefined;
}

export function readTerraformJson(json: PositionedJson, file: string): TerraformRead {
  return loadBalancersFromTerraform(new JsonConfiguration(json, file));
}

interface RawResource {
  address: string;
  type: string;
  name: string;
  values: Json;
  path: JsonPath;
  /** Attribute paths whose values are known only after apply (plan). */
  unknown: Json;
  /** The `configuration` expressions of the resource (plan), for references. */
  expressions: Json;
  /** The plan's `configuration` has this resource, so an argument missing from it was not written. */
  configured: boolean;
}

class JsonConfiguration implements TfConfiguration {
  readonly resources: TfResource[];
  readonly modulesRead: number;
  private readonly byIdentity = new Map<string, Set<TfResource>>();

  constructor(
    private readonly json: PositionedJson,
    private readonly file: string,
  ) {
    const raw = rawResources(json.value);
    this.resources = raw.map((r) => this.resource(r));
    this.modulesRead = new Set(raw.flatMap((r) => /^(module\.[^.]+\.)+/.exec(r.address)?.[0] ?? [])).size;
    raw.forEach((r, i) => {
      for (const key of ['id', 'arn', 'self_link', 'name', 'dns_name', 'address']) {
        const v = r.values[key];
        if (typeof v !== 'string' || v === '') continue;
        const norm = normalise(v);
        if (!this.byIdentity.has(norm)) this.byIdentity.set(norm, new Set());
        this.byIdentity.get(norm)!.add(this.resources[i]!);
      }
    });
  }

  private ref(path: JsonPath, object: string): SourceRef {
    return { format: 'terraform-json', file: this.file, line: this.json.lineOf(path), pointer: jsonPointer(path), object };
  }

  private resource(r: RawResource): TfResource {
    return { ...this.block(r, r.values, r.path, r.unknown, r.expressions, []), type: r.type, name: r.name, address: r.address };
  }

  private block(r: RawResource, values: Json, path: JsonPath, unknown: unknown, expressions: unknown, within: (string | number)[]): TfBlock {
    const object = [r.address, ...within.filter((w) => typeof w === 'string')].join(' ');
    return {
      source: this.ref(path, object),
      attr: (name) => {
        const value = values[name];
        const exprRefs = referencesIn(isObject(expressions) ? expressions[name] : undefined);
        if ((value === undefined || value === null) && isObject(unknown) && unknown[name] === true) {
          const computed = r.configured && isObject(expressions) && !(name in expressions);
          return { value: UNKNOWN, text: '(known after apply)', source: this.ref([...path, name], object), refs: exprRefs, display: '${(known after apply)}', note: computed ? 'known after apply: not in the configuration, so the provider sets it' : 'known after apply', ...(computed ? { computed } : {}) };
        }
        if (value === undefined || value === null) return undefined;
        const strings = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
        const matched = strings.flatMap((s) => [...(this.byIdentity.get(normalise(s)) ?? [])].map((m) => m.address));
        const text = JSON.stringify(value);
        return { value, text, source: this.ref([...path, name], object), refs: [...new Set([...exprRefs, ...matched])], display: typeof value === 'string' ? value : text };
      },
      blocks: (type) => {
        const list = values[type];
        if (!Array.isArray(list)) return [];
        const unknownList = isObject(unknown) ? unknown[type] : undefined;
        const exprList = isObject(expressions) ? expressions[type] : undefined;
        return list.filter(isObject).map((item, i) => this.block(r, item, [...path, type, i], Array.isArray(unknownList) ? unknownList[i] : undefined, Array.isArray(exprList) ? exprList[i] : undefined, [...within, type]));
      },
    };
  }

  referenced(value: TfValue | undefined, ...types: string[]): TfResource[] {
    if (!value) return [];
    return this.resources.filter((r) => (value.refs.includes(r.address) || value.refs.includes(`${r.type}.${r.name}`)) && (types.length === 0 || types.includes(r.type)));
  }
}

/** GCP self_links name one resource under several API versions (compute/v1, compute/beta). */
function normalise(s: string): string {
  return s.replace(/^https:\/\/www\.googleapis\.com\/compute\/[^/]+\//, 'gcp:');
}

/** `TYPE.NAME` addresses an expression's `references` name (plan `configuration`). */
function referencesIn(expression: unknown): string[] {
  if (!isObject(expression) || !Array.isArray(expression.references)) return [];
  return expression.references.filter((r): r is string => typeof r === 'string').map((r) => r.split('.').slice(0, 2).join('.'));
}

function rawResources(data: unknown): RawResource[] {
  const kind = terraformJsonKind(data);
  const doc = data as Json;
  if (kind === 'show') {
    const changes = new Map<string, Json>();
    for (const c of Array.isArray(doc.resource_changes) ? doc.resource_changes : []) {
      if (isObject(c) && typeof c.address === 'string' && isObject(c.change)) changes.set(c.address, c.change);
    }
    const expressions = new Map<string, Json>();
    const config = isObject(doc.configuration) ? doc.configuration.root_module : undefined;
    const collectConfig = (module: unknown, prefix: string) => {
      if (!isObject(module)) return;
      for (const r of Array.isArray(module.resources) ? module.resources : []) {
        if (isObject(r) && typeof r.address === 'string' && isObject(r.expressions)) expressions.set(`${prefix}${r.address}`, r.expressions);
      }
      if (isObject(module.module_calls)) for (const [name, call] of Object.entries(module.module_calls)) if (isObject(call)) collectConfig(call.module, `${prefix}module.${name}.`);
    };
    collectConfig(config, '');
    const root = isObject(doc.planned_values) ? 'planned_values' : 'values';
    const out: RawResource[] = [];
    const walk = (module: unknown, path: JsonPath) => {
      if (!isObject(module)) return;
      (Array.isArray(module.resources) ? module.resources : []).forEach((r, i) => {
        if (!isObject(r) || r.mode === 'data' || typeof r.type !== 'string' || typeof r.address !== 'string') return;
        const change = changes.get(r.address);
        const configAddress = r.address.replace(/\[[^\]]*\]$/, '').replace(/\[[^\]]*\]\./g, '.');
        out.push({ address: r.address, type: r.type, name: String(r.name), values: isObject(r.values) ? r.values : {}, path: [...path, 'resources', i, 'values'], unknown: isObject(change?.after_unknown) ? change.after_unknown : {}, expressions: expressions.get(configAddress) ?? {}, configured: expressions.has(configAddress) });
      });
      (Array.isArray(module.child_modules) ? module.child_modules : []).forEach((m, i) => walk(m, [...path, 'child_modules', i]));
    };
    walk(isObject(doc[root]) ? (doc[root] as Json).root_module : undefined, [root, 'root_module']);
    return out;
  }
  if (kind === 'state-v4') {
    return (doc.resources as unknown[]).flatMap((r, i) => {
      if (!isObject(r) || r.mode === 'data' || typeof r.type !== 'string' || !Array.isArray(r.instances)) return [];
      const base = `${typeof r.module === 'string' ? `${r.module}.` : ''}${r.type}.${String(r.name)}`;
      return r.instances.filter(isObject).map((inst, j) => ({
        address: inst.index_key === undefined ? base : `${base}[${JSON.stringify(inst.index_key)}]`,
        type: r.type as string,
        name: String(r.name),
        values: isObject(inst.attributes) ? inst.attributes : {},
        path: ['resources', i, 'instances', j, 'attributes'],
        unknown: {},
        expressions: {},
        configured: false,
      }));
    });
  }
  if (kind === 'state-v3') {
    return (doc.modules as unknown[]).flatMap((m, i) => {
      if (!isObject(m) || !isObject(m.resources)) return [];
      const modulePath = Array.isArray(m.path) ? m.path.slice(1).map((p) => `module.${String(p)}.`).join('') : '';
      return Object.entries(m.resources).flatMap(([key, r]) => {
        if (!isObject(r) || key.startsWith('data.') || typeof r.type !== 'string' || !isObject(r.primary)) return [];
        const [, name = '', index] = /^[^.]+\.([^.]+)(?:\.(\d+))?$/.exec(key) ?? [];
        const attributes = isObject(r.primary.attributes) ? r.primary.attributes : {};
        return [{ address: `${modulePath}${r.type}.${name}${index !== undefined ? `[${index}]` : ''}`, type: r.type, name, values: unflatten(attributes), path: ['modules', i, 'resources', key, 'primary', 'attributes'], unknown: {}, expressions: {}, configured: false }];
      });
    });
  }
  return [];
}

/**
 * Terraform 0.11 flat attributes to nested values: `listener.#` marks a list (elements keyed by
 * index or hash), `tags.%` a map. Values stay strings, as the state has them.
 */
function unflatten(flat: Json): Json {
  const tree: Json = {};
  for (const [key, value] of Object.entries(flat)) {
    const parts = key.split('.');
    let node = tree;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        if (!isObject(node[part])) node[part] = value;
      } else {
        if (!isObject(node[part])) node[part] = {};
        node = node[part] as Json;
      }
    });
  }
  const convert = (node: unknown): unknown => {
    if (!isObject(node)) return node;
    if ('#' in node) {
      return Object.entries(node)
        .filter(([k]) => k !== '#')
        .sort(([a], [b]) => (/^\d+$/.test(a) && /^\d+$/.test(b) ? Number(a) - Number(b) : 0))
        .map(([, v]) => convert(v));
    }
    const out: Json = {};
    for (const [k, v] of Object.entries(node)) if (k !== '%') out[k] = convert(v);
    return out;
  };
  return convert(tree) as Json;
}
