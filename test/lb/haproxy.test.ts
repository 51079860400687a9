import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/util/errors.js';
import { haproxySeconds, lineWords } from '../../src/lb/haproxy-config.js';
import { readHaproxy } from '../../src/lb/haproxy.js';
import { expectEvidenceEverywhere, FIXTURES, rows, type Row } from './support.js';

const fixture = (name: string) => {
  const file = path.join(FIXTURES, 'haproxy', name);
  return readHaproxy(readFileSync(file, 'utf8'), file);
};

// haproxy-boshrelease defaults: `option forwardfor` and `timeout tunnel 3600000ms` in defaults,
// every HTTP frontend adds X-Forwarded-Proto if absent; cf-deployment's use-haproxy.yml sends to
// the routers on 443 over TLS (backend_ssl verify), HTTP/1.1 (`alpn http/1.1`).
const boshrelease = (lb: string, lines: { http: number; https: number; wss?: number; tcpRouting: number; ssh: number }): Row[] => [
  { lb, port: '80', proto: 'http', tls: false, upgrade: true, xff: true, xfp: true, proxy: 'no/no', idle: 3600, backend: '443 https', at: `${lb}.cfg:${lines.http}` },
  { lb, port: '443', proto: 'https', tls: true, upgrade: true, xff: true, xfp: true, proxy: 'no/no', idle: 3600, backend: '443 https', at: `${lb}.cfg:${lines.https}` },
  ...(lines.wss ? [{ lb, port: '4443', proto: 'https', tls: true, upgrade: true, xff: true, xfp: true, proxy: 'no/no', idle: 3600, backend: '443 https', at: `${lb}.cfg:${lines.wss}` } satisfies Row] : []),
  // tcp_router link: `bind :1024-1123`, servers without a port (the client's port).
  { lb, port: '1024-1123', proto: 'tcp', tls: false, upgrade: true, xff: false, xfp: false, proxy: 'no/no', idle: 3600, backend: 'same tcp', at: `${lb}.cfg:${lines.tcpRouting}` },
  // tcp_backend link (ssh_proxy) on tcp_link_port 2222.
  { lb, port: '2222', proto: 'tcp', tls: false, upgrade: true, xff: false, xfp: false, proxy: 'no/no', idle: 3600, backend: '2222 tcp', at: `${lb}.cfg:${lines.ssh}` },
];

describe('HAProxy configs rendered from the CF job templates', () => {
  it('haproxy-boshrelease with cf-deployment use-haproxy.yml: 80 and 443, no 4443', () => {
    const lbs = fixture('boshrelease-use-haproxy.cfg');
    expect(rows(lbs)).toEqual(boshrelease('boshrelease-use-haproxy', { http: 53, https: 68, tcpRouting: 115, ssh: 130 }));
    expectEvidenceEverywhere(lbs);
  });

  it('haproxy-boshrelease with enable_4443: wss-in is mode http, so WebSockets are proxied natively', () => {
    const lbs = fixture('boshrelease-enable-4443.cfg');
    expect(rows(lbs)).toEqual(boshrelease('boshrelease-enable-4443', { http: 53, https: 68, wss: 96, tcpRouting: 139, ssh: 154 }));
    const wss = lbs[0]!.listeners[2]!;
    expect(wss.evidence.find((e) => e.field === 'addsXForwardedFor')).toMatchObject({ source: { line: 35 }, note: 'option forwardfor in defaults' });
    expect(wss.evidence.find((e) => e.field === 'idleTimeoutSeconds')).toMatchObject({ source: { line: 41 }, note: 'timeout tunnel 3600000ms (in defaults)' });
    expect(wss.evidence.find((e) => e.field === 'addsXForwardedProto')!.note).toBe('http-request add-header X-Forwarded-Proto if ! xfp_exists');
  });

  it("cf-release's built-in HAProxy: 4443 is mode tcp with TLS terminated, to router:80", () => {
    const lb = 'cf-release-minimal-aws';
    const lbs = fixture(`${lb}.cfg`);
    expect(rows(lbs)).toEqual([
      { lb, port: '80', proto: 'http', tls: false, upgrade: true, xff: true, xfp: true, proxy: 'no/no', idle: 900, backend: '80 http', at: `${lb}.cfg:38` },
      // `listen health_check_http_url`: a monitor-uri with no servers behind it.
      { lb, port: '8080', proto: 'http', tls: false, upgrade: true, xff: false, xfp: false, proxy: 'no/?', idle: 900, backend: '? ?', at: `${lb}.cfg:46` },
      { lb, port: '443', proto: 'https', tls: true, upgrade: true, xff: true, xfp: true, proxy: 'no/no', idle: 900, backend: '80 http', at: `${lb}.cfg:53` },
      { lb, port: '4443', proto: 'ssl', tls: true, upgrade: true, xff: false, xfp: false, proxy: 'no/no', idle: 900, backend: '80 tcp', at: `${lb}.cfg:61` },
    ]);
    expect(lbs[0]!.listeners[2]!.evidence.find((e) => e.field === 'addsXForwardedProto')!.note).toContain('reqadd: removed in HAProxy 2.1');
    expectEvidenceEverywhere(lbs);
  });
});

describe('HAProxy reader', () => {
  it('reads the edge-case fixture', () => {
    const lb = 'edge-cases';
    const lbs = fixture('edge-cases.cfg');
    const at = (line: number) => `${lb}.cfg:${line}`;
    expect(rows(lbs)).toEqual([
      // `bind :80,:8080 accept-proxy`: one listener per port; mode http from the last defaults.
      { lb, port: '80', proto: 'http', tls: false, upgrade: true, xff: true, xfp: true, proxy: 'yes/no', idle: 3600, backend: '80 http', at: at(26) },
      { lb, port: '8080', proto: 'http', tls: false, upgrade: true, xff: true, xfp: true, proxy: 'yes/no', idle: 3600, backend: '80 http', at: at(26) },
      // WebSockets go to the HTTP/1.1 backend (use_backend on an Upgrade ACL), not the h2 default.
      { lb, port: '443', proto: 'https', tls: true, upgrade: true, xff: true, xfp: true, proxy: 'no/no', idle: 3600, backend: '443 https', at: at(34) },
      { lb, port: '8443', proto: 'https', tls: true, upgrade: false, xff: true, xfp: false, proxy: 'no/no', idle: 3600, backend: '80 http', at: at(42) },
      // `option forwardfor header X-Real-IP` in front and `header X-Client-IP` behind: no X-Forwarded-For.
      { lb, port: '8081', proto: 'http', tls: false, upgrade: false, xff: false, xfp: false, proxy: 'no/no', idle: 3600, backend: '80 http', at: at(49) },
      // `from l4`: mode tcp, no tunnel timeout, so the shorter of client 2m and server 90s.
      { lb, port: '1024-1030', proto: 'tcp', tls: false, upgrade: true, xff: false, xfp: false, proxy: 'no/v2', idle: 90, backend: 'same tcp', at: at(56) },
      { lb, port: '4443', proto: 'ssl', tls: true, upgrade: true, xff: false, xfp: false, proxy: 'no/v1', idle: 90, backend: '80 tcp', at: at(65) },
      { lb, port: '9999', proto: 'http', tls: false, upgrade: true, xff: true, xfp: false, proxy: 'no/no', idle: 3600, backend: '80 http', at: at(70), cond: true },
    ]);
    expectEvidenceEverywhere(lbs);
    const noWs = lbs[0]!.listeners[3]!;
    expect(noWs.evidence.find((e) => e.field === 'passesUpgrade')).toMatchObject({ source: { line: 44 }, note: 'http-request deny on an Upgrade condition' });
  });

  type Case = [name: string, config: string, expected: Partial<Row>[]];
  const cases: Case[] = [
    ['mode defaults to tcp', 'frontend f\n  bind :443\n  default_backend b\nbackend b\n  server s 10.0.0.1:443\n', [{ port: '443', proto: 'tcp', upgrade: true, xff: false, idle: 'unknown', backend: '443 tcp' }]],
    ['legacy address on the listen line', 'listen app 0.0.0.0:8080\n  mode http\n  server s 10.0.0.1:80\n', [{ port: '8080', proto: 'http', backend: '80 http', at: 'haproxy.cfg:1' }]],
    ['environment variable port', 'frontend f\n  bind "${FRONT}"\n  default_backend b\nbackend b\n  server s 10.0.0.1:80\n', [{ port: 'unknown' }]],
    ['unix sockets are not listeners', 'frontend f\n  bind unix@/run/h.sock\n  bind /run/other.sock\n  bind abns@x\n', []],
    ['timeout units', 'defaults\n  timeout client 2m\n  timeout server 45000\nfrontend f\n  bind :80\n  default_backend b\nbackend b\n  server s 10.0.0.1:80\n', [{ idle: 45 }]],
    ['legacy clitimeout/srvtimeout', 'frontend f\n  bind :80\n  clitimeout 20s\n  default_backend b\nbackend b\n  srvtimeout 30s\n  server s 10.0.0.1:80\n', [{ idle: 20 }]],
    ['tunnel timeout on the backend wins', 'defaults\n  mode http\n  timeout client 30s\n  timeout server 30s\nfrontend f\n  bind :80\n  default_backend b\nbackend b\n  timeout tunnel 1h\n  server s 10.0.0.1:80\n', [{ idle: 3600 }]],
    ['conditional del-header Upgrade is unknown', 'defaults\n  mode http\nfrontend f\n  bind :80\n  http-request del-header Upgrade if { src 10.0.0.0/8 }\n  default_backend b\nbackend b\n  server s 10.0.0.1:80\n', [{ upgrade: 'unknown' }]],
    ['a deny on something else keeps WebSockets', 'defaults\n  mode http\nfrontend f\n  bind :80\n  acl bad src 192.0.2.0/24\n  http-request deny if bad\n  default_backend b\nbackend b\n  server s 10.0.0.1:80\n', [{ upgrade: true }]],
    ['XFP set only for some sources is unknown', 'defaults\n  mode http\nfrontend f\n  bind :80\n  http-request set-header X-Forwarded-Proto https if { src 10.0.0.0/8 }\n  default_backend b\nbackend b\n  server s 10.0.0.1:80\n', [{ xfp: 'unknown' }]],
    ['XFF set by header rule on the backend', 'defaults\n  mode http\nfrontend f\n  bind :80\n  default_backend b\nbackend b\n  http-request set-header X-Forwarded-For %[src]\n  server s 10.0.0.1:80\n', [{ xff: true }]],
    ['servers that disagree make the backend unknown', 'frontend f\n  bind :80\n  default_backend b\nbackend b\n  server s1 10.0.0.1:80\n  server s2 10.0.0.2:8080 send-proxy\n', [{ backend: '? tcp', proxy: 'no/?' }]],
    ['default-server params apply to servers', 'defaults\n  default-server send-proxy-v2 ssl verify none\nfrontend f\n  bind :80\n  default_backend b\nbackend b\n  server s 10.0.0.1:443\n', [{ backend: '443 tls', proxy: 'no/v2' }]],
    ['a backend not in the file', 'frontend f\n  bind :80\n  default_backend elsewhere\n', [{ backend: '? ?', proxy: 'no/?' }]],
    ['expect-proxy accepts PROXY', 'frontend f\n  bind :80\n  tcp-request connection expect-proxy layer4 if { src 10.0.0.0/8 }\n', [{ proxy: 'yes/?' }]],
    ['comments, quotes and escapes do not split words', 'frontend "my front"  # comment\n  bind :80 # another\n  mode http\n  http-request set-header X-Forwarded-Proto "ht#tp"\n', [{ lb: 'haproxy', xfp: true }]],
  ];
  it.each(cases)('%s', (_, config, expected) => {
    const actual = rows(readHaproxy(config, 'haproxy.cfg'));
    expect(actual).toHaveLength(expected.length);
    expected.forEach((e, i) => expect(actual[i]).toMatchObject(e));
  });

  it('tokenises like HAProxy (manual §2.2)', () => {
    const words = (line: string) => lineWords(line, 'f', 1).map((w) => w.text);
    expect(words('  bind :4443  ssl crt /x   # c')).toEqual(['bind', ':4443', 'ssl', 'crt', '/x']);
    expect(words(`http-request set-header X "a#b" 'c d'e f\\ g\\#h`)).toEqual(['http-request', 'set-header', 'X', 'a#b', 'c de', 'f g#h']);
    expect(words('reqadd X-Forwarded-Proto:\\ https')).toEqual(['reqadd', 'X-Forwarded-Proto: https']);
    expect(lineWords('bind "${PORT}"', 'f', 1)[1]!.hasEnv).toBe(true);
    expect(lineWords("bind '${PORT}'", 'f', 1)[1]!.hasEnv).toBe(false);
  });

  it('reads HAProxy time units', () => {
    expect([haproxySeconds('3600000ms'), haproxySeconds('30s'), haproxySeconds('2m'), haproxySeconds('1h'), haproxySeconds('1d'), haproxySeconds('5000'), haproxySeconds('500us'), haproxySeconds('x')]).toEqual([3600, 30, 120, 3600, 86400, 5, 0.0005, undefined]);
  });

  it.each([
    ['frontend f\n  bind "unterminated\n', 2, 'unterminated double quote'],
    ['.if defined(X)\nfrontend f\n  bind :80\n', 1, '.if without .endif'],
    ['frontend f\n.endif\n', 2, '.endif without .if'],
    ['frontend\n  bind :80\n', 1, 'frontend needs a name'],
  ])('syntax error -> InputError with the line: %j', (config, line, message) => {
    expect(() => readHaproxy(config, 'h.cfg')).toThrow(InputError);
    expect(() => readHaproxy(config, 'h.cfg')).toThrow(message);
    try {
      readHaproxy(config, 'h.cfg');
    } catch (error) {
      expect((error as InputError).render()).toMatch(new RegExp(`^h\\.cfg:${line}: `));
    }
  });
});
