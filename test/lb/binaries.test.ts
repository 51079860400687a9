/**
 * Every HAProxy and nginx fixture is a configuration the real programs accept: `haproxy -c`
 * and `nginx -t` (skipped, with a note, where they are not installed). Paths under /var/vcap/
 * (certificates, ACL files, error pages: where BOSH jobs keep them) are rewritten into a temp
 * directory holding a throwaway self-signed certificate, and `user vcap` becomes this uid.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES } from './support.js';

const installed = (cmd: string, arg: string) => spawnSync(cmd, [arg], { encoding: 'utf8' }).status === 0;
const HAVE_HAPROXY = installed('haproxy', '-v');
const HAVE_NGINX = installed('nginx', '-v');
const HAVE_OPENSSL = installed('openssl', 'version');
const STREAM_MODULE = '/usr/lib/nginx/modules/ngx_stream_module.so';

if (!HAVE_OPENSSL) console.warn('[skip] haproxy -c / nginx -t checks: openssl is not installed');
if (!HAVE_HAPROXY) console.warn('[skip] haproxy -c on fixtures/lb/haproxy: haproxy is not installed (apt-get install haproxy)');
if (!HAVE_NGINX) console.warn('[skip] nginx -t on fixtures/lb/nginx: nginx is not installed (apt-get install nginx-light libnginx-mod-stream)');

let dir = '';
let pem = '';

beforeAll(() => {
  if (!HAVE_OPENSSL) return;
  dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-lb-'));
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=cf-ws-lint.test'], { encoding: 'utf8' });
  expect(made.status, made.stderr).toBe(0);
  pem = readFileSync(cert, 'utf8') + readFileSync(key, 'utf8');
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The fixture with /var/vcap/ moved into the temp dir, and every file it names created there. */
function localise(text: string): string {
  const root = path.join(dir, 'root');
  const rewritten = text.replaceAll('/var/vcap/', `${root}/var/vcap/`).replace(/^(\s*)user vcap$/m, `$1uid ${process.getuid?.() ?? 0}`).replace(/^(\s*)group vcap$/m, `$1gid ${process.getgid?.() ?? 0}`);
  for (const [file] of rewritten.matchAll(new RegExp(`${root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/var/vcap/[^\\s,);"']+`, 'g'))) {
    if (path.basename(file) === 'ssl' || !path.extname(file)) {
      // `crt DIR` loads every certificate in a directory.
      mkdirSync(file, { recursive: true });
      writeFileSync(path.join(file, 'cert.pem'), pem);
      continue;
    }
    mkdirSync(path.dirname(file), { recursive: true });
    if (file.endsWith('.pem')) writeFileSync(file, pem);
    else if (file.endsWith('.http')) writeFileSync(file, 'HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n\r\nunavailable\n');
    else if (!existsSync(file)) writeFileSync(file, '');
  }
  return rewritten;
}

const fixtures = (kind: string) => readdirSync(path.join(FIXTURES, kind)).sort();

describe.skipIf(!HAVE_HAPROXY || !HAVE_OPENSSL)('haproxy -c accepts every HAProxy fixture', () => {
  const check = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return spawnSync('haproxy', ['-c', '-f', file], { encoding: 'utf8' });
  };

  it.each(fixtures('haproxy'))('%s', (name) => {
    const text = localise(readFileSync(path.join(FIXTURES, 'haproxy', name), 'utf8'));
    if (!/^\s*reqadd /m.test(text)) {
      const result = check(name, text);
      expect(result.status, result.stdout + result.stderr).toBe(0);
      return;
    }
    // cf-release rendered `reqadd`, which HAProxy 2.1 removed: it must be the only complaint,
    // and the config with its modern equivalent must be valid.
    const legacy = check(name, text);
    const alerts = `${legacy.stdout}${legacy.stderr}`.split('\n').filter((l) => l.includes('[ALERT]') && l.includes('parsing ['));
    if (legacy.status === 0) return;
    expect(alerts.length).toBeGreaterThan(0);
    for (const alert of alerts) expect(alert).toContain("'reqadd' directive is not supported anymore");
    const modern = text.replace(/^(\s*)reqadd X-Forwarded-Proto:\\ (\S+)$/gm, '$1http-request add-header X-Forwarded-Proto $2');
    const result = check(`modern-${name}`, modern);
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });
});

describe.skipIf(!HAVE_NGINX || !HAVE_OPENSSL)('nginx -t accepts every nginx fixture', () => {
  it.each(fixtures('nginx'))('%s', (name) => {
    let text = localise(readFileSync(path.join(FIXTURES, 'nginx', name), 'utf8'));
    if (/^stream\s*\{/m.test(text)) {
      if (!existsSync(STREAM_MODULE)) {
        console.warn(`[skip] nginx -t ${name}: ${STREAM_MODULE} is not installed (apt-get install libnginx-mod-stream)`);
        return;
      }
      text = `load_module ${STREAM_MODULE};\n${text}`;
    }
    const file = path.join(dir, name);
    writeFileSync(file, text);
    const result = spawnSync('nginx', ['-t', '-q', '-c', file, '-p', `${dir}/`, '-e', path.join(dir, 'error.log'), '-g', `pid ${path.join(dir, 'nginx.pid')};`], { encoding: 'utf8' });
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });
});
