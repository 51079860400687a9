import { defineRule } from './rule.js';
import { factRelated, formatUnknown, listenerRelated, pathEndingAtRoute, routeOf, setPortChange, singleCapablePort, websocketCapable } from './support.js';
import { mainRouter } from '../model/segment-routers.js';

/**
 * R1 (shared/reference/cf-domain.md): Cloud Controller advertises
 * `wss://doppler.<system_domain>:<doppler.port>` (capi-release cloud_controller_ng.yml.erb);
 * the load balancer that answers for that host must listen on that port.
 */
export default defineRule({
  id: 'CFWS001',
  name: 'websocket-port-has-listener',
  description: 'The advertised doppler WebSocket port must have a listener on the load balancer that serves doppler.<system_domain>.',
  severity: 'error',
  fixable: true,
  messages: {
    noListener: 'No listener on port {port} of {lbs} for wss://{host}:{port}: Firehose nozzles and the cf CLI v6 (`cf logs`) cannot connect.',
    unknownPort: 'Cannot verify the WebSocket listener: {why}.',
    noLoadBalancer: 'Cannot verify the WebSocket path to {host}:{port}: no load balancer was given (use --lb FILE).',
    assumed: 'Assumed which load balancer serves {host}: {why}.',
    unknownListenerPort: 'Cannot verify a listener on port {port} for wss://{host}:{port}: {lbs} has a listener whose port is not known.',
  },
  defaultOptions: {},
  check(ctx) {
    const router = mainRouter(ctx.deployment);
    for (const endpoint of ctx.deployment.endpoints.filter((e) => e.name === 'doppler')) {
      const related = factRelated(endpoint.port, endpoint.port.isDefault ? `${endpoint.portProperty} is not set: Cloud Controller advertises 443` : `${endpoint.portProperty} is set here`);
      const at = related[0]?.location;
      const port = endpoint.port.value;
      if (port === 'unknown') {
        // With load balancers, the path is drawn up to them: which listener the client reaches is the unknown.
        const websocketPath = ctx.loadBalancers.length > 0 ? pathEndingAtRoute(endpoint, routeOf(endpoint, ctx.loadBalancers, ctx.deployment)) : undefined;
        ctx.report({ messageId: 'unknownPort', data: { why: formatUnknown(endpoint.port, endpoint.portProperty) }, at, path: endpoint.port.path, note: true, ...(websocketPath ? { websocketPath } : {}) });
        continue;
      }
      if (ctx.loadBalancers.length === 0) {
        ctx.report({ messageId: 'noLoadBalancer', data: { host: endpoint.hostLabel, port }, at, note: true });
        continue;
      }
      const route = routeOf(endpoint, ctx.loadBalancers, ctx.deployment);
      if (route.selection.assumed) ctx.report({ messageId: 'assumed', data: { host: endpoint.hostLabel, why: route.selection.assumed }, at, note: true });
      if (route.onPort.length > 0) continue;
      if (route.unknownPort.length > 0) {
        ctx.report({ messageId: 'unknownListenerPort', data: { port, host: endpoint.hostLabel, lbs: [...new Set(route.unknownPort.map((l) => l.lbId))].join(', ') }, at, related: [...related, ...listenerRelated(route.unknownPort, route.selection.loadBalancers)], note: true, websocketPath: pathEndingAtRoute(endpoint, route) });
        continue;
      }
      const lbs = route.selection.loadBalancers.map((lb) => lb.id).join(', ');
      const candidate = singleCapablePort(websocketCapable(route.listeners, endpoint.useSsl.value, router));
      // The other way to solve it, changing the load balancer, is a suggestion beside the fix.
      const haproxyEntry = route.selection.loadBalancers.some((lb) => ctx.deployment.haproxies.some((job) => lb.source.object === `${job.instanceGroup}/${job.job}`));
      const changeLb = haproxyEntry && port === 4443
        ? 'Instead of the fix, HAProxy\'s wss-in frontend could serve 4443: ha_proxy.enable_4443: true (it needs ssl_pem or crt_list).'
        : `Instead of the fix, a listener on port ${port} that passes WebSockets to the gorouter would do.`;
      ctx.report({
        messageId: 'noListener',
        data: { port, lbs, host: endpoint.hostLabel },
        at,
        path: endpoint.port.path,
        related,
        websocketPath: pathEndingAtRoute(endpoint, route),
        ...(candidate !== undefined
          ? { fix: { description: `advertise port ${candidate.port}, the listener of ${candidate.lbIds} that carries WebSockets`, changes: [setPortChange(endpoint, candidate.port)] }, suggestion: changeLb }
          : { suggestion: `Add a listener on port ${port} that passes WebSockets to the gorouter, or set ${endpoint.portProperty} to the port of one that does.` }),
      });
    }
  },
});
