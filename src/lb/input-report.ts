/**
 * What each `--lb` input contributed: the load balancers it yielded, what was read to find
 * them, and what was not understood. An input that yields no load balancer is an error, not
 * a silent pass: the rules would otherwise say "no load balancer was given" and exit 0.
 */
import { escapeText } from '../util/escape.js';
import { InputError } from '../util/errors.js';
import type { LoadBalancer } from './listener.js';

export interface LbInputReport {
  /** The paths as given (several for one Terraform configuration). */
  inputs: string[];
  format: string;
  /** What was read, as counts: "2 modules", "14 resources". */
  read: string[];
  /** Resource types or sections that look like LB configuration but are not mapped. */
  notUnderstood: string[];
  notes: string[];
  loadBalancers: LoadBalancer[];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** `FILE: no load balancer found (read: 3 modules, 12 resources; not understood: …; …)` */
export function noLoadBalancerFound(report: LbInputReport): InputError {
  const parts = [`read${report.read.length > 0 ? `: ${report.read.join(', ')}` : ` as ${report.format}`}`];
  if (report.notUnderstood.length > 0) parts.push(`not understood: ${report.notUnderstood.join(', ')}`);
  parts.push(...report.notes);
  return new InputError(`no load balancer found (${parts.join('; ')})`, { file: report.inputs.join(', ') });
}

/** Throws when an input yielded no load balancer. */
export function requireLoadBalancers(report: LbInputReport): LbInputReport {
  if (report.loadBalancers.length === 0) throw noLoadBalancerFound(report);
  return report;
}

/** Per file: the LBs, listeners and DNS names whose evidence points into it. */
function contributionsByFile(lbs: readonly LoadBalancer[]): Map<string, { lbs: Set<string>; listeners: number; unknownPorts: number; dnsNames: number }> {
  const byFile = new Map<string, { lbs: Set<string>; listeners: number; unknownPorts: number; dnsNames: number }>();
  const entry = (file: string) => {
    let e = byFile.get(file);
    if (!e) byFile.set(file, (e = { lbs: new Set(), listeners: 0, unknownPorts: 0, dnsNames: 0 }));
    return e;
  };
  for (const lb of lbs) {
    entry(lb.source.file).lbs.add(lb.id);
    for (const l of lb.listeners) {
      const e = entry(l.source.file);
      e.listeners++;
      if (l.frontendPort === 'unknown') e.unknownPorts++;
    }
    for (const h of lb.hostnameEvidence ?? []) entry(h.source.file).dnsNames++;
  }
  return byFile;
}

/** The "Read:" section `--print-listeners` ends with, each line escaped. */
export function inputReportLines(reports: readonly LbInputReport[]): string[] {
  const out = ['Read:'];
  for (const report of reports) {
    const listeners = report.loadBalancers.flatMap((lb) => lb.listeners);
    const unknown = listeners.filter((l) => l.frontendPort === 'unknown').length;
    const found = `${plural(report.loadBalancers.length, 'load balancer')}, ${plural(listeners.length, 'listener')}${unknown > 0 ? ` (${unknown} with an unknown port)` : ''}`;
    out.push(`  ${report.inputs.join(', ')} (${report.format}): ${report.read.length > 0 ? `${report.read.join(', ')} -> ` : ''}${found}`);
    const byFile = contributionsByFile(report.loadBalancers);
    // One file given and everything read from it: the line above says it all.
    const oneFile = byFile.size === 1 && report.inputs.includes([...byFile.keys()][0]!);
    for (const [file, c] of oneFile ? [] : byFile) {
      const what = [c.lbs.size > 0 ? plural(c.lbs.size, 'load balancer') : '', c.listeners > 0 ? `${plural(c.listeners, 'listener')}${c.unknownPorts > 0 ? ` (${c.unknownPorts} with an unknown port)` : ''}` : '', c.dnsNames > 0 ? plural(c.dnsNames, 'DNS name') : ''].filter(Boolean);
      out.push(`    ${file}: ${what.join(', ')}`);
    }
    if (report.notUnderstood.length > 0) out.push(`    not understood: ${report.notUnderstood.join(', ')}`);
    for (const note of report.notes) out.push(`    note: ${note}`);
  }
  return out.map(escapeText);
}
