/**
 * The truth test: for each row of the matrix a real HAProxy runs the row's config on loopback
 * in front of a gorouter stand-in, `cf-ws-lint probe` connects through it the way `cf logs`
 * would, and cf-ws-lint's static verdict on the same manifest and config must match.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe } from '../../src/commands/probe.js';
import { closeAllServers, freePort, startWsServer } from '../probe/local-servers.js';
import { DOPPLER_HOST, makeTestCertificates, opensslAvailable, type TestCertificates } from '../probe/test-certs.js';
import { haproxyAvailable, startHaproxy, stopAllHaproxies } from './haproxy-harness.js';
import { lintVerdict } from './lint-verdict.js';
import { matrixTable, TRUTH_MATRIX, type TruthRow } from './matrix.js';
import { writeScenario, type ScenarioFiles, type ScenarioPorts } from './scenario.js';

const missingTool = !haproxyAvailable()
  ? 'haproxy is not installed (apt-get install haproxy; CI installs it in .ci/run)'
  : !opensslAvailable()
    ? 'the openssl CLI is not installed'
    : undefined;
if (missingTool) console.warn(`truth matrix SKIPPED: ${missingTool}`);

interface ProbeSeen {
  exitCode: number;
  failedStep: string | null;
  detail: string;
}

describe('truth matrix documentation', () => {
  it('docs/truth-matrix.md shows the matrix the test runs', () => {
    const docs = readFileSync(new URL('../../docs/truth-matrix.md', import.meta.url), 'utf8');
    expect(docs).toContain(matrixTable());
  });

  it('the README shows it too (links relative to the repository root)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(matrixTable().replaceAll('](../', ']('));
  });
});

describe.skipIf(missingTool !== undefined)('truth matrix: a real HAProxy, probe and cf-ws-lint agree', () => {
  let certs: TestCertificates;
  let dir: string;
  let routerPorts: { plain: number; acceptsProxy: number };
  const observed = new Map<string, boolean>();

  beforeAll(async () => {
    certs = makeTestCertificates();
    dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-truth-'));
    routerPorts = { plain: (await startWsServer()).port, acceptsProxy: (await startWsServer({ acceptProxy: true })).port };
  });

  afterAll(async () => {
    await stopAllHaproxies();
    await closeAllServers();
    certs?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** `cf-ws-lint probe` on the advertised endpoint, through `--connect` to the loopback HAProxy. */
  async function probe(row: TruthRow, ports: ScenarioPorts, holdSeconds: number | undefined): Promise<ProbeSeen> {
    let stdout = '';
    const advertised = [{ label: 'doppler', host: DOPPLER_HOST, port: ports.advertised, useSsl: row.manifest.useSsl }];
    const options = { connect: `127.0.0.1:${ports.advertised}`, ca: certs.caFile, timeout: 2, format: 'json', ...(holdSeconds ? { hold: holdSeconds } : {}) };
    const exitCode = await runProbe(options, advertised, { stdout: (text) => (stdout += text), stderr: (text) => (stdout += text) });
    const result = JSON.parse(stdout).probes[0];
    return { exitCode, failedStep: result.failedStep, detail: result.steps.at(-1).detail };
  }

  describe.each(TRUTH_MATRIX.map((row) => [row.id, row] as const))('%s', (_id, row) => {
    let ports: ScenarioPorts;
    let files: ScenarioFiles;

    beforeAll(async () => {
      const lb = await freePort();
      const advertised = row.manifest.advertises === 'unbound port' ? await freePort() : lb;
      const router = row.manifest.routerEnableProxy ? routerPorts.acceptsProxy : routerPorts.plain;
      ports = { lb, advertised, router };
      files = writeScenario(row, dir, ports, certs.doppler.pemFile);
    });

    it(`${row.title}: probe ${row.expected}`, async () => {
      const haproxy = await startHaproxy(files.haproxyConfig, ports.lb);
      try {
        const seen = await probe(row, ports, row.holdSeconds);
        observed.set(row.id, seen.exitCode === 0);
        expect(seen.exitCode, seen.detail).toBe(row.expected === 'passes' ? 0 : 1);
        if (row.failure) {
          expect(seen.failedStep).toBe(row.failure.step);
          expect(seen.detail).toMatch(row.failure.detail);
        }
        // An idle limit shows only when held: the same listener upgrades fine without --hold.
        if (row.failure?.step === 'hold') expect((await probe(row, ports, undefined)).exitCode).toBe(0);
      } finally {
        await haproxy.stop();
      }
    });

    it('cf-ws-lint agrees with probe', async () => {
      const seen = observed.get(row.id);
      expect(seen, 'the probe did not run for this row').toBeDefined();
      const verdict = await lintVerdict(files.manifest, files.haproxyConfig, row.holdSeconds);
      const idle = verdict.idleTimeoutSeconds === undefined ? '' : `, idle timeout ${verdict.idleTimeoutSeconds} s`;
      const lintSays = `cf-ws-lint: ${verdict.passes ? 'passes' : 'fails'} (errors: ${verdict.errors.join(' | ') || 'none'}${idle})`;
      expect(verdict.passes, `${lintSays}; probe observed: ${seen ? 'passes' : 'fails'}`).toBe(seen);
    });
  });
});
