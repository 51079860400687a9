import { defineRule } from './rule.js';
import type { Listener } from '../lb/listener.js';
import type { Endpoint, RouterFacts } from '../model/deployment.js';
import { clientSpeaksTls, describeListener, factRelated, formatUnknown, listenerRelated, pathEndingAtRoute, routeOf, setPortChange, singleCapablePort, websocketCapable } from './support.js';
import { mainRouter } from '../model/segment-routers.js';

/**
 * R1b: in a cf-release v1 manifest Cloud Controller advertises two endpoints: the legacy
 * `logging_endpoint` (wss://loggregator.<sys>:<logger_endpoint.port>) and
 * `doppler_logging_endpoint` (cloud_controller_api.yml.erb). Old CLIs and tools use the
 * first; it needs its own listener, passing WebSockets, with matching TLS.
 */
export default defineRule({
  id: 'CFWS010',
  name: 'legacy-loggregator-endpoint',
  description: 'In cf-release v1, logger_endpoint.port (loggregator.<system_domain>) needs its own WebSocket listener, like doppler.port.',
  severity: 'error',
  fixable: true,
  messages: {
    noListener: 'No listener on port {port} of {lbs} for the legacy endpoint wss://{host}:{port} (logger_endpoint.port).',
    dropsUpgrade: 'The {listener} does not pass WebSocket upgrades, but it serves the legacy endpoint {host}:{port} (logger_endpoint.port).',
    tlsMismatch: 'logger_endpoint.use_ssl is {useSsl}, but the {listener} {speaks}.',
    unknownPort: 'Cannot verify the legacy loggregator endpoint: {why}.',
    unknownListenerPort: 'Cannot verify a listener on port {port} for the legacy endpoint wss://{host}:{port}: {lbs} has a listener whose port is not known.',
  },
  defaultOptions: {},
  check(ctx) {
    const router = mainRouter(ctx.deployment);
    for (const endpoint of ctx.deployment.endpoints.filter((e) => e.name === 'loggregator')) {
      const related = factRelated(endpoint.port, endpoint.port.isDefault ? 'logger_endpoint.port is not set: Cloud Controller advertises 443' : 'logger_endpoint.port is set here');
      const at = related[0]?.location;
      const port = endpoint.port.value;
      if (port === 'unknown') {
        const websocketPath = ctx.loadBalancers.length > 0 ? pathEndingAtRoute(endpoint, routeOf(endpoint, ctx.loadBalancers, ctx.deployment)) : undefined;
        ctx.report({ messageId: 'unknownPort', data: { why: formatUnknown(endpoint.port, 'logger_endpoint.port') }, at, note: true, ...(websocketPath ? { websocketPath } : {}) });
        continue;
      }
      if (ctx.loadBalancers.length === 0) continue;
      const route = routeOf(endpoint, ctx.loadBalancers, ctx.deployment);
      const lbs = route.selection.loadBalancers;
      if (route.onPort.length === 0 && route.unknownPort.length > 0) {
        ctx.report({ messageId: 'unknownListenerPort', data: { port, host: endpoint.hostLabel, lbs: [...new Set(route.unknownPort.map((l) => l.lbId))].join(', ') }, at, related: listenerRelated(route.unknownPort, lbs), note: true, websocketPath: pathEndingAtRoute(endpoint, route) });
        continue;
      }
      const portFix = fixOrSuggestion(endpoint, route.listeners, router);
      if (route.onPort.length === 0) {
        ctx.report({ messageId: 'noListener', data: { port, host: endpoint.hostLabel, lbs: lbs.map((lb) => lb.id).join(', ') }, at, path: endpoint.port.path, related, websocketPath: pathEndingAtRoute(endpoint, route), ...portFix });
        continue;
      }
      const carrying = route.onPort.filter((l) => l.passesUpgrade !== false);
      if (carrying.length === 0) {
        for (const listener of route.onPort) ctx.report({ messageId: 'dropsUpgrade', data: { listener: describeListener(listener, lbs), host: endpoint.hostLabel, port }, at, path: endpoint.port.path, related: [...related, ...listenerRelated([listener], lbs)], ...portFix });
        continue;
      }
      const useSsl = endpoint.useSsl.value;
      if (useSsl === 'unknown' || carrying.some((l) => clientSpeaksTls(l, router) !== !useSsl)) continue;
      for (const listener of carrying) {
        ctx.report({ messageId: 'tlsMismatch', data: { useSsl: String(useSsl), listener: describeListener(listener, lbs), speaks: useSsl ? 'speaks plain TCP/HTTP to clients' : 'expects TLS from clients' }, at: factRelated(endpoint.useSsl, '')[0]?.location ?? at, path: endpoint.useSsl.path, related: listenerRelated([listener], lbs) });
      }
    }
  },
});

/** The port to advertise when exactly one port of the LB carries WebSockets with the right TLS; else advice. */
function fixOrSuggestion(endpoint: Endpoint, listeners: Listener[], router: RouterFacts | undefined): { fix: { description: string; changes: ReturnType<typeof setPortChange>[] } } | { suggestion: string } {
  const candidate = singleCapablePort(websocketCapable(listeners, endpoint.useSsl.value, router));
  if (candidate === undefined) return { suggestion: 'Set logger_endpoint.port to the port of a listener that passes WebSockets (usually the same as doppler.port).' };
  return { fix: { description: `advertise port ${candidate.port}, where ${candidate.lbIds} forwards WebSockets`, changes: [setPortChange(endpoint, candidate.port)] } };
}
