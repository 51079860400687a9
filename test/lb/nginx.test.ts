import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/util/errors.js';
import { nginxSeconds } from '../../src/lb/nginx-config.js';
import { readNginx } from '../../src/lb/nginx.js';
import { expectEvidenceEverywhere, FIXTURES, rows, type Row } from './support.js';

const fixture = (name: string) => readNginx(path.join(FIXTURES, 'nginx', name));
const inline = (text: string) => rows(readNginx('/tmp/nginx.conf', text));

describe('nginx fixtures', () => {
  it('http: the proxy_set_header inheritance trap, HTTP/1.0 by default, PROXY from the LB in front', () => {
    const lb = 'websocket-proxy';
    const lbs = fixture('websocket-proxy.conf');
    const at = (line: number) => `websocket-proxy.conf:${line}`;
    expect(rows(lbs)).toEqual([
      // `location /` sets headers, so the server's X-Forwarded-For/-Proto are not sent.
      { lb, port: '443', proto: 'https', tls: true, upgrade: true, xff: false, xfp: false, proxy: 'no/no', idle: 3600, backend: '80 http', at: at(24) },
      { lb, port: '80', proto: 'http', tls: false, upgrade: false, xff: true, xfp: true, proxy: 'no/no', idle: 60, backend: '80 http', at: at(44) },
      { lb, port: '4443', proto: 'https', tls: true, upgrade: true, xff: true, xfp: true, proxy: 'yes/no', idle: 3600, backend: '443 https', at: at(57) },
      { lb, port: '8080', proto: 'http', tls: false, upgrade: false, xff: false, xfp: false, proxy: 'no/no', idle: 'unknown', backend: '? ?', at: at(74) },
    ]);
    expect(lbs[0]!.listeners[0]!.hostnames).toEqual(['doppler.sys.example.com', 'log-stream.sys.example.com']);
    expect(lbs[0]!.listeners[0]!.evidence.find((e) => e.field === 'addsXForwardedFor')!.note).toBe("no proxy_set_header X-Forwarded-For in effect (proxy_set_header set at line 35; other levels' are not inherited)");
    expect(lbs[0]!.listeners[1]!.evidence.find((e) => e.field === 'passesUpgrade')!.note).toBe('proxy_http_version defaults to 1.0, which has no Upgrade');
    expectEvidenceEverywhere(lbs);
  });

  it('stream: TLS terminated with PROXY v1, TLS passed through, UDP', () => {
    const lb = 'stream';
    const lbs = fixture('stream.conf');
    expect(rows(lbs)).toEqual([
      { lb, port: '4443', proto: 'ssl', tls: true, upgrade: true, xff: false, xfp: false, proxy: 'no/v1', idle: 3600, backend: '80 tcp', at: 'stream.conf:16' },
      { lb, port: '443', proto: 'tcp', tls: false, upgrade: true, xff: false, xfp: false, proxy: 'no/no', idle: 600, backend: '443 tcp', at: 'stream.conf:25' },
      { lb, port: '5353', proto: 'udp', tls: false, upgrade: false, xff: false, xfp: false, proxy: 'no/no', idle: 3600, backend: '53 ?', at: 'stream.conf:32' },
    ]);
    expectEvidenceEverywhere(lbs);
  });
});

describe('nginx reader', () => {
  const proxied = (location: string, server = '', http = '') => `events {}\nhttp {\n${http}\n  server {\n    listen 80;\n${server}\n    location / {\n      proxy_pass http://10.0.0.1:8080;\n${location}\n    }\n  }\n}\n`;
  type Case = [name: string, config: string, expected: Partial<Row>];
  const cases: Case[] = [
    ['upgrade needs all three', proxied('proxy_http_version 1.1;\nproxy_set_header Upgrade $http_upgrade;\nproxy_set_header Connection "Upgrade";'), { upgrade: true, backend: '8080 http' }],
    ['no Connection header', proxied('proxy_http_version 1.1;\nproxy_set_header Upgrade $http_upgrade;'), { upgrade: false }],
    ['no Upgrade header', proxied('proxy_http_version 1.1;\nproxy_set_header Connection upgrade;'), { upgrade: false }],
    ['a Connection variable from a map on $http_upgrade', proxied('proxy_set_header Upgrade $http_upgrade;\nproxy_set_header Connection $conn;', '', 'map $http_upgrade $conn { default upgrade; "" close; }\nproxy_http_version 1.1;'), { upgrade: true }],
    ['a Connection variable nobody defines', proxied('proxy_http_version 1.1;\nproxy_set_header Upgrade $http_upgrade;\nproxy_set_header Connection $other;'), { upgrade: 'unknown' }],
    ['headers inherited from http level when the location sets none', proxied('proxy_read_timeout 2m;', '', 'proxy_set_header X-Forwarded-For $remote_addr;\nproxy_set_header X-Forwarded-Proto $scheme;'), { xff: true, xfp: true, idle: 120 }],
    ['a location that returns', proxied('return 301 https://$host$request_uri;').replace('proxy_pass http://10.0.0.1:8080;', ''), { upgrade: false, backend: '? ?' }],
    ['no listen: port 80', 'http { server { location / { proxy_pass http://up; } } upstream up { server a:81; } }', { port: '80', backend: '81 http' }],
    ['legacy ssl on', 'http { server { listen 443; ssl on; location / { proxy_pass https://b; } } }', { proto: 'https', tls: true, backend: '443 https' }],
    ['a bare server file (an included site)', 'server { listen 8080; location / { proxy_pass http://x:9000; } }', { port: '8080', backend: '9000 http' }],
    ['a Lua block does not confuse the reader', 'http { server { listen 80; location / { content_by_lua_block { ngx.say("}") } } } }', { port: '80', upgrade: false }],
  ];
  it.each(cases)('%s', (_, config, expected) => {
    const [row] = inline(config);
    expect(row).toMatchObject(expected);
  });

  it('expands includes (globs may match nothing) relative to the main file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-nginx-'));
    mkdirSync(path.join(dir, 'sites'));
    writeFileSync(path.join(dir, 'sites/a.conf'), 'server { listen 81; }\n');
    writeFileSync(path.join(dir, 'sites/b.conf'), 'server { listen 82; }\n');
    writeFileSync(path.join(dir, 'nginx.conf'), 'events {}\nhttp {\n  include sites/*.conf;\n  include none/*.conf;\n}\n');
    const lbs = readNginx(path.join(dir, 'nginx.conf'));
    expect(rows(lbs).map((r) => r.at)).toEqual(['a.conf:1', 'b.conf:1']);
    writeFileSync(path.join(dir, 'missing.conf'), 'http {\n  include nowhere.conf;\n}\n');
    expect(() => readNginx(path.join(dir, 'missing.conf'))).toThrow(/missing\.conf:2|include nowhere\.conf: no such file/);
  });

  it.each([
    ['http {\n  server {\n    listen 80;\n', 2, 'unexpected end of file'],
    ['http {\n  listen 80\n}\n', 3, 'unexpected "}"'],
    ['}\n', 1, 'unexpected "}"'],
    ['http { server_name "a;\n', 1, 'unterminated double quote'],
  ])('syntax error -> InputError with the line: %j', (text, line, message) => {
    let error: unknown;
    try {
      readNginx('n.conf', text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).line).toBe(line);
    expect((error as InputError).message).toContain(message);
  });

  it('reads nginx time', () => {
    expect(['60', '60s', '10m', '1h30m', '12h', '500ms', '1d', 'x'].map(nginxSeconds)).toEqual([60, 60, 600, 5400, 43200, 0.5, 86400, undefined]);
  });
});
