import { afterAll, describe, expect, it } from 'vitest';
import { runProbe, type ProbeCommandOptions } from '../../src/commands/probe.js';
import type { AdvertisedEndpoint } from '../../src/probe/endpoint.js';
import { closeAllServers, freePort, startWsServer } from './local-servers.js';

async function run(options: ProbeCommandOptions, advertised: AdvertisedEndpoint[] = []) {
  let stdout = '';
  let stderr = '';
  const code = await runProbe({ timeout: 2, ...options }, advertised, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
}

afterAll(closeAllServers);

describe('cf-ws-lint probe', () => {
  it('exits 0 when the upgrade succeeds and prints each step', async () => {
    const server = await startWsServer();
    const { code, stdout, stderr } = await run({ url: `ws://127.0.0.1:${server.port}` });
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^ {2}✔ WebSocket upgrade +[\d.]+ ms {2}101 Switching Protocols, Sec-WebSocket-Accept correct$/m);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('✔ 127.0.0.1: WebSocket upgrade succeeded');
  });

  it('exits 1 with a one-line reason naming the step, in JSON too', async () => {
    const port = await freePort();
    const { code, stdout } = await run({ url: `wss://doppler.sys.example.com:${port}/`, connect: `127.0.0.1:${port}`, format: 'json' });
    expect(code).toBe(1);
    const output = JSON.parse(stdout);
    expect(output).toMatchObject({ ok: false, probes: [{ label: 'doppler.sys.example.com', connect: `127.0.0.1:${port}`, failedStep: 'tcp' }] });
    expect(output.probes[0].steps.at(-1).detail).toBe(`connection refused by 127.0.0.1:${port}: nothing listens on port ${port}`);
  });

  it('probes every advertised endpoint (cf-release v1: doppler and loggregator) and fails if one fails', async () => {
    const server = await startWsServer();
    const closed = await freePort();
    const advertised = [
      { label: 'doppler', host: '127.0.0.1', port: server.port, useSsl: false },
      { label: 'loggregator', host: '127.0.0.1', port: closed, useSsl: false },
    ];
    const { code, stdout } = await run({}, advertised);
    expect(code).toBe(1);
    expect(stdout).toContain(`doppler  ws://127.0.0.1:${server.port}/`);
    expect(stdout).toContain('✔ doppler: WebSocket upgrade succeeded');
    expect(stdout).toContain(`✖ loggregator: TCP connect failed: connection refused by 127.0.0.1:${closed}`);
    expect((await run({}, advertised.slice(0, 1))).code).toBe(0);
  });

  it('exits 1 without a stack trace on an unresolvable host', async () => {
    const { code, stdout, stderr } = await run({ url: 'wss://nonexistent.invalid/' });
    expect(code).toBe(1);
    expect(stderr).toBe('');
    expect(stdout).toContain('✖ nonexistent.invalid: DNS failed: ');
    expect(stdout).not.toMatch(/\n\s+at /);
  });

  it.each<[string, ProbeCommandOptions, AdvertisedEndpoint[], RegExp]>([
    ['no URL and no manifest', {}, [], /nothing to probe/],
    ['a URL and a manifest', { url: 'wss://a.example.com' }, [{ label: 'doppler', host: 'b.example.com', port: 443, useSsl: true }], /not both/],
    ['an http URL', { url: 'https://doppler.sys.example.com' }, [], /not a WebSocket URL/],
    ['an unknown format', { url: 'wss://a.example.com', format: 'sarif' }, [], /--format sarif: expected stylish or json/],
    ['a hold that is not a number', { url: 'wss://a.example.com', hold: 'long' }, [], /--hold long: expected a number of seconds/],
    ['a zero timeout', { url: 'wss://a.example.com', timeout: '0' }, [], /--timeout 0: expected/],
    ['a bad --connect', { url: 'wss://a.example.com', connect: 'a:b:c' }, [], /--connect a:b:c/],
    ['a missing CA file', { url: 'wss://a.example.com', ca: '/nonexistent/ca.pem' }, [], /--ca: cannot read \/nonexistent\/ca\.pem \(ENOENT\)/],
  ])('exits 2 on a usage error: %s', async (_name, options, advertised, message) => {
    const { code, stdout, stderr } = await run(options, advertised);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
