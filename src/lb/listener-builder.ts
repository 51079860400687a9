import type { BackProtocol, Evidence, FrontProtocol, Listener, SourceRef, Tri } from './listener.js';

/** A value with where it was read and, when it was not written there, why it is what it is. */
export interface Sourced<T> {
  value: T;
  source: SourceRef;
  note?: string;
}

/** The value type of every listener field a reader sets, by its evidence name. */
export interface ListenerFields {
  frontendPort: number | 'unknown';
  frontendPortEnd: number;
  protocol: FrontProtocol;
  terminatesTls: Tri;
  passesUpgrade: Tri;
  addsXForwardedFor: Tri;
  addsXForwardedProto: Tri;
  'proxyProtocol.accepts': Tri;
  'proxyProtocol.sends': Tri;
  'proxyProtocol.version': 1 | 2;
  idleTimeoutSeconds: number | 'unknown';
  maxConnectionSeconds: number;
  'backend.port': number | 'same-as-frontend' | 'unknown';
  'backend.protocol': BackProtocol;
  'backend.tls': Tri;
  'backend.http2': Tri;
  'backend.targetType': string | 'unknown';
  'backend.preservesClientIp': Tri;
  hostnames: string[];
  conditional: boolean;
  firewallAllows: Tri;
}

export type ListenerField = keyof ListenerFields;

/** Fields every listener must have; the others are optional in the model. */
const REQUIRED: ListenerField[] = [
  'frontendPort',
  'protocol',
  'terminatesTls',
  'passesUpgrade',
  'addsXForwardedFor',
  'addsXForwardedProto',
  'proxyProtocol.accepts',
  'proxyProtocol.sends',
  'idleTimeoutSeconds',
  'backend.port',
  'backend.protocol',
  'backend.tls',
  'backend.http2',
];

/**
 * Collects a listener field by field, each with the evidence for its value, so no reader can
 * produce a value without saying where it came from. Setting a field again replaces both.
 */
export class ListenerBuilder {
  private readonly values = new Map<ListenerField, unknown>();
  private readonly evidence: Evidence[] = [];

  constructor(
    readonly lbId: string,
    readonly source: SourceRef,
  ) {}

  set<F extends ListenerField>(field: F, value: ListenerFields[F], source: SourceRef, note?: string): this {
    this.values.set(field, value);
    const index = this.evidence.findIndex((e) => e.field === field);
    const entry: Evidence = note === undefined ? { field, value, source } : { field, value, source, note };
    if (index >= 0) this.evidence[index] = entry;
    else this.evidence.push(entry);
    return this;
  }

  /** Sets a field only when no earlier step has (a default under a stated value). */
  setDefault<F extends ListenerField>(field: F, value: ListenerFields[F], source: SourceRef, note: string): this {
    return this.has(field) ? this : this.set(field, value, source, note);
  }

  /** frontendPort (and frontendPortEnd for a range) from one port range, or 'unknown'. */
  setPorts(ports: Sourced<{ start: number; end: number } | 'unknown'>): this {
    this.set('frontendPort', ports.value === 'unknown' ? 'unknown' : ports.value.start, ports.source, ports.note);
    if (ports.value !== 'unknown' && ports.value.end !== ports.value.start) this.set('frontendPortEnd', ports.value.end, ports.source);
    return this;
  }

  has(field: ListenerField): boolean {
    return this.values.has(field);
  }

  get<F extends ListenerField>(field: F): ListenerFields[F] | undefined {
    return this.values.get(field) as ListenerFields[F] | undefined;
  }

  build(): Listener {
    const missing = REQUIRED.filter((field) => !this.values.has(field));
    if (missing.length > 0) throw new Error(`LB reader bug: listener of ${this.lbId} at ${this.source.file}:${this.source.line ?? '?'} lacks ${missing.join(', ')}`);
    const v = <F extends ListenerField>(field: F) => this.values.get(field) as ListenerFields[F];
    const listener: Listener = {
      source: this.source,
      lbId: this.lbId,
      frontendPort: v('frontendPort'),
      protocol: v('protocol'),
      terminatesTls: v('terminatesTls'),
      passesUpgrade: v('passesUpgrade'),
      addsXForwardedFor: v('addsXForwardedFor'),
      addsXForwardedProto: v('addsXForwardedProto'),
      proxyProtocol: { accepts: v('proxyProtocol.accepts'), sends: v('proxyProtocol.sends') },
      idleTimeoutSeconds: v('idleTimeoutSeconds'),
      backend: { port: v('backend.port'), protocol: v('backend.protocol'), tls: v('backend.tls'), http2: v('backend.http2') },
      evidence: [...this.evidence],
    };
    if (this.has('frontendPortEnd') && v('frontendPortEnd') !== listener.frontendPort) listener.frontendPortEnd = v('frontendPortEnd');
    if (this.has('proxyProtocol.version')) listener.proxyProtocol.version = v('proxyProtocol.version');
    if (this.has('maxConnectionSeconds')) listener.maxConnectionSeconds = v('maxConnectionSeconds');
    if (this.has('hostnames') && v('hostnames').length > 0) listener.hostnames = v('hostnames');
    if (this.has('conditional') && v('conditional')) listener.conditional = true;
    if (this.has('firewallAllows')) listener.firewallAllows = v('firewallAllows');
    if (this.has('backend.targetType')) listener.backend.targetType = v('backend.targetType');
    if (this.has('backend.preservesClientIp')) listener.backend.preservesClientIp = v('backend.preservesClientIp');
    return listener;
  }
}

/** TLS is terminated by the LB for these client protocols (lb-formats.md §5). */
export function protocolTerminatesTls(protocol: FrontProtocol): Tri {
  if (protocol === 'unknown') return 'unknown';
  return protocol === 'https' || protocol === 'ssl' || protocol === 'tls';
}

/** Layer 4 listeners relay bytes, so an Upgrade handshake reaches the backend untouched. */
export function isLayer4(protocol: FrontProtocol): boolean {
  return protocol === 'tcp' || protocol === 'ssl' || protocol === 'tls' || protocol === 'udp';
}

/** A port written as a number or a numeric string (CloudFormation, Terraform 0.11), else undefined. */
export function portNumber(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value.trim()) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : undefined;
}

/** A string, else undefined (readers of raw configuration values). */
export function stringValue(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A count of seconds or minutes written as a number or numeric string ("60", 60, "0.5"). */
export function secondsValue(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** A boolean written as one or as "true"/"false" (Terraform 0.11 state, CloudFormation). */
export function booleanValue(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : value === 'true' ? true : value === 'false' ? false : undefined;
}

/** A `from-to` or single port range ("443", "443-443", "1024-32768"), else undefined. */
export function portRange(value: unknown): { start: number; end: number } | undefined {
  if (typeof value === 'number') return portNumber(value) === undefined ? undefined : { start: value, end: value };
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(value);
  if (!match) return undefined;
  const start = portNumber(match[1]);
  const end = portNumber(match[2] ?? match[1]);
  return start === undefined || end === undefined || end < start ? undefined : { start, end };
}
