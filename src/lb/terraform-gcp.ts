/**
 * GCP load balancers in Terraform, followed through their references:
 * - regional `google_compute_forwarding_rule` -> `google_compute_target_pool` (or a regional
 *   backend service): a pass-through TCP/UDP LB, one per pool (bbl's `cf-ws` pool takes 443 and
 *   80: bosh-bootloader terraform/gcp/templates/cf_lb.tf);
 * - `google_compute_global_forwarding_rule` -> `google_compute_target_http(s)_proxy` ->
 *   `google_compute_url_map` -> `google_compute_backend_service`: the HTTP(S) LB, one per URL
 *   map. Its backend `timeout_sec` (default 30) caps a WebSocket's whole life ("this timeout is
 *   not an idle timeout - it's a timeout on the connection lifetime": ingress-gce websocket example);
 * - global rules -> `google_compute_target_tcp_proxy`/`_ssl_proxy` -> backend service.
 */
import type { FrontProtocol, LbKind, LoadBalancer } from './listener.js';
import { layer4Listener } from './layer4-listener.js';
import { ListenerBuilder, portRange, secondsValue, type Sourced } from './listener-builder.js';
import { DEFAULT_IDLE_SECONDS, listenerFacts } from './provider-facts.js';
import { addressesOf, argument, conditionOf, describeValue, isKnown, knownBoolean, knownString, UNKNOWN, type MappedLb, type TfConfiguration, type TfResource, type TfValue } from './terraform-config.js';

const HTTP_PROXIES = ['google_compute_target_http_proxy', 'google_compute_target_https_proxy', 'google_compute_region_target_http_proxy', 'google_compute_region_target_https_proxy'];
const TCP_PROXIES = ['google_compute_target_tcp_proxy', 'google_compute_target_ssl_proxy', 'google_compute_region_target_tcp_proxy'];
const BACKEND_SERVICES = ['google_compute_backend_service', 'google_compute_region_backend_service'];

/** The resource types this mapper reads (or knows to be no listener of their own). */
export const GCP_TYPES = ['google_compute_forwarding_rule', 'google_compute_global_forwarding_rule', 'google_compute_target_pool', 'google_compute_url_map', 'google_compute_region_url_map', 'google_compute_instance_group', 'google_compute_health_check', 'google_compute_http_health_check', 'google_compute_https_health_check', ...HTTP_PROXIES, ...TCP_PROXIES, ...BACKEND_SERVICES];

export function gcpLoadBalancers(config: TfConfiguration): MappedLb[] {
  const lbs = new Map<string, MappedLb>();
  const lbFor = (owner: TfResource | { address: string; source: LoadBalancer['source'] }, kind: LbKind, rule: TfResource): MappedLb => {
    let mapped = lbs.get(owner.address);
    if (!mapped) {
      mapped = { lb: { id: owner.address, kind, hostnames: [], listeners: [], source: owner.source }, addressedBy: new Set('type' in owner ? addressesOf(owner) : [owner.address]) };
      lbs.set(owner.address, mapped);
    }
    // DNS records name the rule's IP address resource, or the rule itself.
    addressesOf(rule).forEach((a) => mapped.addressedBy.add(a));
    const ip = rule.attr('ip_address');
    if (ip) [...ip.refs, ...config.referenced(ip).map((r) => r.address)].forEach((a) => mapped.addressedBy.add(a));
    return mapped;
  };
  const rules = config.resources.filter((r) => r.type === 'google_compute_forwarding_rule' || r.type === 'google_compute_global_forwarding_rule');
  for (const rule of rules) {
    const target = rule.attr('target');
    const pool = config.referenced(target, 'google_compute_target_pool')[0];
    const passthrough = config.referenced(rule.attr('backend_service'), ...BACKEND_SERVICES)[0];
    const httpProxy = config.referenced(target, ...HTTP_PROXIES)[0];
    const tcpProxy = config.referenced(target, ...TCP_PROXIES)[0];
    if (pool || passthrough || (rule.type === 'google_compute_forwarding_rule' && !httpProxy && !tcpProxy)) {
      const owner = pool ?? passthrough ?? rule;
      lbFor(owner, 'gcp-tcp', rule).lb.listeners.push(...passThroughListeners(owner.address, rule, owner === rule ? targetNote(target) : undefined));
    } else if (httpProxy) {
      const urlMap = config.referenced(httpProxy.attr('url_map'), 'google_compute_url_map', 'google_compute_region_url_map')[0];
      lbFor(urlMap ?? httpProxy, 'gcp-http', rule).lb.listeners.push(...httpListeners(config, (urlMap ?? httpProxy).address, rule, httpProxy, urlMap));
    } else if (tcpProxy) {
      lbFor(tcpProxy, 'gcp-tcp', rule).lb.listeners.push(...tcpProxyListeners(config, tcpProxy.address, rule, tcpProxy));
    } else {
      // A global rule whose target is outside this configuration: its type still says what it is.
      const http = target?.refs.some((r) => HTTP_PROXIES.includes(r.split('.')[0]!)) ?? false;
      const mapped = lbFor(rule, http ? 'gcp-http' : 'other', rule);
      mapped.lb.listeners.push(...unresolvedGlobalListeners(rule, http ? 'gcp-http' : 'other', target));
    }
  }
  return [...lbs.values()];
}

function targetNote(target: TfValue | undefined): string {
  return target ? `target ${target.text} is not in this configuration` : 'no target';
}

/** The ports of a rule: `port_range` ("443", "80-80", "1024-32768"), `ports`, or `all_ports`. */
function rulePorts(rule: TfResource): Sourced<{ start: number; end: number } | 'unknown'>[] {
  const range = rule.attr('port_range');
  const ports = rule.attr('ports');
  const all = rule.attr('all_ports');
  if (knownBoolean(all)) return [{ value: { start: 1, end: 65535 }, source: all!.source, note: 'all_ports' }];
  if (ports && isKnown(ports) && Array.isArray(ports.value) && ports.value.length > 0) {
    return ports.value.map((p) => ({ value: portRange(p) ?? 'unknown', source: ports.source }));
  }
  if (range) {
    if (range.value === UNKNOWN) return [{ value: 'unknown', source: range.source, note: `${describeValue(range)}: not known before apply` }];
    return [{ value: portRange(range.value) ?? 'unknown', source: range.source, ...(range.note ? { note: describeValue(range) } : {}) }];
  }
  return [{ value: 'unknown', source: rule.source, note: rule.fragment ? 'no port_range in this override file' : 'no port_range or ports' }];
}

function defaultIdle(rule: TfResource, kind: 'gcp-tcp' | 'gcp-http'): Sourced<number | 'unknown'> {
  if (rule.fragment) return { value: 'unknown', source: rule.source, note: 'override file read without its base configuration' };
  return { value: DEFAULT_IDLE_SECONDS[kind], source: rule.source, note: `default for ${kind} (routing-release gorouter spec, router.frontend_idle_timeout)` };
}

function passThroughListeners(lbId: string, rule: TfResource, note: string | undefined) {
  const protocolValue = rule.attr('ip_protocol');
  const raw = knownString(protocolValue)?.toUpperCase() ?? (protocolValue ? undefined : 'TCP');
  const protocol: Sourced<'tcp' | 'udp' | 'unknown'> = {
    value: raw === 'TCP' ? 'tcp' : raw === 'UDP' ? 'udp' : 'unknown',
    source: protocolValue?.source ?? rule.source,
    note: protocolValue ? `ip_protocol ${protocolValue.text}` : 'ip_protocol not set: TCP',
  };
  const condition = conditionOf(rule);
  return rulePorts(rule).map((ports) =>
    layer4Listener({
      kind: 'gcp-tcp',
      lbId,
      source: rule.source,
      ports,
      protocol,
      backendPort: { value: 'same-as-frontend', source: rule.source, note: `pass-through: the backend gets the port the client used${note ? `; ${note}` : ''}` },
      idleTimeoutSeconds: defaultIdle(rule, 'gcp-tcp'),
      ...(condition ? { condition } : {}),
    }),
  );
}

/** A backend service's protocol, port (through instance group named ports) and timeout. */
function backendOf(config: TfConfiguration, service: TfResource | undefined, why: string) {
  if (!service) {
    const unknown = (note: string) => ({ value: 'unknown' as const, note });
    return { port: unknown(why), protocol: unknown(why), timeout: undefined, source: undefined };
  }
  const protocol = argument(service, service, 'protocol', { read: (r) => (typeof r === 'string' ? r.toUpperCase() : undefined), absent: { value: 'HTTP', note: 'HTTP by default' } });
  const portName = argument(service, service, 'port_name', { read: (r) => (typeof r === 'string' ? r : undefined), absent: { value: 'http', note: '"http" by default' } });
  let port: Sourced<number | 'unknown'> = { value: 'unknown', source: portName.source, note: `named port "${portName.value}" is defined on instance groups outside this configuration` };
  const groups = service.blocks('backend').flatMap((b) => config.referenced(b.attr('group'), 'google_compute_instance_group'));
  for (const group of groups) {
    for (const named of group.blocks('named_port')) {
      if (knownString(named.attr('name')) === portName.value) {
        const p = named.attr('port');
        const n = isKnown(p) ? Number(p.value) : NaN;
        port = Number.isInteger(n) ? { value: n, source: p!.source, note: `${group.address} named port ${portName.value}` } : port;
      }
    }
  }
  const timeout = argument(service, service, 'timeout_sec', { read: secondsValue, absent: { value: 30, note: 'backend service default timeout 30 s' } });
  return { port, protocol, timeout, source: service };
}

function httpListeners(config: TfConfiguration, lbId: string, rule: TfResource, proxy: TfResource, urlMap: TfResource | undefined) {
  const protocol: FrontProtocol = proxy.type.endsWith('https_proxy') ? 'https' : 'http';
  const service = urlMap ? config.referenced(urlMap.attr('default_service'), ...BACKEND_SERVICES)[0] : undefined;
  const why = !urlMap ? `url_map ${proxy.attr('url_map')?.text ?? '?'} is not in this configuration` : `default_service ${urlMap.attr('default_service')?.text ?? '(none)'} is not in this configuration`;
  const backend = backendOf(config, service, why);
  const facts = listenerFacts('gcp-http', protocol);
  const targetRef = rule.attr('target')?.source ?? rule.source;
  const condition = conditionOf(rule, proxy, urlMap, service);
  return rulePorts(rule).map((ports) => {
    const b = new ListenerBuilder(lbId, rule.source);
    b.setPorts(ports);
    b.set('protocol', protocol, targetRef, `target ${proxy.address}`);
    b.set('terminatesTls', protocol === 'https', targetRef, `target ${proxy.type}`);
    b.set('passesUpgrade', facts.passesUpgrade.value, targetRef, facts.passesUpgrade.why);
    b.set('addsXForwardedFor', facts.addsXForwardedFor.value, targetRef, facts.addsXForwardedFor.why);
    b.set('addsXForwardedProto', facts.addsXForwardedProto.value, targetRef, facts.addsXForwardedProto.why);
    b.set('proxyProtocol.accepts', false, targetRef, facts.proxyAccepts.why);
    b.set('proxyProtocol.sends', false, targetRef, facts.proxySends.why);
    const idle = defaultIdle(rule, 'gcp-http');
    b.set('idleTimeoutSeconds', idle.value, idle.source, backend.timeout ? idle.note : `${idle.note}; the backend service timeout, which caps a WebSocket's life, is not known: ${why}`);
    if (backend.timeout && backend.timeout.value !== 'unknown') b.set('maxConnectionSeconds', backend.timeout.value, backend.timeout.source, `backend service timeout_sec: the longest a WebSocket stays open${backend.timeout.note ? `; ${backend.timeout.note}` : ''}`);
    const serviceSource = backend.source?.source ?? urlMap?.source ?? proxy.source;
    const backendProtocol = backend.protocol.value === 'HTTP2' ? 'h2' : backend.protocol.value === 'HTTPS' ? 'https' : backend.protocol.value === 'HTTP' ? 'http' : 'unknown';
    b.set('backend.port', backend.port.value, 'source' in backend.port ? backend.port.source : serviceSource, backend.port.note);
    b.set('backend.protocol', backendProtocol, 'source' in backend.protocol ? backend.protocol.source : serviceSource, backend.protocol.note);
    b.set('backend.tls', backendProtocol === 'unknown' ? 'unknown' : backendProtocol !== 'http', serviceSource, `backend service protocol ${backend.protocol.value}`);
    b.set('backend.http2', backendProtocol === 'unknown' ? 'unknown' : backendProtocol === 'h2', serviceSource, `backend service protocol ${backend.protocol.value}`);
    if (condition) b.set('conditional', true, condition.source, condition.value);
    return b.build();
  });
}

function tcpProxyListeners(config: TfConfiguration, lbId: string, rule: TfResource, proxy: TfResource) {
  const ssl = proxy.type.endsWith('ssl_proxy');
  const service = config.referenced(proxy.attr('backend_service'), ...BACKEND_SERVICES)[0];
  const backend = backendOf(config, service, `backend_service ${proxy.attr('backend_service')?.text ?? '?'} is not in this configuration`);
  const header = argument(proxy, proxy, 'proxy_header', { read: (r) => (typeof r === 'string' ? r : undefined), absent: { value: 'NONE', note: 'proxy_header NONE by default' } });
  const facts = listenerFacts('gcp-tcp', ssl ? 'ssl' : 'tcp');
  const targetRef = rule.attr('target')?.source ?? rule.source;
  const condition = conditionOf(rule, proxy);
  return rulePorts(rule).map((ports) => {
    const b = new ListenerBuilder(lbId, rule.source);
    b.setPorts(ports);
    b.set('protocol', ssl ? 'ssl' : 'tcp', targetRef, `target ${proxy.address}`);
    b.set('terminatesTls', ssl, targetRef, `target ${proxy.type}`);
    b.set('passesUpgrade', facts.passesUpgrade.value, targetRef, facts.passesUpgrade.why);
    b.set('addsXForwardedFor', false, targetRef, facts.addsXForwardedFor.why);
    b.set('addsXForwardedProto', false, targetRef, facts.addsXForwardedProto.why);
    b.set('proxyProtocol.accepts', false, targetRef, facts.proxyAccepts.why);
    b.set('proxyProtocol.sends', header.value === 'unknown' ? 'unknown' : header.value === 'PROXY_V1', header.source, header.note ?? `proxy_header ${header.value}`);
    if (header.value === 'PROXY_V1') b.set('proxyProtocol.version', 1, header.source);
    const timeout = backend.timeout;
    b.set('idleTimeoutSeconds', 'unknown', timeout?.source ?? proxy.source, timeout ? `backend service timeout_sec ${timeout.value}: its meaning for TCP/SSL proxies is not verified here` : 'backend service not in this configuration');
    const serviceSource = backend.source?.source ?? proxy.source;
    b.set('backend.port', backend.port.value, 'source' in backend.port ? backend.port.source : serviceSource, backend.port.note);
    const p = backend.protocol.value;
    b.set('backend.protocol', p === 'SSL' ? 'ssl' : p === 'TCP' ? 'tcp' : 'unknown', serviceSource, `backend service protocol ${p}`);
    b.set('backend.tls', p === 'unknown' ? 'unknown' : p === 'SSL', serviceSource, `backend service protocol ${p}`);
    b.set('backend.http2', false, serviceSource, 'a TCP/SSL proxy does not speak HTTP');
    if (condition) b.set('conditional', true, condition.source, condition.value);
    return b.build();
  });
}

function unresolvedGlobalListeners(rule: TfResource, kind: 'gcp-http' | 'other', target: TfValue | undefined) {
  const note = targetNote(target);
  const source = target?.source ?? rule.source;
  const condition = conditionOf(rule);
  const httpsTarget = target?.refs.some((r) => r.startsWith('google_compute_target_https_proxy.')) ?? false;
  return rulePorts(rule).map((ports) => {
    const b = new ListenerBuilder(rule.address, rule.source);
    b.setPorts(ports);
    const protocol: FrontProtocol = kind === 'gcp-http' ? (httpsTarget ? 'https' : 'http') : 'unknown';
    b.set('protocol', protocol, source, note);
    b.set('terminatesTls', kind === 'gcp-http' ? httpsTarget : 'unknown', source, note);
    const facts = kind === 'gcp-http' ? listenerFacts('gcp-http', protocol) : undefined;
    b.set('passesUpgrade', facts?.passesUpgrade.value ?? 'unknown', source, facts?.passesUpgrade.why ?? note);
    b.set('addsXForwardedFor', facts?.addsXForwardedFor.value ?? 'unknown', source, facts?.addsXForwardedFor.why ?? note);
    b.set('addsXForwardedProto', facts?.addsXForwardedProto.value ?? 'unknown', source, facts?.addsXForwardedProto.why ?? note);
    b.set('proxyProtocol.accepts', false, source, 'GCP load balancers take plain connections from clients');
    b.set('proxyProtocol.sends', facts ? false : 'unknown', source, facts?.proxySends.why ?? note);
    b.set('idleTimeoutSeconds', kind === 'gcp-http' ? defaultIdle(rule, 'gcp-http').value : 'unknown', source, note);
    for (const field of ['backend.port', 'backend.protocol', 'backend.tls', 'backend.http2'] as const) b.set(field, 'unknown', source, note);
    if (condition) b.set('conditional', true, condition.source, condition.value);
    return b.build();
  });
}
