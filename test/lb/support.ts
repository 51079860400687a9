/**
 * Shared by the LB reader tests: where the real-world corpus is, and a compact row per
 * listener to write expected tables against (the same facts `--print-listeners` shows).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { LoadBalancer, Tri } from '../../src/lb/listener.js';
import { listenerRows } from '../../src/lb/listener-table.js';

export const REPO = path.resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const FIXTURES = path.join(REPO, 'fixtures/lb');
export const CORPUS = path.resolve(REPO, '../shared/corpus');
export const HAVE_CORPUS = existsSync(CORPUS);

/** A visible note when the corpus suites are skipped. */
export function warnWithoutCorpus(suite: string): void {
  if (!HAVE_CORPUS) console.warn(`[skip] ${suite}: ${CORPUS} is absent (the shared corpus sits beside the project)`);
}

export interface Row {
  lb: string;
  port: string;
  proto: string;
  tls: Tri;
  upgrade: Tri;
  xff: Tri;
  xfp: Tri;
  /** "accepts/sends": no/no, yes/no, no/v1, no/v2, ?/?. */
  proxy: string;
  idle: number | 'unknown';
  /** "port protocol": "80 http", "same tcp", "443 https h2", "? ?". */
  backend: string;
  /** basename:line of the listener. */
  at: string;
  max?: number;
  fw?: Tri;
  cond?: true;
}

const tri = (v: Tri) => (v === 'unknown' ? '?' : v ? 'yes' : 'no');

export function rows(lbs: LoadBalancer[]): Row[] {
  return listenerRows(lbs).map((r) => {
    const [file, line] = [r.source.slice(0, r.source.lastIndexOf(':')), r.source.slice(r.source.lastIndexOf(':') + 1)];
    const port = r.backendPort === 'same-as-frontend' ? 'same' : r.backendPort === 'unknown' ? '?' : String(r.backendPort);
    const row: Row = {
      lb: r.lb,
      port: r.port,
      proto: r.protocol,
      tls: r.terminatesTls,
      upgrade: r.passesUpgrade,
      xff: r.addsXForwardedFor,
      xfp: r.addsXForwardedProto,
      proxy: `${tri(r.proxyAccepts)}/${r.proxySends === true && r.proxyVersion ? `v${r.proxyVersion}` : tri(r.proxySends)}`,
      idle: r.idleTimeoutSeconds,
      backend: `${port} ${r.backendProtocol === 'unknown' ? '?' : r.backendProtocol}${r.backendHttp2 === true && r.backendProtocol !== 'h2' ? ' h2' : ''}`,
      at: `${path.basename(file)}:${line}`,
    };
    if (r.maxConnectionSeconds !== undefined) row.max = r.maxConnectionSeconds;
    if (r.firewallAllows !== undefined) row.fw = r.firewallAllows;
    if (r.conditional) row.cond = true;
    return row;
  });
}

/** DNS names per LB, each with basename:line of the record that names it. */
export function hostnames(lbs: LoadBalancer[]): Record<string, string[]> {
  return Object.fromEntries(
    lbs
      .filter((lb) => lb.hostnames.length > 0)
      .map((lb) => [lb.id, lb.hostnames.map((h) => {
        const e = lb.hostnameEvidence?.find((x) => x.value === h || (Array.isArray(x.value) && x.value.includes(h)));
        return `${h} @ ${e ? `${path.basename(e.source.file)}:${e.source.line}` : '?'}`;
      })]),
  );
}

const REQUIRED_EVIDENCE = ['frontendPort', 'protocol', 'terminatesTls', 'passesUpgrade', 'addsXForwardedFor', 'addsXForwardedProto', 'proxyProtocol.accepts', 'proxyProtocol.sends', 'idleTimeoutSeconds', 'backend.port', 'backend.protocol', 'backend.tls', 'backend.http2'];

/** Every listener field has evidence pointing at a file and line, and its value matches. */
export function expectEvidenceEverywhere(lbs: LoadBalancer[]): void {
  for (const l of lbs.flatMap((lb) => lb.listeners)) {
    for (const field of REQUIRED_EVIDENCE) {
      const e = l.evidence.find((x) => x.field === field);
      expect(e, `${l.lbId}:${String(l.frontendPort)} ${field}`).toBeDefined();
      expect(e!.source.file, `${l.lbId} ${field} file`).toBeTruthy();
      expect(e!.source.line, `${l.lbId} ${field} line`).toBeGreaterThan(0);
    }
    const value = (field: string) => field.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], l);
    for (const e of l.evidence.filter((x) => REQUIRED_EVIDENCE.includes(x.field) && x.field !== 'frontendPort')) expect(e.value, `${l.lbId} ${e.field}`).toEqual(value(e.field));
  }
}
