/**
 * Which load balancers answer for a host name. bosh-bootloader on GCP puts `*.<sys>` on an
 * HTTP(S) LB and `doppler.<sys>` on a TCP pool (terraform/gcp/templates/cf_dns.tf): as in
 * DNS, an exact record wins over a wildcard, and a closer wildcard over a wider one.
 */
import { hostnameMatches, type LoadBalancer } from './listener.js';

export interface LbSelection {
  loadBalancers: LoadBalancer[];
  /** Set when nothing said which LB serves the host and every LB was taken. */
  assumed?: string;
}

function specificity(pattern: string, host: string): number {
  if (!hostnameMatches(pattern, host)) return -1;
  // Exact beats any wildcard; among wildcards the longer suffix is closer.
  return pattern.startsWith('*.') ? pattern.length : Number.MAX_SAFE_INTEGER;
}

export function loadBalancersForHost(loadBalancers: LoadBalancer[], host: string | 'unknown'): LbSelection {
  if (loadBalancers.length <= 1) return { loadBalancers };
  if (host === 'unknown') {
    return { loadBalancers, assumed: 'the system domain is not known (a variable?), so every load balancer was checked' };
  }
  const scored = loadBalancers.map((lb) => ({ lb, score: Math.max(-1, ...lb.hostnames.map((h) => specificity(h, host))) }));
  const best = Math.max(...scored.map((s) => s.score));
  if (best >= 0) return { loadBalancers: scored.filter((s) => s.score === best).map((s) => s.lb) };
  const unnamed = loadBalancers.filter((lb) => lb.hostnames.length === 0);
  const taken = unnamed.length > 0 ? unnamed : loadBalancers;
  return { loadBalancers: taken, assumed: `no DNS record or hostname says which load balancer serves ${host}, so ${taken.length === loadBalancers.length ? 'every load balancer was' : 'the load balancers without hostnames were'} checked` };
}
