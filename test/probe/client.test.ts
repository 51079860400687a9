import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { probeEndpoint, type ProbeOptions } from '../../src/probe/client.js';
import { endpointFromUrl } from '../../src/probe/endpoint.js';
import { failedStep, type ProbeResult } from '../../src/probe/result.js';
import { closeAllServers, freePort, startRawServer, startWsServer, type WsServer } from './local-servers.js';
import { DOPPLER_HOST, makeTestCertificates, opensslAvailable, type TestCertificates } from './test-certs.js';

const quick: ProbeOptions = { timeoutSeconds: 2 };

function probe(url: string, options: Partial<ProbeOptions> = {}): Promise<ProbeResult> {
  return probeEndpoint(endpointFromUrl(url), { ...quick, ...options });
}

function steps(result: ProbeResult): string[] {
  return result.steps.map((step) => `${step.step}:${step.ok ? 'ok' : 'failed'}`);
}

afterAll(closeAllServers);

describe('probe over plain TCP (ws://)', () => {
  it('times DNS, TCP and the upgrade and reports a correct 101', async () => {
    const server = await startWsServer();
    const result = await probe(`ws://127.0.0.1:${server.port}/`);
    expect(steps(result)).toEqual(['dns:ok', 'tcp:ok', 'websocket:ok']);
    expect(result.ok).toBe(true);
    expect(result.steps[0]!.detail).toBe('127.0.0.1 is an address, nothing to look up');
    expect(result.steps[2]!.detail).toBe('101 Switching Protocols, Sec-WebSocket-Accept correct');
    expect(result.steps.every((step) => step.durationMs >= 0)).toBe(true);
  });

  it('names an HTTP 400 as the Upgrade header not reaching the router', async () => {
    const server = await startRawServer((socket) =>
      socket.once('data', () => socket.end('HTTP/1.1 400 Bad Request\r\nServer: awselb/2.0\r\nContent-Length: 0\r\n\r\n')),
    );
    const result = await probe(`ws://127.0.0.1:${server.port}/`);
    expect(failedStep(result)).toMatchObject({ step: 'websocket', facts: { status: 400, server: 'awselb/2.0' } });
    expect(failedStep(result)!.detail).toMatch(/^HTTP 400 Bad Request from awselb\/2\.0: the router did not get a WebSocket upgrade/);
  });

  it('fails a 101 with a wrong Sec-WebSocket-Accept', async () => {
    const server = await startRawServer((socket) =>
      socket.once('data', () => socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: bogus\r\n\r\n')),
    );
    const result = await probe(`ws://127.0.0.1:${server.port}/`);
    expect(failedStep(result)!.detail).toMatch(/wrong Sec-WebSocket-Accept \(got "bogus"/);
  });

  it('reports a connection closed without any answer', async () => {
    const server = await startRawServer((socket) => socket.once('data', () => socket.end()));
    const result = await probe(`ws://127.0.0.1:${server.port}/`);
    expect(failedStep(result)!.detail).toMatch(/^connection closed without an HTTP response to the upgrade request/);
  });

  it('refused connection: fails at TCP connect with the address', async () => {
    const port = await freePort();
    const result = await probe(`ws://127.0.0.1:${port}/`);
    expect(steps(result)).toEqual(['dns:ok', 'tcp:failed']);
    expect(failedStep(result)!.detail).toBe(`connection refused by 127.0.0.1:${port}: nothing listens on port ${port}`);
  });

  it('unresolvable host: fails at DNS', async () => {
    const result = await probe('wss://nonexistent.invalid/');
    expect(steps(result)).toEqual(['dns:failed']);
    expect(failedStep(result)!.detail).toMatch(/^nonexistent\.invalid does not resolve \(ENOTFOUND\)|^DNS lookup of nonexistent\.invalid failed/);
  });

  it('a server that never answers: the step that waits times out', async () => {
    const server = await startRawServer(() => undefined);
    const plain = await probe(`ws://127.0.0.1:${server.port}/`, { timeoutSeconds: 0.3 });
    expect(failedStep(plain)!.detail).toMatch(/^no HTTP response within 0\.3 s after the upgrade request/);
    const secure = await probe(`wss://127.0.0.1:${server.port}/`, { timeoutSeconds: 0.3 });
    expect(failedStep(secure)).toMatchObject({ step: 'tls', facts: { timeoutSeconds: 0.3 } });
    expect(failedStep(secure)!.detail).toMatch(/^no TLS handshake answer within 0\.3 s/);
  });
});

describe('probe with --hold', () => {
  it('reports a connection an idle timer closes, with the time it lasted', async () => {
    const server = await startWsServer({ closeAfterMs: 500 });
    const result = await probe(`ws://127.0.0.1:${server.port}/`, { holdSeconds: 2 });
    expect(steps(result)).toEqual(['dns:ok', 'tcp:ok', 'websocket:ok', 'hold:failed']);
    expect(failedStep(result)!.detail).toMatch(/^connection closed after 0\.[56] s idle$/);
    expect(failedStep(result)!.durationMs).toBeLessThan(1500);
  });

  it('passes when the connection outlives the hold, answering the server pings', async () => {
    const server = await startWsServer({ pingEveryMs: 150 });
    const result = await probe(`ws://127.0.0.1:${server.port}/`, { holdSeconds: 1 });
    expect(result.ok).toBe(true);
    const hold = result.steps[3]!;
    expect(hold.detail).toMatch(/^stayed open 1 s while idle \(answered \d+ pings\)$/);
    expect(hold.facts['pingsAnswered']).toBeGreaterThanOrEqual(4);
  });
});

describe.skipIf(!opensslAvailable())('probe over TLS (wss://)', () => {
  let certs: TestCertificates;
  let server: WsServer;
  beforeAll(async () => {
    certs = makeTestCertificates();
    server = await startWsServer({ tls: { cert: certs.doppler.cert, key: certs.doppler.key } });
  });
  afterAll(() => certs?.remove());

  it('with --connect keeps the host name for SNI and Host, and reports the certificate', async () => {
    const result = await probe(`wss://${DOPPLER_HOST}:${server.port}/`, { connect: { host: '127.0.0.1' }, ca: certs.caPem });
    expect(steps(result)).toEqual(['dns:ok', 'tcp:ok', 'tls:ok', 'websocket:ok']);
    expect(result.connect).toBe(`127.0.0.1:${server.port}`);
    const tls = result.steps[2]!;
    expect(tls.facts).toMatchObject({ subject: DOPPLER_HOST, issuer: 'cf-ws-lint test CA', chainTrusted: true, validForHost: true, alpn: 'http/1.1' });
    expect(tls.facts['daysToExpiry']).toBeGreaterThanOrEqual(29);
    expect(tls.detail).toMatch(/^TLSv1\.[23], certificate doppler\.sys\.example\.com issued by cf-ws-lint test CA, valid for doppler\.sys\.example\.com, expires in (29|30) days$/);
    expect(server.upgrades.at(-1)).toEqual({ host: `${DOPPLER_HOST}:${server.port}`, servername: DOPPLER_HOST });
  });

  it('fails an untrusted chain unless --insecure, which passes with a warning', async () => {
    const url = `wss://${DOPPLER_HOST}:${server.port}/`;
    const strict = await probe(url, { connect: { host: '127.0.0.1' } });
    expect(failedStep(strict)).toMatchObject({ step: 'tls', facts: { chainTrusted: false } });
    expect(failedStep(strict)!.detail).toMatch(/^certificate chain not trusted \(UNABLE_TO_[A-Z_]+\): pass --ca FILE/);
    const insecure = await probe(url, { connect: { host: '127.0.0.1' }, insecure: true });
    expect(insecure.ok).toBe(true);
    expect(insecure.steps[2]!.warning).toMatch(/certificate chain not trusted/);
    expect(insecure.steps[2]!.detail).toContain('not verified (--insecure)');
  });

  it('fails a certificate made out for another host', async () => {
    const other = await startWsServer({ tls: { cert: certs.otherHost.cert, key: certs.otherHost.key } });
    const result = await probe(`wss://${DOPPLER_HOST}:${other.port}/`, { connect: { host: '127.0.0.1' }, ca: certs.caPem });
    expect(failedStep(result)).toMatchObject({ step: 'tls', facts: { chainTrusted: true, validForHost: false } });
    expect(failedStep(result)!.detail).toMatch(/^certificate not valid for doppler\.sys\.example\.com: .*other\.example\.com/);
  });

  it('a plain-text server on a wss URL fails at TLS, saying so', async () => {
    const plain = await startWsServer();
    const result = await probe(`wss://${DOPPLER_HOST}:${plain.port}/`, { connect: { host: '127.0.0.1' } });
    expect(steps(result)).toEqual(['dns:ok', 'tcp:ok', 'tls:failed']);
    expect(failedStep(result)!.detail).toMatch(/^the server answered in plain text, not TLS/);
  });

  it('a TLS server on a ws URL fails at the upgrade, saying so', async () => {
    const result = await probe(`ws://${DOPPLER_HOST}:${server.port}/`, { connect: { host: '127.0.0.1' } });
    expect(failedStep(result)!.step).toBe('websocket');
    expect(failedStep(result)!.detail).toMatch(/TLS/);
  });
});
