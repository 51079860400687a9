/**
 * OpenStack LBaaS v2 / Octavia load balancers in Terraform (terraform-provider-openstack
 * `openstack_lb_*_v2`, and FlexibleEngine's `flexibleengine_lb_*_v2`, which speak the same
 * API): a listener (`protocol`, `protocol_port`, `loadbalancer_id`), its pool (by the
 * listener's `default_pool_id` or the pool's `listener_id`) and the pool's members.
 * orange-cloudfoundry paas-templates puts a TCP 443 listener of this kind in front of its
 * HAProxy relays (master-depls/terraform-config/spec-openstack-hws).
 */
import type { BackProtocol, FrontProtocol, LoadBalancer, Tri } from './listener.js';
import { ListenerBuilder, portNumber, secondsValue, type Sourced } from './listener-builder.js';
import { addressesOf, argument, conditionOf, isKnown, knownString, type MappedLb, type TfConfiguration, type TfResource } from './terraform-config.js';

const PREFIXES = ['openstack_lb_', 'flexibleengine_lb_'];
const typesOf = (kind: string) => PREFIXES.map((p) => `${p}${kind}_v2`);

/** The resource types this mapper reads (monitors and L7 policies change no listener fact it models). */
export const OPENSTACK_TYPES = ['loadbalancer', 'listener', 'pool', 'member', 'members', 'monitor', 'l7policy', 'l7rule'].flatMap(typesOf);

/**
 * Octavia: "timeout_client_data: Frontend client inactivity timeout in milliseconds. Default:
 * 50000" (Octavia API reference, listeners). FlexibleEngine documents no default of its own.
 */
const OCTAVIA_CLIENT_TIMEOUT_MS = 50_000;

export function openstackLoadBalancers(config: TfConfiguration): MappedLb[] {
  const lbs = new Map<string, MappedLb>();
  for (const listener of config.resources.filter((r) => typesOf('listener').includes(r.type))) {
    const owner = config.referenced(listener.attr('loadbalancer_id'), ...typesOf('loadbalancer'))[0] ?? listener;
    let mapped = lbs.get(owner.address);
    if (!mapped) {
      const lb: LoadBalancer = { id: owner.address, kind: 'other', hostnames: [], listeners: [], source: owner.source };
      mapped = { lb, addressedBy: new Set(addressesOf(owner)) };
      lbs.set(owner.address, mapped);
    }
    mapped.lb.listeners.push(listenerOf(config, mapped.lb.id, listener));
  }
  return [...lbs.values()];
}

const FRONT: Record<string, FrontProtocol> = { TCP: 'tcp', HTTP: 'http', HTTPS: 'tcp', TERMINATED_HTTPS: 'https', UDP: 'udp' };

function listenerOf(config: TfConfiguration, lbId: string, listener: TfResource) {
  const b = new ListenerBuilder(lbId, listener.source);
  const port = argument(listener, listener, 'protocol_port', { read: portNumber, absent: { value: 'unknown', note: 'a required argument is missing' } });
  b.set('frontendPort', port.value, port.source, port.note);
  const raw = argument(listener, listener, 'protocol', { read: (r) => (typeof r === 'string' ? r.toUpperCase() : undefined), absent: { value: 'unknown', note: 'a required argument is missing' } });
  const protocol: FrontProtocol = raw.value === 'unknown' ? 'unknown' : (FRONT[raw.value] ?? 'unknown');
  // Octavia's HTTPS listener is TLS pass-through: bytes relayed, the member terminates TLS.
  const why = raw.value === 'HTTPS' ? 'HTTPS: TLS passed through to the members' : `protocol ${raw.value}`;
  b.set('protocol', protocol, raw.source, why);
  b.set('terminatesTls', protocol === 'unknown' ? 'unknown' : protocol === 'https', raw.source, why);
  const layer7 = protocol === 'http' || protocol === 'https';
  const upgrade: Tri = protocol === 'tcp' ? true : protocol === 'udp' ? false : 'unknown';
  b.set('passesUpgrade', upgrade, raw.source, protocol === 'tcp' ? 'a TCP listener relays bytes, so the Upgrade handshake reaches the member' : layer7 ? 'an LBaaS HTTP listener: whether the provider passes Upgrade is not documented' : protocol === 'udp' ? 'WebSockets need a TCP stream' : why);
  for (const [field, header] of [['addsXForwardedFor', 'X-Forwarded-For'], ['addsXForwardedProto', 'X-Forwarded-Proto']] as const) {
    if (!layer7) {
      b.set(field, protocol === 'unknown' ? 'unknown' : false, raw.source, protocol === 'unknown' ? why : 'a layer-4 listener relays bytes and cannot add HTTP headers');
      continue;
    }
    // insert_headers = { X-Forwarded-For = "true" }: headers are inserted only when asked for.
    const headers = listener.attr('insert_headers');
    const value = isKnown(headers) && headers.value !== null && typeof headers.value === 'object' ? (headers.value as Record<string, unknown>)[header] : undefined;
    const inserted = headers && !isKnown(headers) ? 'unknown' : String(value) === 'true';
    b.set(field, inserted, headers?.source ?? listener.source, headers ? `insert_headers ${header} ${value === undefined ? 'not set' : String(value)}` : 'no insert_headers: the header is not added');
  }
  b.set('proxyProtocol.accepts', false, raw.source, 'LBaaS listeners take plain connections from clients');
  const idle = argument(listener, listener, 'timeout_client_data', {
    read: (r) => {
      const ms = secondsValue(r);
      return ms === undefined ? undefined : ms / 1000;
    },
    absent: listener.type.startsWith('openstack_') ? { value: OCTAVIA_CLIENT_TIMEOUT_MS / 1000, note: 'Octavia default 50000 ms' } : { value: 'unknown', note: 'no documented default' },
  });
  b.set('idleTimeoutSeconds', idle.value, idle.source, idle.note ?? 'timeout_client_data (milliseconds)');
  poolFacts(config, b, listener, protocol);
  const condition = conditionOf(listener);
  if (condition) b.set('conditional', true, condition.source, condition.value);
  return b.build();
}

/** PROXY and PROXYV2 pools send a PROXY header; HTTP/HTTPS pools speak HTTP to the members. */
const POOL_BACK: Record<string, { protocol: BackProtocol; tls: boolean; proxy?: 1 | 2 }> = { TCP: { protocol: 'tcp', tls: false }, HTTP: { protocol: 'http', tls: false }, HTTPS: { protocol: 'tcp', tls: false }, PROXY: { protocol: 'tcp', tls: false, proxy: 1 }, PROXYV2: { protocol: 'tcp', tls: false, proxy: 2 } };

function poolFacts(config: TfConfiguration, b: ListenerBuilder, listener: TfResource, front: FrontProtocol): void {
  const pool =
    config.referenced(listener.attr('default_pool_id'), ...typesOf('pool'))[0] ??
    config.resources.find((p) => typesOf('pool').includes(p.type) && config.referenced(p.attr('listener_id'), listener.type).includes(listener));
  if (!pool) {
    const why = listener.attr('default_pool_id') ? `pool ${listener.attr('default_pool_id')!.text} is not in this configuration` : 'no pool for this listener in this configuration';
    for (const field of ['backend.port', 'backend.protocol', 'backend.tls', 'backend.http2', 'proxyProtocol.sends'] as const) b.set(field, 'unknown', listener.source, why);
    return;
  }
  const raw = argument(pool, pool, 'protocol', { read: (r) => (typeof r === 'string' ? r.toUpperCase() : undefined), absent: { value: 'unknown', note: 'a required argument is missing' } });
  const back = raw.value === 'unknown' ? undefined : POOL_BACK[raw.value];
  b.set('backend.protocol', back?.protocol ?? 'unknown', raw.source, `${pool.address} protocol ${raw.value}`);
  b.set('backend.tls', back ? (front === 'tcp' ? false : back.tls) : 'unknown', raw.source, front === 'tcp' ? "a relayed client's TLS passes through; the LB adds none" : `${pool.address} protocol ${raw.value}`);
  b.set('backend.http2', back ? false : 'unknown', raw.source, 'LBaaS pools speak HTTP/1.1 or relay bytes');
  b.set('proxyProtocol.sends', back ? back.proxy !== undefined : 'unknown', raw.source, back?.proxy ? `pool protocol ${raw.value}: PROXY v${back.proxy} to the members` : `pool protocol ${raw.value}`);
  if (back?.proxy) b.set('proxyProtocol.version', back.proxy, raw.source);
  b.set('backend.port', ...memberPort(config, pool));
}

/** The members' `protocol_port`; BOSH often registers members itself (a vm_extension's `loadbalancer_pools`), so none may be declared. */
function memberPort(config: TfConfiguration, pool: TfResource): [number | 'unknown', Sourced<unknown>['source'], string] {
  const members = [
    ...config.resources.filter((m) => typesOf('member').includes(m.type) && config.referenced(m.attr('pool_id'), pool.type).includes(pool)),
    ...config.resources.filter((m) => typesOf('members').includes(m.type) && config.referenced(m.attr('pool_id'), pool.type).includes(pool)).flatMap((m) => m.blocks('member')),
  ];
  const port = members.map((m) => m.attr('protocol_port')).find((p) => p !== undefined);
  if (!port) return ['unknown', pool.source, `no members of ${pool.address} in this configuration (BOSH may register them through a vm_extension's loadbalancer_pools${knownString(pool.attr('name')) ? ` "${knownString(pool.attr('name'))}"` : ''})`];
  const n = isKnown(port) ? portNumber(port.value) : undefined;
  return [n ?? 'unknown', port.source, n === undefined ? `${port.text}: not known before apply` : `member protocol_port`];
}
