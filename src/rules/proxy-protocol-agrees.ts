import { defineRule } from './rule.js';
import { describeListener, listenerLocation, propertyIsSet, propertyIsTrue, propertyLocation } from './support.js';

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
    routerRefuses: 'The {listener} sends PROXY protocol, but router.enable_proxy is false: the gorouter reads the PROXY header as a broken HTTP request.',
    haproxyExpects: 'The manifest HAProxy expects PROXY protocol on port {port} (accept_proxy), but the {listener} in front of it does not send it: every connection fails.',
    haproxyUnfronted: 'The manifest HAProxy expects PROXY protocol on port {port} (accept_proxy), and no load balancer that sends it was given: clients such as the cf CLI cannot connect directly.',
    exclusive: 'ha_proxy.accept_proxy and ha_proxy.expect_proxy_cidrs are mutually exclusive: the haproxy job template aborts.',
    noOpDisable: 'ha_proxy.disable_tcp_accept_proxy has no effect without ha_proxy.accept_proxy.',
  },
  defaultOptions: {},
  check(ctx) {
    const router = ctx.deployment.routers[0];
    const haproxyFronted = ctx.backendLoadBalancers.length > 0;
    for (const listener of ctx.loadBalancers.flatMap((lb) => lb.listeners)) {
      if (listener.proxyProtocol.sends === true && !haproxyFronted && router && router.enableProxy.value === false) {
        ctx.report({ messageId: 'routerRefuses', data: { listener: describeListener(listener, ctx.loadBalancers) }, at: listenerLocation(listener), suggestion: 'Set router.enable_proxy: true on the gorouter job, or stop sending PROXY protocol.' });
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
    if (!haproxyFronted) {
      const entryHaproxy = ctx.loadBalancers.filter((lb) => lb.source.format === 'haproxy-boshrelease-props');
      for (const inner of entryHaproxy.flatMap((lb) => lb.listeners).filter((l) => l.proxyProtocol.accepts === true && ctx.deployment.endpoints.some((e) => e.port.value === l.frontendPort))) {
        ctx.report({ messageId: 'haproxyUnfronted', data: { port: String(inner.frontendPort) }, at: listenerLocation(inner), note: true });
      }
    }
    for (const job of ctx.deployment.haproxies) {
      const acceptProxy = propertyIsTrue(job, ['ha_proxy', 'accept_proxy']);
      if (acceptProxy && propertyIsSet(job, ['ha_proxy', 'expect_proxy_cidrs'])) ctx.report({ messageId: 'exclusive', at: propertyLocation(job, ['ha_proxy', 'expect_proxy_cidrs']) });
      if (!acceptProxy && propertyIsTrue(job, ['ha_proxy', 'disable_tcp_accept_proxy'])) ctx.report({ messageId: 'noOpDisable', at: propertyLocation(job, ['ha_proxy', 'disable_tcp_accept_proxy']), severity: 'warn' });
    }
  },
});

