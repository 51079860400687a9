import { defineRule } from './rule.js';
import type { Listener } from '../lb/listener.js';
import { propertyNode } from '../model/jobs.js';
import { describeListener, listenerLocation, propertyIsTrue, propertyLocation, routeOf } from './support.js';
import { mainRouter } from '../model/segment-routers.js';

/**
 * R8: PROXY protocol must be on at both ends or neither. haproxy-boshrelease spec: with
 * accept_proxy "standard TCP connections to these ports no longer work"; accept_proxy and
 * expect_proxy_cidrs are mutually exclusive (the template aborts); gorouter takes PROXY
 * only with router.enable_proxy.
 */
export default defineRule({
  id: 'CFWS006',
  name: 'proxy-protocol-agrees',
  description: 'PROXY protocol must be sent and accepted on both sides of each hop, or on neither.',
  severity: 'error',
  fixable: false,
  messages: {
    routerRefuses: 'The {listener} sends PROXY protocol, but {enableProxy} is false: the gorouter reads the PROXY header as a broken HTTP request.',
    routerV2: 'The {listener} sends PROXY protocol v2, which the gorouter does not read (it understands v1 only): every connection fails.',
    haproxyExpects: 'The manifest HAProxy expects PROXY protocol on port {port} (accept_proxy), but the {listener} in front of it does not send it: every connection fails.',
    entryExpectsProxy: 'The {listener} expects PROXY protocol from its clients, but WebSocket clients (Firehose nozzles, the cf CLI v6, browsers and apps\' clients) do not send it: every WebSocket connection fails. (If another load balancer in front sends PROXY, give its configuration with --lb too.)',
    exclusive: 'ha_proxy.accept_proxy and ha_proxy.expect_proxy_cidrs are mutually exclusive: the haproxy job template aborts.',
    noOpDisable: 'ha_proxy.disable_tcp_accept_proxy has no effect without ha_proxy.accept_proxy.',
  },
  defaultOptions: {},
  check(ctx) {
    const router = mainRouter(ctx.deployment);
    const haproxyFronted = ctx.backendLoadBalancers.length > 0;
    for (const listener of ctx.loadBalancers.flatMap((lb) => lb.listeners)) {
      if (listener.proxyProtocol.sends !== true || haproxyFronted || !router) continue;
      const enableProxy = router.job ? 'router.enable_proxy' : '.properties.router_enable_proxy';
      // gorouter wraps its listeners in armon/go-proxyproto v0.1.0: "Only proxy protocol version 1,
      // the human-readable form, is understood" (routing-release vendor/modules.txt; its README).
      if (listener.proxyProtocol.version === 2 && router.enableProxy.value === true) {
        ctx.report({ messageId: 'routerV2', data: { listener: describeListener(listener, ctx.loadBalancers) }, at: listenerLocation(listener), suggestion: 'Turn off proxy_protocol_v2 on the target group: NLB instance targets keep the client IP without it.' });
      } else if (router.enableProxy.value === false) {
        ctx.report({ messageId: 'routerRefuses', data: { listener: describeListener(listener, ctx.loadBalancers), enableProxy }, at: listenerLocation(listener), suggestion: `Set ${enableProxy}: true, or stop sending PROXY protocol.` });
      }
    }
    for (const lb of ctx.backendLoadBalancers) {
      for (const inner of lb.listeners.filter((l) => l.proxyProtocol.accepts === true)) {
        const fronting = ctx.loadBalancers.flatMap((outer) => outer.listeners).filter((l) => l.backend.port === inner.frontendPort && l.proxyProtocol.sends === false);
        for (const outer of fronting) {
          ctx.report({ messageId: 'haproxyExpects', data: { port: String(inner.frontendPort), listener: describeListener(outer, ctx.loadBalancers) }, at: listenerLocation(inner), related: [{ location: listenerLocation(outer)!, message: describeListener(outer, ctx.loadBalancers) }] });
        }
      }
    }
    // Clients reach the entry listeners directly, unless another given LB forwards to them with PROXY.
    const entryListeners = ctx.loadBalancers.flatMap((lb) => lb.listeners);
    const frontedWithProxy = (l: Listener) => entryListeners.some((o) => o !== l && o.lbId !== l.lbId && o.proxyProtocol.sends === true && o.backend.port === l.frontendPort);
    for (const endpoint of ctx.deployment.endpoints) {
      for (const listener of routeOf(endpoint, ctx.loadBalancers, ctx.deployment).onPort.filter((l) => l.proxyProtocol.accepts === true && !frontedWithProxy(l))) {
        ctx.report({ messageId: 'entryExpectsProxy', data: { listener: describeListener(listener, ctx.loadBalancers) }, at: listenerLocation(listener), suggestion: 'Turn off accept-proxy/accept_proxy on this listener, or put a load balancer that sends PROXY protocol in front of it.' });
      }
    }
    for (const job of ctx.deployment.haproxies) {
      const acceptProxy = propertyIsTrue(job, ['ha_proxy', 'accept_proxy']);
      // The template aborts on `accept_proxy && expect_proxy_cidrs`: in Ruby even an empty list is true.
      if (acceptProxy && propertyNode(job, ['ha_proxy', 'expect_proxy_cidrs']) !== undefined) ctx.report({ messageId: 'exclusive', at: propertyLocation(job, ['ha_proxy', 'expect_proxy_cidrs']) });
      if (!acceptProxy && propertyIsTrue(job, ['ha_proxy', 'disable_tcp_accept_proxy'])) ctx.report({ messageId: 'noOpDisable', at: propertyLocation(job, ['ha_proxy', 'disable_tcp_accept_proxy']), severity: 'warn' });
    }
  },
});

