/**
 * The truth test: for each row of the matrix a real HAProxy or nginx runs the row's config on
 * loopback in front of a gorouter stand-in, a client goes through it (`cf-ws-lint probe` the
 * way a Firehose or `cf logs` client would, or a plain HTTP request whose forwarded headers
 * the stand-in records), and cf-ws-lint's static verdict on the same manifest and config must
 * match what the client observed. Rows run concurrently; each owns its ports, its router
 * stand-in and its load balancer, and stops them when it ends, also on failure.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, type ExpectStatic } from 'vitest';
import { runProbe } from '../../src/commands/probe.js';
import { closeAllServers, freePort, startWsServer, type WsServer } from '../probe/local-servers.js';
import { APP_HOST, DOPPLER_HOST, makeTestCertificates, opensslAvailable, type TestCertificates } from '../probe/test-certs.js';
import { haproxyMissing, startHaproxy } from './haproxy-harness.js';
import { lbProcessesRunning, stopAllLbProcesses, type LbProcess } from './lb-process.js';
import { lintVerdict } from './lint-verdict.js';
import { CLIENT_ADDRESS, matrixTable, TRUTH_MATRIX, type LbServer, type TruthRow } from './matrix.js';
import { nginxMissing, startNginx, writeNginxRunConfig } from './nginx-harness.js';
import { realWorldPorts, writeScenario, type ScenarioFiles, type ScenarioPorts } from './scenario.js';

const opensslMissing = opensslAvailable() ? undefined : 'the openssl CLI is not installed';
const lbMissing: Record<LbServer, string | undefined> = { haproxy: haproxyMissing(), nginx: nginxMissing() };
for (const [lb, why] of Object.entries(lbMissing)) if (why) console.warn(`truth matrix: ${lb} rows SKIPPED: ${why}`);
if (opensslMissing) console.warn(`truth matrix SKIPPED: ${opensslMissing}`);

const DOCS = new URL('../../docs/truth-matrix.md', import.meta.url);
const README = new URL('../../README.md', import.meta.url);
const START = '<!-- truth-matrix:start -->\n';
const END = '<!-- truth-matrix:end -->';

/** The file with the table between its markers replaced; `TRUTH_MATRIX_WRITE=1` writes it back. */
function withTable(file: URL, table: string): { current: string; wanted: string } {
  const current = readFileSync(file, 'utf8');
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${file.pathname} has no ${START.trim()} … ${END} markers`);
  const wanted = `${current.slice(0, start + START.length)}${table}${current.slice(end)}`;
  if (process.env.TRUTH_MATRIX_WRITE === '1' && wanted !== current) writeFileSync(file, wanted);
  return { current, wanted };
}

describe('truth matrix documentation (TRUTH_MATRIX_WRITE=1 regenerates it)', () => {
  it('docs/truth-matrix.md shows the matrix the test runs', () => {
    const { current, wanted } = withTable(DOCS, matrixTable());
    expect(current).toBe(wanted);
  });

  it('the README shows it too (links relative to the repository root)', () => {
    const { current, wanted } = withTable(README, matrixTable().replaceAll('](../', ']('));
    expect(current).toBe(wanted);
  });

  it('every row says what its client observes, and a header row expects what its headers mean', () => {
    for (const row of TRUTH_MATRIX) {
      if (row.observe === 'headers') {
        expect(row.forwarded, row.id).toBeDefined();
        expect(headersPass(row, row.forwarded!), row.id).toBe(row.expected === 'passes');
      } else {
        expect(row.failure !== undefined, row.id).toBe(row.expected === 'fails');
      }
    }
  });
});

/** X-Forwarded-For names the client, X-Forwarded-Proto the scheme it used. */
function headersPass(row: TruthRow, forwarded: { for: string; proto: string }): boolean {
  return forwarded.for === CLIENT_ADDRESS && forwarded.proto === (row.manifest.useSsl ? 'https' : 'http');
}

describe.skipIf(opensslMissing !== undefined)('truth matrix: real load balancers, the client and cf-ws-lint agree', () => {
  let certs: TestCertificates;
  let dir: string;
  const handedOut = new Set<number>();

  /** A free loopback port no other row got: rows run at the same time. */
  async function reservePort(): Promise<number> {
    for (;;) {
      const port = await freePort();
      if (!handedOut.has(port)) {
        handedOut.add(port);
        return port;
      }
    }
  }

  beforeAll(() => {
    certs = makeTestCertificates();
    dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-truth-'));
  });

  afterAll(async () => {
    const leftRunning = lbProcessesRunning();
    await stopAllLbProcesses();
    await closeAllServers();
    certs?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
    expect(leftRunning, 'load balancers a row did not stop itself').toBe(0);
  });

  function startLb(row: TruthRow, files: ScenarioFiles, port: number): Promise<LbProcess> {
    if (row.lb === 'haproxy') return startHaproxy(files.lbConfig, port);
    return startNginx(writeNginxRunConfig(readFileSync(files.lbConfig, 'utf8'), path.join(path.dirname(files.lbConfig), 'nginx')), port);
  }

  /**
   * `cf-ws-lint probe` through `--connect` to the loopback LB: on the advertised doppler
   * endpoint, or for an app row on `app.<app domain>` where apps' clients dial, 443: the
   * listener when it stands for 443, else a port nothing binds, as 443 is on that LB.
   */
  async function probe(row: TruthRow, ports: ScenarioPorts, holdSeconds: number | undefined) {
    let stdout = '';
    const target = row.observe === 'app' ? { label: 'app', host: APP_HOST, port: ports.app ?? ports.lb, kind: 'app' as const } : { label: 'doppler', host: DOPPLER_HOST, port: ports.advertised };
    const advertised = [{ ...target, useSsl: row.manifest.useSsl }];
    // No row fails by a timeout, so a generous one only keeps a busy machine from failing a step.
    const options = { connect: `127.0.0.1:${target.port}`, ca: certs.caFile, timeout: 5, format: 'json', ...(holdSeconds ? { hold: holdSeconds } : {}) };
    const exitCode = await runProbe(options, advertised, { stdout: (text) => (stdout += text), stderr: (text) => (stdout += text) });
    const result = JSON.parse(stdout).probes[0];
    return { exitCode, failedStep: result.failedStep as string | null, detail: result.steps.at(-1).detail as string };
  }

  /** Opens the WebSocket; checks it fails where the row says; true when it passed. */
  async function observeWebsocket(row: TruthRow, ports: ScenarioPorts, router: WsServer, expect: ExpectStatic): Promise<boolean> {
    const seen = await probe(row, ports, row.holdSeconds);
    expect(seen.exitCode, seen.detail).toBe(row.expected === 'passes' ? 0 : 1);
    // The upgrade the router took carried the row's host, so a Host-routed config chose by it.
    if (seen.exitCode === 0) expect(router.upgrades.at(-1)?.host?.replace(/:\d+$/, '')).toBe(row.observe === 'app' ? APP_HOST : DOPPLER_HOST);
    if (row.failure) {
      expect(seen.failedStep).toBe(row.failure.step);
      expect(seen.detail).toMatch(row.failure.detail);
    }
    // An idle limit shows only when held: the same listener upgrades fine without --hold.
    if (row.failure?.step === 'hold') expect((await probe(row, ports, undefined)).exitCode).toBe(0);
    return seen.exitCode === 0;
  }

  /** Sends `GET /` and reads what the router stand-in received; true when both headers are right. */
  async function observeHeaders(row: TruthRow, ports: ScenarioPorts, router: WsServer, expect: ExpectStatic): Promise<boolean> {
    await plainRequest(row.manifest.useSsl, ports.lb);
    const got = router.requests.at(-1);
    expect(got, 'the router stand-in got no request').toBeDefined();
    const forwarded = { for: got!.forwardedFor ?? 'absent', proto: got!.forwardedProto ?? 'absent' };
    expect(forwarded).toEqual(row.forwarded);
    return headersPass(row, forwarded);
  }

  function plainRequest(useSsl: boolean, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const options = { host: '127.0.0.1', port, path: '/', headers: { host: DOPPLER_HOST }, agent: false, timeout: 5000 };
      const request = useSsl ? https.request({ ...options, servername: DOPPLER_HOST, ca: certs.caPem }) : http.request(options);
      request.on('response', (response) => response.resume().on('end', resolve));
      request.on('timeout', () => request.destroy(new Error('no response within 5 s')));
      request.on('error', reject);
      request.end();
    });
  }

  describe.concurrent('rows', () => {
    for (const row of TRUTH_MATRIX) {
      it.skipIf(lbMissing[row.lb] !== undefined)(`${row.id}: ${row.title}: ${row.expected}, and cf-ws-lint agrees`, async ({ expect }) => {
        const router = await startWsServer(row.manifest.routerEnableProxy ? { acceptProxy: true } : {});
        let observed: boolean;
        try {
          const lbPort = await reservePort();
          const live = {
            lb: lbPort,
            advertised: row.manifest.advertises === 'unbound port' ? await reservePort() : lbPort,
            router: router.port,
            ...(row.observe === 'app' && row.realPort !== 443 ? { app: await reservePort() } : {}),
          };
          const files = writeScenario(row, path.join(dir, row.id, 'live'), live, certs.dopplerAndApps.pemFile);
          const lb = await startLb(row, files, live.lb);
          try {
            observed = row.observe === 'headers' ? await observeHeaders(row, live, router, expect) : await observeWebsocket(row, live, router, expect);
          } finally {
            await lb.stop();
          }
        } finally {
          await router.close();
        }

        const verdict = lintVerdict(row, writeScenario(row, path.join(dir, row.id, 'lint'), realWorldPorts(row), certs.dopplerAndApps.pemFile));
        const lintSays = `cf-ws-lint: ${verdict.passes ? 'passes' : 'fails'} (${verdict.findings.join(' | ') || 'no findings'})`;
        expect(verdict.passes, `${lintSays}; observed: ${observed ? 'passes' : 'fails'}`).toBe(observed);
        if (!observed) expect(verdict.ruleIds, lintSays).toContain(row.rule);
      });
    }
  });
});
