import { scalar } from '../yaml/node.js';
import { defineRule } from './rule.js';
import { clientSpeaksTls, describeListener, factRelated, listenerRelated, pathMarked, routeOf } from './support.js';
import { mainRouter } from '../model/segment-routers.js';

/**
 * R3: Cloud Controller renders `ws<%= "s" if p("doppler.use_ssl") %>://doppler...`
 * (capi-release). `use_ssl: true` needs TLS on the client leg (terminated at the LB, or
 * passed through to gorouter's TLS port); `false` needs plain TCP/HTTP.
 */
export default defineRule({
  id: 'CFWS003',
  name: 'websocket-tls-matches',
  description: 'doppler.use_ssl must match whether the WebSocket listener speaks TLS to clients.',
  severity: 'error',
  fixable: true,
  messages: {
    wantsTls: '{property} is true (clients use wss://), but the {listener} speaks plain TCP/HTTP to clients.',
    wantsPlain: '{property} is false (clients use ws://), but the {listener} expects TLS from clients.',
    unknownTls: 'Cannot verify that the {listener} matches {property}: whether it speaks TLS to clients is not known.',
  },
  defaultOptions: {},
  check(ctx) {
    const router = mainRouter(ctx.deployment);
    for (const endpoint of ctx.deployment.endpoints.filter((e) => e.name === 'doppler')) {
      const useSsl = endpoint.useSsl.value;
      if (useSsl === 'unknown' || endpoint.port.value === 'unknown') continue;
      const route = routeOf(endpoint, ctx.loadBalancers, ctx.deployment);
      const carrying = route.onPort.filter((l) => l.passesUpgrade !== false);
      if (carrying.some((l) => clientSpeaksTls(l, router) === useSsl)) continue;
      const lbs = route.selection.loadBalancers;
      for (const listener of carrying) {
        const tls = clientSpeaksTls(listener, router);
        const related = [...factRelated(endpoint.useSsl, endpoint.useSsl.isDefault ? `${endpoint.useSslProperty} is not set: it defaults to true` : `${endpoint.useSslProperty} is set here`), ...listenerRelated([listener], lbs)];
        const data = { property: endpoint.useSslProperty, listener: describeListener(listener, lbs) };
        if (tls === 'unknown') {
          const websocketPath = pathMarked(ctx, endpoint, listener, { kind: 'listener', problem: 'TLS', unknown: true });
          ctx.report({ messageId: 'unknownTls', data, at: related[0]?.location, related, note: true, websocketPath });
          continue;
        }
        // TAS has no use_ssl setting (its path is empty): only the listener can change there.
        // Switching clients to plain ws:// would send log streams and their OAuth tokens
        // unencrypted: that is a judgement call, so only the move to wss:// is a fix.
        const settable = endpoint.useSsl.path.length > 0 && tls === true;
        ctx.report({
          messageId: useSsl ? 'wantsTls' : 'wantsPlain',
          data,
          at: related[0]?.location,
          ...(endpoint.useSsl.path.length > 0 ? { path: endpoint.useSsl.path } : {}),
          related,
          websocketPath: pathMarked(ctx, endpoint, listener, { kind: 'listener', problem: useSsl ? 'no TLS' : 'TLS' }),
          ...(settable
            ? { fix: { description: `the listener on port ${endpoint.port.value} ${tls ? 'terminates TLS' : 'is plain'}, so clients must use ${tls ? 'wss' : 'ws'}://`, changes: [{ kind: 'set' as const, path: endpoint.useSsl.path, value: scalar('bool', tls) }] } }
            : { suggestion: 'Terminate TLS on this listener (an SSL/TLS listener), or advertise the port of one that does; setting use_ssl: false instead would stream logs and tokens unencrypted.' }),
        });
      }
    }
  },
});
