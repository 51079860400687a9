import type { Listener } from '../lb/listener.js';
import { servedPorts } from '../model/served-ports.js';
import { defineRule } from './rule.js';
import { describeListener, listenerFieldLocation, routeOf } from './support.js';

/**
 * R4: the WebSocket listener's backend must be a port something behind it serves. gorouter
 * (routing-release jobs/gorouter/spec): router.port (80) unless disable_http, router.tls_port
 * (443) only with enable_ssl. Some foundations send doppler.<sys> straight to the traffic
 * controllers (loggregator_trafficcontroller outgoing_dropsonde_port 8081; cf-release's
 * traffic_controller.outgoing_port 8080), or to a proxy job in front of gorouter: a port a job
 * of the manifest listens on is served by that job. Only where nothing is known to listen, and
 * the LB fronts the gorouters, is it an error; otherwise the rule cannot tell.
 */
export default defineRule({
  id: 'CFWS004',
  name: 'backend-port-served-by-gorouter',
  description: "The WebSocket listener's backend port must be one the gorouter, the manifest's HAProxy or another job of the manifest serves.",
  severity: 'error',
  fixable: false,
  messages: {
    notServed: 'The {listener} forwards to port {backend}, which neither the gorouter ({served}) nor any other job of the manifest serves.',
    tlsMismatch: 'The {listener} sends {sends} to port {backend}, but the gorouter serves {expects} there.',
    cannotVerify: 'Cannot verify that port {backend}, where the {listener} forwards, is served: no job of the manifest listens there, and the manifest has no gorouter this LB is known to front.',
  },
  defaultOptions: {},
  check(ctx) {
    const router = ctx.deployment.routers[0];
    const httpPort = !router || router.disableHttp.value === true ? undefined : router.port.value;
    const tlsPort = !router || router.enableSsl.value === false ? undefined : router.tlsPort.value;
    const haproxyPorts = ctx.backendLoadBalancers.flatMap((lb) => lb.listeners.map((l) => l.frontendPort));
    const otherJobs = servedPorts(ctx.deployment).filter((p) => !p.what.startsWith('gorouter '));
    const served = [httpPort !== undefined ? `${httpPort} plain` : undefined, tlsPort !== undefined ? `${tlsPort} TLS` : undefined].filter(Boolean).join(', ') || 'no port';
    // cf-release v1 advertises doppler and loggregator, often on the same port: check each listener once.
    const checked = new Set<Listener>();
    for (const endpoint of ctx.deployment.endpoints) {
      const route = routeOf(endpoint, ctx.loadBalancers);
      for (const listener of route.onPort.filter((l) => l.passesUpgrade !== false && !checked.has(l))) {
        checked.add(listener);
        const backend = listener.backend.port === 'same-as-frontend' ? listener.frontendPort : listener.backend.port;
        if (backend === 'unknown' || haproxyPorts.includes(backend)) continue;
        const data = { listener: describeListener(listener, route.selection.loadBalancers), backend, served };
        const at = listenerFieldLocation(listener, 'backend.port');
        if (backend === httpPort || backend === tlsPort) {
          const expectsTls = backend === tlsPort && backend !== httpPort;
          if (listener.backend.tls !== 'unknown' && listener.protocol !== 'tcp' && listener.backend.tls !== expectsTls) {
            ctx.report({ messageId: 'tlsMismatch', data: { ...data, sends: listener.backend.tls ? 'TLS' : 'plain HTTP', expects: expectsTls ? 'TLS' : 'plain HTTP' }, at });
          }
          continue;
        }
        if (otherJobs.some((p) => p.port === backend)) continue;
        if (!router) {
          ctx.report({ messageId: 'cannotVerify', data, at, note: true });
          continue;
        }
        // Point at the gorouter port that speaks what the LB sends: TLS to tls_port, plain to port.
        const wanted = listener.backend.tls === true ? (tlsPort ?? httpPort) : (httpPort ?? tlsPort);
        const how = wanted === tlsPort && wanted !== httpPort ? 'its TLS port' : 'its plain port';
        ctx.report({ messageId: 'notServed', data, at, suggestion: wanted !== undefined ? `Forward to gorouter port ${wanted} (${how}), as the listener sends ${listener.backend.tls === true ? 'TLS' : 'plain traffic'}.` : 'Enable a gorouter listener (router.enable_ssl or the plain router.port) for the LB to forward to.' });
      }
    }
  },
});
