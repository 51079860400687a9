/**
 * Which ports the jobs of a deployment listen on, so an LB backend port can be told apart
 * from a port nothing serves. Known jobs from their specs; other jobs from the ports their
 * properties set (a job "listens on" a `*port` property it is given), never from guesses.
 */
import { get, isMap, isSeq, type SourcePos, type YNode } from '../yaml/node.js';
import type { Deployment } from './deployment.js';
import { asBoolean, asNumber } from './fact.js';
import { numberProperty, propertyNode, type JobInstance } from './jobs.js';

export interface ServedPort {
  port: number;
  /** Does the job expect TLS there? 'unknown' where the spec does not say. */
  tls: boolean | 'unknown';
  instanceGroup: string;
  /** `loggregator_trafficcontroller (loggregator.outgoing_dropsonde_port)` */
  what: string;
  pos?: SourcePos;
}

/** Jobs whose ports are not a `*port` property of their own, or which the LB cannot reach. */
const ADVERTISED_ONLY = new Set(['doppler', 'logger_endpoint']);
/** `port`, `tls_port`, `outgoing_dropsonde_port`: a key that names a port. */
const PORT_KEY = /(^|_)port$/;
/** Keys under which a port is a client's (where to connect), not a listener's. */
const CLIENT_SIDE = /backend|link|endpoint|database|^db$|_db$|client|upstream|url|uaa|cc$|^cc_|bbs|locket|nats|credhub|syslog|statsd|metron|loggr|forwarder|agent/i;

function served(job: JobInstance, port: number | 'unknown', tls: boolean | 'unknown', what: string, pos?: SourcePos): ServedPort[] {
  return typeof port === 'number' ? [{ port, tls, instanceGroup: job.instanceGroup, what: `${job.job} (${what})`, ...(pos ? { pos } : {}) }] : [];
}

function gorouterPorts(job: JobInstance): ServedPort[] {
  // routing-release jobs/gorouter/spec: router.port 80 unless disable_http; tls_port 443 with enable_ssl.
  const found: ServedPort[] = [];
  if (asBoolean(propertyNode(job, ['router', 'disable_http'])?.node) !== true) found.push(...served(job, numberProperty(job, ['router', 'port'], 80).value, false, 'router.port'));
  if (asBoolean(propertyNode(job, ['router', 'enable_ssl'])?.node) !== false && propertyNode(job, ['router', 'enable_ssl'])) found.push(...served(job, numberProperty(job, ['router', 'tls_port'], 443).value, true, 'router.tls_port'));
  return found;
}

function trafficControllerPorts(job: JobInstance, v1: boolean): ServedPort[] {
  // loggregator-release jobs/loggregator_trafficcontroller/spec: outgoing_dropsonde_port 8081 (the
  // doppler WebSocket endpoint); the 2015 spec (cf-release era) also had traffic_controller.outgoing_port
  // 8080 for the legacy loggregator endpoint.
  const found = served(job, numberProperty(job, ['loggregator', 'outgoing_dropsonde_port'], 8081).value, 'unknown', 'loggregator.outgoing_dropsonde_port');
  if (v1 || job.release === 'cf' || propertyNode(job, ['traffic_controller', 'outgoing_port'])) found.push(...served(job, numberProperty(job, ['traffic_controller', 'outgoing_port'], 8080).value, false, 'traffic_controller.outgoing_port'));
  return found;
}

/** route_registrar `routes[]`: the port (plain) or tls_port each route's backend listens on, on this VM. */
function routeRegistrarPorts(job: JobInstance): ServedPort[] {
  const routes = propertyNode(job, ['route_registrar', 'routes'])?.node;
  if (!isSeq(routes)) return [];
  return routes.items.filter(isMap).flatMap((route) => {
    const name = get(route, 'name');
    const label = `route_registrar route ${name?.kind === 'scalar' ? String(name.value) : ''}`.trim();
    return [...served(job, asNumber(get(route, 'port')) ?? 'unknown', false, `${label} port`, get(route, 'port')?.pos), ...served(job, asNumber(get(route, 'tls_port')) ?? 'unknown', true, `${label} tls_port`, get(route, 'tls_port')?.pos)];
  });
}

/** cf-release's haproxy in any manifest: http-in :80, and with ssl_pem https-in :443 and ssl-in :4443. */
function cfReleaseHaproxyPorts(job: JobInstance): ServedPort[] {
  const tls = propertyNode(job, ['ha_proxy', 'ssl_pem']) !== undefined;
  return [...served(job, 80, false, 'http-in'), ...(tls ? [...served(job, 443, true, 'https-in'), ...served(job, 4443, true, 'ssl-in')] : [])];
}

/** Every `*port` integer a job is given, outside client-side settings. */
function propertyPorts(job: JobInstance): ServedPort[] {
  const found: ServedPort[] = [];
  const walk = (node: YNode, trail: string[]): void => {
    if (!isMap(node)) return;
    for (const entry of node.entries) {
      const key = String(entry.key.value);
      if (trail.length === 0 && ADVERTISED_ONLY.has(key)) continue;
      if (CLIENT_SIDE.test(key)) continue;
      const isPort = PORT_KEY.test(key);
      // Most values are scalars that are no port: nothing to record or walk into.
      if (!isPort && !isMap(entry.value)) continue;
      const path = [...trail, key];
      if (isPort) found.push(...served(job, asNumber(entry.value) ?? 'unknown', 'unknown', path.join('.'), entry.value.pos));
      walk(entry.value, path);
    }
  };
  // Only a job's own properties: global and instance-group ones are every job's, so they say
  // nothing about which job listens.
  const own = job.sources[0];
  if (own && own.path.includes('jobs')) walk(own.props, []);
  return found;
}

/** The ports the deployed jobs of the deployment listen on. */
export function servedPorts(deployment: Deployment): ServedPort[] {
  const v1 = deployment.kind === 'cf-release-v1';
  return deployment.jobs
    .filter((job) => job.deployed)
    .flatMap((job) => {
      switch (job.job) {
        case 'gorouter':
          return gorouterPorts(job);
        case 'loggregator_trafficcontroller':
          return [...trafficControllerPorts(job, v1), ...propertyPorts(job)];
        case 'route_registrar':
          return routeRegistrarPorts(job);
        case 'haproxy':
          return job.release === 'cf' || v1 ? cfReleaseHaproxyPorts(job) : propertyPorts(job);
        default:
          return propertyPorts(job);
      }
    });
}
