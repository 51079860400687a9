import type { Listener } from '../lb/listener.js';
import { defineRule } from './rule.js';
import { describeListener, listenerLocation, pathMarked, routeOf } from './support.js';

/**
 * R4: the WebSocket listener's backend must be a port gorouter serves (routing-release
 * jobs/gorouter/spec): router.port (80) unless disable_http, router.tls_port (443) only
 * with enable_ssl — or a frontend of the manifest's HAProxy when the LB fronts it.
 */
export default defineRule({
  id: 'CFWS004',
  name: 'backend-port-served-by-gorouter',
  description: "The WebSocket listener's backend port must be one the gorouter (or the manifest's HAProxy) serves.",
  severity: 'error',
  fixable: false,
  messages: {
    notServed: 'The {listener} forwards to port {backend}, which the gorouter does not serve ({served}).',
    tlsMismatch: 'The {listener} sends {sends} to port {backend}, but the gorouter serves {expects} there.',
  },
  defaultOptions: {},
  check(ctx) {
    const router = ctx.deployment.routers[0];
    if (!router) return;
    const httpPort = router.disableHttp.value === true ? undefined : router.port.value;
    const tlsPort = router.enableSsl.value === false ? undefined : router.tlsPort.value;
    const haproxyPorts = ctx.backendLoadBalancers.flatMap((lb) => lb.listeners.map((l) => l.frontendPort));
    const served = [httpPort !== undefined ? `${httpPort} (plain)` : undefined, tlsPort !== undefined ? `${tlsPort} (TLS)` : undefined].filter(Boolean).join(', ') || 'no port';
    // cf-release v1 advertises doppler and loggregator, often on the same port: check each listener once.
    const checked = new Set<Listener>();
    for (const endpoint of ctx.deployment.endpoints) {
      const route = routeOf(endpoint, ctx.loadBalancers);
      for (const listener of route.onPort.filter((l) => l.passesUpgrade !== false && !checked.has(l))) {
        checked.add(listener);
        const backend = listener.backend.port === 'same-as-frontend' ? listener.frontendPort : listener.backend.port;
        if (backend === 'unknown' || haproxyPorts.includes(backend)) continue;
        const data = { listener: describeListener(listener, route.selection.loadBalancers), backend, served };
        if (backend !== httpPort && backend !== tlsPort) {
          const websocketPath = pathMarked(ctx, endpoint, listener, { kind: 'gorouter', problem: 'not served' });
          ctx.report({ messageId: 'notServed', data, at: listenerLocation(listener), suggestion: `Point the listener at gorouter port ${httpPort ?? tlsPort ?? 80}.`, websocketPath });
        } else if (listener.backend.tls !== 'unknown' && listener.protocol !== 'tcp' && listener.backend.tls !== (backend === tlsPort && backend !== httpPort)) {
          const expectsTls = backend === tlsPort && backend !== httpPort;
          const websocketPath = pathMarked(ctx, endpoint, listener, { kind: 'gorouter', problem: expectsTls ? 'expects TLS' : 'expects plain HTTP' });
          ctx.report({ messageId: 'tlsMismatch', data: { ...data, sends: listener.backend.tls ? 'TLS' : 'plain HTTP', expects: expectsTls ? 'TLS' : 'plain HTTP' }, at: listenerLocation(listener), websocketPath });
        }
      }
    }
  },
});
