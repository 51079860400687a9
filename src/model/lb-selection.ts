/**
 * Which load balancers answer for a host name. bosh-bootloader on GCP puts `*.<sys>` on an
 * HTTP(S) LB and `doppler.<sys>` on a TCP pool (terraform/gcp/templates/cf_dns.tf): as in
 * DNS, an exact record wins over a wildcard, and a closer wildcard over a wider one.
 */
import { InputError } from '../util/errors.js';
import { hostnameMatches, type Listener, type LoadBalancer } from '../lb/listener.js';

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

/** What the selection may know beyond DNS: the advertised port, and which LBs front a WebSocket backend. */
export interface SelectionHints {
  port?: number | 'unknown';
  /** Instance groups running gorouter, HAProxy or the traffic controller (where doppler.<sys> can land). */
  websocketGroups?: ReadonlySet<string>;
}

/** Ports a client of `wss://doppler.<sys>` can use: the advertised one, and the web ports an operator may move it to. */
const WEB_PORTS = [80, 443, 4443];

/**
 * Why an LB cannot be the one a doppler client reaches, or undefined when it can: a TCP-routing
 * LB (port ranges only; bbl's `tcp.` name), an SSH LB (`ssh.`), an LB with no web port, or one a
 * cloud config sends to instance groups running nothing that serves WebSockets.
 */
function unreachableBecause(lb: LoadBalancer, hints: SelectionHints): string | undefined {
  if (lb.hostnames.length > 0 && lb.hostnames.every((h) => /^(tcp|ssh)\./i.test(h.trim()))) return `its DNS names are ${lb.hostnames.join(', ')}`;
  const single = lb.listeners.filter((l) => l.frontendPortEnd === undefined && typeof l.frontendPort === 'number');
  if (lb.listeners.length > 0 && single.length === 0) return 'it has only port ranges (TCP routing)';
  const wanted = [...WEB_PORTS, ...(typeof hints.port === 'number' ? [hints.port] : [])];
  if (single.length > 0 && !single.some((l) => wanted.includes(l.frontendPort as number))) return `it listens on no web port (${[...new Set(single.map((l) => l.frontendPort))].join(', ')})`;
  if (lb.instanceGroups && hints.websocketGroups && !lb.instanceGroups.some((g) => hints.websocketGroups!.has(g))) return `the cloud config sends it to ${lb.instanceGroups.join(', ') || 'no instance group'}, which run no gorouter, HAProxy or traffic controller`;
  return undefined;
}

/**
 * Of the listeners, those that answer for `host` on their port. A listener that names hosts
 * (nginx `server_name`) gets only requests for them: nginx picks "the exact name", then the
 * longest wildcard, and else the port's default server (ngx_http_core_module, server_name).
 * So on each port the best-matching named listeners win; when none matches, the unnamed ones
 * (nginx's `server_name _` catch-all); when every listener there is named and none matches,
 * which one is the default is not in the model, and all of them are kept.
 */
export function listenersForHost(listeners: Listener[], host: string): Listener[] {
  const wanted = normalizedName(host);
  const score = (l: Listener) => Math.max(-1, ...(l.hostnames ?? []).map((h) => specificity(normalizedName(h), wanted)));
  const ports = [...new Set(listeners.map((l) => l.frontendPort))];
  const answering = new Set(
    ports.flatMap((port) => {
      const here = listeners.filter((l) => l.frontendPort === port);
      const named = here.filter((l) => (l.hostnames ?? []).length > 0);
      if (named.length === 0) return here;
      const best = Math.max(...named.map(score));
      if (best >= 0) return named.filter((l) => score(l) === best);
      const unnamed = here.filter((l) => !named.includes(l));
      return unnamed.length > 0 ? unnamed : here;
    }),
  );
  return listeners.filter((l) => answering.has(l));
}

/** A DNS name with a part the LB reader could not work out: `*.${element(split(".", var.system_domain), 0)}`. */
function isUnresolved(name: string): boolean {
  return normalizedName(name).includes('${');
}

/**
 * LBs named by a DNS record that could not be evaluated may serve any host, so they stay
 * candidates beside the LBs the resolved names choose; the note says which record and why.
 */
function withUnresolved(chosen: LoadBalancer[], all: LoadBalancer[], host: string, assumed?: string): LbSelection {
  const extra = all.filter((lb) => !chosen.includes(lb) && lb.hostnames.some(isUnresolved));
  if (extra.length === 0) return { loadBalancers: chosen, ...(assumed ? { assumed } : {}) };
  const records = extra.flatMap((lb) =>
    lb.hostnames.filter(isUnresolved).map((name) => {
      const e = lb.hostnameEvidence?.find((x) => x.value === name);
      return `${name}${e ? ` (${e.source.file}:${e.source.line ?? '?'})` : ''} on ${lb.id}`;
    }),
  );
  const note = `the DNS name ${records.join(', ')} could not be evaluated, so ${extra.map((lb) => lb.id).join(', ')} was assumed to serve ${host} too`;
  return { loadBalancers: [...chosen, ...extra], assumed: assumed ? `${assumed}; ${note}` : note };
}

/** `host` may hold a variable (`doppler.((system_domain))`); it then matches names holding the same one. */
export function loadBalancersForHost(loadBalancers: LoadBalancer[], host: string, hints: SelectionHints = {}): LbSelection {
  if (loadBalancers.length <= 1) return { loadBalancers };
  const wanted = normalizedName(host);
  const scored = loadBalancers.map((lb) => ({ lb, score: Math.max(-1, ...lb.hostnames.map((h) => specificity(normalizedName(h), wanted))) }));
  const best = Math.max(...scored.map((s) => s.score));
  if (best >= 0) return withUnresolved(scored.filter((s) => s.score === best).map((s) => s.lb), loadBalancers, host);
  // Nothing says which LB serves the host: take the ones a client of it can reach.
  const why = isTemplated(host) ? `${host} holds a variable that no DNS name of the load balancers shares` : `no DNS record or hostname says which load balancer serves ${host}`;
  const unnamed = loadBalancers.filter((lb) => lb.hostnames.length === 0);
  const pool = unnamed.length > 0 ? unnamed : loadBalancers;
  const left = pool.map((lb) => ({ lb, because: unreachableBecause(lb, hints) }));
  const reachable = left.filter((l) => l.because === undefined).map((l) => l.lb);
  const taken = reachable.length > 0 ? reachable : pool;
  const leftOut = reachable.length > 0 ? left.filter((l) => l.because !== undefined) : [];
  const which = taken.length === loadBalancers.length ? 'every load balancer was checked' : `${taken.map((lb) => lb.id).join(', ')} ${taken.length === 1 ? 'was' : 'were'} checked`;
  const skipped = leftOut.length > 0 ? ` (not ${leftOut.map((l) => `${l.lb.id}: ${l.because}`).join('; ')})` : '';
  const how = `; to say which, pass the DNS file (bosh-bootloader's cf_dns.tf), give hostnames: in a neutral LB file, or use --lb-host LB=${host}`;
  return withUnresolved(taken, loadBalancers, host, `${why}, so ${which}${skipped}${how}`);
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

/**
 * `--lb-host LB=HOST`: the operator says which LB serves a host, where no DNS file is given.
 * An LB name that is not among the load balancers read is an input error.
 */
export function withHostnames(lbs: LoadBalancer[], pairs: readonly string[]): LoadBalancer[] {
  const wanted = new Map<string, string[]>();
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    const [name, host] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
    if (at <= 0 || host === '') throw new InputError(`--lb-host '${pair}': expected LB=HOST, for example aws_elb.cf_router_lb=doppler.sys.example.com`);
    if (!lbs.some((lb) => lb.id === name)) throw new InputError(`--lb-host '${pair}': no load balancer named '${name}' (known: ${lbs.map((lb) => lb.id).join(', ') || 'none'})`);
    wanted.set(name, [...(wanted.get(name) ?? []), host]);
  }
  return lbs.map((lb) => {
    const hosts = wanted.get(lb.id);
    if (!hosts) return lb;
    const evidence = hosts.map((h) => ({ field: 'hostnames', value: h, source: lb.source, note: `--lb-host ${lb.id}=${h}` }));
    return { ...lb, hostnames: [...lb.hostnames, ...hosts], hostnameEvidence: [...(lb.hostnameEvidence ?? []), ...evidence] };
  });
}

/**
 * `name` below `domain` (`ws.sys.example.com` below `sys.example.com`), both as written: a
 * variable matches the same variable in either syntax. Returns the labels in front, or undefined.
 */
export function labelsBelow(name: string, domain: string): string | undefined {
  const n = normalizedName(name).toLowerCase().replace(/\.$/, '');
  const d = normalizedName(domain).toLowerCase().replace(/\.$/, '');
  return n.endsWith(`.${d}`) && n.length > d.length + 1 ? n.slice(0, n.length - d.length - 1) : undefined;
}

/** The same DNS name, as written in either syntax (`((system_domain))` and `${var.system_domain}`). */
export function sameName(a: string, b: string): boolean {
  return normalizedName(a).toLowerCase().replace(/\.$/, '') === normalizedName(b).toLowerCase().replace(/\.$/, '');
}

/** Does a DNS name of this load balancer answer for `host` (either may hold a variable)? */
export function answersFor(lb: LoadBalancer, host: string): boolean {
  const wanted = normalizedName(host);
  return lb.hostnames.some((h) => specificity(normalizedName(h), wanted) >= 0);
}
