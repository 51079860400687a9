import { entryOf, isMap } from '../yaml/node.js';
import { CC_JOBS } from '../model/deployment.js';
import { propertyNode } from '../model/jobs.js';
import { defineRule } from './rule.js';
import { propertyAliasRelated, propertyLocation } from './support.js';

/** Internal Loggregator ports: traffic controller and doppler listen here behind gorouter. */
const INTERNAL_PORTS = new Map([
  [8081, 'loggregator.outgoing_dropsonde_port / doppler.outgoing_port (traffic controller, internal)'],
  [8082, 'doppler.grpc_port (internal)'],
]);

/**
 * R10: `logger_endpoint.*` was removed from capi-release's specs (cf-deployment b21cdc72
 * "Remove obsolete properties"), so BOSH ignores it on capi jobs; `doppler.port` on the
 * worker and clock jobs is "superfluous" (cf-deployment a86e8e94). Advertising an internal
 * Loggregator port (8081, 8082) sends clients past the load balancer's listeners.
 */
export default defineRule({
  id: 'CFWS008',
  name: 'obsolete-logging-properties',
  description: 'Logging endpoint properties must be the ones Cloud Controller reads, on the job that reads them, with a public port.',
  // Advertising an internal port is an error; the obsolete properties are warnings and notes.
  severity: 'error',
  fixable: true,
  messages: {
    loggerEndpoint: '{job} has logger_endpoint properties, which capi-release no longer reads: the advertised port comes from doppler.port.',
    superfluousPort: 'doppler.port on {job} has no effect: only cloud_controller_ng advertises the doppler endpoint.',
    internalPort: '{property} is {port}, an internal Loggregator port ({what}); clients must be given the load balancer port.',
  },
  defaultOptions: {},
  check(ctx) {
    const d = ctx.deployment;
    if (d.kind === 'bosh-v2') {
      for (const job of d.jobs.filter((j) => CC_JOBS.includes(j.job))) {
        const label = `${job.instanceGroup}/${job.job}`;
        const logger = propertyNode(job, ['logger_endpoint']);
        if (logger) {
          ctx.report({ messageId: 'loggerEndpoint', data: { job: label }, at: propertyLocation(job, ['logger_endpoint']), related: propertyAliasRelated(job, ['logger_endpoint']), path: logger.path, severity: 'warn', fix: { description: 'capi-release ignores logger_endpoint; removing it changes nothing that is deployed', changes: [{ kind: 'remove', path: logger.path }] }, ...(job.job === 'cloud_controller_ng' && !propertyNode(job, ['doppler', 'port']) ? { suggestion: 'If its port was meant for clients, set doppler.port to it: that is what Cloud Controller advertises.' } : {}) });
        }
        const port = job.job !== 'cloud_controller_ng' ? propertyNode(job, ['doppler', 'port']) : undefined;
        if (port) {
          // Remove the whole doppler block when port is all it holds, so no empty map is left.
          const doppler = propertyNode(job, ['doppler']);
          const onlyPort = doppler && isMap(doppler.node) && doppler.node.entries.length === 1 && entryOf(doppler.node, 'port');
          const path = onlyPort ? doppler.path : port.path;
          ctx.report({ messageId: 'superfluousPort', data: { job: label }, at: propertyLocation(job, ['doppler', 'port']), related: propertyAliasRelated(job, ['doppler', 'port']), path, severity: 'info', fix: { description: `only cloud_controller_ng advertises the doppler endpoint`, changes: [{ kind: 'remove', path }] } });
        }
      }
    }
    for (const endpoint of d.endpoints) {
      const what = typeof endpoint.port.value === 'number' ? INTERNAL_PORTS.get(endpoint.port.value) : undefined;
      if (!what) continue;
      ctx.report({ messageId: 'internalPort', data: { property: endpoint.portProperty, port: endpoint.port.value as number, what }, at: endpoint.port.pos && { ...endpoint.port.pos }, path: endpoint.port.path, suggestion: 'Set it to the load balancer port that carries WebSockets (443 or 4443).' });
    }
  },
});
