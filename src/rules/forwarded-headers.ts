import { scalar } from '../yaml/node.js';
import type { LbKind, Listener, LoadBalancer } from '../lb/listener.js';
import { clientAddressKept } from '../lb/provider-facts.js';
import type { RouterFacts } from '../model/deployment.js';
import { servesOnlyWebsocketHosts } from '../model/lb-selection.js';
import type { RelatedLocation } from './finding.js';
import { defineRule } from './rule.js';
import { describeListener, listenerLocation } from './support.js';
import { mainRouter } from '../model/segment-routers.js';

const HTTP_PORTS = [80, 443];

/** How to carry the client address over a proxying layer-4 listener, per LB kind (gorouter reads PROXY v1 only). */
function proxySuggestion(kind: LbKind, listener: Listener, enableProxy: string): string {
  const port = typeof listener.backend.port === 'number' ? listener.backend.port : 'the instance port';
  switch (kind) {
    case 'aws-elb-classic':
      // AWS classic/enable-proxy-protocol.html: a ProxyProtocolPolicyType policy on the instance port; ELB sends v1.
      return `Attach a ProxyProtocolPolicyType policy (Terraform aws_proxy_protocol_policy) for instance port ${port} and set ${enableProxy}: true.`;
    case 'gcp-tcp':
      // gcloud compute target-tcp-proxies update --proxy-header: NONE or PROXY_V1.
      return `Set proxy_header = "PROXY_V1" on the TCP/SSL proxy and ${enableProxy}: true.`;
    case 'haproxy':
      return `Add send-proxy (v1: gorouter does not read send-proxy-v2) to the server lines and set ${enableProxy}: true.`;
    case 'nginx':
      return `Add proxy_protocol on; to the stream server block and set ${enableProxy}: true.`;
    case 'aws-nlb':
      return nlbSuggestion(listener);
    default:
      return `Have the load balancer send PROXY protocol v1 and set ${enableProxy}: true, or use an HTTP(S) listener.`;
  }
}

/**
 * An NLB keeps the client IP by its target group (AWS network/edit-target-group-attributes.html,
 * "Client IP preservation"); it can only send PROXY v2, which gorouter (armon/go-proxyproto
 * v0.1.0) does not read, so preservation is the only way for this LB.
 */
function nlbSuggestion(listener: Listener): string {
  const enable = 'enable client IP preservation on the target group (Terraform preserve_client_ip = "true", CloudFormation TargetGroupAttributes preserve_client_ip.enabled: "true")';
  const why = 'the NLB can only send PROXY v2, which the gorouter does not read';
  switch (listener.backend.targetType) {
    case 'instance':
      return `Remove preserve_client_ip = "false" (instance targets keep the client IP by default), or ${enable}: ${why}.`;
    case 'ip':
      return `${enable[0]!.toUpperCase()}${enable.slice(1)}, or register the gorouters as instance targets, which keep it by default: ${why}.`;
    default:
      return `${enable[0]!.toUpperCase()}${enable.slice(1)}: ${why}.`;
  }
}

/**
 * R7: "Regardless of your IaaS and configuration, you must configure your load balancer
 * to send the X-Forwarded-For and X-Forwarded-Proto headers for non-WebSocket HTTP
 * requests on ports 80 and 443" (CF guide "Supporting WebSockets"). An L4 listener adds no
 * headers, but gorouter adds X-Forwarded-For from the address it sees and X-Forwarded-Proto
 * from its own connection (gorouter handlers/x_forwarded_proto.go): what is lost depends on
 * whether the LB passes packets through or proxies them, and where TLS ends.
 */
export default defineRule({
  id: 'CFWS005',
  name: 'forwarded-headers',
  description: 'HTTP traffic on ports 80 and 443 must reach the gorouter with X-Forwarded-For and X-Forwarded-Proto.',
  severity: 'error',
  fixable: true,
  messages: {
    missingHeaders: 'The {listener} does not add {headers}: apps and the gorouter lose the client address and scheme.',
    layer4NoProxy: 'The {listener} opens its own connection to the gorouter ({why}), so the X-Forwarded-For the gorouter adds names the load balancer: the client address is lost without PROXY protocol.',
    nlbClientIpLost: 'The {listener} does not keep the client IP ({why}), so the X-Forwarded-For the gorouter adds names the load balancer, not the client.',
    layer4Proto: 'The {listener} terminates TLS and forwards plain TCP to the gorouter, which will then set X-Forwarded-Proto: http for HTTPS requests.',
    unknownHeaders: 'Cannot verify that the {listener} adds X-Forwarded-For and X-Forwarded-Proto.',
    unknownClientAddress: 'Cannot verify that the client address reaches the gorouter through the {listener}: {why}.',
  },
  defaultOptions: {},
  check(ctx) {
    const router = mainRouter(ctx.deployment);
    for (const lb of ctx.loadBalancers) {
      // An LB whose every DNS name is a WebSocket host carries no "non-WebSocket HTTP requests".
      if (servesOnlyWebsocketHosts(lb)) continue;
      for (const listener of lb.listeners.filter((l) => HTTP_PORTS.some((p) => l.frontendPort === p))) {
        const data = { listener: describeListener(listener, ctx.loadBalancers) };
        const at = listenerLocation(listener);
        if (listener.protocol === 'http' || listener.protocol === 'https') {
          const missing = [listener.addsXForwardedFor === false && 'X-Forwarded-For', listener.addsXForwardedProto === false && 'X-Forwarded-Proto'].filter(Boolean);
          if (missing.length > 0) ctx.report({ messageId: 'missingHeaders', data: { ...data, headers: missing.join(' and ') }, at, suggestion: headerSuggestion(lb.kind) });
          else if (listener.addsXForwardedFor === 'unknown' || listener.addsXForwardedProto === 'unknown') ctx.report({ messageId: 'unknownHeaders', data, at, note: true });
          continue;
        }
        if (listener.protocol === 'unknown' || listener.protocol === 'udp') continue;
        checkClientAddress(lb, listener);
        checkForwardedProto(listener);
      }
    }

    function checkClientAddress(lb: LoadBalancer, listener: Listener): void {
      const data = { listener: describeListener(listener, ctx.loadBalancers) };
      const at = listenerLocation(listener);
      // gorouter reads PROXY v1 only (armon/go-proxyproto v0.1.0), and only with enable_proxy;
      // an NLB sends v2 or nothing, so only the address it keeps can reach the gorouter.
      const proxyCarriesClient = listener.proxyProtocol.sends === true && listener.proxyProtocol.version !== 2 && router?.enableProxy.value === true;
      const proxyMayCarry = lb.kind !== 'aws-nlb' && (listener.proxyProtocol.sends === 'unknown' || router?.enableProxy.value === 'unknown');
      if (proxyCarriesClient || proxyMayCarry) return;
      const kept = clientAddressKept(lb.kind, listener);
      if (kept.value === true) return;
      const related = decidedAt(listener);
      if (kept.value === 'unknown') {
        ctx.report({ messageId: 'unknownClientAddress', data: { ...data, why: kept.why }, at, related, note: true });
        return;
      }
      // PROXY protocol is no way out for an NLB (v2 only), so its message names the target group's setting instead.
      const messageId = lb.kind === 'aws-nlb' ? 'nlbClientIpLost' : 'layer4NoProxy';
      ctx.report({ messageId, data: { ...data, why: kept.why }, at, related, severity: 'warn', suggestion: proxySuggestion(lb.kind, listener, enableProxyName(router)) });
    }

    function checkForwardedProto(listener: Listener): void {
      // Only TLS ended at the LB and plain TCP onwards loses the scheme: TLS passed through, or
      // re-encrypted to gorouter's TLS port (SSL-to-SSL), reaches a gorouter that sees TLS itself.
      const forcesHttps = router?.forceForwardedProtoHttps.value;
      if (listener.terminatesTls !== true || listener.backend.tls !== false || listener.frontendPort !== 443 || !router || forcesHttps !== false) return;
      const data = { listener: describeListener(listener, ctx.loadBalancers) };
      const at = listenerLocation(listener);
      const settable = router.forceForwardedProtoHttps.path.length > 0;
      // Forcing https is only right when no plain listener reaches the gorouter at all.
      const allTls = ctx.loadBalancers.every((lb) => lb.listeners.every((l) => l.terminatesTls === true));
      const fixOrSuggestion =
        allTls && settable
          ? { fix: { description: 'every request reaches the gorouter through TLS terminated at the LB, so tell it the scheme was https', changes: [{ kind: 'set' as const, path: router.forceForwardedProtoHttps.path, value: scalar('bool', true) }] } }
          : { suggestion: 'Send X-Forwarded-Proto from an HTTP(S) listener, or move plain HTTP to its own gorouter and set router.force_forwarded_proto_https: true on the TLS one.' };
      ctx.report({ messageId: 'layer4Proto', data, at, severity: 'warn', ...(settable ? { path: router.forceForwardedProtoHttps.path } : {}), ...fixOrSuggestion });
    }
  },
});

/** Where the target group's client IP preservation was decided (an NLB's target_type or preserve_client_ip), when that is elsewhere. */
function decidedAt(listener: Listener): RelatedLocation[] {
  const evidence = listener.evidence.find((e) => e.field === 'backend.preservesClientIp');
  if (!evidence?.source.line) return [];
  const { file, line, col } = evidence.source;
  return [{ location: { file, line, col: col ?? 1 }, message: `${evidence.source.object ?? 'the target group'} ${evidence.value === false ? 'does not keep' : 'may not keep'} the client IP` }];
}

/** The gorouter's PROXY switch as the manifest names it (TAS: the tile property). */
function enableProxyName(router: RouterFacts | undefined): string {
  return router && !router.job ? '.properties.router_enable_proxy' : 'router.enable_proxy';
}

function headerSuggestion(kind: LbKind): string {
  switch (kind) {
    case 'haproxy':
      return 'Add option forwardfor and http-request set-header X-Forwarded-Proto https if { ssl_fc } to the frontend.';
    case 'nginx':
      return 'Add proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for; and proxy_set_header X-Forwarded-Proto $scheme; to the location.';
    case 'aws-alb':
      // ALB attribute routing.http.xff_header_processing.mode: append (default), preserve, remove.
      return 'Set the ALB attribute routing.http.xff_header_processing.mode back to append.';
    default:
      return 'Make the load balancer add X-Forwarded-For and X-Forwarded-Proto (for NSX-T: an HTTP application profile with x_forwarded_for INSERT).';
  }
}
