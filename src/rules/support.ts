/**
 * Questions several rules ask of the model: where a fact or listener is written, which
 * listeners carry an endpoint, and what a listener looks like to the client.
 */
import { scalar } from '../yaml/node.js';
import type { Deployment, Endpoint, RouterFacts } from '../model/deployment.js';
import { asBoolean, type Fact } from '../model/fact.js';
import { propertyNode, type JobInstance } from '../model/jobs.js';
import { listenersForHost, loadBalancersForHost, type LbSelection } from '../model/lb-selection.js';
import { markHop, pathThroughListener, pathToUnknownPort, pathWithoutListener, type HopKind, type WebSocketPath } from '../model/websocket-path.js';
import { listenerCoversPort, type Listener, type LoadBalancer, type Tri } from '../lb/listener.js';
import { routesForHost } from '../lb/listener-routes.js';
import type { Location, RelatedLocation } from './finding.js';
import type { Change, RuleContext } from './rule.js';

export function factLocation(fact: Fact<unknown>): Location | undefined {
  return fact.pos ? { file: fact.pos.file, line: fact.pos.line, col: fact.pos.col } : undefined;
}

/** Where the listener's port is written (`lb_port = 443`, `bind :443`), else where the listener is. */
export function listenerLocation(listener: Listener): Location | undefined {
  const port = listener.evidence.find((e) => e.field === 'frontendPort' && e.source.file === listener.source.file && e.source.line !== undefined);
  const { file, line, col } = port?.source ?? listener.source;
  return line !== undefined ? { file, line, col: col ?? 1 } : { file, line: 1, col: 1 };
}

/** Where a listener field's value is written (`idle_timeout = 60`, `websocket_timeout: 20`), else where the listener is. */
export function listenerFieldLocation(listener: Listener, field: string): Location | undefined {
  const written = listener.evidence.find((e) => e.field === field && e.source.line !== undefined);
  if (!written) return listenerLocation(listener);
  return { file: written.source.file, line: written.source.line!, col: written.source.col ?? 1 };
}

/** `https listener on port 443 of cf-router (aws-elb-classic)`; the kind is not repeated when the name says it. */
export function describeListener(listener: Listener, lbs: readonly LoadBalancer[]): string {
  const lb = lbs.find((l) => l.id === listener.lbId);
  const port = listener.frontendPortEnd !== undefined ? `${listener.frontendPort}-${listener.frontendPortEnd}` : String(listener.frontendPort);
  const kind = lb && !listener.lbId.toLowerCase().includes(lb.kind) ? ` (${lb.kind})` : '';
  return `${listener.protocol} listener on port ${port} of ${listener.lbId}${kind}`;
}

/** Related locations for a manifest fact: its line, and the alias that copied it, if any. */
export function factRelated(fact: Fact<unknown>, message: string): RelatedLocation[] {
  const related: RelatedLocation[] = [];
  const at = factLocation(fact);
  if (at) related.push({ location: at, message });
  if (fact.aliasPos) related.push({ location: { ...fact.aliasPos }, message: 'used here through a YAML alias' });
  return related;
}

export function listenerRelated(listeners: readonly Listener[], lbs: readonly LoadBalancer[]): RelatedLocation[] {
  return listeners.flatMap((l) => {
    const at = listenerLocation(l);
    return at ? [{ location: at, message: describeListener(l, lbs) }] : [];
  });
}

/** Where a cloud config links the LB to its instance groups (the vm_extension's LB name). */
export function lbLinkRelated(lb: LoadBalancer | undefined): RelatedLocation[] {
  const evidence = lb?.instanceGroupEvidence;
  const { file, line, col } = evidence?.source ?? {};
  return evidence && file && line !== undefined ? [{ location: { file, line, col: col ?? 1 }, message: evidence.note ?? 'linked here' }] : [];
}

export interface EndpointRoute {
  selection: LbSelection;
  /** Listeners of the selected LBs that answer for the endpoint's host. */
  listeners: Listener[];
  /** Those that cover the advertised port. */
  onPort: Listener[];
  /** Listeners whose port is not known: the advertised port may be one of them ("cannot verify", never "no listener"). */
  unknownPort: Listener[];
}

/** Jobs a doppler.<sys> connection can end at behind an LB. */
const WEBSOCKET_JOBS = ['gorouter', 'haproxy', 'loggregator_trafficcontroller'];

/** The listeners a client of this endpoint can reach, and those on its advertised port. */
export function routeOf(endpoint: Endpoint, loadBalancers: LoadBalancer[], deployment?: Deployment): EndpointRoute {
  const websocketGroups = deployment ? new Set(deployment.jobs.filter((j) => WEBSOCKET_JOBS.includes(j.job)).map((j) => j.instanceGroup)) : undefined;
  const hints = { port: endpoint.port.value, ...(websocketGroups && websocketGroups.size > 0 ? { websocketGroups } : {}) };
  const host = endpoint.host === 'unknown' ? endpoint.hostLabel : endpoint.host;
  const selection = loadBalancersForHost(loadBalancers, host, hints);
  // Of a frontend that routes by host (ALB listener rules), only the route this host takes;
  // of listeners restricted to host names (nginx server_name), those that answer for it.
  const listeners = listenersForHost(selection.loadBalancers.flatMap((lb) => routesForHost(lb.listeners, host)), host);
  const port = endpoint.port.value;
  const onPort = port === 'unknown' ? [] : listeners.filter((l) => listenerCoversPort(l, port));
  return { selection, listeners, onPort, unknownPort: listeners.filter((l) => l.frontendPort === 'unknown') };
}

/**
 * Does the client speak TLS on this listener? Yes when the LB terminates TLS, or when it
 * passes TCP through to gorouter's TLS port (which needs router.enable_ssl).
 */
export function clientSpeaksTls(listener: Listener, router: RouterFacts | undefined): Tri {
  if (listener.terminatesTls === true) return true;
  if (listener.terminatesTls === 'unknown') return 'unknown';
  if (listener.protocol !== 'tcp') return false;
  const backendPort = listener.backend.port === 'same-as-frontend' ? listener.frontendPort : listener.backend.port;
  if (backendPort === 'unknown') return 'unknown';
  const tlsPort = router?.tlsPort.value ?? 443;
  return backendPort === tlsPort;
}

/** Listeners that would carry this endpoint's WebSockets if it were advertised on their port. */
export function websocketCapable(listeners: readonly Listener[], useSsl: boolean | 'unknown', router: RouterFacts | undefined): Listener[] {
  return listeners.filter((l) => l.passesUpgrade === true && l.frontendPort !== 'unknown' && l.frontendPortEnd === undefined && (useSsl === 'unknown' || clientSpeaksTls(l, router) === useSsl));
}

/**
 * The one port a fix may switch to, and the LBs listening there: exactly one capable port,
 * else none (choosing between several is a judgement call).
 */
export function singleCapablePort(listeners: readonly Listener[]): { port: number; lbIds: string } | undefined {
  const ports = [...new Set(listeners.map((l) => l.frontendPort as number))];
  if (ports.length !== 1) return undefined;
  const lbIds = [...new Set(listeners.map((l) => l.lbId))].join(', ');
  return { port: ports[0]!, lbIds };
}

export function setPortChange(endpoint: Endpoint, port: number): Change {
  return { kind: 'set', path: endpoint.port.path, value: scalar('int', port) };
}

export function formatUnknown(fact: Fact<unknown>, name: string): string {
  return fact.placeholder ? `${name} is ${fact.placeholder}` : `${name} is not a literal value`;
}

export function propertyIsTrue(job: JobInstance, keys: string[]): boolean {
  return asBoolean(propertyNode(job, keys)?.node) === true;
}

/** Set to something other than null or an empty list. */
export function propertyIsSet(job: JobInstance, keys: string[]): boolean {
  const node = propertyNode(job, keys)?.node;
  return node !== undefined && !(node.kind === 'seq' && node.items.length === 0);
}

/** Where a job property is written, or the job itself when it is not. */
export function propertyLocation(job: JobInstance, keys: string[]): Location | undefined {
  const pos = propertyNode(job, keys)?.node.pos ?? job.node.pos;
  return pos ? { file: pos.file, line: pos.line, col: pos.col } : undefined;
}

/** Where an alias copied a job property from its anchor, as a related location (none if not aliased). */
export function propertyAliasRelated(job: JobInstance, keys: string[]): RelatedLocation[] {
  const aliasPos = propertyNode(job, keys)?.node.aliasPos;
  return aliasPos ? [{ location: { ...aliasPos }, message: `used here by ${job.instanceGroup}/${job.job} through a YAML alias` }] : [];
}

/** The endpoint's path through `listener` with the hop of `kind` marked: what a finding about that hop shows. */
export function pathMarked(
  ctx: Pick<RuleContext<string, unknown>, 'deployment' | 'backendLoadBalancers'>,
  endpoint: Endpoint,
  listener: Listener,
  mark: { kind: HopKind; problem: string; unknown?: boolean },
): WebSocketPath {
  return markHop(pathThroughListener(ctx.deployment, endpoint, listener, ctx.backendLoadBalancers), mark.kind, mark.unknown ? 'unknown' : 'failing', mark.problem);
}

/**
 * Where the endpoint's path ends when no listener is known to serve its advertised port:
 * unknown when that port or a listener's port is not known (what the rules' "cannot verify"
 * notes say), else at the load balancers without a listener there.
 */
export function pathEndingAtRoute(endpoint: Endpoint, route: EndpointRoute): WebSocketPath {
  const port = endpoint.port.value;
  if (port === 'unknown') return pathToUnknownPort(endpoint, route.selection.loadBalancers.map((lb) => lb.id), undefined);
  if (route.unknownPort.length > 0) return pathToUnknownPort(endpoint, route.unknownPort.map((l) => l.lbId), port);
  return pathWithoutListener(endpoint, route.selection.loadBalancers, port);
}

/**
 * Every path the WebSocket rules check, by the route they take (routeOf): for each advertised
 * endpoint, one per listener on its port, or where the path ends when there is none (or
 * none can be told). The engine puts them in the report, so passing paths can be drawn too.
 */
export function checkedWebsocketPaths(deployment: Deployment, loadBalancers: LoadBalancer[], behind: readonly LoadBalancer[]): WebSocketPath[] {
  if (loadBalancers.length === 0) return [];
  return deployment.endpoints.flatMap((endpoint) => {
    const route = routeOf(endpoint, loadBalancers, deployment);
    return route.onPort.length > 0 ? route.onPort.map((l) => pathThroughListener(deployment, endpoint, l, behind)) : [pathEndingAtRoute(endpoint, route)];
  });
}
