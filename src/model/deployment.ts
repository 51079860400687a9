/**
 * The deployment's WebSocket facts: which endpoint Cloud Controller advertises to Loggregator
 * v1 clients (Firehose nozzles, the cf CLI v6), where apps' own WebSockets arrive (the app
 * domains), how gorouter is set up, and whether an in-manifest HAProxy fronts it.
 * Rules ask this model; they never walk raw YAML.
 */
import { InputError } from '../util/errors.js';
import { entryOf, get, getIn, isMap, type MapNode, type SourcePos, type YNode } from '../yaml/node.js';
import { asBoolean, asNumber, placeholderIn, type Fact, type PathSeg } from './fact.js';
import { boshAppDomains, opsManagerAppDomains, withOptionDomains, type AppDomain } from './app-domains.js';
import { booleanProperty, numberProperty, propertyNode, v1Jobs, v2Jobs, type JobInstance } from './jobs.js';

export type ManifestKind = 'bosh-v2' | 'cf-release-v1' | 'ops-manager';

export const MANIFEST_KINDS_EXPECTED =
  'a BOSH v2 / cf-deployment manifest (instance_groups with cloud_controller_ng, gorouter or haproxy jobs), ' +
  'a cf-release v1 manifest (jobs with templates) or an Ops Manager product configuration (product-properties)';

/** A WebSocket endpoint Cloud Controller advertises: `wss://<host>:<port>`. */
export interface Endpoint {
  /** `doppler` (doppler_logging_endpoint); in v1 also `loggregator` (logging_endpoint). */
  name: 'doppler' | 'loggregator';
  /** `doppler.<system_domain>`, or 'unknown' while the system domain is a variable. */
  host: string | 'unknown';
  /** The host as written, for messages: `doppler.((system_domain))` when unresolved. */
  hostLabel: string;
  port: Fact<number>;
  useSsl: Fact<boolean>;
  /** The property names as the manifest spells them (`doppler.port`, `logger_endpoint.port`). */
  portProperty: string;
  useSslProperty: string;
}

/** gorouter's settings (routing-release jobs/gorouter/spec defaults). */
export interface RouterFacts {
  /** The gorouter job; absent in Ops Manager, where tile properties stand for it. */
  job?: JobInstance;
  port: Fact<number>;
  tlsPort: Fact<number>;
  enableSsl: Fact<boolean>;
  disableHttp: Fact<boolean>;
  enableProxy: Fact<boolean>;
  forceForwardedProtoHttps: Fact<boolean>;
  sanitizeForwardedProto: Fact<boolean>;
  frontendIdleTimeout: Fact<number>;
}

export interface Deployment {
  kind: ManifestKind;
  file: string;
  root: YNode;
  systemDomain: string | 'unknown';
  endpoints: Endpoint[];
  /** Where apps' own WebSockets arrive: the external app domains (internal and TCP domains left out). */
  appDomains: AppDomain[];
  routers: RouterFacts[];
  /** haproxy jobs (haproxy-boshrelease in v2, cf-release's built-in one in v1). */
  haproxies: JobInstance[];
  jobs: JobInstance[];
  /** Ops Manager only: the TAS settings that have no BOSH job here. */
  tas?: TasSettings;
}

/** Cloud Controller job names across capi-release and cf-release. */
export const CC_JOBS = ['cloud_controller_ng', 'cloud_controller_worker', 'cloud_controller_clock'];

export function detectManifestKind(root: YNode, file: string): ManifestKind {
  if (isMap(root) && get(root, 'product-properties') !== undefined) return 'ops-manager';
  if (isMap(root) && get(root, 'instance_groups') !== undefined) return 'bosh-v2';
  if (isMap(root) && get(root, 'jobs') !== undefined) return 'cf-release-v1';
  throw new InputError(`not a manifest cf-ws-lint understands: expected ${MANIFEST_KINDS_EXPECTED}`, { file, line: root.pos?.line ?? 1, col: root.pos?.col ?? 1 });
}

function stringValue(node: YNode | undefined): string | 'unknown' {
  if (node?.kind !== 'scalar' || node.type !== 'str') return 'unknown';
  return placeholderIn(node) ? 'unknown' : (node.value as string);
}

function host(prefix: string, systemDomain: string | 'unknown'): string | 'unknown' {
  return systemDomain === 'unknown' ? 'unknown' : `${prefix}.${systemDomain}`;
}

/** The system domain as written (`((system_domain))` included), for messages. */
function domainLabel(node: YNode | undefined): string {
  return node?.kind === 'scalar' && node.type === 'str' ? (node.value as string) : '<system_domain>';
}

function endpoint(job: JobInstance, name: Endpoint['name'], property: string, systemDomain: string | 'unknown', label: string): Endpoint {
  // capi-release jobs/cloud_controller_ng/spec: doppler.port defaults to 443, use_ssl to true;
  // cf-release's CC spec gives logger_endpoint the same defaults.
  return {
    name,
    host: host(name, systemDomain),
    hostLabel: `${name}.${label}`,
    port: numberProperty(job, [property, 'port'], 443),
    useSsl: booleanProperty(job, [property, 'use_ssl'], true),
    portProperty: `${property}.port`,
    useSslProperty: `${property}.use_ssl`,
  };
}

function routerFacts(job: JobInstance): RouterFacts {
  return {
    job,
    port: numberProperty(job, ['router', 'port'], 80),
    tlsPort: numberProperty(job, ['router', 'tls_port'], 443),
    enableSsl: booleanProperty(job, ['router', 'enable_ssl'], false),
    disableHttp: booleanProperty(job, ['router', 'disable_http'], false),
    enableProxy: booleanProperty(job, ['router', 'enable_proxy'], false),
    forceForwardedProtoHttps: booleanProperty(job, ['router', 'force_forwarded_proto_https'], false),
    sanitizeForwardedProto: booleanProperty(job, ['router', 'sanitize_forwarded_proto'], false),
    frontendIdleTimeout: numberProperty(job, ['router', 'frontend_idle_timeout'], 900),
  };
}

function boshDeployment(kind: 'bosh-v2' | 'cf-release-v1', root: YNode, file: string): Deployment {
  const jobs = kind === 'bosh-v2' ? v2Jobs(root) : v1Jobs(root);
  const cc = jobs.find((j) => j.job === 'cloud_controller_ng');
  const routers = jobs.filter((j) => j.job === 'gorouter' && j.deployed).map(routerFacts);
  // routing-release also has a job named haproxy (the old TCP router's); only
  // haproxy-boshrelease's (v2) and cf-release's (v1) are the HTTP load balancer.
  const haproxyRelease = kind === 'bosh-v2' ? 'haproxy' : 'cf';
  const haproxies = jobs.filter((j) => j.job === 'haproxy' && j.deployed && (j.release === undefined || j.release === haproxyRelease));
  if (!cc && routers.length === 0 && haproxies.length === 0) {
    throw new InputError(`no cloud_controller_ng, gorouter or haproxy job found: expected ${MANIFEST_KINDS_EXPECTED}`, { file, line: 1, col: 1 });
  }
  const domainNode = cc ? propertyNode(cc, ['system_domain'])?.node : undefined;
  const domain = domainNode ?? (isMap(root) ? getIn(root, ['properties', 'system_domain']) : undefined);
  const systemDomain = stringValue(domain);
  const endpoints: Endpoint[] = [];
  if (cc) {
    endpoints.push(endpoint(cc, 'doppler', 'doppler', systemDomain, domainLabel(domain)));
    if (kind === 'cf-release-v1') endpoints.push(endpoint(cc, 'loggregator', 'logger_endpoint', systemDomain, domainLabel(domain)));
  }
  return { kind, file, root, systemDomain, endpoints, appDomains: boshAppDomains(cc, root), routers, haproxies, jobs };
}

/** A product property's `value` as Ops Manager stages it, with where it is written. */
interface TileProperty {
  node?: YNode;
  keyPos?: SourcePos;
  path: PathSeg[];
}

function tileProperty(props: YNode | undefined, key: string): TileProperty {
  const entry = isMap(props) ? entryOf(props, key) : undefined;
  const holder = entry?.value;
  return { node: isMap(holder) ? get(holder, 'value') : undefined, keyPos: entry?.key.pos, path: ['product-properties', key, 'value'] };
}

/**
 * A tile property as a fact: blank (`""`, null) or absent is the tile's default, reported where
 * the key is written (else at `product-properties`), so a reader sees the blank field.
 */
function tileFact<T>(props: YNode | undefined, fallbackPos: SourcePos | undefined, key: string, fallback: T, read: (node: YNode) => T | 'unknown' | undefined): Fact<T> {
  const property = tileProperty(props, key);
  const blank = property.node?.kind === 'scalar' && property.node.value === '';
  const value = property.node && !blank ? read(property.node) : undefined;
  if (value === undefined) return { value: fallback, isDefault: true, pos: property.keyPos ?? fallbackPos, path: property.path };
  const placeholder = placeholderIn(property.node);
  return { value, isDefault: false, pos: property.node!.pos, path: property.path, ...(placeholder && value === 'unknown' ? { placeholder } : {}) };
}

/** A selector's chosen option (`load_balancer`, `enable`), or 'unknown'. */
function asSelector(node: YNode): string | 'unknown' | undefined {
  if (node.kind !== 'scalar' || node.type === 'null') return undefined;
  return placeholderIn(node) ? 'unknown' : String(node.value);
}

/**
 * TAS's gorouter and HAProxy settings, from the tile's property names (tile-config-generator
 * fixtures pas_2_2.yml; cf-domain.md §9.7). The PAS gorouter manifest hard-codes
 * `enable_ssl: true`, and its ports are routing-release's defaults.
 */
export interface TasSettings {
  /** `.properties.routing_tls_termination`: load_balancer (default), ha_proxy or router. It sets XFCC handling only. */
  tlsTermination: Fact<string>;
  /** `.properties.haproxy_forward_tls`: enable (default: HAProxy to gorouter 443 over TLS) or disable (80, plain). */
  haproxyForwardTls: Fact<string>;
}

/**
 * Ops Manager's "Loggregator Port" (`.properties.logger_endpoint_port`) becomes capi's
 * `doppler.port`; blank means 443 (TAS tile metadata; pcf-pipelines).
 */
function opsManagerDeployment(root: MapNode, file: string): Deployment {
  const props = get(root, 'product-properties');
  const at = (isMap(props) ? props : root).pos;
  const portFact = tileFact(props, at, '.properties.logger_endpoint_port', 443, asNumber);
  const domain = tileProperty(props, '.cloud_controller.system_domain').node;
  const systemDomain = stringValue(domain);
  const useSsl: Fact<boolean> = { value: true, isDefault: true, pos: root.pos, path: [] };
  const fixed = <T>(value: T): Fact<T> => ({ value, isDefault: true, pos: at, path: [] });
  const router: RouterFacts = {
    port: fixed(80),
    tlsPort: fixed(443),
    enableSsl: fixed(true),
    // "Disable HTTP on gorouter" (routing_disable_http), default false.
    disableHttp: tileFact(props, at, '.properties.routing_disable_http', false, asBoolean),
    // "If a client IP is sent this way ... Gorouter will set the X-Forwarded-For header to this value."
    enableProxy: tileFact(props, at, '.properties.router_enable_proxy', false, asBoolean),
    forceForwardedProtoHttps: fixed(false),
    sanitizeForwardedProto: fixed(false),
    // Tile default 900 ("Duration in seconds to maintain an open connection when client supports keep-alive").
    frontendIdleTimeout: tileFact(props, at, '.router.frontend_idle_timeout', 900, asNumber),
  };
  return {
    kind: 'ops-manager',
    file,
    root,
    systemDomain,
    endpoints: [{ name: 'doppler', host: host('doppler', systemDomain), hostLabel: `doppler.${domainLabel(domain)}`, port: portFact, useSsl, portProperty: '.properties.logger_endpoint_port', useSslProperty: '(always TLS in TAS)' }],
    appDomains: opsManagerAppDomains(root),
    routers: [router],
    haproxies: [],
    jobs: [],
    tas: {
      tlsTermination: tileFact(props, at, '.properties.routing_tls_termination', 'load_balancer', asSelector),
      haproxyForwardTls: tileFact(props, at, '.properties.haproxy_forward_tls', 'enable', asSelector),
    },
  };
}

export interface BuildOptions {
  /** App domains no manifest shows (`cf create-domain`): `--app-domain`, `appDomains:`. */
  appDomains?: readonly string[];
}

/** Builds the model of an already ops-applied, interpolated manifest. */
export function buildDeployment(root: YNode, file: string, options: BuildOptions = {}): Deployment {
  const kind = detectManifestKind(root, file);
  const deployment = kind === 'ops-manager' ? opsManagerDeployment(root as MapNode, file) : boshDeployment(kind, root, file);
  return { ...deployment, appDomains: withOptionDomains(deployment.appDomains, options.appDomains ?? []) };
}
