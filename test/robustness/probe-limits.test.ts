/**
 * Issue 15, cases 7, 8, 11 and 12: what a probed server (or a manifest) sends cannot make the
 * probe grow without bound, miss a protocol violation, forge output lines or request headers.
 */
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProbe } from '../../src/commands/probe.js';
import { probeEndpoint, type ProbeOptions } from '../../src/probe/client.js';
import { endpointFromAdvertised, endpointFromUrl } from '../../src/probe/endpoint.js';
import { untrustedChain } from '../../src/probe/explain.js';
import { readFrames } from '../../src/probe/frames.js';
import { expectedAccept } from '../../src/probe/handshake.js';
import { failedStep, type ProbeResult } from '../../src/probe/result.js';
import stylish from '../../src/probe/stylish.js';
import { InputError } from '../../src/util/errors.js';
import { escapeText } from '../../src/util/escape.js';
import { closeAllServers, startRawServer, startWsServer } from '../probe/local-servers.js';
import { cleanOutcome, runMain } from './support.js';
import { DOPPLER_HOST, EXPIRED_NOT_AFTER, makeTestCertificates, opensslAvailable, type TestCertificates } from '../probe/test-certs.js';

afterAll(closeAllServers);

const quick: ProbeOptions = { timeoutSeconds: 3 };

/** A server that completes the upgrade and then does `after` with the socket. */
async function upgradedServer(after: (socket: net.Socket) => void): Promise<number> {
  const server = await startRawServer((socket) => {
    let head = '';
    const onData = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onData);
      const key = /sec-websocket-key: *(\S+)/i.exec(head)![1]!;
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${expectedAccept(key)}\r\n\r\n`);
      after(socket);
    };
    socket.on('data', onData);
  });
  return server.port;
}

function probe(port: number, options: Partial<ProbeOptions> = {}): Promise<ProbeResult> {
  return probeEndpoint(endpointFromUrl(`ws://127.0.0.1:${port}/`), { ...quick, ...options });
}

describe('case 11: protocol violations end the hold with a clear verdict', () => {
  it.each([
    ['RSV bits', Buffer.from([0xc1, 0x00]), /reserved bits set/],
    ['a reserved opcode', Buffer.from([0x83, 0x00]), /reserved opcode 0x3/],
    ['a 2^63-byte frame', Buffer.from([0x82, 0x7f, 0x80, 0, 0, 0, 0, 0, 0, 0]), /frame of 9223372036854775808 bytes/],
    ['a masked frame', Buffer.from([0x81, 0x81, 1, 2, 3, 4, 5]), /masked frame/],
    ['a 200-byte ping', Buffer.concat([Buffer.from([0x89, 0x7e, 0x00, 0xc8]), Buffer.alloc(200)]), /control frame longer than 125/],
  ])('%s', async (_, frame, message) => {
    const port = await upgradedServer((socket) => socket.write(frame));
    const started = performance.now();
    const result = await probe(port, { holdSeconds: 5 });
    expect(result.ok).toBe(false);
    const failed = failedStep(result)!;
    expect(failed.step).toBe('hold');
    expect(failed.detail).toMatch(/^protocol violation after [\d.]+ s idle: the server sent /);
    expect(failed.detail).toMatch(message);
    expect(performance.now() - started).toBeLessThan(4000);
  });

  it('reads a frame that arrives a byte at a time', () => {
    const frame = Buffer.concat([Buffer.from([0x82, 0x7e, 0x01, 0x00]), Buffer.alloc(256, 7)]);
    let rest: Buffer = Buffer.alloc(0);
    const frames = [];
    for (const byte of frame) {
      const read = readFrames(Buffer.concat([rest, Buffer.from([byte])]));
      frames.push(...read.frames);
      rest = read.rest;
    }
    expect(frames).toHaveLength(1);
    expect(frames[0]!.payload).toHaveLength(256);
  });
});

describe('case 11: a ping flood from a server that never reads', () => {
  it('does not grow the probe: pongs beyond the write cap are not queued', async () => {
    const ping = Buffer.from([0x89, 0x7d, ...Buffer.alloc(125, 0x61)]);
    const flood = Buffer.concat(Array(512).fill(ping));
    const port = await upgradedServer((socket) => {
      socket.pause(); // never reads the pongs
      const timer = setInterval(() => {
        if (socket.destroyed) return clearInterval(timer);
        socket.write(flood);
      }, 1);
      socket.on('close', () => clearInterval(timer));
    });
    const before = process.memoryUsage().rss;
    const result = await probe(port, { holdSeconds: 2 });
    const grown = (process.memoryUsage().rss - before) / (1024 * 1024);
    expect(result.ok, JSON.stringify(failedStep(result))).toBe(true);
    const hold = result.steps.at(-1)!;
    console.info('ping flood:', JSON.stringify(hold.facts), `rss +${grown.toFixed(0)} MB`);
    // What was answered fits in the socket buffers of an unread connection plus the write cap;
    // the rest of the flood went unanswered rather than queued.
    expect(Number(hold.facts['pingsAnswered']) * 131).toBeLessThan(32 * 1024 * 1024);
    expect(grown).toBeLessThan(150);
  });
});

describe('case 12: the response head', () => {
  it('over 64 KB says so', async () => {
    const server = await startRawServer((socket) => socket.once('data', () => socket.write(`HTTP/1.1 101 Switching Protocols\r\nX-Big: ${'a'.repeat(70 * 1024)}`)));
    const result = await probe(server.port);
    expect(failedStep(result)!.detail).toMatch(/response head is over 64 KB/);
  });

  it('an expired certificate does not send the user to --ca (each remedy)', () => {
    expect(untrustedChain('CERT_HAS_EXPIRED', true, 'Jan 1 00:00:00 2020 GMT')).toMatch(/^certificate expired/);
    expect(untrustedChain('CERT_HAS_EXPIRED', true, 'x')).not.toMatch(/pass --ca/);
    expect(untrustedChain('UNABLE_TO_GET_ISSUER_CERT_LOCALLY', true, 'x')).toMatch(/not trusted by the --ca bundle/);
    expect(untrustedChain('UNABLE_TO_GET_ISSUER_CERT_LOCALLY', false, 'x')).toMatch(/pass --ca FILE/);
  });
});

describe.skipIf(!opensslAvailable())('case 12: a server presenting an expired certificate, probed with --ca', () => {
  let certs: TestCertificates;
  beforeAll(() => {
    certs = makeTestCertificates();
  });
  afterAll(() => certs?.remove());

  it('says the certificate expired and to renew it, not "pass --ca FILE"; exit 1', async () => {
    const server = await startWsServer({ tls: { cert: certs.expiredDoppler.cert, key: certs.expiredDoppler.key } });
    let stdout = '';
    let stderr = '';
    const code = await runProbe(
      { url: `wss://${DOPPLER_HOST}:${server.port}/`, connect: '127.0.0.1', ca: certs.caFile, timeout: 3 },
      [],
      { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) },
    );
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const detail = `certificate expired (CERT_HAS_EXPIRED, valid to ${EXPIRED_NOT_AFTER}): renew it on the load balancer, or --insecure`;
    const lines = stdout.split('\n');
    expect(lines.find((line) => /^ {2}✖ TLS /.test(line)), stdout).toMatch(/ ms {2}certificate expired \(CERT_HAS_EXPIRED, /);
    expect(lines.find((line) => /^ {2}✖ TLS /.test(line))!.endsWith(detail), stdout).toBe(true);
    expect(stdout).toContain(`✖ ${DOPPLER_HOST}: TLS failed: ${detail}\n`);
    expect(stdout).not.toMatch(/--ca/);
    // The same server with the certificate the CA issued for 30 days passes: the CA was the right one.
    const valid = await startWsServer({ tls: { cert: certs.doppler.cert, key: certs.doppler.key } });
    expect(await runProbe({ url: `wss://${DOPPLER_HOST}:${valid.port}/`, connect: '127.0.0.1', ca: certs.caFile, timeout: 3 }, [], { stdout: () => undefined, stderr: () => undefined })).toBe(0);
  });
});

describe('case 8: what the server sends is printed escaped', () => {
  it('a reason phrase and a close reason with ESC and line breaks', async () => {
    const server = await startRawServer((socket) => socket.once('data', () => socket.end('HTTP/1.1 400 Bad\u001b[31m\u2028::error file=x::forged\r\nServer: evil\u001b]0;title\u0007\r\n\r\n')));
    const refused = await probe(server.port);
    const reason = Buffer.from('bye\n::error file=README.md::forged\u001b[2J', 'utf8');
    const port = await upgradedServer((socket) => socket.write(Buffer.concat([Buffer.from([0x88, 2 + reason.length, 0x03, 0xe8]), reason])));
    const closed = await probe(port, { holdSeconds: 5 });
    const text = stylish([refused, closed], false);
    expect(text).not.toMatch(/[\u001b\u0007\u2028\r]/);
    expect(text).not.toMatch(/^::error/m);
    expect(text).toContain('\\e[31m');
  });
});

describe('case 7: probe --manifest with a system_domain holding CR LF', () => {
  it('refuses the host instead of sending extra request headers', () => {
    for (const host of ['doppler.sys.example.com\r\nX-Injected: 1', 'doppler.sys.example.com\nX: y', 'doppler sys', 'doppler.sys.example.com/path']) {
      expect(() => endpointFromAdvertised({ label: 'doppler', host, port: 443, useSsl: true })).toThrow(InputError);
    }
    expect(endpointFromAdvertised({ label: 'doppler', host: 'doppler.sys.example.com', port: 443, useSsl: true }).host).toBe('doppler.sys.example.com');
    expect(endpointFromAdvertised({ label: 'doppler', host: '10.0.0.1', port: 443, useSsl: true }).host).toBe('10.0.0.1');
  });
});

describe('case 7: every probe option that reaches the upgrade request refuses control characters itself', () => {
  /** CR, LF and the rest of C0, DEL, C1 (NEL, CSI) and the Unicode line separators. */
  const CONTROLS = ['\r', '\n', '\r\n', '\u0000', '\u001b', '\u007f', '\u0085', '\u009b', '\u2028', '\u2029'];
  const GUID = '6f1a1a6e-3b0b-4c6e-9a7b-2d1c0e9f8a7b';
  const injected = (control: string) => `${control}X-Injected: 1`;
  /** Each option with a hostile value in the place a user would give it; `url` is the probe's own URL. */
  const OPTIONS: Array<[where: string, option: string, args: (control: string, url: string) => string[]]> = [
    ['the URL\'s path', 'the URL', (c, url) => [`${url}firehose/x${injected(c)}`]],
    ['--path', '--path', (c, url) => [url, '--path', `/firehose/x${injected(c)}`]],
    ['--app-guid', '--app-guid', (c, url) => [url, '--app-guid', `${GUID}${injected(c)}`]],
    ['--header\'s value', '--header', (c, url) => [url, '--header', `X-A: 1${injected(c)}`]],
    ['--header\'s name', '--header', (c, url) => [url, '--header', `X-A${c}: 1`]],
    ['--token', '--token', (c, url) => [url, '--token', `bearer abc${injected(c)}`]],
    ['--app-host with --manifest', '--app-host', (c) => ['--manifest', 'cf.yml', '--app-host', `myapp${c}evil`]],
    ['--app-host without --manifest', '--app-host', (c) => ['--app-host', `myapp${c}evil`]],
    ['--app-domain', '--app-domain', (c) => ['--manifest', 'cf.yml', '--app-domain', `apps.example.com${injected(c)}`]],
  ];

  it.each(OPTIONS.flatMap(([where, option, args]) => CONTROLS.map((control) => [where, escapeText(control), option, control, args] as const)))(
    '%s with %s: one exit-2 line naming the option, nothing sent',
    async (_where, _shown, option, control, args) => {
      let connections = 0;
      const server = await startRawServer((socket) => {
        connections++;
        socket.destroy();
      });
      const result = await runMain(['probe', '--timeout', '2', ...args(control, `ws://127.0.0.1:${server.port}/`)]);
      expect(cleanOutcome(result), result.stderr).toBeUndefined();
      expect(result.code, result.stderr).toBe(2);
      expect(result.stdout).toBe('');
      const message = `${option}: contains a control character (${escapeText(control[0]!)}), which would end or corrupt a line of the upgrade request; refused`;
      expect(result.stderr).toMatch(/^cf-ws-lint(?: probe)?: /);
      expect(result.stderr.replace(/^cf-ws-lint(?: probe)?: /, '')).toBe(`${message}\n`);
      expect(connections).toBe(0);
      await server.close();
    },
  );

  // An environment variable cannot hold NUL (execve(2) ends the string there).
  it.each(CONTROLS.filter((control) => control !== '\u0000').map((control) => [escapeText(control), control]))('CF_WS_LINT_TOKEN with %s: named as the environment variable, nothing sent', async (_shown, control) => {
    let connections = 0;
    const server = await startRawServer((socket) => {
      connections++;
      socket.destroy();
    });
    const before = process.env.CF_WS_LINT_TOKEN;
    process.env.CF_WS_LINT_TOKEN = `bearer abc${injected(control)}`;
    try {
      const result = await runMain(['probe', '--timeout', '2', `ws://127.0.0.1:${server.port}/`]);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toBe(`cf-ws-lint: CF_WS_LINT_TOKEN: contains a control character (${escapeText(control[0]!)}), which would end or corrupt a line of the upgrade request; refused\n`);
      expect(connections).toBe(0);
    } finally {
      if (before === undefined) delete process.env.CF_WS_LINT_TOKEN;
      else process.env.CF_WS_LINT_TOKEN = before;
      await server.close();
    }
  });

  it('a tab inside a header value is no control character to HTTP (RFC 9110 §5.5): it is sent', async () => {
    const server = await startWsServer();
    const result = await runMain(['probe', '--timeout', '2', `ws://127.0.0.1:${server.port}/`, '--header', 'X-A: 1\t2']);
    expect(result.code, result.stderr + result.stdout).toBe(0);
  });
});
