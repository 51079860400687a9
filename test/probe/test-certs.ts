/**
 * Certificates for local TLS servers, made with the openssl CLI into a temp dir: a CA (so
 * `--ca` can be tested), a server certificate for the doppler host, one for another host, and
 * one for a load balancer that serves both the system and the apps domain.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const DOPPLER_HOST = 'doppler.sys.example.com';
/** An app route's host, under cf-deployment's default app domain shape. */
export const APP_DOMAIN = 'apps.example.com';
export const APP_HOST = `app.${APP_DOMAIN}`;

export interface KeyPair {
  cert: string;
  key: string;
  /** cert then key in one file, as HAProxy's `crt` wants it. */
  pemFile: string;
}

export interface TestCertificates {
  dir: string;
  caFile: string;
  caPem: string;
  doppler: KeyPair;
  otherHost: KeyPair;
  /** For the doppler host and `*.<APP_DOMAIN>`, as an LB in front of both has. */
  dopplerAndApps: KeyPair;
  remove(): void;
}

export function opensslAvailable(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-certs-'));
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });

  openssl('req', '-x509', ...EC_KEY, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '30', '-subj', '/CN=cf-ws-lint test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');

  const issue = (name: string, host: string, ...moreHosts: string[]): KeyPair => {
    openssl('req', '-new', ...EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${host}`);
    const names = [host, ...moreHosts].map((h) => `DNS:${h}`).join(',');
    writeFileSync(file(`${name}.ext`), `subjectAltName=${names}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', String(Date.now()),
      '-days', '30', '-extfile', `${name}.ext`, '-out', `${name}.crt`);
    const cert = readFileSync(file(`${name}.crt`), 'utf8');
    const key = readFileSync(file(`${name}.key`), 'utf8');
    writeFileSync(file(`${name}.pem`), cert + key);
    return { cert, key, pemFile: file(`${name}.pem`) };
  };

  return {
    dir,
    caFile: file('ca.crt'),
    caPem: readFileSync(file('ca.crt'), 'utf8'),
    doppler: issue('doppler', DOPPLER_HOST),
    otherHost: issue('other', 'other.example.com'),
    dopplerAndApps: issue('doppler-and-apps', DOPPLER_HOST, `*.${APP_DOMAIN}`),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
