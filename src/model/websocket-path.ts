/**
 * The way a WebSocket client's connection travels, hop by hop, as data: formatters draw it
 * (a Mermaid flowchart, a line under a stylish finding) and rules mark the hop that breaks it.
 * Chain (cf-domain.md §1.4): client -> LB:doppler.port -> [HAProxy] -> gorouter (host
 * doppler.<sys>) -> Traffic Controller:8081.
 */
import type { Listener, LoadBalancer } from '../lb/listener.js';
import { listenerCoversPort } from '../lb/listener.js';
import type { Deployment, Endpoint } from './deployment.js';
import { numberProperty } from './jobs.js';

export type HopKind = 'client' | 'dns' | 'listener' | 'haproxy' | 'gorouter' | 'traffic-controller';

/** `unknown`: the input does not say whether this hop passes WebSockets (a "cannot verify" note). */
export type HopStatus = 'ok' | 'failing' | 'unknown';

export interface Hop {
  kind: HopKind;
  /** What the hop is: a DNS name, an LB's id, `gorouter`. */
  label: string;
  /** A port, a range (`1024-1123`), or absent where none applies or is known. */
  port?: number | string;
  protocol?: string;
  status: HopStatus;
  /** What breaks here, in a word or two (`Upgrade`, `no listener`). */
  problem?: string;
  /** The rule that marked the hop; the engine sets it on a finding's path. */
  ruleId?: string;
}

export interface WebSocketPath {
  /** The endpoint Cloud Controller advertises (`doppler`; in v1 also `loggregator`). */
  endpoint: Endpoint['name'];
  hops: Hop[];
}

/** loggregator-release jobs/loggregator_trafficcontroller/spec: loggregator.outgoing_dropsonde_port defaults to 8081. */
const TRAFFIC_CONTROLLER_PORT = 8081;

function client(endpoint: Endpoint): Hop {
  const scheme = endpoint.useSsl.value === 'unknown' ? 'ws(s)' : endpoint.useSsl.value ? 'wss' : 'ws';
  return { kind: 'client', label: 'client', protocol: scheme, status: 'ok' };
}

function dns(endpoint: Endpoint): Hop {
  return { kind: 'dns', label: endpoint.host === 'unknown' ? endpoint.hostLabel : endpoint.host, status: 'ok' };
}

function portOf(listener: Listener): number | string | undefined {
  if (listener.frontendPort === 'unknown') return undefined;
  return listener.frontendPortEnd !== undefined ? `${listener.frontendPort}-${listener.frontendPortEnd}` : listener.frontendPort;
}

function backendPortOf(listener: Listener): number | undefined {
  const port = listener.backend.port === 'same-as-frontend' ? listener.frontendPort : listener.backend.port;
  return port === 'unknown' ? undefined : port;
}

function listenerHop(kind: 'listener' | 'haproxy', listener: Listener): Hop {
  const port = portOf(listener);
  return { kind, label: listener.lbId, ...(port !== undefined ? { port } : {}), ...(listener.protocol !== 'unknown' ? { protocol: listener.protocol } : {}), status: 'ok' };
}

/** The manifest's Traffic Controller, the end of doppler's path, when the manifest deploys one. */
function trafficController(deployment: Deployment, endpoint: Endpoint): Hop[] {
  if (endpoint.name !== 'doppler') return [];
  const job = deployment.jobs.find((j) => j.job === 'loggregator_trafficcontroller' && j.deployed);
  if (!job) return [];
  const port = numberProperty(job, ['loggregator', 'outgoing_dropsonde_port'], TRAFFIC_CONTROLLER_PORT).value;
  return [{ kind: 'traffic-controller', label: 'trafficcontroller', ...(port !== 'unknown' ? { port } : {}), status: 'ok' }];
}

/**
 * The path of `endpoint`'s clients through `listener`. When the listener forwards to a
 * frontend of the manifest's HAProxy (`behind`), the HAProxy is a hop of its own and its
 * backend is the gorouter port.
 */
export function pathThroughListener(deployment: Deployment, endpoint: Endpoint, listener: Listener, behind: readonly LoadBalancer[]): WebSocketPath {
  const hops: Hop[] = [client(endpoint), dns(endpoint), listenerHop('listener', listener)];
  let last = listener;
  const backendPort = backendPortOf(listener);
  const haproxy = backendPort === undefined ? undefined : behind.flatMap((lb) => lb.listeners).find((l) => listenerCoversPort(l, backendPort));
  if (haproxy) {
    hops.push({ ...listenerHop('haproxy', haproxy), port: backendPort! });
    last = haproxy;
  }
  const routerPort = backendPortOf(last);
  const routerProtocol = last.backend.protocol !== 'unknown' ? last.backend.protocol : undefined;
  hops.push({ kind: 'gorouter', label: 'gorouter', ...(routerPort !== undefined ? { port: routerPort } : {}), ...(routerProtocol ? { protocol: routerProtocol } : {}), status: 'ok' });
  hops.push(...trafficController(deployment, endpoint));
  return { endpoint: endpoint.name, hops };
}

/** A path that ends at the load balancers, at the port the client dials when it is known. */
function endingAtLoadBalancer(endpoint: Endpoint, lbIds: readonly string[], port: number | undefined, status: Exclude<HopStatus, 'ok'>, problem: string): WebSocketPath {
  const label = [...new Set(lbIds)].join(', ') || 'load balancer';
  const listener: Hop = { kind: 'listener', label, ...(port !== undefined ? { port } : {}), status, problem };
  return { endpoint: endpoint.name, hops: [client(endpoint), dns(endpoint), listener] };
}

/** The path of a client whose load balancers have no listener on the advertised port: it ends there. */
export function pathWithoutListener(endpoint: Endpoint, loadBalancers: readonly LoadBalancer[], port: number): WebSocketPath {
  return endingAtLoadBalancer(endpoint, loadBalancers.map((lb) => lb.id), port, 'failing', 'no listener');
}

/**
 * The path of a client when the input cannot tell which listener it reaches: a listener's
 * port is not known (a Terraform variable without a value), so it may or may not be the
 * advertised `port`; or the advertised port itself is not known (`port` undefined). The
 * path ends at the load balancers, unknown: a "cannot verify" note, never "no listener".
 */
export function pathToUnknownPort(endpoint: Endpoint, lbIds: readonly string[], port: number | undefined): WebSocketPath {
  return endingAtLoadBalancer(endpoint, lbIds, port, 'unknown', port === undefined ? 'advertised port not known' : 'port not known');
}

/** A copy of `path` whose first hop of `kind` has this status and problem. */
export function markHop(path: WebSocketPath, kind: HopKind, status: Exclude<HopStatus, 'ok'>, problem: string): WebSocketPath {
  const index = path.hops.findIndex((hop) => hop.kind === kind);
  return { ...path, hops: path.hops.map((hop, i) => (i === index ? { ...hop, status, problem } : hop)) };
}

/** A finding's path with its rule's id on the hops it marked (the engine knows the rule; the rule need not say). */
export function markedBy(path: WebSocketPath, ruleId: string): WebSocketPath {
  return { ...path, hops: path.hops.map((hop) => (hop.status === 'ok' ? hop : { ...hop, ruleId })) };
}
