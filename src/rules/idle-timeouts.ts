import { scalar } from '../yaml/node.js';
import type { LbKind, Listener, LoadBalancer } from '../lb/listener.js';
import { defineRule } from './rule.js';
import { describeListener, factRelated, listenerFieldLocation, listenerLocation, routeOf } from './support.js';
import { distinctFrontends } from '../lb/listener-routes.js';
import { mainRouter } from '../model/segment-routers.js';

/**
 * Load balancers whose idle expiry silently ends a flow the gorouter still holds: gorouter must
 * close first (routing-release gorouter spec, router.frontend_idle_timeout: "Azure's load
 * balancer times out at 240 seconds ... a value lower than this is recommended"). Azure:
 * "Load Balancer's default behavior is to silently drop flows when the idle timeout of a flow is
 * reached" (azure-docs load-balancer-tcp-reset.md).
 *
 * Not GCP's pass-through LBs, whatever the gorouter spec says of a "GCP TCP load balancer ...
 * 600 seconds" (no Google source states it): a target pool picks the backend "based on a hash
 * of the source IP address, the source port, the destination IP address, and the destination
 * port" (cloud.google.com/load-balancing/docs/target-pools), and a passthrough NLB sends a
 * packet without a tracking entry through the same consistent hashing (ext-netlb-traffic-
 * distribution), so a flow idle past the tracking timeout reaches the same gorouter.
 */
const SILENT_DROP: LbKind[] = ['azure-lb'];
/**
 * Cloud L7 load balancers that keep idle connections to the gorouter for reuse, whose idle
 * timeout gorouter's must exceed ("must be greater than that of the load balancer": AWS ELB
 * and ALB 60 s by default, GCP HTTP(S) 600 s; Azure Application Gateway keeps backend
 * connections too). HAProxy as CF deploys it closes server-side connections after each
 * request (`option http-server-close`), so there is no reuse to race.
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
    const router = mainRouter(ctx.deployment);
    const min = ctx.options.minWebsocketIdleSeconds;
    // cf-release v1 advertises doppler and loggregator, often on the same port: check each listener once.
    const checked = new Set<Listener>();
    for (const endpoint of ctx.deployment.endpoints) {
      const route = routeOf(endpoint, ctx.loadBalancers, ctx.deployment);
      for (const listener of route.onPort.filter((l) => l.passesUpgrade !== false && !checked.has(l))) {
        checked.add(listener);
        const data = { listener: describeListener(listener, route.selection.loadBalancers) };
        if (typeof listener.idleTimeoutSeconds === 'number' && listener.idleTimeoutSeconds < min) {
          ctx.report({ messageId: 'tooShort', data: { ...data, seconds: listener.idleTimeoutSeconds, min }, at: listenerFieldLocation(listener, 'idleTimeoutSeconds') });
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
      const reusing = ctx.loadBalancers.filter((lb) => REUSES_BACKEND_CONNECTIONS.includes(lb.kind)).flatMap((lb) => pooling(lb).map((l) => ({ lb, idle: l.idleTimeoutSeconds as number })));
      const silentDrops = ctx.loadBalancers.filter((lb) => SILENT_DROP.includes(lb.kind)).flatMap((lb) => pooling(lb).map((l) => ({ lb, idle: l.idleTimeoutSeconds as number })));
      const longest = Math.max(...reusing.map((r) => r.idle));
      const shortestSilent = Math.min(...silentDrops.map((r) => r.idle));
      // One value for every fix, above every pooling LB and below every silent one, so fixes
      // for different LBs agree; when none fits, say which LBs disagree and leave the choice.
      const wanted = Math.max(longest + 1, Number.isFinite(shortestSilent) ? Math.max(1, Math.floor(shortestSilent * 0.75)) : 1);
      const fits = wanted < shortestSilent;
      const above = reusing.find((r) => r.idle === longest);
      const below = silentDrops.find((r) => r.idle === shortestSilent);
      const disagreement = above && below ? `No single router.frontend_idle_timeout satisfies both ${above.lb.id} (${above.lb.kind}, which reuses connections idle up to ${above.idle} s, so it must be above that) and ${below.lb.id} (${below.lb.kind}, which drops flows idle for ${below.idle} s, so it must be below that): put them in front of separate gorouter instance groups.` : '';
      const settable = router.frontendIdleTimeout.path.length > 0;
      for (const lb of ctx.loadBalancers) {
        const silent = SILENT_DROP.includes(lb.kind);
        if (!silent && !REUSES_BACKEND_CONNECTIONS.includes(lb.kind)) continue;
        for (const listener of pooling(lb)) {
          const lbIdle = listener.idleTimeoutSeconds as number;
          const data = { listener: describeListener(listener, ctx.loadBalancers), router: routerIdle, lb: lbIdle };
          const related = factRelated(router.frontendIdleTimeout, router.frontendIdleTimeout.isDefault ? 'router.frontend_idle_timeout is not set: default 900' : 'router.frontend_idle_timeout is set here');
          const fixOrSuggestion = fits && settable
            ? { fix: { description: silent ? `close idle connections before the ${lb.kind} LB drops them silently` : `outlast the LB's ${lbIdle} s idle timeout`, changes: [{ kind: 'set' as const, path: router.frontendIdleTimeout.path, value: scalar('int', wanted) }] } }
            : { suggestion: fits ? `Set router.frontend_idle_timeout to ${wanted}.` : disagreement };
          if (!silent && routerIdle <= lbIdle) ctx.report({ messageId: 'routerNotLonger', data, at: listenerFieldLocation(listener, 'idleTimeoutSeconds'), path: router.frontendIdleTimeout.path, related, ...fixOrSuggestion });
          if (silent && routerIdle >= lbIdle) ctx.report({ messageId: 'routerNotShorter', data, at: listenerFieldLocation(listener, 'idleTimeoutSeconds'), path: router.frontendIdleTimeout.path, related, ...fixOrSuggestion });
        }
      }
    }
    for (const inner of ctx.backendLoadBalancers.flatMap((lb) => lb.listeners)) {
      const fronting = ctx.loadBalancers.flatMap((lb) => lb.listeners).filter((l) => l.backend.port === inner.frontendPort);
      for (const outer of fronting) {
        if (typeof inner.idleTimeoutSeconds === 'number' && typeof outer.idleTimeoutSeconds === 'number' && inner.idleTimeoutSeconds < outer.idleTimeoutSeconds) {
          ctx.report({ messageId: 'haproxyShorter', data: { haproxy: inner.idleTimeoutSeconds, lb: outer.idleTimeoutSeconds, listener: describeListener(outer, ctx.loadBalancers) }, at: listenerFieldLocation(inner, 'idleTimeoutSeconds') });
        }
      }
    }
  },
});
