/**
 * The neutral load-balancer file (`apiVersion: cf-ws-lint/v1alpha1`, `kind: LoadBalancers`):
 * listeners described by hand for LBs whose configuration cannot be read (F5, NSX-T, Avi;
 * vSphere and OpenStack, where bbl creates no LB: bosh-bootloader docs/cf-lbs.md), and the way
 * to complete a parsed LB (its DNS names, values its configuration leaves unknown).
 * Format: shared/reference/lb-formats.md §7; schema: schemas/lb-file.schema.json.
 */
import { compileSchema, type ErrorObject } from '../util/schema-validator.js';
import { InputError } from '../util/errors.js';
import type { BackProtocol, Evidence, FrontProtocol, LbKind, Listener, LoadBalancer, SourceRef, Tri } from './listener.js';
import { LB_FILE_SCHEMA } from './lb-file-schema.js';
import { ListenerBuilder, protocolTerminatesTls, type ListenerField, type ListenerFields } from './listener-builder.js';
import { listenerFacts } from './provider-facts.js';
import { parsePositionedYaml, type PathKey, type PositionedYaml } from './yaml-positions.js';

type YamlTri = boolean | 'unknown';
type YamlProxy = 'v1' | 'v2' | 'none' | { accepts?: YamlTri; sends?: YamlTri; version?: 1 | 2 };

interface YamlBackend {
  port?: number | 'same' | 'unknown';
  protocol?: BackProtocol;
  tls?: YamlTri;
  http2?: YamlTri;
}

interface YamlListenerFields {
  protocol?: Exclude<FrontProtocol, 'unknown'>;
  terminatesTls?: YamlTri;
  websocketUpgrade?: YamlTri;
  xForwardedFor?: YamlTri;
  xForwardedProto?: YamlTri;
  proxyProtocol?: YamlProxy;
  idleTimeoutSeconds?: number | 'unknown';
  maxConnectionSeconds?: number;
  backend?: YamlBackend;
}

interface YamlListener extends YamlListenerFields {
  port?: number;
  ports?: string;
  hostnames?: string[];
  notes?: string;
}

interface YamlLoadBalancer {
  name: string;
  kind?: LbKind;
  hostnames?: string[];
  addresses?: string[];
  defaults?: YamlListenerFields;
  listeners?: YamlListener[];
}

/** A validated neutral file; build load balancers from it with the functions below. */
export interface NeutralLbFile {
  file: string;
  loadBalancers: YamlLoadBalancer[];
  yaml: PositionedYaml;
}

/** Content detection: the two header keys, at the start of a line. */
export function looksLikeNeutralLbFile(text: string): boolean {
  return /^apiVersion:\s*["']?cf-ws-lint\/v1alpha1["']?\s*$/m.test(text) && /^kind:\s*["']?LoadBalancers["']?\s*$/m.test(text);
}

let validator: ReturnType<typeof compileSchema> | undefined;

function validate(data: unknown): ErrorObject[] {
  validator ??= compileSchema(LB_FILE_SCHEMA, { allErrors: true });
  return validator(data) ? [] : (validator.errors ?? []);
}

/** Parses and validates a neutral LB file; InputError with file:line on bad input. */
export function parseNeutralLbFile(text: string, file: string): NeutralLbFile {
  const yaml = parsePositionedYaml(text, file);
  const errors = validate(yaml.data);
  if (errors.length > 0) throw schemaError(errors, yaml, file);
  const { loadBalancers } = yaml.data as { loadBalancers: YamlLoadBalancer[] };
  const seen = new Map<string, number>();
  loadBalancers.forEach((lb, i) => {
    if (seen.has(lb.name)) throw new InputError(`loadBalancers/${i}/name: "${lb.name}" is already the name of loadBalancers/${seen.get(lb.name)}`, { file, line: yaml.lineOf(['loadBalancers', i, 'name']) });
    seen.set(lb.name, i);
    lb.listeners?.forEach((listener, j) => {
      if (listener.ports !== undefined) portRanges(listener.ports, { file, line: yaml.lineOf(['loadBalancers', i, 'listeners', j, 'ports']) });
    });
  });
  return { file, loadBalancers, yaml };
}

/** The most useful schema error, located at the YAML line of the offending value. */
function schemaError(errors: ErrorObject[], yaml: PositionedYaml, file: string): InputError {
  // `oneOf` reports every branch; the branch errors beneath it say more than "must match".
  const specific = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'if');
  const first = (specific.length > 0 ? specific : errors)[0]!;
  const path: PathKey[] = first.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  let message = first.message ?? 'is invalid';
  let line = yaml.lineOf(path);
  if (first.keyword === 'additionalProperties') {
    const key = (first.params as { additionalProperty: string }).additionalProperty;
    message = `unknown key "${key}"`;
    line = yaml.keyLineOf([...path, key]);
  } else if (first.keyword === 'enum') {
    message = `must be one of ${(first.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  } else if (first.keyword === 'const') {
    message = `must be ${JSON.stringify((first.params as { allowedValue: unknown }).allowedValue)}`;
  }
  const more = errors.length > 1 ? ` (${errors.length - 1} more schema error${errors.length > 2 ? 's' : ''})` : '';
  return new InputError(`${first.instancePath || '/'}: ${message}${more}`, { file, line });
}

/** "80,443" or "1024-1123" as port ranges. */
function portRanges(ports: string, at: { file: string; line: number }): { start: number; end: number }[] {
  return ports.split(',').map((part) => {
    const [start, end = start] = part.split('-').map((p) => Number(p.trim())) as [number, number?];
    if (start > 65535 || end > 65535 || end < start) throw new InputError(`ports: "${part.trim()}" is not a port or a low-high port range`, at);
    return { start, end };
  });
}

/** The load balancers a neutral file describes, none of them completing a parsed one. */
export function neutralLoadBalancers(neutral: NeutralLbFile): LoadBalancer[] {
  return augmentLoadBalancers([], neutral);
}

/**
 * Parsed load balancers completed by a neutral file, plus the ones it describes on its own.
 * An entry whose `name` is a parsed LB's id adds its hostnames and fills in what the parser
 * left 'unknown' (its `defaults` for every listener, a listener entry for the listener on the
 * same ports); it may not contradict a value the configuration states. Inputs are not changed.
 */
export function augmentLoadBalancers(parsed: readonly LoadBalancer[], neutral: NeutralLbFile): LoadBalancer[] {
  const result = parsed.map((lb) => ({ ...lb, listeners: [...lb.listeners] }));
  neutral.loadBalancers.forEach((entry, index) => {
    const reader = new EntryReader(neutral, entry, index);
    const target = result.find((lb) => lb.id === entry.name);
    if (target) reader.augment(target);
    else result.push(reader.standalone());
  });
  return result;
}

interface Stated {
  value: unknown;
  source: SourceRef;
  fromDefaults: boolean;
}

/** Reads one `loadBalancers[i]` entry, with the YAML line of every value it uses. */
class EntryReader {
  constructor(
    private readonly neutral: NeutralLbFile,
    private readonly entry: YamlLoadBalancer,
    private readonly index: number,
  ) {}

  private ref(path: PathKey[]): SourceRef {
    return { format: 'lb-yaml', file: this.neutral.file, line: this.neutral.yaml.lineOf(['loadBalancers', this.index, ...path]), object: `loadBalancers/${this.entry.name}` };
  }

  private fail(message: string, path: PathKey[]): InputError {
    return new InputError(`loadBalancers/${this.entry.name}: ${message}`, { file: this.neutral.file, line: this.ref(path).line });
  }

  private hostnameEvidence(): Evidence[] {
    return this.entry.hostnames ? [{ field: 'hostnames', value: this.entry.hostnames, source: this.ref(['hostnames']) }] : [];
  }

  standalone(): LoadBalancer {
    const { kind, listeners } = this.entry;
    if (!kind) throw this.fail('is not the id of a load balancer read from another file, so it needs a kind', []);
    if (!listeners) throw this.fail('is not the id of a load balancer read from another file, so it needs listeners', []);
    const hostnameEvidence = this.hostnameEvidence();
    return {
      id: this.entry.name,
      kind,
      hostnames: [...(this.entry.hostnames ?? [])],
      ...(hostnameEvidence.length > 0 ? { hostnameEvidence } : {}),
      listeners: listeners.flatMap((_, i) => this.listeners(kind, i)),
      source: this.ref([]),
    };
  }

  augment(target: LoadBalancer): void {
    if (this.entry.kind && this.entry.kind !== target.kind) throw this.fail(`kind ${this.entry.kind} contradicts ${target.kind}, read from ${target.source.file}`, ['kind']);
    target.hostnames = [...new Set([...target.hostnames, ...(this.entry.hostnames ?? [])])];
    const hostnameEvidence = [...(target.hostnameEvidence ?? []), ...this.hostnameEvidence()];
    if (hostnameEvidence.length > 0) target.hostnameEvidence = hostnameEvidence;
    const matched = new Set<number>();
    (this.entry.listeners ?? []).forEach((_, i) => {
      for (const range of this.ranges(i)) {
        const at = target.listeners.findIndex((l) => l.frontendPort === range.start && (l.frontendPortEnd ?? l.frontendPort) === range.end);
        if (at < 0) {
          target.listeners.push(...this.listeners(target.kind, i).filter((l) => l.frontendPort === range.start));
          continue;
        }
        matched.add(at);
        target.listeners[at] = this.fillUnknowns(target.listeners[at]!, this.entry.listeners![i]!, ['listeners', i]);
      }
    });
    if (this.entry.defaults) {
      target.listeners = target.listeners.map((l, i) => (matched.has(i) ? l : this.fillUnknowns(l, {}, ['listeners'])));
    }
  }

  /** A copy of `listener` with the unknowns the entry (listener, then defaults) can fill. */
  private fillUnknowns(listener: Listener, given: YamlListener, path: PathKey[]): Listener {
    const stated = this.statedFields(given, path);
    const copy: Listener = { ...listener, proxyProtocol: { ...listener.proxyProtocol }, backend: { ...listener.backend }, evidence: [...listener.evidence] };
    for (const [field, { value, source, fromDefaults }] of stated) {
      const current = currentValue(copy, field);
      if (current === value) continue;
      if (current !== 'unknown' && current !== undefined) {
        // `defaults` fill in whatever is unknown; only a listener entry can contradict.
        if (fromDefaults) continue;
        const was = listener.evidence.find((e) => e.field === field);
        const where = was ? ` (${was.source.file}:${was.source.line ?? '?'})` : '';
        throw new InputError(`loadBalancers/${this.entry.name}: ${field} ${JSON.stringify(value)} contradicts ${JSON.stringify(current)}, which the configuration states${where}; the file can only fill in unknown values`, { file: source.file, line: source.line });
      }
      setValue(copy, field, value);
      const previous = copy.evidence.findIndex((e) => e.field === field);
      const entry: Evidence = { field, value, source, note: 'from the neutral LB file: the configuration leaves it unknown' };
      if (previous >= 0) copy.evidence[previous] = { ...entry, note: `${entry.note}${copy.evidence[previous]!.note ? ` (${copy.evidence[previous]!.note})` : ''}` };
      else copy.evidence.push(entry);
    }
    return copy;
  }

  /** The values an entry states for a listener (the listener's own, then the entry's defaults). */
  private statedFields(given: YamlListener, path: PathKey[]): Map<ListenerField, Stated> {
    const defaults = this.entry.defaults ?? {};
    const stated = new Map<ListenerField, Stated>();
    const pick = <K extends keyof YamlListenerFields>(key: K): { value: NonNullable<YamlListenerFields[K]>; source: SourceRef; fromDefaults: boolean } | undefined => {
      if (given[key] !== undefined) return { value: given[key]!, source: this.ref([...path, key]), fromDefaults: false };
      if (defaults[key] !== undefined) return { value: defaults[key]!, source: this.ref(['defaults', key]), fromDefaults: true };
      return undefined;
    };
    const put = (field: ListenerField, value: unknown, found: { source: SourceRef; fromDefaults: boolean }) => stated.set(field, { value, source: found.source, fromDefaults: found.fromDefaults });
    const protocol = pick('protocol');
    if (protocol) put('protocol', protocol.value, protocol);
    const pairs: [keyof YamlListenerFields, ListenerField][] = [
      ['terminatesTls', 'terminatesTls'],
      ['websocketUpgrade', 'passesUpgrade'],
      ['xForwardedFor', 'addsXForwardedFor'],
      ['xForwardedProto', 'addsXForwardedProto'],
      ['idleTimeoutSeconds', 'idleTimeoutSeconds'],
      ['maxConnectionSeconds', 'maxConnectionSeconds'],
    ];
    for (const [key, field] of pairs) {
      const found = pick(key);
      if (found) put(field, found.value, found);
    }
    const proxy = pick('proxyProtocol');
    if (proxy) for (const [field, value] of proxyFields(proxy.value)) put(field, value, proxy);
    for (const key of ['port', 'protocol', 'tls', 'http2'] as const) {
      const fromDefaults = given.backend?.[key] === undefined;
      const value = fromDefaults ? defaults.backend?.[key] : given.backend?.[key];
      if (value === undefined) continue;
      const source = this.ref(fromDefaults ? ['defaults', 'backend', key] : [...path, 'backend', key]);
      put(`backend.${key}`, value === 'same' ? 'same-as-frontend' : value, { source, fromDefaults });
    }
    return stated;
  }

  /** The ports of `listeners[i]`: its `port`, or each part of its `ports`. */
  private ranges(i: number): { start: number; end: number }[] {
    const listener = this.entry.listeners![i]!;
    if (listener.ports === undefined) return [{ start: listener.port!, end: listener.port! }];
    return portRanges(listener.ports, { file: this.neutral.file, line: this.ref(['listeners', i, 'ports']).line! });
  }

  /** The listeners of `listeners[i]` standing alone: one per port or port range. */
  private listeners(kind: LbKind, i: number): Listener[] {
    const given = this.entry.listeners![i]!;
    const path: PathKey[] = ['listeners', i];
    return this.ranges(i).map((range) => {
      const itemRef = this.ref(path);
      const b = new ListenerBuilder(this.entry.name, itemRef);
      const portRef = this.ref([...path, given.ports !== undefined ? 'ports' : 'port']);
      b.set('frontendPort', range.start, portRef, given.notes ? `operator notes: ${given.notes}` : undefined);
      if (range.end !== range.start) b.set('frontendPortEnd', range.end, portRef);
      const stated = this.statedFields(given, path);
      for (const [field, { value, source }] of stated) b.set(field, value as never, source);
      if (!b.has('protocol')) throw this.fail(`listeners/${i} needs a protocol (or defaults.protocol)`, path);
      const protocol = b.get('protocol')!;
      const facts = listenerFacts(kind, protocol);
      const byKind = (why: string) => `default for kind ${kind}: ${why}`;
      b.setDefault('terminatesTls', protocolTerminatesTls(protocol), itemRef, `default: ${protocol} ${protocolTerminatesTls(protocol) ? 'terminates' : 'does not terminate'} TLS`);
      b.setDefault('passesUpgrade', facts.passesUpgrade.value, itemRef, byKind(facts.passesUpgrade.why));
      b.setDefault('addsXForwardedFor', facts.addsXForwardedFor.value, itemRef, byKind(facts.addsXForwardedFor.why));
      b.setDefault('addsXForwardedProto', facts.addsXForwardedProto.value, itemRef, byKind(facts.addsXForwardedProto.why));
      b.setDefault('proxyProtocol.accepts', facts.proxyAccepts.value, itemRef, byKind(facts.proxyAccepts.why));
      b.setDefault('proxyProtocol.sends', facts.proxySends.value, itemRef, byKind(facts.proxySends.why));
      b.setDefault('idleTimeoutSeconds', facts.idleTimeoutSeconds.value, itemRef, byKind(facts.idleTimeoutSeconds.why));
      b.setDefault('backend.port', 'unknown', itemRef, 'not given');
      b.setDefault('backend.protocol', 'unknown', itemRef, 'not given');
      const backendProtocol = b.get('backend.protocol')!;
      const backendTls: Tri = backendProtocol === 'unknown' ? 'unknown' : ['https', 'h2', 'ssl', 'tls'].includes(backendProtocol);
      b.setDefault('backend.tls', backendTls, itemRef, `default: from backend protocol ${backendProtocol}`);
      b.setDefault('backend.http2', backendProtocol === 'h2' ? true : 'unknown', itemRef, `default: from backend protocol ${backendProtocol}`);
      if (given.hostnames) b.set('hostnames', given.hostnames, this.ref([...path, 'hostnames']));
      return b.build();
    });
  }
}

function proxyFields(proxy: YamlProxy): [ListenerField, unknown][] {
  if (proxy === 'none') return [['proxyProtocol.sends', false]];
  if (proxy === 'v1' || proxy === 'v2') return [['proxyProtocol.sends', true], ['proxyProtocol.version', proxy === 'v1' ? 1 : 2]];
  const fields: [ListenerField, unknown][] = [];
  if (proxy.accepts !== undefined) fields.push(['proxyProtocol.accepts', proxy.accepts]);
  if (proxy.sends !== undefined) fields.push(['proxyProtocol.sends', proxy.sends]);
  if (proxy.version !== undefined) fields.push(['proxyProtocol.version', proxy.version]);
  return fields;
}

type Setter = { [F in ListenerField]?: (l: Listener, v: ListenerFields[F]) => void };
const SETTERS: Setter = {
  protocol: (l, v) => (l.protocol = v),
  terminatesTls: (l, v) => (l.terminatesTls = v),
  passesUpgrade: (l, v) => (l.passesUpgrade = v),
  addsXForwardedFor: (l, v) => (l.addsXForwardedFor = v),
  addsXForwardedProto: (l, v) => (l.addsXForwardedProto = v),
  idleTimeoutSeconds: (l, v) => (l.idleTimeoutSeconds = v),
  maxConnectionSeconds: (l, v) => (l.maxConnectionSeconds = v),
  'proxyProtocol.accepts': (l, v) => (l.proxyProtocol.accepts = v),
  'proxyProtocol.sends': (l, v) => (l.proxyProtocol.sends = v),
  'proxyProtocol.version': (l, v) => (l.proxyProtocol.version = v),
  'backend.port': (l, v) => (l.backend.port = v),
  'backend.protocol': (l, v) => (l.backend.protocol = v),
  'backend.tls': (l, v) => (l.backend.tls = v),
  'backend.http2': (l, v) => (l.backend.http2 = v),
};

function currentValue(l: Listener, field: ListenerField): unknown {
  const [head, tail] = field.split('.') as [string, string?];
  const value = (l as unknown as Record<string, unknown>)[head];
  return tail === undefined ? value : (value as Record<string, unknown> | undefined)?.[tail];
}

function setValue(l: Listener, field: ListenerField, value: unknown): void {
  (SETTERS[field] as ((l: Listener, v: unknown) => void) | undefined)?.(l, value);
}

