/**
 * The probe against what a real Cloud Foundry answers (issue 14 part 4): a loopback stand-in
 * for gorouter and the traffic controller (foundation-server.ts). Each answer gives its stated
 * verdict and exit code: 101 passes (0); 401/403 from the traffic controller is
 * "inconclusive" (1); gorouter's unknown_route 404 and a 400 for a dropped Upgrade fail (1);
 * a header with CR or LF is a usage error (2).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runProbe, type ProbeCommandOptions } from '../../src/commands/probe.js';
import { advertisedEndpoints } from '../../src/commands/probe-cli.js';
import type { AdvertisedEndpoint } from '../../src/probe/endpoint.js';
import { ROOT, runCli } from '../helpers/cli.js';
import { startFoundation, type Foundation } from './foundation-server.js';

const GUID = '6a1f2b3c-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const OTHER_GUID = '00000000-1111-4222-8333-444444444444';
const DOPPLER = 'doppler.sys.example.com';
const TOKEN = 'bearer eyJhbGciOiJSUzI1NiJ9.dev';
const FIREHOSE_TOKEN = 'bearer eyJhbGciOiJSUzI1NiJ9.admin';

let foundation: Foundation | undefined;
afterEach(async () => {
  await foundation?.close();
  foundation = undefined;
});

async function start(options: { dropUpgrade?: boolean } = {}): Promise<Foundation> {
  foundation = await startFoundation({
    routedHosts: [DOPPLER, 'myapp.apps.example.com'],
    tokens: { [TOKEN]: { apps: [GUID] }, [FIREHOSE_TOKEN]: { apps: [], firehose: true } },
    ...options,
  });
  return foundation;
}

async function probe(options: ProbeCommandOptions, advertised: AdvertisedEndpoint[] = []) {
  let stdout = '';
  let stderr = '';
  const code = await runProbe({ timeout: 2, ...options }, advertised, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const via = (f: Foundation) => ({ connect: `127.0.0.1:${f.port}` });
const lastDetail = (stdout: string) => JSON.parse(stdout).probes[0].steps.at(-1).detail as string;

describe('probe against a traffic controller behind gorouter', () => {
  it('101 with --token and --app-guid: WebSockets pass, exit 0; the path and bearer token reached it', async () => {
    const f = await start();
    const { code, stdout } = await probe({ url: `ws://${DOPPLER}`, ...via(f), token: TOKEN.replace('bearer ', ''), appGuid: GUID, format: 'json' });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ ok: true, probes: [{ verdict: 'passes', url: `ws://${DOPPLER}:80/apps/${GUID}/stream` }] });
    expect(f.requests.map((r) => [r.host, r.path, r.authorization])).toEqual([[DOPPLER, `/apps/${GUID}/stream`, TOKEN]]);
  });

  it('401 without a token: "inconclusive", exit 1, naming what is proven and what is not', async () => {
    const f = await start();
    const { code, stdout } = await probe({ url: `ws://${DOPPLER}`, ...via(f), appGuid: GUID });
    expect(code).toBe(1);
    expect(stdout).toMatch(/^ {2}\? WebSocket upgrade .* HTTP 401 Unauthorized from a server that checks credentials, as the traffic controller does: no token was sent/m);
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(/^\? doppler\.sys\.example\.com: inconclusive: HTTP 401 .*; the request got through, but whether the load balancer passes the Upgrade is unproven$/);
    const json = await probe({ url: `ws://${DOPPLER}`, ...via(f), appGuid: GUID, format: 'json' });
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, probes: [{ verdict: 'inconclusive', failedStep: 'websocket' }] });
  });

  it('403 from the traffic controller (a token without doppler.firehose on /firehose/<id>): inconclusive, exit 1', async () => {
    const f = await start();
    const { code, stdout } = await probe({ url: `ws://${DOPPLER}`, ...via(f), token: TOKEN, path: '/firehose/my-nozzle', format: 'json' });
    expect(code).toBe(1);
    expect(JSON.parse(stdout).probes[0].verdict).toBe('inconclusive');
    expect(lastDetail(stdout)).toMatch(/^HTTP 403 Forbidden from the traffic controller: the token lacks the doppler\.firehose scope; inconclusive: /);
    expect((await probe({ url: `ws://${DOPPLER}`, ...via(f), token: FIREHOSE_TOKEN, path: '/firehose/my-nozzle' })).code).toBe(0);
  });

  it("404 for another app's GUID with a token (Cloud Controller refused): inconclusive", async () => {
    const f = await start();
    const { code, stdout } = await probe({ url: `ws://${DOPPLER}`, ...via(f), token: TOKEN, appGuid: OTHER_GUID, format: 'json' });
    expect(code).toBe(1);
    expect(JSON.parse(stdout).probes[0].verdict).toBe('inconclusive');
  });

  it("gorouter's 404 with X-Cf-Routererror: unknown_route: no route for the host, fails, exit 1", async () => {
    const f = await start();
    const { code, stdout } = await probe({ url: 'ws://doppler.other.example.com', ...via(f), token: TOKEN, appGuid: GUID, format: 'json' });
    expect(code).toBe(1);
    expect(JSON.parse(stdout).probes[0].verdict).toBe('fails');
    expect(lastDetail(stdout)).toBe('HTTP 404 Not Found, X-Cf-Routererror unknown_route: a gorouter answered, but no route is mapped to doppler.other.example.com (push or map the app, or check the host name)');
  });

  it('400 with Sec-Websocket-Version to an authorized request: the load balancer dropped the Upgrade, fails, exit 1', async () => {
    const f = await start({ dropUpgrade: true });
    const { code, stdout } = await probe({ url: `ws://${DOPPLER}`, ...via(f), token: TOKEN, appGuid: GUID, format: 'json' });
    expect(code).toBe(1);
    expect(JSON.parse(stdout).probes[0].verdict).toBe('fails');
    expect(lastDetail(stdout)).toMatch(/^HTTP 400 Bad Request with Sec-WebSocket-Version .*: the server behind the load balancer got the request, but the load balancer dropped the Upgrade header$/);
  });

  it('GET / (no --app-guid or --path) gets the traffic controller\'s 404 page: fails, and says what to give', async () => {
    const f = await start();
    const { code, stdout } = await probe({ url: `ws://${DOPPLER}`, ...via(f), token: TOKEN, format: 'json' });
    expect(code).toBe(1);
    expect(lastDetail(stdout)).toMatch(/give --app-guid GUID \(with --token\) to reach it$/);
  });

  it('--header adds request headers', async () => {
    const f = await start();
    await probe({ url: `ws://${DOPPLER}`, ...via(f), token: TOKEN, appGuid: GUID, header: ['X-Request-Source: cf-ws-lint', 'Origin: http://localhost'] });
    expect(f.requests[0]!.headers).toMatchObject({ 'x-request-source': 'cf-ws-lint', origin: 'http://localhost' });
  });

  it.each<[string, ProbeCommandOptions, RegExp]>([
    ['--header with CR LF', { header: ['X-A: 1\r\nX-Injected: 2'] }, /^cf-ws-lint probe: --header: contains a control character \(\\r\), which would end or corrupt a line of the upgrade request; refused$/m],
    ['--header with a bare LF', { header: ['X-A: 1\nX-Injected: 2'] }, /--header: contains a control character/],
    ['--header without a colon', { header: ['X-A 1'] }, /--header "X-A 1": expected 'Name: value'/],
    ['--header setting Upgrade', { header: ['Upgrade: h2c'] }, /--header Upgrade: the probe sets this header itself/],
    ['--token with a line break', { token: 'abc\r\nX-Injected: 1' }, /--token: contains a control character/],
    ['--app-guid that is not a GUID', { appGuid: 'my-app' }, /--app-guid "my-app": expected an app GUID/],
    ['--path without a leading slash', { path: 'firehose/x' }, /--path "firehose\/x": expected a path starting with \//],
    ['--app-guid and --path together', { appGuid: GUID, path: '/firehose/x' }, /--app-guid and --path: give one/],
  ])('exits 2 on %s', async (_name, options, message) => {
    const { code, stdout, stderr } = await probe({ url: `wss://${DOPPLER}`, ...options });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('probe --manifest --app-host', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-probe-apps-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const manifest = path.join(dir, 'cf.yml');
  writeFileSync(
    manifest,
    [
      'name: cf',
      'instance_groups:',
      '- name: api',
      '  jobs:',
      '  - name: cloud_controller_ng',
      '    properties:',
      '      system_domain: ((system_domain))',
      '      app_domains: ["((system_domain))", {name: apps.internal, internal: true}]',
      '',
    ].join('\n'),
  );
  const flags = { manifest, opsFile: [], var: ['system_domain=sys.example.com'], varsFile: [], varFile: [], varsEnv: [] };

  it('adds wss://<app-host>.<domain>:443 for each external app domain (and --app-domain), beside doppler', () => {
    expect(advertisedEndpoints({ ...flags, appHost: 'myapp', appDomain: ['apps.example.com'] })).toEqual([
      { label: 'doppler', host: DOPPLER, port: 443, useSsl: true, kind: 'log' },
      { label: 'app on sys.example.com', host: 'myapp.sys.example.com', port: 443, useSsl: true, kind: 'app' },
      { label: 'app on apps.example.com', host: 'myapp.apps.example.com', port: 443, useSsl: true, kind: 'app' },
    ]);
    expect(advertisedEndpoints(flags).map((e) => e.label)).toEqual(['doppler']);
  });

  it('the token goes to the traffic controller only, never to an app', async () => {
    const f = await start();
    const advertised: AdvertisedEndpoint[] = [
      { label: 'doppler', host: DOPPLER, port: 80, useSsl: false, kind: 'log' },
      { label: 'app on apps.example.com', host: 'myapp.apps.example.com', port: 80, useSsl: false, kind: 'app' },
    ];
    await probe({ ...via(f), token: TOKEN, appGuid: GUID, path: undefined }, advertised);
    expect(f.requests.map((r) => [r.host, r.path, r.authorization])).toEqual([
      [DOPPLER, `/apps/${GUID}/stream`, TOKEN],
      ['myapp.apps.example.com', '/', undefined],
    ]);
  });

  it('CF_WS_LINT_TOKEN gives the token to the CLI; --app-host and --app-domain need --manifest', async () => {
    const f = await start();
    // Not runCli: spawnSync would block the loop this test's server answers on.
    const ok = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, [path.join(ROOT, 'bin/cf-ws-lint.js'), 'probe', `ws://${DOPPLER}`, '--connect', `127.0.0.1:${f.port}`, '--app-guid', GUID], { env: { ...process.env, CF_WS_LINT_TOKEN: TOKEN } }, (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }));
    });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(f.requests.map((r) => r.authorization)).toEqual([TOKEN]);
    const bad = runCli(['probe', `ws://${DOPPLER}`, '--app-host', 'myapp']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('cf-ws-lint: --app-host and --app-domain need --manifest (or give the app URL: probe wss://myapp.apps.example.com/ws)\n');
  });
});
