/**
 * The load-balancer model every LB reader produces and every rule reads. It does not know
 * which format it was read from: a listener from a Terraform file, a rendered haproxy.cfg,
 * the in-manifest haproxy job or the neutral YAML looks the same to a rule.
 *
 * Facts a reader cannot establish are `'unknown'`, never a guess: rules turn unknowns into
 * "cannot verify" notes, not errors (reference: shared/reference/lb-formats.md §5).
 */

/** true, false, or not knowable from the input. */
export type Tri = boolean | 'unknown';

/** What the client speaks to the LB; `ssl`/`tls` mean TLS terminated, then raw TCP. */
export type FrontProtocol = 'http' | 'https' | 'tcp' | 'ssl' | 'tls' | 'udp' | 'unknown';
export type BackProtocol = 'http' | 'https' | 'h2' | 'tcp' | 'ssl' | 'tls' | 'unknown';

export type LbKind =
  | 'aws-elb-classic'
  | 'aws-alb'
  | 'aws-nlb'
  | 'gcp-http'
  | 'gcp-tcp'
  | 'azure-lb'
  | 'azure-app-gateway'
  | 'nsxt'
  | 'haproxy'
  | 'nginx'
  | 'f5'
  | 'other';

export type SourceFormat =
  | 'haproxy'
  | 'haproxy-boshrelease-props'
  | 'cf-release-haproxy-props'
  | 'nginx'
  | 'terraform-hcl'
  | 'terraform-json'
  | 'cloudformation'
  | 'aws-cli-json'
  | 'lb-yaml'
  /** A BOSH cloud config's vm_extensions (what links an LB to instance groups). */
  | 'bosh-cloud-config';

/** Where a fact was read: file:line:col, or a JSON pointer where there are no lines. */
export interface SourceRef {
  format: SourceFormat;
  file: string;
  line?: number;
  col?: number;
  pointer?: string;
  /** The object it belongs to: `frontend wss-in`, `aws_elb.cf_router_lb`. */
  object?: string;
}

/** Why a listener field has its value: shown in messages and by `--print-listeners`. */
export interface Evidence {
  field: string;
  value: unknown;
  source: SourceRef;
  note?: string;
}

export interface Backend {
  port: number | 'same-as-frontend' | 'unknown';
  protocol: BackProtocol;
  tls: Tri;
  http2: Tri;
  /** An AWS ELBv2 target group's `target_type` (instance, ip, alb, lambda); absent for other LBs. */
  targetType?: string | 'unknown';
  /**
   * Does an NLB target group keep the client's address (`preserve_client_ip.enabled` as set, else
   * AWS's default for its target type and protocol)? Absent where no target group was read.
   */
  preservesClientIp?: Tri;
}

export interface ProxyProtocol {
  /** The LB's listener expects PROXY from its own clients. */
  accepts: Tri;
  /** The LB sends PROXY to its backend (gorouter, or a HAProxy behind it). */
  sends: Tri;
  version?: 1 | 2;
}

export interface Listener {
  source: SourceRef;
  lbId: string;
  frontendPort: number | 'unknown';
  /** Last port of a range (`bind :1024-1123`, GCP `port_range`). */
  frontendPortEnd?: number;
  protocol: FrontProtocol;
  terminatesTls: Tri;
  /** Does `Upgrade: websocket` (HTTP/1.1) reach the gorouter? Derived, never read directly. */
  passesUpgrade: Tri;
  addsXForwardedFor: Tri;
  addsXForwardedProto: Tri;
  proxyProtocol: ProxyProtocol;
  idleTimeoutSeconds: number | 'unknown';
  /** A hard cap on a connection's life (GCP HTTP(S) backend `timeout_sec`). */
  maxConnectionSeconds?: number;
  backend: Backend;
  /** Listener-level host restriction (SNI, server_name, host rules). */
  hostnames?: string[];
  /** Exists only under a condition (Terraform count/for_each, HAProxy `.if`). */
  conditional?: boolean;
  /**
   * The LB forwards the client's own packets (GCP target pools and passthrough network LBs,
   * Azure Load Balancer): it opens no connection of its own, so the backend sees the client's
   * address. Absent where the reader does not know; `clientAddressKept` then decides by kind.
   */
  passThrough?: boolean;
  /**
   * Does the LB's own firewall (an AWS security group on the ELB/ALB) admit clients on this
   * port? Absent where the input says nothing about a firewall.
   */
  firewallAllows?: Tri;
  /**
   * Set when the frontend routes by host (ALB listener rules): this listener is one route of
   * `route.frontend`, and a host takes the first rule that matches, else the default action.
   */
  route?: ListenerRoute;
  evidence: Evidence[];
}

export interface ListenerRoute {
  /** The frontend listener the routes belong to (`aws_lb_listener.https`). */
  frontend: string;
  /** The rule's priority (lower first); absent for the default action. */
  priority?: number;
  /** The rule's host patterns (`doppler.*`, `?` and `*` wildcards); absent when it matches any host. */
  hosts?: string[];
  /** Why the rule may or may not match, when that cannot be decided (other conditions, unknown values). */
  undecided?: string;
}

export interface LoadBalancer {
  id: string;
  kind: LbKind;
  /** DNS names that resolve to this LB (wildcards allowed); empty when nothing says. */
  hostnames: string[];
  /** Where `hostnames` came from, when they came from somewhere (DNS records, the YAML). */
  hostnameEvidence?: Evidence[];
  listeners: Listener[];
  source: SourceRef;
  /**
   * The BOSH instance groups that receive this LB's traffic, from a cloud config's
   * vm_extensions (`elbs`, `lb_target_groups`, `target_pool`, ...); absent when nothing says.
   */
  instanceGroups?: string[];
  /** Where that link is written (the vm_extension's LB name). */
  instanceGroupEvidence?: Evidence;
}

/** Does a listener cover this port (single port or range)? */
export function listenerCoversPort(listener: Listener, port: number): boolean {
  if (listener.frontendPort === 'unknown') return false;
  const end = listener.frontendPortEnd ?? listener.frontendPort;
  return port >= listener.frontendPort && port <= end;
}

/** Does a DNS name (possibly a `*.` wildcard) cover a host name? */
export function hostnameMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase().replace(/\.$/, '');
  if (p === h) return true;
  if (!p.startsWith('*.')) return false;
  // A DNS wildcard (RFC 4592) answers for any name below it that has no record of its own.
  const suffix = p.slice(1);
  return h.endsWith(suffix) && h.length > suffix.length;
}
