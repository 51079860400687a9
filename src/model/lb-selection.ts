/**
 * Which load balancers answer for a host name. bosh-bootloader on GCP puts `*.<sys>` on an
 * HTTP(S) LB and `doppler.<sys>` on a TCP pool (terraform/gcp/templates/cf_dns.tf): as in
 * DNS, an exact record wins over a wildcard, and a closer wildcard over a wider one.
 */
import { hostnameMatches, type LoadBalancer } from '../lb/listener.js';

export interface LbSelection {
  loadBalancers: LoadBalancer[];
  /** Set when nothing said which LB serves the host and every LB was taken. */
  assumed?: string;
}

/**
 * Names still holding a variable, in the manifest (`doppler.((system_domain))`) or in
 * Terraform (`doppler.${var.system_domain}`), compare by the variable's name: bbl and
 * cf-deployment both call the system domain `system_domain`.
 */
function normalizedName(name: string): string {
  return name.replace(/\(\(\s*!?([\w.\-/]+)\s*\)\)/g, '{$1}').replace(/\$\{\s*var\.([\w-]+)\s*\}/g, '{$1}');
}

function isTemplated(name: string): boolean {
  return /\{[\w.\-/]+\}/.test(normalizedName(name));
}

function specificity(pattern: string, host: string): number {
  if (!hostnameMatches(pattern, host)) return -1;
  // Exact beats any wildcard; among wildcards the longer suffix is closer.
  return pattern.startsWith('*.') ? pattern.length : Number.MAX_SAFE_INTEGER;
}

/** `host` may hold a variable (`doppler.((system_domain))`); it then matches names holding the same one. */
export function loadBalancersForHost(loadBalancers: LoadBalancer[], host: string): LbSelection {
  if (loadBalancers.length <= 1) return { loadBalancers };
  const wanted = normalizedName(host);
  const scored = loadBalancers.map((lb) => ({ lb, score: Math.max(-1, ...lb.hostnames.map((h) => specificity(normalizedName(h), wanted))) }));
  if (isTemplated(host) && scored.every((s) => s.score < 0)) {
    return { loadBalancers, assumed: `${host} holds a variable that no DNS name of the load balancers shares, so every load balancer was checked` };
  }
  const best = Math.max(...scored.map((s) => s.score));
  if (best >= 0) return { loadBalancers: scored.filter((s) => s.score === best).map((s) => s.lb) };
  const unnamed = loadBalancers.filter((lb) => lb.hostnames.length === 0);
  const taken = unnamed.length > 0 ? unnamed : loadBalancers;
  return { loadBalancers: taken, assumed: `no DNS record or hostname says which load balancer serves ${host}, so ${taken.length === loadBalancers.length ? 'every load balancer was' : 'the load balancers without hostnames were'} checked` };
}

/**
 * Host names that carry only WebSockets: Loggregator's (`doppler.`, cf-release's `loggregator.`)
 * and the guide's dedicated WebSocket names (`ws.cf.example.com`; bosh-bootloader GCP's `*.ws.`).
 * "Supporting WebSockets": "Configure DNS with a new hostname, such as ws.cf.example.com".
 */
const WEBSOCKET_HOST = /^(\*\.)?(doppler|loggregator|ws)\./i;

/**
 * Does every DNS name of the LB carry only WebSockets? Its listeners are then not the
 * "non-WebSocket HTTP requests on ports 80 and 443" the forwarded-headers requirement is for.
 */
export function servesOnlyWebsocketHosts(lb: LoadBalancer): boolean {
  return lb.hostnames.length > 0 && lb.hostnames.every((h) => WEBSOCKET_HOST.test(h.trim()));
}
