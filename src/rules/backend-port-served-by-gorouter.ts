import type { Listener } from '../lb/listener.js';
import { servedPorts } from '../model/served-ports.js';
import { defineRule } from './rule.js';
import { describeListener, lbLinkRelated, listenerFieldLocation, pathMarked, routeOf } from './support.js';
import { mainRouter } from '../model/segment-routers.js';

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
    notServedLinked: 'The {listener} forwards to port {backend}, but no job of {groups} (its instance groups, by the cloud config) listens there ({listening}).',
    cannotVerifyLinked: 'Cannot verify that port {backend}, where the {listener} forwards, is served by {groups} (its instance groups, by the cloud config): cf-ws-lint knows the ports of none of their jobs.',
  },
  defaultOptions: {},
  check(ctx) {
    const router = mainRouter(ctx.deployment);
    const httpPort = !router || router.disableHttp.value === true ? undefined : router.port.value;
    const tlsPort = !router || router.enableSsl.value === false ? undefined : router.tlsPort.value;
    const haproxyPorts = ctx.backendLoadBalancers.flatMap((lb) => lb.listeners.map((l) => l.frontendPort));
    const allServed = servedPorts(ctx.deployment);
    const otherJobs = allServed.filter((p) => !p.what.startsWith('gorouter '));
    const served = [httpPort !== undefined ? `${httpPort} plain` : undefined, tlsPort !== undefined ? `${tlsPort} TLS` : undefined].filter(Boolean).join(', ') || 'no port';
    // cf-release v1 advertises doppler and loggregator, often on the same port: check each listener once.
    const checked = new Set<Listener>();
    for (const endpoint of ctx.deployment.endpoints) {
      const route = routeOf(endpoint, ctx.loadBalancers, ctx.deployment);
      for (const listener of route.onPort.filter((l) => l.passesUpgrade !== false && !checked.has(l))) {
        checked.add(listener);
        const backend = listener.backend.port === 'same-as-frontend' ? listener.frontendPort : listener.backend.port;
        if (backend === 'unknown' || haproxyPorts.includes(backend)) continue;
        const data = { listener: describeListener(listener, route.selection.loadBalancers), backend, served };
        const at = listenerFieldLocation(listener, 'backend.port');
        const groups = route.selection.loadBalancers.find((lb) => lb.id === listener.lbId)?.instanceGroups;
        if (groups) {
          // The cloud config says which VMs are behind: only their jobs count.
          const behind = allServed.filter((p) => groups.includes(p.instanceGroup));
          const match = behind.find((p) => p.port === backend);
          const routerBehind = ctx.deployment.routers.some((r) => r.job && groups.includes(r.job.instanceGroup));
          if (match && match.what.startsWith('gorouter ') && match.tls !== 'unknown' && listener.backend.tls !== 'unknown' && listener.protocol !== 'tcp' && listener.backend.tls !== match.tls) {
            ctx.report({ messageId: 'tlsMismatch', data: { ...data, sends: listener.backend.tls ? 'TLS' : 'plain HTTP', expects: match.tls ? 'TLS' : 'plain HTTP' }, at, websocketPath: pathMarked(ctx, endpoint, listener, { kind: 'gorouter', problem: match.tls ? 'expects TLS' : 'expects plain HTTP' }) });
          }
          if (match) continue;
          const knownJobs = ctx.deployment.jobs.some((j) => groups.includes(j.instanceGroup) && ['gorouter', 'haproxy', 'loggregator_trafficcontroller'].includes(j.job));
          const groupList = groups.join(', ') || '(none)';
          const listening = [...new Set(behind.map((p) => String(p.port)))].join(', ') || 'none known';
          if (knownJobs) ctx.report({ messageId: 'notServedLinked', data: { ...data, groups: groupList, listening }, at, related: lbLinkRelated(route.selection.loadBalancers.find((lb) => lb.id === listener.lbId)), websocketPath: pathMarked(ctx, endpoint, listener, { kind: 'gorouter', problem: 'not served' }), ...(routerBehind && httpPort !== undefined ? { suggestion: `Forward to gorouter port ${listener.backend.tls === true ? (tlsPort ?? httpPort) : httpPort}.` } : {}) });
          else ctx.report({ messageId: 'cannotVerifyLinked', data: { ...data, groups: groupList }, at, note: true, websocketPath: pathMarked(ctx, endpoint, listener, { kind: 'gorouter', problem: 'not served', unknown: true }) });
          continue;
        }
        if (backend === httpPort || backend === tlsPort) {
          const expectsTls = backend === tlsPort && backend !== httpPort;
          if (listener.backend.tls !== 'unknown' && listener.protocol !== 'tcp' && listener.backend.tls !== expectsTls) {
            ctx.report({ messageId: 'tlsMismatch', data: { ...data, sends: listener.backend.tls ? 'TLS' : 'plain HTTP', expects: expectsTls ? 'TLS' : 'plain HTTP' }, at, websocketPath: pathMarked(ctx, endpoint, listener, { kind: 'gorouter', problem: expectsTls ? 'expects TLS' : 'expects plain HTTP' }) });
          }
          continue;
        }
        if (otherJobs.some((p) => p.port === backend)) continue;
        if (!router) {
          ctx.report({ messageId: 'cannotVerify', data, at, note: true, websocketPath: pathMarked(ctx, endpoint, listener, { kind: 'gorouter', problem: 'not served', unknown: true }) });
          continue;
        }
        // Point at the gorouter port that speaks what the LB sends: TLS to tls_port, plain to port.
        const wanted = listener.backend.tls === true ? (tlsPort ?? httpPort) : (httpPort ?? tlsPort);
        const how = wanted === tlsPort && wanted !== httpPort ? 'its TLS port' : 'its plain port';
        ctx.report({ messageId: 'notServed', data, at, websocketPath: pathMarked(ctx, endpoint, listener, { kind: 'gorouter', problem: 'not served' }), suggestion: wanted !== undefined ? `Forward to gorouter port ${wanted} (${how}), as the listener sends ${listener.backend.tls === true ? 'TLS' : 'plain traffic'}.` : 'Enable a gorouter listener (router.enable_ssl or the plain router.port) for the LB to forward to.' });
      }
    }
  },
});
