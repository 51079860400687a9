import { scalar } from '../yaml/node.js';
import type { LbKind, Listener, LoadBalancer } from '../lb/listener.js';
import { defineRule } from './rule.js';
import { describeListener, factRelated, listenerLocation, routeOf } from './support.js';
import { distinctFrontends } from '../lb/listener-routes.js';

/**
 * L4 load balancers that drop idle flows without a TCP RST: gorouter must close first
 * (routing-release gorouter spec, router.frontend_idle_timeout: "Azure's load balancer
 * times out at 240 seconds ... GCP TCP load balancer ... 600 seconds without sending a TCP
 * RST"). Behind everything else, gorouter must outlast the LB ("greater than that of the
 * load balancer": AWS ELB 60 s, GCP HTTP(S) 600 s).
 */
const SILENT_DROP: LbKind[] = ['azure-lb', 'gcp-tcp'];
/**
 * Cloud L7 load balancers that keep idle connections to the gorouter for reuse, whose idle
 * timeout gorouter's must exceed. HAProxy as CF deploys it closes server-side connections
 * after each request (`option http-server-close`), so there is no reuse to race.
 */
const REUSES_BACKEND_CONNECTIONS: LbKind[] = ['aws-elb-classic', 'aws-alb', 'gcp-http', 'azure-app-gateway'];

interface Options {
  minWebsocketIdleSeconds: number;
}

/** R9: idle timeouts along the WebSocket path. */
export default defineRule<'tooShort' | 'lifetimeCap' | 'routerNotLonger' | 'routerNotShorter' | 'haproxyShorter', Options>({
  id: 'CFWS009',
  name: 'idle-timeouts',
  description: 'Idle timeouts along the WebSocket path must not cut the log streams of Firehose nozzles and the cf CLI v6, or race the gorouter.',
  severity: 'warn',
  fixable: true,
  messages: {
    tooShort: 'The {listener} closes idle connections after {seconds} s; the traffic controller pings every ~15 s and waits 30 s for a pong, so quiet log streams drop (minimum {min} s).',
    lifetimeCap: 'The {listener} ends every connection after {seconds} s (GCP backend timeout_sec caps WebSocket lifetime): Firehose nozzles and the cf CLI v6 reconnect that often.',
    routerNotLonger: 'router.frontend_idle_timeout ({router} s) is not greater than the idle timeout of the {listener} ({lb} s): the LB may reuse a connection the gorouter just closed (502s).',
    routerNotShorter: 'router.frontend_idle_timeout ({router} s) is not below the idle timeout of the {listener} ({lb} s), which drops idle flows without a TCP reset: clients hang on dead connections.',
    haproxyShorter: 'The manifest HAProxy closes idle WebSockets after {haproxy} s, before the {listener} in front of it ({lb} s).',
  },
  optionsSchema: {
    type: 'object',
    properties: { minWebsocketIdleSeconds: { type: 'integer', minimum: 1, description: 'Shortest acceptable idle timeout on the WebSocket listener.' } },
    additionalProperties: false,
  },
  defaultOptions: { minWebsocketIdleSeconds: 30 },
  check(ctx) {
    const router = ctx.deployment.routers[0];
    const min = ctx.options.minWebsocketIdleSeconds;
    // cf-release v1 advertises doppler and loggregator, often on the same port: check each listener once.
    const checked = new Set<Listener>();
    for (const endpoint of ctx.deployment.endpoints) {
      const route = routeOf(endpoint, ctx.loadBalancers);
      for (const listener of route.onPort.filter((l) => l.passesUpgrade !== false && !checked.has(l))) {
        checked.add(listener);
        const data = { listener: describeListener(listener, route.selection.loadBalancers) };
        if (typeof listener.idleTimeoutSeconds === 'number' && listener.idleTimeoutSeconds < min) {
          ctx.report({ messageId: 'tooShort', data: { ...data, seconds: listener.idleTimeoutSeconds, min }, at: listenerLocation(listener) });
        }
        if (listener.maxConnectionSeconds !== undefined && listener.maxConnectionSeconds < 300) {
          ctx.report({ messageId: 'lifetimeCap', data: { ...data, seconds: listener.maxConnectionSeconds }, at: listenerLocation(listener) });
        }
      }
    }
    if (router && typeof router.frontendIdleTimeout.value === 'number' && ctx.backendLoadBalancers.length === 0) {
      const routerIdle = router.frontendIdleTimeout.value;
      // Only HTTP listeners pool backend connections; an L4 listener's connection is the client's.
      // Only listeners in front of the gorouter count: 80, 443 and the advertised ports, not
      // bbl's SSH (2222) or TCP-routing (1024-32768) pools, which reach other VMs.
      const gorouterPorts = new Set([80, 443, ...ctx.deployment.endpoints.map((e) => e.port.value)]);
      const pooling = (lb: LoadBalancer) =>
        distinctFrontends(lb.listeners).filter((l) => typeof l.idleTimeoutSeconds === 'number' && gorouterPorts.has(l.frontendPort) && l.frontendPortEnd === undefined && (SILENT_DROP.includes(lb.kind) || l.protocol === 'http' || l.protocol === 'https'));
      const idles = (silent: boolean) => ctx.loadBalancers.filter((lb) => (silent ? SILENT_DROP.includes(lb.kind) : REUSES_BACKEND_CONNECTIONS.includes(lb.kind))).flatMap(pooling).map((l) => l.idleTimeoutSeconds as number);
      const longest = Math.max(...idles(false));
      const shortestSilent = Math.min(...idles(true));
      // One value for every fix, above every pooling LB and below every silent one, so fixes
      // for different LBs agree; when no value fits (bbl on GCP puts the same routers behind
      // an HTTP(S) LB and a TCP LB, both 600 s), choosing is a judgement call.
      const wanted = Math.max(longest + 1, Number.isFinite(shortestSilent) ? Math.max(1, Math.floor(shortestSilent * 0.75)) : 1);
      const fits = wanted < shortestSilent;
      for (const lb of ctx.loadBalancers) {
        const silent = SILENT_DROP.includes(lb.kind);
        if (!silent && !REUSES_BACKEND_CONNECTIONS.includes(lb.kind)) continue;
        for (const listener of pooling(lb)) {
          const lbIdle = listener.idleTimeoutSeconds as number;
          const data = { listener: describeListener(listener, ctx.loadBalancers), router: routerIdle, lb: lbIdle };
          const related = factRelated(router.frontendIdleTimeout, router.frontendIdleTimeout.isDefault ? 'router.frontend_idle_timeout is not set: default 900' : 'router.frontend_idle_timeout is set here');
          const fixOrSuggestion = fits
            ? { fix: { description: silent ? `close idle connections before the ${lb.kind} LB drops them silently` : `outlast the LB's ${lbIdle} s idle timeout`, changes: [{ kind: 'set' as const, path: router.frontendIdleTimeout.path, value: scalar('int', wanted) }] } }
            : { suggestion: `No single router.frontend_idle_timeout is above ${longest} s and below ${shortestSilent} s: put these load balancers in front of separate gorouter instance groups.` };
          if (!silent && routerIdle <= lbIdle) ctx.report({ messageId: 'routerNotLonger', data, at: listenerLocation(listener), path: router.frontendIdleTimeout.path, related, ...fixOrSuggestion });
          if (silent && routerIdle >= lbIdle) ctx.report({ messageId: 'routerNotShorter', data, at: listenerLocation(listener), path: router.frontendIdleTimeout.path, related, ...fixOrSuggestion });
        }
      }
    }
    for (const inner of ctx.backendLoadBalancers.flatMap((lb) => lb.listeners)) {
      const fronting = ctx.loadBalancers.flatMap((lb) => lb.listeners).filter((l) => l.backend.port === inner.frontendPort);
      for (const outer of fronting) {
        if (typeof inner.idleTimeoutSeconds === 'number' && typeof outer.idleTimeoutSeconds === 'number' && inner.idleTimeoutSeconds < outer.idleTimeoutSeconds) {
          ctx.report({ messageId: 'haproxyShorter', data: { haproxy: inner.idleTimeoutSeconds, lb: outer.idleTimeoutSeconds, listener: describeListener(outer, ctx.loadBalancers) }, at: listenerLocation(inner) });
        }
      }
    }
  },
});
