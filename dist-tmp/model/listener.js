/**
 * The load-balancer model every LB reader produces and every rule reads. It does not know
 * which format it was read from: a listener from a Terraform file, a rendered haproxy.cfg,
 * the in-manifest haproxy job or the neutral YAML looks the same to a rule.
 *
 * Facts a reader cannot establish are `'unknown'`, never a guess: rules turn unknowns into
 * "cannot verify" notes, not errors (reference: shared/reference/lb-formats.md §5).
 */
/** Does a listener cover this port (single port or range)? */
export function listenerCoversPort(listener, port) {
    if (listener.frontendPort === 'unknown')
        return false;
    const end = listener.frontendPortEnd ?? listener.frontendPort;
    return port >= listener.frontendPort && port <= end;
}
/** Does a DNS name (possibly a `*.` wildcard) cover a host name? */
export function hostnameMatches(pattern, host) {
    const p = pattern.toLowerCase().replace(/\.$/, '');
    const h = host.toLowerCase().replace(/\.$/, '');
    if (p === h)
        return true;
    if (!p.startsWith('*.'))
        return false;
    // A DNS wildcard (RFC 4592) answers for any name below it that has no record of its own.
    const suffix = p.slice(1);
    return h.endsWith(suffix) && h.length > suffix.length;
}
