import { defineRule } from './rule.js';
import { propertyIsSet, propertyIsTrue, propertyLocation } from './support.js';

/**
 * R5: haproxy-boshrelease renders `frontend wss-in` on :4443 only with ha_proxy.enable_4443,
 * and aborts "if enable_4443 is true, you must provide a valid SSL config via ssl_pem or
 * crt_list" (haproxy.config.erb). An advertised 4443 that HAProxy does not serve is
 * websocket-port-has-listener's finding, with one fix (advertise the port HAProxy serves);
 * enabling wss-in is its suggestion.
 */
export default defineRule({
  id: 'CFWS011',
  name: 'haproxy-4443-needs-tls',
  description: 'HAProxy renders its 4443 WebSocket frontend only with ssl_pem or crt_list: enable_4443 alone aborts the deploy.',
  severity: 'error',
  fixable: false,
  messages: {
    noTls: 'ha_proxy.enable_4443 is true but neither ssl_pem nor crt_list is set: the haproxy job template aborts ("you must provide a valid SSL config").',
  },
  defaultOptions: {},
  check(ctx) {
    if (ctx.deployment.kind !== 'bosh-v2') return;
    for (const job of ctx.deployment.haproxies) {
      const tls = propertyIsSet(job, ['ha_proxy', 'ssl_pem']) || propertyIsSet(job, ['ha_proxy', 'crt_list']);
      if (propertyIsTrue(job, ['ha_proxy', 'enable_4443']) && !tls) {
        ctx.report({ messageId: 'noTls', at: propertyLocation(job, ['ha_proxy', 'enable_4443']), suggestion: 'Set ha_proxy.ssl_pem (or crt_list), or remove enable_4443 and advertise 443.' });
      }
    }
  },
});
