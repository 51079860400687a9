import type { LbKind } from '../lb/listener.js';
import { defineRule } from './rule.js';
import { describeListener, factRelated, listenerLocation, listenerRelated, pathMarked, routeOf, setPortChange, singleCapablePort, websocketCapable } from './support.js';
import { mainRouter } from '../model/segment-routers.js';

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
    const router = mainRouter(ctx.deployment);
    for (const endpoint of ctx.deployment.endpoints.filter((e) => e.name === 'doppler')) {
      const port = endpoint.port.value;
      if (port === 'unknown') continue;
      const route = routeOf(endpoint, ctx.loadBalancers, ctx.deployment);
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
        const kind = lbs.find((lb) => lb.id === listener.lbId)?.kind ?? 'other';
        const changeLb = upgradeSuggestion(kind, endpoint.portProperty);
        ctx.report({
          messageId: 'dropsUpgrade',
          data,
          at: listenerLocation(listener),
          path: endpoint.port.path,
          related,
          websocketPath: pathMarked(ctx, endpoint, listener, { kind: 'listener', problem: 'Upgrade' }),
          ...(candidate !== undefined
            ? { fix: { description: `advertise port ${candidate.port}, where ${candidate.lbIds} forwards WebSockets`, changes: [setPortChange(endpoint, candidate.port)] }, suggestion: `Instead of the fix: ${changeLb}` }
            : { suggestion: changeLb }),
        });
      }
    }
  },
});

/** What makes this kind of load balancer pass the Upgrade, in its own terms. */
function upgradeSuggestion(kind: LbKind, portProperty: string): string {
  switch (kind) {
    case 'nginx':
      // nginx.org/en/docs/http/websocket.html: Upgrade is hop-by-hop, so it must be set explicitly;
      // HTTP/1.1 upstream is the default only since 1.29.7.
      return 'In the location that proxies to the gorouter, add proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection "upgrade"; (nginx.org, WebSocket proxying).';
    case 'aws-elb-classic':
      // docs-cf-admin supporting-websockets: forward TCP on a non-standard port (bosh-bootloader: SSL 4443 -> TCP 80).
      return `Add an SSL listener (bosh-bootloader: lb_port 4443, lb_protocol ssl, instance_port 80, instance_protocol tcp) and set ${portProperty} to its port, or move to an ALB, whose HTTPS listeners pass WebSockets.`;
    case 'haproxy':
      return 'Remove the rule that drops the Upgrade (http-request deny/reject on it), or serve WebSockets from a mode tcp frontend.';
    case 'f5':
      return 'Attach a WebSocket profile to the virtual server, or forward TCP (a FastL4 virtual server) to the gorouter.';
    default:
      return `Let the listener pass the Upgrade and Connection headers (for NSX-T, an HTTP application profile passes them by default), or forward TCP to the gorouter and set ${portProperty} to that port.`;
  }
}
