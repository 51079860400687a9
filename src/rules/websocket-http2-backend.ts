import type { Listener } from '../lb/listener.js';
import { defineRule } from './rule.js';
import { describeListener, listenerLocation, routeOf } from './support.js';

/**
 * "Gorouter does not support WebSockets over HTTP/2 ... configure your load balancer to
 * always send WebSocket requests to Gorouter over HTTP/1.1" (CF guide "Supporting
 * WebSockets"); haproxy-boshrelease has disable_backend_http2_websockets for this
 * (routing-release#230).
 */
export default defineRule({
  id: 'CFWS012',
  name: 'websocket-http2-backend',
  description: 'WebSocket requests must reach the gorouter over HTTP/1.1, not HTTP/2.',
  severity: 'error',
  fixable: false,
  messages: {
    http2: 'The {listener} sends WebSocket requests to the gorouter over HTTP/2, which the gorouter does not support for WebSockets.',
  },
  defaultOptions: {},
  check(ctx) {
    const all = [...ctx.loadBalancers, ...ctx.backendLoadBalancers];
    // cf-release v1 advertises doppler and loggregator, often on the same port: report each listener once.
    const reported = new Set<Listener>();
    for (const endpoint of ctx.deployment.endpoints) {
      const route = routeOf(endpoint, ctx.loadBalancers, ctx.deployment);
      const inner = ctx.backendLoadBalancers.flatMap((lb) => lb.listeners).filter((l) => route.onPort.some((o) => o.backend.port === l.frontendPort));
      for (const listener of [...route.onPort, ...inner].filter((l) => l.backend.http2 === true && !reported.has(l))) {
        reported.add(listener);
        ctx.report({ messageId: 'http2', data: { listener: describeListener(listener, all) }, at: listenerLocation(listener), suggestion: 'Send WebSockets over HTTP/1.1 (haproxy-boshrelease: ha_proxy.disable_backend_http2_websockets: true).' });
      }
    }
  },
});
