import { scalar } from '../yaml/node.js';
import { defineRule } from './rule.js';
import { propertyIsSet, propertyIsTrue, propertyLocation } from './support.js';

/**
 * R5: haproxy-boshrelease renders `frontend wss-in` on :4443 only with ha_proxy.enable_4443,
 * and aborts "if enable_4443 is true, you must provide a valid SSL config via ssl_pem or
 * crt_list" (haproxy.config.erb); an `ha_proxy.tcp[]` entry on 4443 serves it too.
 */
export default defineRule({
  id: 'CFWS011',
  name: 'haproxy-4443-needs-tls',
  description: 'HAProxy serves WebSockets on 4443 only with enable_4443 and ssl_pem or crt_list (or a tcp entry on 4443).',
  severity: 'error',
  fixable: true,
  messages: {
    noTls: 'ha_proxy.enable_4443 is true but neither ssl_pem nor crt_list is set: the haproxy job template aborts ("you must provide a valid SSL config").',
    notEnabled: 'Cloud Controller advertises port 4443, but the manifest HAProxy ({job}) does not listen there: ha_proxy.enable_4443 is off.',
    notEnabledNoTls: 'Cloud Controller advertises port 4443, but the manifest HAProxy ({job}) does not listen there: it needs ha_proxy.enable_4443 and ssl_pem or crt_list.',
  },
  defaultOptions: {},
  check(ctx) {
    const d = ctx.deployment;
    if (d.kind !== 'bosh-v2') return;
    const advertises4443 = d.endpoints.some((e) => e.port.value === 4443);
    const haproxyIsEntry = ctx.backendLoadBalancers.length === 0;
    for (const job of d.haproxies) {
      const tls = propertyIsSet(job, ['ha_proxy', 'ssl_pem']) || propertyIsSet(job, ['ha_proxy', 'crt_list']);
      const enabled = propertyIsTrue(job, ['ha_proxy', 'enable_4443']);
      if (enabled && !tls) {
        ctx.report({ messageId: 'noTls', at: propertyLocation(job, ['ha_proxy', 'enable_4443']) });
        continue;
      }
      const tcpOn4443 = ctx.loadBalancers.concat(ctx.backendLoadBalancers).some((lb) => lb.source.object?.startsWith(`${job.instanceGroup}/`) && lb.listeners.some((l) => l.frontendPort === 4443));
      if (!advertises4443 || !haproxyIsEntry || enabled || tcpOn4443) continue;
      const label = `${job.instanceGroup}/${job.job}`;
      const path = [...job.defaultPath, 'ha_proxy', 'enable_4443'];
      ctx.report(
        tls
          ? { messageId: 'notEnabled', data: { job: label }, at: propertyLocation(job, ['ha_proxy']), path, fix: { description: 'render the wss-in frontend on :4443 with the TLS config already given', changes: [{ kind: 'set', path, value: scalar('bool', true) }] } }
          : { messageId: 'notEnabledNoTls', data: { job: label }, at: propertyLocation(job, ['ha_proxy']), path, suggestion: 'Set ha_proxy.enable_4443: true and ha_proxy.ssl_pem, or advertise 443.' },
      );
    }
  },
});
