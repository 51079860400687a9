/**
 * Which routes of a host-routing frontend a host takes. ALB listener rules are evaluated in
 * priority order, lowest first, and "the default action is performed when no rule matches"
 * (AWS elasticloadbalancing/latest/application/listener-update-rules.html). Host conditions
 * are case-insensitive and take `*` (any characters) and `?` (one character).
 */
import type { Listener, ListenerRoute } from './listener.js';

/**
 * Host names may still hold a variable, in the manifest (`doppler.((system_domain))`) or in
 * Terraform (`doppler.${var.system_domain}`); both compare by the variable's name.
 */
function normalized(name: string): string {
  return name.toLowerCase().replace(/\(\(\s*!?([\w.\-/]+)\s*\)\)/g, '{$1}').replace(/\$\{\s*var\.([\w-]+)\s*\}/g, '{$1}');
}

/** Does an ALB host pattern match a host? 'unknown' where a variable leaves it open. */
export function hostPatternMatches(pattern: string, host: string): boolean | 'unknown' {
  const p = normalized(pattern);
  const h = normalized(host);
  if (p.includes('${')) return 'unknown';
  const regex = new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  if (regex.test(h)) return true;
  const variable = /\{[\w.\-/]+\}/;
  if (!variable.test(h) && !variable.test(p)) return false;
  // A variable on either side: only the literal text before it can rule the pattern out.
  const hostPrefix = h.split('{')[0]!;
  const patternPrefix = p.split(/[*?{]/)[0]!;
  return hostPrefix.startsWith(patternPrefix) || patternPrefix.startsWith(hostPrefix) ? 'unknown' : false;
}

function routeMatches(route: ListenerRoute, host: string): boolean | 'unknown' {
  if (route.undecided) return 'unknown';
  if (!route.hosts) return true;
  const results = route.hosts.map((pattern) => hostPatternMatches(pattern, host));
  return results.includes(true) ? true : results.includes('unknown') ? 'unknown' : false;
}

/**
 * The listeners a request for `host` can reach: every listener without routes, and of each
 * routing frontend the first rule that matches (with any before it that might), else its
 * default action.
 */
export function routesForHost(listeners: readonly Listener[], host: string): Listener[] {
  const out: Listener[] = [];
  const frontends = new Map<string, Listener[]>();
  for (const l of listeners) {
    if (!l.route) out.push(l);
    else frontends.set(l.route.frontend, [...(frontends.get(l.route.frontend) ?? []), l]);
  }
  for (const routes of frontends.values()) {
    // One rule may be several listeners (a weighted forward reaches all its target groups).
    const rules = new Map<number, Listener[]>();
    for (const l of routes) if (l.route!.priority !== undefined) rules.set(l.route!.priority, [...(rules.get(l.route!.priority) ?? []), l]);
    let matched = false;
    for (const priority of [...rules.keys()].sort((a, b) => a - b)) {
      const rule = rules.get(priority)!;
      const result = routeMatches(rule[0]!.route!, host);
      if (result === false) continue;
      out.push(...rule);
      if (result === true) {
        matched = true;
        break;
      }
    }
    if (!matched) out.push(...routes.filter((l) => l.route!.priority === undefined));
  }
  return out;
}

/**
 * One listener per frontend: the routes of a host-routing frontend share its port, protocol
 * and timeouts, so questions about the connection itself (idle timeouts) ask once.
 */
export function distinctFrontends(listeners: readonly Listener[]): Listener[] {
  const seen = new Set<string>();
  return listeners.filter((l) => {
    if (!l.route) return true;
    if (seen.has(l.route.frontend)) return false;
    seen.add(l.route.frontend);
    return true;
  });
}
