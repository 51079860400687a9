/**
 * What a kind of load balancer does with a listener when its configuration says nothing more:
 * the provider's fixed behaviour and documented defaults. Readers record these with a note, so
 * `--print-listeners` shows which values are defaults (shared/reference/lb-formats.md §2, §6).
 */
import type { FrontProtocol, LbKind, Listener, Tri } from './listener.js';
import { isLayer4 } from './listener-builder.js';

export interface Fact<T> {
  value: T;
  why: string;
}

export interface ListenerFacts {
  passesUpgrade: Fact<Tri>;
  addsXForwardedFor: Fact<Tri>;
  addsXForwardedProto: Fact<Tri>;
  proxyAccepts: Fact<Tri>;
  proxySends: Fact<Tri>;
  idleTimeoutSeconds: Fact<number | 'unknown'>;
}

const fact = <T>(value: T, why: string): Fact<T> => ({ value, why });

const L4_HEADERS = 'a layer-4 listener relays bytes and cannot add HTTP headers';
const L4_UPGRADE = 'a layer-4 listener relays bytes, so the Upgrade handshake reaches the backend';
const UDP = 'WebSockets need a TCP stream';
const NOT_STATED = 'not stated, and this kind of load balancer has no fixed behaviour';

/** terraform-provider-nsxt: the HTTP profile's `response_timeout` and the fast-TCP profile's `idle_timeout` defaults. */
export const NSXT_HTTP_RESPONSE_TIMEOUT_SECONDS = 60;
export const NSXT_FAST_TCP_IDLE_SECONDS = 1800;

/** Idle timeouts each provider applies unless configured. */
export const DEFAULT_IDLE_SECONDS = {
  // AWS classic/config-idle-timeout.html: "maintains a 60-second idle connection timeout".
  'aws-elb-classic': 60,
  // AWS application/edit-load-balancer-attributes.html: "sets the idle timeout value ... to 60 seconds".
  'aws-alb': 60,
  // AWS network/update-idle-timeout.html: "The default idle timeout value for TCP flows is 350 seconds".
  'aws-nlb': 350,
  // routing-release gorouter spec, router.frontend_idle_timeout: "GCP HTTP(S) load balancer has a
  // default timeout of 600 seconds" and "GCP TCP load balancer times out at 600 seconds".
  'gcp-http': 600,
  'gcp-tcp': 600,
  // azurerm_lb_rule idle_timeout_in_minutes defaults to 4; cf-deployment operations/README.md
  // (azure.yml): "Any value below 240 should work".
  'azure-lb': 240,
} as const satisfies Partial<Record<LbKind, number>>;

function layer4Facts(protocol: FrontProtocol, proxy: Fact<Tri>, idle: Fact<number | 'unknown'>): ListenerFacts {
  return {
    passesUpgrade: protocol === 'udp' ? fact(false, UDP) : fact(true, L4_UPGRADE),
    addsXForwardedFor: fact(false, L4_HEADERS),
    addsXForwardedProto: fact(false, L4_HEADERS),
    proxyAccepts: fact(false, 'cloud load balancers take plain connections from clients'),
    proxySends: proxy,
    idleTimeoutSeconds: idle,
  };
}

function idleFact(kind: keyof typeof DEFAULT_IDLE_SECONDS): Fact<number> {
  return fact(DEFAULT_IDLE_SECONDS[kind], `${kind} default idle timeout`);
}

/** The facts for a listener of `kind` speaking `protocol` to clients. */
export function listenerFacts(kind: LbKind, protocol: FrontProtocol): ListenerFacts {
  const unknown = fact<Tri>('unknown', NOT_STATED);
  const unknownIdle = fact<number | 'unknown'>('unknown', NOT_STATED);
  const l4 = isLayer4(protocol);
  switch (kind) {
    case 'aws-elb-classic':
      if (l4) return layer4Facts(protocol, fact(false, 'classic ELB sends PROXY only with a ProxyProtocolPolicyType policy'), idleFact(kind));
      return {
        // docs-cf-admin supporting-websockets: "AWS ELB does not support this behavior" (passing Upgrade).
        passesUpgrade: fact(false, 'classic ELB HTTP/HTTPS listeners do not pass the WebSocket Upgrade (docs-cf-admin supporting-websockets)'),
        // AWS classic/x-forwarded-headers.html: added "when you use an HTTP or HTTPS load balancer".
        addsXForwardedFor: fact(true, 'classic ELB HTTP/HTTPS listeners add X-Forwarded-For'),
        addsXForwardedProto: fact(true, 'classic ELB HTTP/HTTPS listeners add X-Forwarded-Proto'),
        proxyAccepts: fact(false, 'classic ELB takes plain connections from clients'),
        proxySends: fact(false, 'classic ELB HTTP/HTTPS listeners cannot send PROXY'),
        idleTimeoutSeconds: idleFact(kind),
      };
    case 'aws-alb':
      if (l4) return { ...layer4Facts(protocol, fact(false, 'ALB cannot send PROXY'), idleFact(kind)), passesUpgrade: fact('unknown', 'ALB listeners are HTTP or HTTPS only') };
      return {
        // AWS application/load-balancer-listeners.html: "native support for WebSockets".
        passesUpgrade: fact(true, 'ALB HTTP/HTTPS listeners support WebSockets natively'),
        addsXForwardedFor: fact(true, 'ALB appends X-Forwarded-For (xff_header_processing_mode append, the default)'),
        addsXForwardedProto: fact(true, 'ALB adds X-Forwarded-Proto'),
        proxyAccepts: fact(false, 'ALB takes plain connections from clients'),
        proxySends: fact(false, 'ALB cannot send PROXY'),
        idleTimeoutSeconds: idleFact(kind),
      };
    case 'aws-nlb':
      return layer4Facts(protocol, fact(false, 'NLB sends PROXY v2 only with the target group attribute proxy_protocol_v2'), idleFact(kind));
    case 'gcp-tcp':
      return layer4Facts(protocol, fact(false, 'GCP TCP load balancers send PROXY only with proxy_header PROXY_V1 on a TCP/SSL proxy'), idleFact(kind));
    case 'azure-lb':
      return layer4Facts(protocol, fact(false, 'Azure Load Balancer cannot send PROXY'), idleFact(kind));
    case 'gcp-http':
    case 'azure-app-gateway':
      if (l4) return layer4Facts(protocol, unknown, unknownIdle);
      return {
        passesUpgrade: fact(true, `${kind} supports WebSockets natively`),
        addsXForwardedFor: fact(true, `${kind} adds X-Forwarded-For`),
        addsXForwardedProto: fact(true, `${kind} adds X-Forwarded-Proto`),
        proxyAccepts: fact(false, `${kind} takes plain connections from clients`),
        proxySends: fact(false, `${kind} cannot send PROXY`),
        idleTimeoutSeconds: kind === 'gcp-http' ? idleFact(kind) : fact('unknown', 'Application Gateway has no documented WebSocket idle timeout'),
      };
    case 'haproxy':
      if (l4) return { ...layer4Facts(protocol, unknown, unknownIdle), proxyAccepts: unknown };
      // Willy Tarreau (haproxy ML, 2012): WebSockets "work out of the box where HTTP already works".
      return { passesUpgrade: fact(true, 'HAProxy in http mode tunnels upgraded connections natively'), addsXForwardedFor: unknown, addsXForwardedProto: unknown, proxyAccepts: unknown, proxySends: unknown, idleTimeoutSeconds: unknownIdle };
    case 'nsxt':
      // NSX-T has no PROXY protocol setting on its pools or profiles (terraform-provider-nsxt).
      if (l4) return layer4Facts(protocol, fact(false, 'NSX-T load balancers have no PROXY protocol setting'), fact(NSXT_FAST_TCP_IDLE_SECONDS, 'NSX-T fast-TCP profile default idle timeout'));
      return {
        // VMware NSX-T Data Center Administration Guide, "NSX-T Data Center Load Balancer" (GUID-91F2D574):
        // "HTTP Upgrade - For applications using HTTP Upgrade such as WebSocket, the client or server
        // requests for HTTP Upgrade, which is supported ... using the HTTP application profile."
        passesUpgrade: fact(true, 'an NSX-T HTTP application profile supports HTTP Upgrade (WebSocket)'),
        addsXForwardedFor: fact('unknown', 'depends on the HTTP profile x_forwarded_for (INSERT or REPLACE)'),
        addsXForwardedProto: fact('unknown', 'the NSX-T HTTP profile has no X-Forwarded-Proto setting; a request rewrite rule may add one'),
        proxyAccepts: fact(false, 'NSX-T takes plain connections from clients'),
        proxySends: fact(false, 'NSX-T load balancers have no PROXY protocol setting'),
        // Same guide: the load balancer "uses the HTTP application profile response timeout feature set to
        // 60 seconds. If the server does not send traffic during the 60 seconds interval, NSX-T ... ends the connection".
        idleTimeoutSeconds: fact(NSXT_HTTP_RESPONSE_TIMEOUT_SECONDS, 'NSX-T HTTP profile response_timeout default: an upgraded connection idle that long is closed'),
      };
    case 'nginx':
    case 'f5':
    case 'other':
      if (l4) return { ...layer4Facts(protocol, unknown, unknownIdle), proxyAccepts: unknown };
      return { passesUpgrade: unknown, addsXForwardedFor: unknown, addsXForwardedProto: unknown, proxyAccepts: unknown, proxySends: unknown, idleTimeoutSeconds: unknownIdle };
  }
}

/**
 * Does the gorouter see the client's own address on a layer-4 listener without PROXY
 * protocol? Then gorouter's X-Forwarded-For carries the client, as the guide wants
 * (docs-cloudfoundry-concepts http-routing: "If X-Forwarded-For is not present, the Gorouter
 * sets it to the IP address of the load balancer in the forwarded request").
 */
export function clientAddressKept(kind: LbKind, listener: Listener): Fact<Tri> {
  // cloud.google.com/load-balancing/docs/passthrough-network-load-balancer: packets arrive "with
  // the packet's source and destination IP addresses ... unchanged"; target pools likewise.
  if (listener.passThrough === true) return fact(true, 'a pass-through LB forwards the client\'s packets unchanged (GCP passthrough NLB / target pool, Azure LB)');
  switch (kind) {
    case 'azure-lb':
      // learn.microsoft.com/azure/load-balancer/concepts: "the original source IP address is preserved".
      return fact(true, 'Azure Load Balancer preserves the original source IP address');
    case 'aws-nlb':
      return nlbClientAddressKept(listener);
    case 'aws-elb-classic':
      // docs.aws.amazon.com/elasticloadbalancing/latest/classic/enable-proxy-protocol.html: "the access
      // logs from your instance contain the IP address of the load balancer instead of the originating client".
      return fact(false, 'a classic ELB TCP/SSL listener opens its own connection to the instance');
    case 'gcp-tcp':
      // cloud.google.com/load-balancing/docs/proxy-network-load-balancer: "Traffic is terminated at the
      // load balancing layer". A gcp-tcp listener not known to be pass-through may be either.
      return listener.terminatesTls === true ? fact(false, 'a GCP SSL proxy terminates the connection at the load balancer') : fact('unknown', 'a GCP TCP load balancer keeps the client address as a target pool or passthrough NLB, not as a TCP proxy');
    case 'haproxy':
    case 'nginx':
      return fact(false, `${kind} in TCP mode opens its own connection to the backend`);
    default:
      return fact('unknown', NOT_STATED);
  }
}

/** What decided whether an NLB target group keeps the client IP. */
export type ClientIpDecidedBy = 'protocol' | 'attribute' | 'target type';

/** NLB target group protocols whose client IP preservation cannot be turned off. */
const ALWAYS_PRESERVED = ['UDP', 'TCP_UDP', 'QUIC', 'TCP_QUIC'];

/**
 * Does an NLB target group keep the client's address? docs.aws.amazon.com/elasticloadbalancing/
 * latest/network/edit-target-group-attributes.html, "Client IP preservation": it is "enabled (and
 * can't be disabled) for instance and IP type target groups with UDP, TCP_UDP, QUIC, and TCP_QUIC
 * protocols"; for TCP and TLS the `preserve_client_ip.enabled` attribute decides, and its
 * "Default settings" are "Instance type target groups: Enabled" and "IP type target groups (TCP,
 * TLS): Disabled". Without it, "the source IP address is the private IP address of the Network
 * Load Balancer". An `alb` target group hands the connection to an ALB, whose X-Forwarded-For
 * then names the NLB unless the attribute is enabled.
 * `attribute` is `preserve_client_ip` as written ('unknown' when it cannot be evaluated),
 * undefined when it is not written.
 */
export function nlbPreservesClientIp(targetType: string, protocol: string, attribute: Tri | undefined): Fact<Tri> & { decidedBy: ClientIpDecidedBy } {
  const type = targetType.toLowerCase();
  const proto = protocol.toUpperCase();
  const by = (decidedBy: ClientIpDecidedBy, f: Fact<Tri>) => ({ ...f, decidedBy });
  if ((type === 'instance' || type === 'ip') && ALWAYS_PRESERVED.includes(proto)) return by('protocol', fact(true, `client IP preservation cannot be turned off for ${proto} target groups`));
  if (attribute === true) return by('attribute', fact(true, `preserve_client_ip is enabled on the ${type === 'unknown' ? '' : `${type} `}target group`));
  if (attribute === false) return by('attribute', fact(false, `preserve_client_ip is disabled on the ${type === 'unknown' ? '' : `${type} `}target group`));
  if (attribute === 'unknown') return by('attribute', fact('unknown', 'preserve_client_ip is not known'));
  switch (type) {
    case 'instance':
      return by('target type', fact(true, 'instance targets keep the client IP: preserve_client_ip is enabled by default for them'));
    case 'ip':
      if (proto === 'TCP' || proto === 'TLS') return by('target type', fact(false, `ip targets over ${proto} see the NLB's own address: preserve_client_ip is disabled by default for them`));
      return by('protocol', fact('unknown', `whether an ip target group keeps the client IP depends on its protocol, and ${protocol} is not known`));
    case 'alb':
      return by('target type', fact(false, "the ALB target sees the NLB's address and names it in X-Forwarded-For: preserve_client_ip is not enabled"));
    case 'unknown':
      return by('target type', fact('unknown', "the target group's target_type is not known"));
    default:
      return by('target type', fact('unknown', `target_type ${targetType} is not one an NLB forwards to`));
  }
}

/**
 * An NLB keeps the client address as its target group says (nlbPreservesClientIp, recorded by
 * the reader as `backend.preservesClientIp`). A neutral file names no target group: instance,
 * the default target_type of Terraform's aws_lb_target_group and CloudFormation's TargetGroup.
 */
function nlbClientAddressKept(listener: Listener): Fact<Tri> {
  const kept = listener.backend.preservesClientIp;
  if (kept === undefined) return fact(true, 'no target group is given, and NLB instance targets (the default) keep the client IP');
  const why = listener.evidence.find((e) => e.field === 'backend.preservesClientIp')?.note;
  return fact(kept, why ?? "the target group's client IP preservation");
}
