/**
 * The listener table a person can check against their LB console (`--print-listeners`):
 * one row per listener, what it does to WebSockets and headers, and where that was read.
 */
import { escapeText } from '../util/escape.js';
import { inputReportLines, type LbInputReport } from './input-report.js';
import type { LoadBalancer, Listener, Tri } from './listener.js';

export interface ListenerRow {
  lb: string;
  kind: LoadBalancer['kind'];
  /** "443", "1024-1123", or "unknown". */
  port: string;
  protocol: Listener['protocol'];
  terminatesTls: Tri;
  passesUpgrade: Tri;
  addsXForwardedFor: Tri;
  addsXForwardedProto: Tri;
  proxyAccepts: Tri;
  proxySends: Tri;
  proxyVersion?: 1 | 2;
  idleTimeoutSeconds: number | 'unknown';
  maxConnectionSeconds?: number;
  backendPort: Listener['backend']['port'];
  backendProtocol: Listener['backend']['protocol'];
  backendTls: Tri;
  backendHttp2: Tri;
  conditional: boolean;
  /** Whether the LB's own firewall admits the port, where the input says. */
  firewallAllows?: Tri;
  hostnames?: string[];
  /** file:line of the listener. */
  source: string;
}

function at(ref: { file: string; line?: number; pointer?: string }): string {
  return ref.line !== undefined ? `${ref.file}:${ref.line}` : ref.pointer !== undefined ? `${ref.file}#${ref.pointer}` : ref.file;
}

export function listenerRows(loadBalancers: readonly LoadBalancer[]): ListenerRow[] {
  return loadBalancers.flatMap((lb) =>
    lb.listeners.map((l) => ({
      lb: lb.id,
      kind: lb.kind,
      port: l.frontendPort === 'unknown' ? 'unknown' : l.frontendPortEnd !== undefined ? `${l.frontendPort}-${l.frontendPortEnd}` : String(l.frontendPort),
      protocol: l.protocol,
      terminatesTls: l.terminatesTls,
      passesUpgrade: l.passesUpgrade,
      addsXForwardedFor: l.addsXForwardedFor,
      addsXForwardedProto: l.addsXForwardedProto,
      proxyAccepts: l.proxyProtocol.accepts,
      proxySends: l.proxyProtocol.sends,
      ...(l.proxyProtocol.version !== undefined ? { proxyVersion: l.proxyProtocol.version } : {}),
      idleTimeoutSeconds: l.idleTimeoutSeconds,
      ...(l.maxConnectionSeconds !== undefined ? { maxConnectionSeconds: l.maxConnectionSeconds } : {}),
      backendPort: l.backend.port,
      backendProtocol: l.backend.protocol,
      backendTls: l.backend.tls,
      backendHttp2: l.backend.http2,
      conditional: l.conditional === true,
      ...(l.firewallAllows !== undefined ? { firewallAllows: l.firewallAllows } : {}),
      ...(l.hostnames ? { hostnames: l.hostnames } : {}),
      source: at(l.source),
    })),
  );
}

const tri = (value: Tri): string => (value === 'unknown' ? '?' : value ? 'yes' : 'no');

function cells(row: ListenerRow): string[] {
  const sends = row.proxySends === true && row.proxyVersion ? `v${row.proxyVersion}` : tri(row.proxySends);
  const idle = row.idleTimeoutSeconds === 'unknown' ? '?' : `${row.idleTimeoutSeconds}s`;
  const backendPort = row.backendPort === 'same-as-frontend' ? 'same' : row.backendPort === 'unknown' ? '?' : String(row.backendPort);
  const backend = `${backendPort} ${row.backendProtocol === 'unknown' ? '?' : row.backendProtocol}${row.backendHttp2 === true && row.backendProtocol !== 'h2' ? ' h2' : ''}`;
  return [
    row.lb,
    `${row.port}${row.conditional ? '*' : ''}`,
    row.protocol === 'unknown' ? '?' : row.protocol,
    tri(row.terminatesTls),
    tri(row.passesUpgrade),
    tri(row.addsXForwardedFor),
    tri(row.addsXForwardedProto),
    `${tri(row.proxyAccepts)}/${sends}`,
    row.maxConnectionSeconds !== undefined ? `${idle} (max ${row.maxConnectionSeconds}s)` : idle,
    backend,
    row.firewallAllows === undefined ? '-' : tri(row.firewallAllows),
    row.source,
  ];
}

const HEADER = ['LB', 'PORT', 'PROTO', 'TLS', 'UPGRADE', 'XFF', 'XFP', 'PROXY in/out', 'IDLE', 'BACKEND', 'FIREWALL', 'SOURCE'];

/** `aws_lb_listener.https 443: rule 10 doppler.* -> 8081 (rules.tf:40)` for each routed listener. */
function routeLines(loadBalancers: readonly LoadBalancer[]): string[] {
  return loadBalancers.flatMap((lb) =>
    lb.listeners.flatMap((l) => {
      if (!l.route) return [];
      const which = l.route.priority === undefined ? 'default action' : `rule ${l.route.priority} ${l.route.hosts?.join(', ') ?? 'any host'}${l.route.undecided ? ` (undecided: ${l.route.undecided})` : ''}`;
      const why = l.evidence.find((e) => e.field === 'backend.port')?.note;
      const backend = l.backend.port === 'unknown' ? (why ?? 'no backend known') : String(l.backend.port);
      return [escapeText(`  ${l.route.frontend} ${String(l.frontendPort)}: ${which} -> ${backend}  (${at(l.source)})`)];
    }),
  );
}

/**
 * An aligned plain-text table, then each LB's DNS names with where they were read, the routes
 * of frontends that route by host, and (given the input reports) what each input contributed.
 */
export function listenerTableText(loadBalancers: readonly LoadBalancer[], inputs: readonly LbInputReport[] = []): string {
  const rows = listenerRows(loadBalancers).map((row) => cells(row).map(escapeText));
  const widths = HEADER.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  const out = [line(HEADER), ...rows.map(line)];
  if (listenerRows(loadBalancers).some((r) => r.conditional)) out.push('', '* exists only under a condition (Terraform count/for_each, CloudFormation Condition, HAProxy .if)');
  if (listenerRows(loadBalancers).some((r) => r.firewallAllows !== undefined)) out.push('', 'FIREWALL: does the LB security group admit the port (- where the input has none)');
  const named = loadBalancers.filter((lb) => lb.hostnames.length > 0);
  if (named.length > 0) {
    out.push('', 'DNS names:');
    for (const lb of named) {
      const where = lb.hostnameEvidence?.map((e) => at(e.source)).join(', ');
      out.push(escapeText(`  ${lb.id}: ${lb.hostnames.join(', ')}${where ? `  (${where})` : ''}`));
    }
  }
  const routes = routeLines(loadBalancers);
  if (routes.length > 0) out.push('', 'Routes by host (first matching rule, else the default action):', ...routes);
  if (inputs.length > 0) out.push('', ...inputReportLines(inputs));
  return `${out.join('\n')}\n`;
}

/** The same table as JSON: rows, and each LB's DNS names. */
export function listenerTableJson(loadBalancers: readonly LoadBalancer[]): string {
  const hostnames = Object.fromEntries(loadBalancers.map((lb) => [lb.id, lb.hostnames]));
  return `${JSON.stringify({ listeners: listenerRows(loadBalancers), hostnames }, null, 2)}\n`;
}
