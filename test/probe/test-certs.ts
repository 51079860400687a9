/**
 * Certificates for local TLS servers, made with the openssl CLI into a temp dir: a CA (so
 * `--ca` can be tested), a server certificate for the doppler host, and one for another host.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const DOPPLER_HOST = 'doppler.sys.example.com';

/** The route of an app on the system domain (cf-deployment's app_domains holds the system domain). */
export const APP_HOST = 'app.sys.example.com';

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
  /** `*.sys.example.com`, as a load balancer for the system domain and its apps holds. */
  sysWildcard: KeyPair;
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

  const issue = (name: string, host: string): KeyPair => {
    openssl('req', '-new', ...EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${host}`);
    writeFileSync(file(`${name}.ext`), `subjectAltName=DNS:${host}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
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
    sysWildcard: issue('sys-wildcard', '*.sys.example.com'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
