import { scalar } from '../yaml/node.js';
import type { Listener } from '../lb/listener.js';
import { defineRule } from './rule.js';
import { describeListener, listenerLocation } from './support.js';

const HTTP_PORTS = [80, 443];

/**
 * R7: "Regardless of your IaaS and configuration, you must configure your load balancer
 * to send the X-Forwarded-For and X-Forwarded-Proto headers for non-WebSocket HTTP
 * requests on ports 80 and 443" (CF guide "Supporting WebSockets"). An L4 listener cannot
 * add headers; PROXY protocol or gorouter's forwarded-proto settings stand in for them.
 */
export default defineRule({
  id: 'CFWS005',
  name: 'forwarded-headers',
  description: 'HTTP traffic on ports 80 and 443 must reach the gorouter with X-Forwarded-For and X-Forwarded-Proto.',
  severity: 'error',
  fixable: true,
  messages: {
    missingHeaders: 'The {listener} does not add {headers}: apps and the gorouter lose the client address and scheme.',
    layer4NoProxy: 'The {listener} forwards TCP, so no X-Forwarded-For reaches the gorouter; the client address is lost unless the LB sends PROXY protocol and router.enable_proxy is true.',
    layer4Proto: 'The {listener} terminates TLS and forwards plain TCP to the gorouter, which will then set X-Forwarded-Proto: http for HTTPS requests.',
    unknownHeaders: 'Cannot verify that the {listener} adds X-Forwarded-For and X-Forwarded-Proto.',
  },
  defaultOptions: {},
  check(ctx) {
    const router = ctx.deployment.routers[0];
    const onHttpPorts = ctx.loadBalancers.flatMap((lb) => lb.listeners).filter((l) => HTTP_PORTS.some((p) => l.frontendPort === p));
    for (const listener of onHttpPorts) {
      const data = { listener: describeListener(listener, ctx.loadBalancers) };
      const at = listenerLocation(listener);
      if (listener.protocol === 'http' || listener.protocol === 'https') {
        const missing = [listener.addsXForwardedFor === false && 'X-Forwarded-For', listener.addsXForwardedProto === false && 'X-Forwarded-Proto'].filter(Boolean);
        if (missing.length > 0) ctx.report({ messageId: 'missingHeaders', data: { ...data, headers: missing.join(' and ') }, at, suggestion: 'Make the load balancer add X-Forwarded-For and X-Forwarded-Proto (HAProxy: option forwardfor; http-request set-header X-Forwarded-Proto).' });
        else if (listener.addsXForwardedFor === 'unknown' || listener.addsXForwardedProto === 'unknown') ctx.report({ messageId: 'unknownHeaders', data, at, note: true });
        continue;
      }
      if (listener.protocol === 'unknown') continue;
      checkLayer4(listener);
    }

    function checkLayer4(listener: Listener): void {
      const data = { listener: describeListener(listener, ctx.loadBalancers) };
      const at = listenerLocation(listener);
      const proxyCarriesClient = listener.proxyProtocol.sends === true && router?.enableProxy.value === true;
      if (!proxyCarriesClient && listener.proxyProtocol.sends !== 'unknown') {
        ctx.report({ messageId: 'layer4NoProxy', data, at, severity: 'warn', suggestion: 'Enable PROXY protocol on the load balancer and set router.enable_proxy: true, or use an HTTP(S) listener.' });
      }
      const forcesHttps = router?.forceForwardedProtoHttps.value;
      if (listener.terminatesTls !== true || listener.frontendPort !== 443 || !router || forcesHttps !== false) return;
      // Forcing https is only right when no plain listener reaches the gorouter at all.
      const allTls = ctx.loadBalancers.every((lb) => lb.listeners.every((l) => l.terminatesTls === true));
      const fixOrSuggestion = allTls
        ? { fix: { description: 'every request reaches the gorouter through TLS terminated at the LB, so tell it the scheme was https', changes: [{ kind: 'set' as const, path: router.forceForwardedProtoHttps.path, value: scalar('bool', true) }] } }
        : { suggestion: 'Send X-Forwarded-Proto from an HTTP(S) listener, or move plain HTTP to its own gorouter and set router.force_forwarded_proto_https: true on the TLS one.' };
      ctx.report({ messageId: 'layer4Proto', data, at, severity: 'warn', path: router.forceForwardedProtoHttps.path, ...fixOrSuggestion });
    }
  },
});
