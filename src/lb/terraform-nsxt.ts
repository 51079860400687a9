/**
 * VMware NSX-T load balancers in Terraform (terraform-provider-nsxt), both APIs:
 * - manager API: `nsxt_lb_service` lists its `virtual_server_ids`; `nsxt_lb_tcp_virtual_server`
 *   (`ports`) and `nsxt_lb_http_virtual_server` (`port`, `client_ssl`, `server_ssl`) name an
 *   `application_profile_id` and a `pool_id`;
 * - policy API: `nsxt_policy_lb_virtual_server` (`ports`, `service_path`, `pool_path`,
 *   `application_profile_path`, `client_ssl`, `server_ssl`).
 * The application profile decides the listener: an HTTP profile is a layer-7 proxy, a fast-TCP
 * profile relays TCP (VMware: "TCP and UDP application profiles are used when ... you only want
 * Layer 4 load balancing"; NSX-T Data Center Administration Guide, Application Profiles).
 */
import type { FrontProtocol, LoadBalancer, SourceRef } from './listener.js';
import { ListenerBuilder, portRange, secondsValue, type Sourced } from './listener-builder.js';
import { listenerFacts, NSXT_HTTP_RESPONSE_TIMEOUT_SECONDS, NSXT_FAST_TCP_IDLE_SECONDS } from './provider-facts.js';
import { addressesOf, argument, conditionOf, describeValue, isKnown, knownBoolean, knownString, UNKNOWN, type MappedLb, type TfConfiguration, type TfResource, type TfValue } from './terraform-config.js';

const HTTP_PROFILES = ['nsxt_lb_http_application_profile', 'nsxt_policy_lb_http_application_profile'];
const TCP_PROFILES = ['nsxt_lb_fast_tcp_application_profile', 'nsxt_policy_lb_fast_tcp_application_profile'];
const UDP_PROFILES = ['nsxt_lb_fast_udp_application_profile', 'nsxt_policy_lb_fast_udp_application_profile'];
const POOLS = ['nsxt_lb_pool', 'nsxt_policy_lb_pool'];
const VIRTUAL_SERVERS = ['nsxt_lb_tcp_virtual_server', 'nsxt_lb_http_virtual_server', 'nsxt_lb_udp_virtual_server', 'nsxt_policy_lb_virtual_server'];

/** The resource types this mapper reads (monitors and persistence profiles change no listener fact). */
export const NSXT_TYPES = [
  'nsxt_lb_service',
  'nsxt_policy_lb_service',
  ...VIRTUAL_SERVERS,
  ...HTTP_PROFILES,
  ...TCP_PROFILES,
  ...UDP_PROFILES,
  ...POOLS,
  'nsxt_lb_tcp_monitor',
  'nsxt_lb_http_monitor',
  'nsxt_lb_https_monitor',
  'nsxt_lb_icmp_monitor',
  'nsxt_lb_passive_monitor',
  'nsxt_lb_udp_monitor',
  'nsxt_policy_lb_http_monitor_profile',
  'nsxt_policy_lb_https_monitor_profile',
  'nsxt_policy_lb_tcp_monitor_profile',
  'nsxt_policy_lb_passive_monitor_profile',
  'nsxt_lb_source_ip_persistence_profile',
  'nsxt_lb_cookie_persistence_profile',
  'nsxt_policy_lb_source_ip_persistence_profile',
  'nsxt_policy_lb_cookie_persistence_profile',
];

type ProfileKind = 'http' | 'tcp' | 'udp' | 'unknown';

interface Profile {
  kind: ProfileKind;
  /** The profile resource, when the configuration declares it. */
  resource?: TfResource;
  source: SourceRef;
  note: string;
  /** One of NSX-T's built-in default profiles, whose settings are the documented defaults. */
  builtIn?: boolean;
}

/** The built-in profiles a policy virtual server may name by path or look up by display name. */
const DEFAULT_PROFILE = /default-(http|tcp|udp)-lb-app-profile/;

export function nsxtLoadBalancers(config: TfConfiguration): MappedLb[] {
  const lbs = new Map<string, MappedLb>();
  for (const vs of config.resources.filter((r) => VIRTUAL_SERVERS.includes(r.type))) {
    const service = serviceOf(config, vs);
    const owner = service ?? vs;
    let mapped = lbs.get(owner.address);
    if (!mapped) {
      const lb: LoadBalancer = { id: owner.address, kind: 'nsxt', hostnames: [], listeners: [], source: owner.source };
      mapped = { lb, addressedBy: new Set(addressesOf(owner)) };
      lbs.set(owner.address, mapped);
    }
    addressesOf(vs).forEach((a) => mapped!.addressedBy.add(a));
    // A disabled virtual server rejects new connections (NSX-T Administration Guide, virtual servers).
    if (knownBoolean(vs.attr('enabled')) === false) continue;
    mapped.lb.listeners.push(...virtualServerListeners(config, mapped.lb.id, vs));
  }
  return [...lbs.values()];
}

/** The load-balancer service a virtual server is attached to: by its `service_path` (policy) or the service's `virtual_server_ids` (manager). */
function serviceOf(config: TfConfiguration, vs: TfResource): TfResource | undefined {
  if (vs.type === 'nsxt_policy_lb_virtual_server') return config.referenced(vs.attr('service_path'), 'nsxt_policy_lb_service')[0];
  return config.resources.find((s) => s.type === 'nsxt_lb_service' && config.referenced(s.attr('virtual_server_ids'), vs.type).includes(vs));
}

function profileOf(config: TfConfiguration, vs: TfResource): Profile {
  const name = vs.type === 'nsxt_policy_lb_virtual_server' ? 'application_profile_path' : 'application_profile_id';
  const value = vs.attr(name);
  if (!value) {
    // Manager API: "TCP application profile is used by default when no application profile is associated".
    if (vs.type === 'nsxt_lb_tcp_virtual_server') return { kind: 'tcp', source: vs.source, note: `${name} not set: the default fast-TCP profile`, builtIn: true };
    return { kind: vs.type === 'nsxt_lb_udp_virtual_server' ? 'udp' : 'unknown', source: vs.source, note: `${name} not set` };
  }
  const declared = config.referenced(value, ...HTTP_PROFILES, ...TCP_PROFILES, ...UDP_PROFILES)[0];
  if (declared) return { kind: HTTP_PROFILES.includes(declared.type) ? 'http' : TCP_PROFILES.includes(declared.type) ? 'tcp' : 'udp', resource: declared, source: value.source, note: `${declared.address}` };
  // data "nsxt_policy_lb_app_profile": a lookup by `type` (HTTP, TCP, UDP) and/or `display_name`.
  const lookup = config.referencedData?.(value, 'nsxt_policy_lb_app_profile', 'nsxt_lb_app_profile')[0];
  if (lookup) {
    const type = knownString(lookup.attr('type'))?.toLowerCase();
    const byName = DEFAULT_PROFILE.exec(knownString(lookup.attr('display_name')) ?? '')?.[1];
    const kind = (type === 'http' || type === 'tcp' || type === 'udp' ? type : byName) as ProfileKind | undefined;
    if (kind) return { kind, source: lookup.source, note: `${lookup.address}: ${type ? `type ${type.toUpperCase()}` : ''}${byName ? ` the built-in default-${byName}-lb-app-profile` : ''}`.replace(':  ', ': '), ...(byName === kind ? { builtIn: true } : {}) };
    return { kind: 'unknown', source: lookup.source, note: `${lookup.address}: a profile looked up by ${lookup.attr('display_name')?.text ?? 'an unknown name'}, whose type is not known` };
  }
  const literal = DEFAULT_PROFILE.exec(knownString(value) ?? '')?.[1] as ProfileKind | undefined;
  if (literal) return { kind: literal, source: value.source, note: `the built-in default-${literal}-lb-app-profile`, builtIn: true };
  return { kind: 'unknown', source: value.source, note: `${describeValue(value)}: the profile is not in this configuration, so whether the virtual server is layer 4 or layer 7 is not known` };
}

/** The virtual server's ports: `ports` (a list, items may be ranges "1000-2000") or the HTTP virtual server's `port`. */
function portsOf(vs: TfResource): Sourced<{ start: number; end: number } | 'unknown'>[] {
  const ports = vs.attr('ports') ?? vs.attr('port');
  if (!ports) return [{ value: 'unknown', source: vs.source, note: 'no ports' }];
  if (ports.value === UNKNOWN) return [{ value: 'unknown', source: ports.source, note: `${describeValue(ports)}: not known before apply` }];
  const list = Array.isArray(ports.value) ? ports.value : [ports.value];
  return list.map((p) => ({ value: portRange(p) ?? 'unknown', source: ports.source, ...(ports.note ? { note: describeValue(ports) } : {}) }));
}

/**
 * Where the pool sends connections: a member's or member group's `port`, else the virtual
 * server's `default_pool_member_port(s)`, else "the same port the client connected to"
 * (terraform-provider-nsxt, nsxt_lb_pool and nsxt_policy_lb_pool `port`).
 */
function backendPort(config: TfConfiguration, vs: TfResource): Sourced<number | 'same-as-frontend' | 'unknown'> {
  const poolValue = vs.attr('pool_path') ?? vs.attr('pool_id');
  const pool = config.referenced(poolValue, ...POOLS)[0];
  const ports: TfValue[] = pool ? [...pool.blocks('member'), ...pool.blocks('member_group')].flatMap((m) => m.attr('port') ?? []) : [];
  const known = ports.find((p) => isKnown(p));
  if (known) return portValue(known, `${pool!.address} member port`);
  if (ports.length > 0) return { value: 'unknown', source: ports[0]!.source, note: `${describeValue(ports[0]!)}: not known before apply` };
  const defaults = vs.attr('default_pool_member_ports') ?? vs.attr('default_pool_member_port');
  if (defaults) return portValue(defaults, 'default_pool_member_port(s) of the virtual server');
  if (!pool) return { value: 'unknown', source: poolValue?.source ?? vs.source, note: poolValue ? `pool ${poolValue.text} is not in this configuration` : 'no pool' };
  return { value: 'same-as-frontend', source: pool.source, note: `${pool.address} sets no member port: the same port the client connected to` };
}

function portValue(value: TfValue, why: string): Sourced<number | 'unknown'> {
  if (value.value === UNKNOWN) return { value: 'unknown', source: value.source, note: `${describeValue(value)}: not known before apply` };
  const first = Array.isArray(value.value) ? value.value[0] : value.value;
  const range = portRange(first);
  return { value: range ? range.start : 'unknown', source: value.source, note: `${why}${value.note ? `; ${describeValue(value)}` : ''}` };
}

function virtualServerListeners(config: TfConfiguration, lbId: string, vs: TfResource) {
  const profile = profileOf(config, vs);
  const backend = backendPort(config, vs);
  const condition = conditionOf(vs);
  const clientSsl = vs.blocks('client_ssl')[0];
  const serverSsl = vs.blocks('server_ssl')[0];
  return portsOf(vs).map((ports) => {
    const b = new ListenerBuilder(lbId, vs.source);
    b.setPorts(ports);
    const protocol: FrontProtocol = profile.kind === 'http' ? (clientSsl ? 'https' : 'http') : profile.kind === 'unknown' ? 'unknown' : profile.kind;
    const sslNote = clientSsl ? 'client_ssl: the virtual server terminates TLS' : 'no client_ssl';
    b.set('protocol', protocol, clientSsl?.source ?? profile.source, `${profile.note}; ${sslNote}`);
    b.set('terminatesTls', profile.kind === 'http' ? Boolean(clientSsl) : profile.kind === 'unknown' ? 'unknown' : false, clientSsl?.source ?? profile.source, profile.kind === 'http' ? sslNote : 'a fast-TCP/UDP profile relays bytes; TLS passes through');
    if (profile.kind === 'unknown') {
      for (const field of ['passesUpgrade', 'addsXForwardedFor', 'addsXForwardedProto', 'proxyProtocol.accepts', 'proxyProtocol.sends', 'idleTimeoutSeconds', 'backend.protocol', 'backend.tls', 'backend.http2'] as const) b.set(field, 'unknown', profile.source, profile.note);
    } else {
      const facts = listenerFacts('nsxt', protocol);
      b.set('passesUpgrade', facts.passesUpgrade.value, profile.source, facts.passesUpgrade.why);
      b.set('addsXForwardedFor', facts.addsXForwardedFor.value, profile.source, facts.addsXForwardedFor.why);
      b.set('addsXForwardedProto', facts.addsXForwardedProto.value, profile.source, facts.addsXForwardedProto.why);
      b.set('proxyProtocol.accepts', facts.proxyAccepts.value, profile.source, facts.proxyAccepts.why);
      b.set('proxyProtocol.sends', facts.proxySends.value, profile.source, facts.proxySends.why);
      if (profile.kind === 'http') httpProfileFacts(b, profile);
      else idleFromProfile(b, profile, 'idle_timeout', NSXT_FAST_TCP_IDLE_SECONDS, 'fast-TCP profile idle_timeout defaults to 1800 s (terraform-provider-nsxt)');
      const backTls = profile.kind === 'http' ? Boolean(serverSsl) : false;
      b.set('backend.protocol', profile.kind === 'http' ? (serverSsl ? 'https' : 'http') : profile.kind === 'tcp' ? 'tcp' : 'unknown', serverSsl?.source ?? profile.source, profile.kind === 'http' ? (serverSsl ? 'server_ssl: TLS to the pool members' : 'no server_ssl: plain HTTP to the pool members') : 'relayed as it came');
      b.set('backend.tls', backTls, serverSsl?.source ?? profile.source, profile.kind === 'http' ? (serverSsl ? 'server_ssl' : 'no server_ssl') : "the LB adds no TLS of its own; a client's TLS passes through");
      // Neither the HTTP profile nor the pool has an HTTP/2 setting for pool members (terraform-provider-nsxt).
      b.set('backend.http2', false, profile.source, profile.kind === 'http' ? 'NSX-T has no HTTP/2 setting towards pool members' : 'the LB does not speak HTTP to the backend');
    }
    b.set('backend.port', backend.value, backend.source, backend.note);
    if (condition) b.set('conditional', true, condition.source, condition.value);
    return b.build();
  });
}

/**
 * HTTP profile: X-Forwarded-For per `x_forwarded_for` ("INSERT" or "REPLACE"; unset, the
 * header is left as the client sent it), and the response timeout that ends an idle upgraded
 * connection (VMware: "the load balancer uses the HTTP application profile response timeout
 * feature set to 60 seconds"; NSX-T Data Center Administration Guide, Load Balancer features).
 */
function httpProfileFacts(b: ListenerBuilder, profile: Profile): void {
  const resource = profile.resource;
  if (!resource) {
    b.set('addsXForwardedFor', 'unknown', profile.source, `${profile.note}: its x_forwarded_for setting is not in this configuration`);
    b.set('idleTimeoutSeconds', profile.builtIn ? NSXT_HTTP_RESPONSE_TIMEOUT_SECONDS : 'unknown', profile.source, profile.builtIn ? 'the built-in HTTP profile: response_timeout 60 s ends an idle WebSocket' : `${profile.note}: its response_timeout is not in this configuration`);
    return;
  }
  const xff = argument(resource, resource, 'x_forwarded_for', { read: (r) => (typeof r === 'string' ? r.toUpperCase() : undefined), absent: { value: 'NONE', note: 'the header is left as the client sent it' } });
  const adds = xff.value === 'unknown' ? 'unknown' : xff.value === 'INSERT' || xff.value === 'REPLACE';
  b.set('addsXForwardedFor', adds, xff.source, xff.value === 'INSERT' ? 'x_forwarded_for INSERT: the client address is appended' : xff.value === 'REPLACE' ? 'x_forwarded_for REPLACE: the header is replaced with the client address' : xff.note);
  idleFromProfile(b, profile, 'response_timeout', NSXT_HTTP_RESPONSE_TIMEOUT_SECONDS, 'response_timeout defaults to 60 s; it ends an upgraded connection the server leaves idle');
}

function idleFromProfile(b: ListenerBuilder, profile: Profile, name: string, fallback: number, why: string): void {
  const resource = profile.resource;
  if (!resource) {
    const builtIn = profile.builtIn === true;
    b.set('idleTimeoutSeconds', builtIn ? fallback : 'unknown', profile.source, builtIn ? `the built-in profile: ${why}` : `${profile.note}: its ${name} is not in this configuration`);
    return;
  }
  const idle = argument(resource, resource, name, { read: secondsValue, absent: { value: fallback, note: why } });
  b.set('idleTimeoutSeconds', idle.value, idle.source, idle.note ?? `${resource.address} ${name}`);
}
