/**
 * The HAProxy a manifest deploys, as load-balancer listeners, derived from its job
 * properties the way the job templates render them:
 * - haproxy-boshrelease jobs/haproxy/templates/haproxy.config.erb: `defaults` has
 *   `option forwardfor` and `timeout tunnel <websocket_timeout>`; `http-in` :80 unless
 *   disable_http, `https-in` :443 with ssl_pem/crt_list, `wss-in` :4443 only with enable_4443,
 *   all `mode http` adding X-Forwarded-Proto; `tcp-frontend_<name>` per `tcp[]` entry.
 * - cf-release jobs/haproxy/templates/haproxy.conf.erb: `http-in` :80, and with ssl_pem
 *   `https-in` :443 (mode http) and `ssl-in` :4443 (mode tcp, TLS terminated) to router.port.
 */
import { get, isMap, isSeq, type SourcePos, type YNode } from '../yaml/node.js';
import type { Deployment } from './deployment.js';
import { asBoolean, asNumber, type PathSeg } from './fact.js';
import { propertyNode, type JobInstance } from './jobs.js';
import type { Backend, Evidence, Listener, LoadBalancer, SourceRef, Tri } from '../lb/listener.js';

interface Prop {
  node?: YNode;
  path?: PathSeg[];
}

function tri(value: boolean | 'unknown' | undefined, fallback: boolean): Tri {
  return value === undefined ? fallback : value;
}

class JobReader {
  constructor(
    readonly job: JobInstance,
    readonly file: string,
    readonly format: SourceRef['format'],
  ) {}

  prop(keys: string[]): Prop {
    const found = propertyNode(this.job, keys);
    return found ? { node: found.node, path: found.path } : {};
  }

  ref(prop: Prop, fallbackPos?: SourcePos): SourceRef {
    // An ops-file that set the value is where it was written, not the manifest.
    const pos = prop.node?.pos ?? fallbackPos ?? this.job.node.pos;
    return { format: this.format, file: pos?.file ?? this.file, line: pos?.line, col: pos?.col, object: `${this.job.instanceGroup}/${this.job.job}` };
  }

  evidence(field: string, keys: string[], value: unknown, note?: string): Evidence {
    const prop = this.prop(keys);
    return { field, value, source: this.ref(prop), note: prop.node ? `ha_proxy property ${keys.join('.')}` : (note ?? `${keys.join('.')} not set: job spec default`) };
  }
}

function listener(reader: JobReader, fields: Omit<Listener, 'source' | 'lbId' | 'evidence' | 'proxyProtocol'> & { accepts: Tri }, sourceProp: Prop, evidence: Evidence[]): Listener {
  const { accepts, ...rest } = fields;
  return {
    ...rest,
    lbId: `haproxy (${reader.job.instanceGroup})`,
    proxyProtocol: { accepts, sends: false },
    source: reader.ref(sourceProp),
    evidence,
  };
}

function boshreleaseListeners(reader: JobReader): Listener[] {
  const bool = (key: string, fallback: boolean): Tri => tri(asBoolean(reader.prop(['ha_proxy', key]).node), fallback);
  const num = (key: string, fallback: number): number | 'unknown' => asNumber(reader.prop(['ha_proxy', key]).node) ?? fallback;
  const has = (key: string): boolean => reader.prop(['ha_proxy', key]).node !== undefined;
  const tlsMaterial = has('ssl_pem') || has('crt_list');
  const acceptProxy = bool('accept_proxy', false);
  // expect_proxy_cidrs: `expect-proxy layer4 if { src -f ... }` only for those sources, and
  // only when the list is not empty; whether a given sender is among them is not known here.
  const cidrs = reader.prop(['ha_proxy', 'expect_proxy_cidrs']).node;
  const expectProxy = cidrs !== undefined && !(isSeq(cidrs) && cidrs.items.length === 0);
  const accepts: Tri = acceptProxy === true ? true : expectProxy ? 'unknown' : acceptProxy;
  const backendSslNode = reader.prop(['ha_proxy', 'backend_ssl']).node;
  const backendSsl = backendSslNode?.kind === 'scalar' && ['verify', 'noverify'].includes(String(backendSslNode.value));
  const http2 = bool('enable_http2', false);
  // backend_match_http_protocol sends HTTP/1.1 clients (the cf CLI's WebSockets) to the HTTP/1.1 backend.
  const disableH2Websockets = bool('disable_backend_http2_websockets', false);
  const matchProtocol = bool('backend_match_http_protocol', false);
  const http1ForWebsockets: Tri = disableH2Websockets === true || matchProtocol === true ? true : disableH2Websockets === 'unknown' || matchProtocol === 'unknown' ? 'unknown' : false;
  const backend: Backend = {
    port: num('backend_port', 80),
    protocol: backendSsl ? 'https' : 'http',
    tls: backendSsl,
    // WebSockets go to the h2 backend unless disable_backend_http2_websockets (routing-release#230).
    http2: backendSsl && http2 === true ? (http1ForWebsockets === true ? false : http1ForWebsockets === false ? true : 'unknown') : false,
  };
  const idle = num('websocket_timeout', 3600);
  const common = {
    passesUpgrade: true as Tri,
    addsXForwardedFor: true as Tri,
    addsXForwardedProto: true as Tri,
    idleTimeoutSeconds: idle,
    backend,
    accepts,
  };
  const shared = [reader.evidence('idleTimeoutSeconds', ['ha_proxy', 'websocket_timeout'], idle, 'websocket_timeout not set: default 3600 (timeout tunnel)'), reader.evidence('backend.port', ['ha_proxy', 'backend_port'], backend.port)];
  const found: Listener[] = [];
  const disableHttp = bool('disable_http', false);
  if (disableHttp !== true) {
    const conditional = disableHttp === 'unknown';
    found.push(listener(reader, { ...common, frontendPort: 80, protocol: 'http', terminatesTls: false, ...(conditional ? { conditional } : {}) }, reader.prop(['ha_proxy', 'disable_http']), [reader.evidence('frontendPort', ['ha_proxy', 'disable_http'], 80, 'http-in :80 (disable_http is false by default)'), ...shared]));
  }
  if (tlsMaterial) {
    const tlsProp = reader.prop(['ha_proxy', has('ssl_pem') ? 'ssl_pem' : 'crt_list']);
    found.push(listener(reader, { ...common, frontendPort: 443, protocol: 'https', terminatesTls: true }, tlsProp, [{ field: 'frontendPort', value: 443, source: reader.ref(tlsProp), note: 'https-in :443 is rendered because ssl_pem/crt_list is set' }, ...shared]));
  }
  const enable4443 = bool('enable_4443', false);
  if (enable4443 !== false && tlsMaterial) {
    const prop = reader.prop(['ha_proxy', 'enable_4443']);
    found.push(listener(reader, { ...common, frontendPort: 4443, protocol: 'https', terminatesTls: true, ...(enable4443 === 'unknown' ? { conditional: true } : {}) }, prop, [reader.evidence('frontendPort', ['ha_proxy', 'enable_4443'], 4443, 'wss-in :4443 (mode http)'), ...shared]));
  }
  found.push(...tcpListeners(reader, accepts, bool('disable_tcp_accept_proxy', false)));
  return found;
}

function tcpListeners(reader: JobReader, accepts: Tri, disableTcpAcceptProxy: Tri): Listener[] {
  const tcp = reader.prop(['ha_proxy', 'tcp']);
  if (!isSeq(tcp.node)) return [];
  return tcp.node.items.filter(isMap).map((entry) => {
    const port = asNumber(get(entry, 'port')) ?? 'unknown';
    const backendPort = asNumber(get(entry, 'backend_port')) ?? port;
    const ssl = asBoolean(get(entry, 'ssl')) ?? false;
    const name = get(entry, 'name');
    const source = reader.ref({ node: entry });
    return {
      lbId: `haproxy (${reader.job.instanceGroup})`,
      source: { ...source, object: `${source.object} tcp ${name?.kind === 'scalar' ? String(name.value) : ''}`.trim() },
      frontendPort: port,
      protocol: ssl === true ? 'ssl' : ssl === false ? 'tcp' : 'unknown',
      terminatesTls: ssl,
      passesUpgrade: true,
      addsXForwardedFor: false,
      addsXForwardedProto: false,
      proxyProtocol: { accepts: disableTcpAcceptProxy === true ? false : accepts, sends: false },
      idleTimeoutSeconds: 'unknown',
      backend: { port: backendPort, protocol: 'tcp', tls: false, http2: false },
      evidence: [{ field: 'frontendPort', value: port, source, note: 'ha_proxy.tcp entry (mode tcp)' }],
    } satisfies Listener;
  });
}

function cfReleaseListeners(reader: JobReader): Listener[] {
  const sslPem = reader.prop(['ha_proxy', 'ssl_pem']);
  const routerPort = asNumber(reader.prop(['router', 'port']).node) ?? 80;
  const timeout = asNumber(reader.prop(['request_timeout_in_seconds']).node) ?? 900;
  const base = {
    idleTimeoutSeconds: timeout,
    accepts: false as Tri,
    backend: { port: routerPort, protocol: 'http', tls: false, http2: false } as Backend,
  };
  const evidence = [reader.evidence('idleTimeoutSeconds', ['request_timeout_in_seconds'], timeout, 'request_timeout_in_seconds not set: default 900')];
  const found: Listener[] = [];
  if (asBoolean(reader.prop(['ha_proxy', 'disable_http']).node) !== true) {
    found.push(listener(reader, { ...base, frontendPort: 80, protocol: 'http', terminatesTls: false, passesUpgrade: true, addsXForwardedFor: true, addsXForwardedProto: true }, {}, [...evidence]));
  }
  if (sslPem.node) {
    found.push(listener(reader, { ...base, frontendPort: 443, protocol: 'https', terminatesTls: true, passesUpgrade: true, addsXForwardedFor: true, addsXForwardedProto: true }, sslPem, [...evidence]));
    found.push(listener(reader, { ...base, frontendPort: 4443, protocol: 'ssl', terminatesTls: true, passesUpgrade: true, addsXForwardedFor: false, addsXForwardedProto: false, backend: { ...base.backend, protocol: 'tcp' } }, sslPem, [{ field: 'protocol', value: 'ssl', source: reader.ref(sslPem), note: 'frontend ssl-in: mode tcp, TLS terminated, to router.port' }, ...evidence]));
  }
  return found;
}

/** The load balancers a manifest deploys itself (its haproxy jobs). */
export function manifestLoadBalancers(deployment: Deployment): LoadBalancer[] {
  return deployment.haproxies.map((job) => {
    const v1 = deployment.kind === 'cf-release-v1';
    const reader = new JobReader(job, deployment.file, v1 ? 'cf-release-haproxy-props' : 'haproxy-boshrelease-props');
    return {
      id: `haproxy (${job.instanceGroup})`,
      kind: 'haproxy',
      hostnames: [],
      listeners: v1 ? cfReleaseListeners(reader) : boshreleaseListeners(reader),
      source: reader.ref({}),
    };
  });
}
