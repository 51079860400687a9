import { defineRule } from './rule.js';
import { factRelated, routeOf, setPortChange, singleCapablePort, websocketCapable } from './support.js';
import { mainRouter } from '../model/segment-routers.js';

/**
 * R14: the CF guide once said the built-in load balancer listens on 8443 for WebSockets
 * (introduced 2017-02-14); cf-release and haproxy-boshrelease use 4443. 8443 is gorouter's
 * router.status.tls.port (LB health checks over TLS) and UAA's port.
 */
export default defineRule({
  id: 'CFWS007',
  name: 'no-8443-websocket-port',
  description: 'An advertised WebSocket port of 8443 is almost certainly meant to be 4443.',
  severity: 'warn',
  fixable: true,
  messages: {
    port8443: '{property} is 8443, which is gorouter\'s TLS health-check port (router.status.tls.port), not a WebSocket port; the conventional WebSocket port is 4443.',
  },
  defaultOptions: {},
  check(ctx) {
    const router = mainRouter(ctx.deployment);
    for (const endpoint of ctx.deployment.endpoints.filter((e) => e.port.value === 8443)) {
      const route = routeOf(endpoint, ctx.loadBalancers, ctx.deployment);
      const capable = websocketCapable(route.listeners, endpoint.useSsl.value, router).filter((l) => l.frontendPort !== 8443);
      const candidate = singleCapablePort(capable);
      const related = factRelated(endpoint.port, `${endpoint.portProperty} is set here`);
      ctx.report({
        messageId: 'port8443',
        data: { property: endpoint.portProperty },
        at: related[0]?.location,
        path: endpoint.port.path,
        related,
        ...(candidate?.port === 4443
          ? { fix: { description: 'the load balancer carries WebSockets on 4443', changes: [setPortChange(endpoint, 4443)] } }
          : { suggestion: 'Use 4443 for WebSockets (with a matching TCP/SSL listener), or 443 where the load balancer passes Upgrade.' }),
      });
    }
  },
});
