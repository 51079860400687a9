/**
 * Certificates for local TLS servers, made with the openssl CLI into a temp dir: a CA (so
 * `--ca` can be tested), a server certificate for the doppler host, one for another host, one
 * for a load balancer that serves both the system and the apps domain, and an expired one.
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
  /** For the doppler host, issued by the CA, valid only in January 2020 (EXPIRED_NOT_AFTER). */
  expiredDoppler: KeyPair;
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

/** When `expiredDoppler` stopped being valid, as openssl prints it (and Node's valid_to shows it). */
export const EXPIRED_NOT_AFTER = 'Feb  1 00:00:00 2020 GMT';

/**
 * A minimal `openssl ca` setup: unlike `openssl x509 -req` before OpenSSL 3.4 (no -not_after),
 * `openssl ca` takes explicit start and end dates, so a certificate can be made that has
 * already expired, as a load balancer's forgotten one has.
 */
const CA_CONFIG = [
  '[ca]',
  'default_ca = test_ca',
  '[test_ca]',
  'database = index.txt',
  'new_certs_dir = .',
  'serial = serial',
  'default_md = sha256',
  'policy = any_name',
  'unique_subject = no',
  '[any_name]',
  'commonName = supplied',
  '',
].join('\n');

export function makeTestCertificates(): TestCertificates {
  const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-certs-'));
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });

  openssl('req', '-x509', ...EC_KEY, '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '30', '-subj', '/CN=cf-ws-lint test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');

  const request = (name: string, host: string, moreHosts: string[]): void => {
    openssl('req', '-new', ...EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${host}`);
    const names = [host, ...moreHosts].map((h) => `DNS:${h}`).join(',');
    writeFileSync(file(`${name}.ext`), `subjectAltName=${names}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
  };
  const keyPair = (name: string): KeyPair => {
    const cert = readFileSync(file(`${name}.crt`), 'utf8');
    const key = readFileSync(file(`${name}.key`), 'utf8');
    writeFileSync(file(`${name}.pem`), cert + key);
    return { cert, key, pemFile: file(`${name}.pem`) };
  };
  const issue = (name: string, host: string, ...moreHosts: string[]): KeyPair => {
    request(name, host, moreHosts);
    openssl('x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-set_serial', String(Date.now()),
      '-days', '30', '-extfile', `${name}.ext`, '-out', `${name}.crt`);
    return keyPair(name);
  };
  const issueExpired = (name: string, host: string): KeyPair => {
    request(name, host, []);
    writeFileSync(file('ca.cnf'), CA_CONFIG);
    writeFileSync(file('index.txt'), '');
    writeFileSync(file('serial'), '01\n');
    openssl('ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.crt', '-keyfile', 'ca.key', '-in', `${name}.csr`, '-out', `${name}.crt`,
      '-startdate', '20200101000000Z', '-enddate', '20200201000000Z', '-extfile', `${name}.ext`, '-notext');
    return keyPair(name);
  };

  return {
    dir,
    caFile: file('ca.crt'),
    caPem: readFileSync(file('ca.crt'), 'utf8'),
    doppler: issue('doppler', DOPPLER_HOST),
    otherHost: issue('other', 'other.example.com'),
    dopplerAndApps: issue('doppler-and-apps', DOPPLER_HOST, `*.${APP_DOMAIN}`),
    expiredDoppler: issueExpired('expired-doppler', DOPPLER_HOST),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
