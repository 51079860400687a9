import { defineRule } from './rule.js';
import { describeListener, factRelated, listenerLocation, listenerRelated, pathMarked, routeOf, setPortChange, singleCapablePort, websocketCapable } from './support.js';

/**
 * R2: the listener on the advertised port must pass the `Upgrade` header to the gorouter
 * or forward TCP. An AWS classic ELB cannot pass it on HTTP/HTTPS listeners (CF guide
 * "Supporting WebSockets"), which is why cf-deployment's operations/aws.yml moves
 * doppler.port to the ELB's SSL listener on 4443.
 */
export default defineRule({
  id: 'CFWS002',
  name: 'listener-passes-websockets',
  description: 'The listener on the advertised WebSocket port must pass the Upgrade header (or forward TCP) to the gorouter.',
  severity: 'error',
  fixable: true,
  messages: {
    dropsUpgrade: 'The {listener} does not pass the WebSocket Upgrade header to the gorouter, but Cloud Controller advertises wss://{host}:{port}.',
    unknownUpgrade: 'Cannot verify that the {listener} passes WebSocket upgrades.',
  },
  defaultOptions: {},
  check(ctx) {
    const router = ctx.deployment.routers[0];
    for (const endpoint of ctx.deployment.endpoints.filter((e) => e.name === 'doppler')) {
      const port = endpoint.port.value;
      if (port === 'unknown') continue;
      const route = routeOf(endpoint, ctx.loadBalancers);
      if (route.onPort.some((l) => l.passesUpgrade === true)) continue;
      const lbs = route.selection.loadBalancers;
      for (const listener of route.onPort) {
        const related = [
          ...factRelated(endpoint.port, endpoint.port.isDefault ? `${endpoint.portProperty} is not set, so Cloud Controller advertises 443` : `${endpoint.portProperty} is set here`),
          ...listenerRelated(route.onPort.filter((l) => l !== listener), lbs),
        ];
        const data = { listener: describeListener(listener, lbs), host: endpoint.hostLabel, port };
        if (listener.passesUpgrade === 'unknown') {
          const websocketPath = pathMarked(ctx, endpoint, listener, { kind: 'listener', problem: 'Upgrade', unknown: true });
          ctx.report({ messageId: 'unknownUpgrade', data, at: listenerLocation(listener), related, note: true, websocketPath });
          continue;
        }
        const candidate = singleCapablePort(websocketCapable(route.listeners, endpoint.useSsl.value, router));
        ctx.report({
          messageId: 'dropsUpgrade',
          data,
          at: listenerLocation(listener),
          path: endpoint.port.path,
          related,
          websocketPath: pathMarked(ctx, endpoint, listener, { kind: 'listener', problem: 'Upgrade' }),
          ...(candidate !== undefined
            ? { fix: { description: `advertise port ${candidate.port}, where ${candidate.lbIds} forwards WebSockets`, changes: [setPortChange(endpoint, candidate.port)] } }
            : { suggestion: `Give the load balancer a TCP/SSL listener (e.g. 4443 -> gorouter 80) and set ${endpoint.portProperty} to its port.` }),
        });
      }
    }
  },
});
