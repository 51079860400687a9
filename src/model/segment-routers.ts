/**
 * Routers of isolation segments. routing-release jobs/gorouter/spec: `router.isolation_segments`
 * "Routes with these isolation segments will be registered. Used in combination with
 * routing_table_sharding_mode"; with `segments`, "only routes for the configured isolation
 * segments will be registered". Such a router (cf-deployment's
 * operations/add-persistent-isolation-segment-router.yml: instance group `iso-seg-router`) serves
 * its segment's apps only, normally behind a load balancer of its own (bosh-bootloader
 * terraform/aws/templates/iso_segments.tf: `aws_elb.iso_router_lb`, DNS `*.iso-seg.<sys>`).
 * A router in `shared-and-segments` (or the default `all`) mode also serves the shared routes:
 * it is a main router.
 */
import { isSeq } from '../yaml/node.js';
import type { LoadBalancer } from '../lb/listener.js';
import type { Deployment, RouterFacts } from './deployment.js';
import { propertyNode } from './jobs.js';
import { placeholderIn } from './fact.js';

export interface SegmentRouter {
  router: RouterFacts;
  /** `router.isolation_segments`, as written. */
  segments: string[];
  /** `router.routing_table_sharding_mode`; 'unknown' while it is a variable. */
  mode: string | 'unknown';
}

function shardingMode(router: RouterFacts): string | 'unknown' {
  // TAS routers (no job here) are the main routers: the Isolation Segment tile's are not in this config.
  if (!router.job) return 'all';
  const node = propertyNode(router.job, ['router', 'routing_table_sharding_mode'])?.node;
  if (node === undefined) return 'all';
  if (node.kind !== 'scalar' || placeholderIn(node)) return 'unknown';
  return String(node.value);
}

function isolationSegments(router: RouterFacts): string[] {
  if (!router.job) return [];
  const node = propertyNode(router.job, ['router', 'isolation_segments'])?.node;
  return isSeq(node) ? node.items.flatMap((item) => (item.kind === 'scalar' && item.value !== null ? [String(item.value)] : [])) : [];
}

/** The routers that serve isolation segments only. */
export function segmentRouters(deployment: Deployment): SegmentRouter[] {
  return deployment.routers.flatMap((router) => {
    const mode = shardingMode(router);
    const segments = isolationSegments(router);
    const segmentOnly = mode === 'segments' || (mode === 'unknown' && segments.length > 0);
    return segmentOnly ? [{ router, segments, mode }] : [];
  });
}

/** The router that serves shared domains (the first that is not a segment router). */
export function mainRouter(deployment: Deployment): RouterFacts | undefined {
  const segment = new Set(segmentRouters(deployment).map((s) => s.router));
  return deployment.routers.find((r) => !segment.has(r)) ?? deployment.routers[0];
}

/**
 * Names that identify a segment router in DNS: its instance group without a `router` affix
 * (`iso-seg-router` -> `iso-seg`) and its segments (`persistent_isolation_segment` ->
 * `persistent-isolation-segment`, as DNS labels cannot hold `_`).
 */
function dnsTokens(segment: SegmentRouter): Set<string> {
  const group = (segment.router.job?.instanceGroup ?? '').toLowerCase().replace(/(^router[-_]|[-_]router$)/, '');
  return new Set([group, ...segment.segments.map((s) => s.toLowerCase().replace(/_/g, '-'))].filter((t) => t !== '' && t !== 'router'));
}

/** DNS labels of a name, without the wildcard and without Terraform or BOSH variables. */
function labels(hostname: string): string[] {
  return hostname
    .replace(/\$\{[^}]*\}/g, '')
    .replace(/\(\([^)]*\)\)/g, '')
    .toLowerCase()
    .split('.')
    .filter((l) => l !== '' && l !== '*');
}

/** DNS names that name a load balancer. */
export interface NamedLoadBalancer {
  loadBalancer: LoadBalancer;
  hostnames: string[];
}

/** Does a DNS name (`*.iso-seg.<sys>`, or the domain `iso-seg.<sys>`) name this segment router? */
export function namesSegmentRouter(segment: SegmentRouter, hostname: string): boolean {
  const tokens = dnsTokens(segment);
  return labels(hostname).some((l) => tokens.has(l));
}

/** The load balancers whose DNS names name this segment router (`*.iso-seg.<sys>` for `iso-seg-router`). */
function namedByDns(segment: SegmentRouter, loadBalancers: readonly LoadBalancer[]): NamedLoadBalancer[] {
  return loadBalancers.flatMap((lb) => {
    const hostnames = lb.hostnames.filter((h) => namesSegmentRouter(segment, h));
    return hostnames.length > 0 ? [{ loadBalancer: lb, hostnames }] : [];
  });
}

export interface SegmentRouterLoadBalancers {
  loadBalancers: LoadBalancer[];
  /** What linked them: a cloud config's vm_extension (`LoadBalancer.instanceGroupEvidence`), or DNS names. */
  linkedBy: 'cloud-config' | 'dns';
  /** LBs whose DNS names name the router but that the cloud config does not put its VMs behind. */
  contradicted: NamedLoadBalancer[];
}

/**
 * The load balancers in front of a segment router. A cloud config that puts the router's
 * instance group behind LBs (its vm_extension's `elbs:`, `lb_target_groups:`, ...; for
 * cf-deployment's `iso-seg-router`, `iso-seg-cf-router-network-properties`) says where BOSH
 * attaches its VMs: those LBs are its own, whatever DNS says. Without such a link, the LBs
 * whose DNS names name it are, unless the cloud config sends them to other instance groups.
 */
export function loadBalancersOfSegmentRouter(segment: SegmentRouter, loadBalancers: readonly LoadBalancer[]): SegmentRouterLoadBalancers {
  const group = segment.router.job?.instanceGroup;
  const linked = group === undefined ? [] : loadBalancers.filter((lb) => lb.instanceGroups?.includes(group));
  const byDns = namedByDns(segment, loadBalancers);
  if (linked.length > 0) return { loadBalancers: linked, linkedBy: 'cloud-config', contradicted: byDns.filter((n) => !linked.includes(n.loadBalancer)) };
  const elsewhere = (n: NamedLoadBalancer) => n.loadBalancer.instanceGroups !== undefined;
  return { loadBalancers: byDns.filter((n) => !elsewhere(n)).map((n) => n.loadBalancer), linkedBy: 'dns', contradicted: byDns.filter(elsewhere) };
}
