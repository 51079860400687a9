/**
 * ws:// to a port that terminates TLS: the web server answers 400 and says why in its body.
 * The probe names the mismatch instead of blaming a dropped Upgrade header. Checked against
 * the answer of a real nginx (Debian's, as CI installs it) and of Apache httpd's wording.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probeEndpoint } from '../../src/probe/client.js';
import { endpointFromUrl } from '../../src/probe/endpoint.js';
import { failedStep } from '../../src/probe/result.js';
import { nginxMissing, startNginx, writeNginxRunConfig } from '../truth/nginx-harness.js';
import { stopAllLbProcesses } from '../truth/lb-process.js';
import { closeAllServers, freePort, startRawServer } from './local-servers.js';
import { makeTestCertificates, opensslAvailable } from './test-certs.js';

afterAll(async () => {
  await stopAllLbProcesses();
  await closeAllServers();
});

async function failureOf(url: string): Promise<{ detail: string; verdict: unknown }> {
  const step = failedStep(await probeEndpoint(endpointFromUrl(url), { timeoutSeconds: 5 }))!;
  return { detail: step.detail, verdict: step.facts?.['verdict'] };
}

describe('a plain request to a TLS port', () => {
  it.each([
    ['Apache httpd', 'Apache/2.4.62', "<p>Your browser sent a request that this server could not understand.<br />\nReason: You're speaking plain HTTP to an SSL-enabled server port.<br />\n"],
    ['a 400 that says nothing of TLS', 'awselb/2.0', 'Bad Request'],
  ])('is named from the body of the 400 (%s)', async (_name, server, body) => {
    const raw = await startRawServer((socket) =>
      socket.once('data', () => socket.end(`HTTP/1.1 400 Bad Request\r\nServer: ${server}\r\nContent-Length: ${body.length}\r\n\r\n${body}`)),
    );
    const { detail } = await failureOf(`ws://127.0.0.1:${raw.port}/`);
    if (body.includes('SSL')) expect(detail).toBe(`HTTP 400 Bad Request from ${server}: this port expects TLS and the request was plain (the server says "speaking plain HTTP to an SSL-enabled server port"): clients must use wss:// here (doppler.use_ssl: true), and so must the probe`);
    else expect(detail).toMatch(/: the router did not get a WebSocket upgrade/);
  });

  const skipNginx = nginxMissing() ?? (opensslAvailable() ? undefined : 'openssl is not installed');
  if (skipNginx) console.log(`SKIPPED nginx TLS-port answer: ${skipNginx}`);
  it.skipIf(skipNginx !== undefined)('is named from real nginx\'s answer on a `listen … ssl` port', async () => {
    const certs = makeTestCertificates();
    const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-nginx-tls-'));
    try {
      const port = await freePort();
      const config = `events {}\nhttp {\n  server {\n    listen 127.0.0.1:${port} ssl;\n    ssl_certificate ${certs.doppler.pemFile};\n    ssl_certificate_key ${certs.doppler.pemFile};\n    location / { return 200; }\n  }\n}\n`;
      const nginx = await startNginx(writeNginxRunConfig(config, dir), port);
      try {
        const { detail, verdict } = await failureOf(`ws://127.0.0.1:${port}/`);
        expect(detail).toMatch(/^HTTP 400 Bad Request from nginx(\/[\d.]+)?: this port expects TLS and the request was plain \(the server says "The plain HTTP request was sent to HTTPS port"\)/);
        expect(verdict).toBe('fails');
      } finally {
        await nginx.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      certs.remove();
    }
  });
});
