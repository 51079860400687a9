/**
 * The truth matrix: load-balancer configurations a real HAProxy or nginx runs, the manifest
 * beside each, and what a client gets through. The truth test checks every row twice: the
 * client must observe `expected`, and cf-ws-lint's verdict must equal what it observed.
 * docs/truth-matrix.md and the README show this table (`matrixTable()`); a test keeps them
 * in step.
 */
import type { StepName } from '../../src/probe/result.js';

export type LbServer = 'haproxy' | 'nginx';

/** The rules whose verdicts the matrix checks against the real thing (CFWS013: apps' WebSockets). */
export type CheckedRule = 'CFWS001' | 'CFWS002' | 'CFWS003' | 'CFWS005' | 'CFWS006' | 'CFWS009' | 'CFWS013';

/** A forwarded header as the gorouter stand-in received it; `absent` when it got none. */
export type HeaderValue = string | 'absent';

/** The address every client in the matrix connects from. */
export const CLIENT_ADDRESS = '127.0.0.1';

export interface TruthRow {
  id: string;
  lb: LbServer;
  /** What the load balancer does, in README words. */
  title: string;
  /** Config template in fixtures/truth/<lb>/. */
  config: string;
  /** The port this listener has in the real world; the live run binds a free loopback port instead. */
  realPort: 80 | 443 | 4443;
  /** The rule this row checks: a failing row's lint errors must include it. */
  rule: CheckedRule;
  /**
   * What the client does: `doppler` opens the advertised doppler endpoint with
   * `cf-ws-lint probe`; `app` opens `wss://app.<app domain>` on the listener the same way, as
   * an app's WebSocket client would; `headers` sends a plain HTTP request to the listener
   * and reads the X-Forwarded-For and X-Forwarded-Proto the gorouter stand-in received.
   */
  observe: 'doppler' | 'app' | 'headers';
  manifest: {
    /** capi cloud_controller_ng doppler.use_ssl; for `headers` rows also the client's scheme. */
    useSsl: boolean;
    /** gorouter router.enable_proxy (the router stand-in then requires a PROXY header). */
    routerEnableProxy?: boolean;
    /** doppler.port: the port the LB binds, or one it does not bind. */
    advertises?: 'bound port' | 'unbound port';
  };
  /** `probe --hold`: the connection must also stay open this long while idle. */
  holdSeconds?: number;
  expected: 'passes' | 'fails';
  /** For a failing `doppler` or `app` row: the step probe fails at, and what it reports there. */
  failure?: { step: StepName; detail: RegExp };
  /** For a `headers` row: what the gorouter stand-in receives. */
  forwarded?: { for: HeaderValue; proto: HeaderValue };
}

/**
 * Cut by a 1 s idle limit before the 2 s hold. The probe's idle clock starts when it has read
 * the 101; nginx's starts when it armed the read, earlier, so on a busy machine the figure is
 * below 1 s.
 */
const HOLD_CUT = /^connection closed after [01]\.\d s idle$/;

export const TRUTH_MATRIX: readonly TruthRow[] = [
  // HAProxy: WebSockets to doppler.
  {
    id: 'haproxy-http-tls',
    lb: 'haproxy',
    title: 'HTTP mode, TLS on the advertised port (haproxy-boshrelease https-in)',
    config: 'http-tls.cfg',
    realPort: 443,
    rule: 'CFWS002',
    observe: 'doppler',
    manifest: { useSsl: true },
    expected: 'passes',
  },
  {
    id: 'haproxy-http-tls-hold',
    lb: 'haproxy',
    title: 'HTTP mode, TLS, `timeout tunnel 3600s`, held idle',
    config: 'http-tls.cfg',
    realPort: 443,
    rule: 'CFWS009',
    observe: 'doppler',
    manifest: { useSsl: true },
    holdSeconds: 2,
    expected: 'passes',
  },
  {
    id: 'haproxy-tcp-tls',
    lb: 'haproxy',
    title: 'TCP mode with TLS offload (cf-release ssl-in)',
    config: 'tcp-tls.cfg',
    realPort: 4443,
    rule: 'CFWS002',
    observe: 'doppler',
    manifest: { useSsl: true },
    expected: 'passes',
  },
  {
    id: 'haproxy-tcp-plain',
    lb: 'haproxy',
    title: 'TCP mode without TLS, use_ssl false',
    config: 'tcp-plain.cfg',
    realPort: 80,
    rule: 'CFWS003',
    observe: 'doppler',
    manifest: { useSsl: false },
    expected: 'passes',
  },
  {
    id: 'haproxy-http-plain',
    lb: 'haproxy',
    title: 'HTTP mode without TLS, use_ssl false (haproxy-boshrelease http-in)',
    config: 'http-plain.cfg',
    realPort: 80,
    rule: 'CFWS003',
    observe: 'doppler',
    manifest: { useSsl: false },
    expected: 'passes',
  },
  {
    id: 'haproxy-send-proxy-to-proxy-router',
    lb: 'haproxy',
    title: 'TCP mode, TLS, `send-proxy` to a router with router.enable_proxy: true',
    config: 'tcp-tls-send-proxy.cfg',
    realPort: 4443,
    rule: 'CFWS006',
    observe: 'doppler',
    manifest: { useSsl: true, routerEnableProxy: true },
    expected: 'passes',
  },
  {
    id: 'haproxy-del-upgrade',
    lb: 'haproxy',
    title: 'HTTP mode that deletes the Upgrade header',
    config: 'http-tls-del-upgrade.cfg',
    realPort: 443,
    rule: 'CFWS002',
    observe: 'doppler',
    manifest: { useSsl: true },
    expected: 'fails',
    failure: { step: 'websocket', detail: /^HTTP 400 Bad Request: the router did not get a WebSocket upgrade/ },
  },
  {
    id: 'haproxy-deny-upgrade',
    lb: 'haproxy',
    title: 'HTTP mode that denies requests with an Upgrade header',
    config: 'http-tls-deny-upgrade.cfg',
    realPort: 443,
    rule: 'CFWS002',
    observe: 'doppler',
    manifest: { useSsl: true },
    expected: 'fails',
    failure: { step: 'websocket', detail: /^HTTP 403 Forbidden: the upgrade was refused/ },
  },
  {
    id: 'haproxy-no-listener',
    lb: 'haproxy',
    title: 'No listener on the advertised port',
    config: 'http-tls.cfg',
    realPort: 443,
    rule: 'CFWS001',
    observe: 'doppler',
    manifest: { useSsl: true, advertises: 'unbound port' },
    expected: 'fails',
    failure: { step: 'tcp', detail: /^connection refused by 127\.0\.0\.1:\d+: nothing listens on port/ },
  },
  {
    id: 'haproxy-tls-listener-use-ssl-false',
    lb: 'haproxy',
    title: 'TLS listener, but the manifest says use_ssl: false',
    config: 'http-tls.cfg',
    realPort: 443,
    rule: 'CFWS003',
    observe: 'doppler',
    manifest: { useSsl: false },
    expected: 'fails',
    failure: { step: 'websocket', detail: /^connection closed without an HTTP response to the upgrade request: the listener may expect TLS/ },
  },
  {
    id: 'haproxy-plain-listener-use-ssl-true',
    lb: 'haproxy',
    title: 'Plain HTTP listener, but the manifest says use_ssl: true',
    config: 'http-plain.cfg',
    realPort: 80,
    rule: 'CFWS003',
    observe: 'doppler',
    manifest: { useSsl: true },
    expected: 'fails',
    failure: { step: 'tls', detail: /^the server answered in plain text, not TLS/ },
  },
  {
    id: 'haproxy-short-tunnel-hold',
    lb: 'haproxy',
    title: '`timeout tunnel 1s`, held idle for 2 s',
    config: 'http-tls-short-tunnel.cfg',
    realPort: 443,
    rule: 'CFWS009',
    observe: 'doppler',
    manifest: { useSsl: true },
    holdSeconds: 2,
    expected: 'fails',
    failure: { step: 'hold', detail: HOLD_CUT },
  },
  {
    id: 'haproxy-no-tunnel-timeout-hold',
    lb: 'haproxy',
    title: 'No `timeout tunnel`, `timeout client`/`server 1s`, held idle for 2 s',
    config: 'http-tls-no-tunnel-timeout.cfg',
    realPort: 443,
    rule: 'CFWS009',
    observe: 'doppler',
    manifest: { useSsl: true },
    holdSeconds: 2,
    expected: 'fails',
    failure: { step: 'hold', detail: HOLD_CUT },
  },
  {
    id: 'haproxy-tcp-short-tunnel-hold',
    lb: 'haproxy',
    title: 'TCP mode, TLS, `timeout tunnel 1s`, held idle for 2 s',
    config: 'tcp-tls-short-tunnel.cfg',
    realPort: 4443,
    rule: 'CFWS009',
    observe: 'doppler',
    manifest: { useSsl: true },
    holdSeconds: 2,
    expected: 'fails',
    failure: { step: 'hold', detail: HOLD_CUT },
  },
  {
    id: 'haproxy-send-proxy-to-plain-router',
    lb: 'haproxy',
    title: 'TCP mode, TLS, `send-proxy` to a router without router.enable_proxy',
    config: 'tcp-tls-send-proxy.cfg',
    realPort: 4443,
    rule: 'CFWS006',
    observe: 'doppler',
    manifest: { useSsl: true },
    expected: 'fails',
    failure: { step: 'websocket', detail: /^HTTP 400 Bad Request/ },
  },
  {
    id: 'haproxy-accept-proxy-direct-client',
    lb: 'haproxy',
    title: '`accept-proxy` on the bind, client sends no PROXY header',
    config: 'http-tls-accept-proxy.cfg',
    realPort: 443,
    rule: 'CFWS006',
    observe: 'doppler',
    manifest: { useSsl: true },
    expected: 'fails',
    failure: { step: 'tls', detail: /^connection closed during the TLS handshake/ },
  },

  // HAProxy: forwarded headers on a plain request.
  {
    id: 'haproxy-forwardfor-https',
    lb: 'haproxy',
    title: 'HTTP mode, TLS, `option forwardfor` and X-Forwarded-Proto https',
    config: 'http-tls.cfg',
    realPort: 443,
    rule: 'CFWS005',
    observe: 'headers',
    manifest: { useSsl: true },
    expected: 'passes',
    forwarded: { for: CLIENT_ADDRESS, proto: 'https' },
  },
  {
    id: 'haproxy-forwardfor-http',
    lb: 'haproxy',
    title: 'HTTP mode without TLS, `option forwardfor` and X-Forwarded-Proto http',
    config: 'http-plain.cfg',
    realPort: 80,
    rule: 'CFWS005',
    observe: 'headers',
    manifest: { useSsl: false },
    expected: 'passes',
    forwarded: { for: CLIENT_ADDRESS, proto: 'http' },
  },
  {
    id: 'haproxy-no-forwardfor',
    lb: 'haproxy',
    title: 'HTTP mode, TLS, X-Forwarded-Proto but no `option forwardfor`',
    config: 'http-tls-no-forwardfor.cfg',
    realPort: 443,
    rule: 'CFWS005',
    observe: 'headers',
    manifest: { useSsl: true },
    expected: 'fails',
    forwarded: { for: 'absent', proto: 'https' },
  },
  {
    id: 'haproxy-no-forwarded-proto',
    lb: 'haproxy',
    title: 'HTTP mode, TLS, `option forwardfor` but no X-Forwarded-Proto rule',
    config: 'http-tls-no-xfp.cfg',
    realPort: 443,
    rule: 'CFWS005',
    observe: 'headers',
    manifest: { useSsl: true },
    expected: 'fails',
    forwarded: { for: CLIENT_ADDRESS, proto: 'absent' },
  },
  {
    id: 'haproxy-tcp-mode-headers',
    lb: 'haproxy',
    title: 'TCP mode without TLS: no HTTP processing',
    config: 'tcp-plain.cfg',
    realPort: 80,
    rule: 'CFWS005',
    observe: 'headers',
    manifest: { useSsl: false },
    expected: 'fails',
    forwarded: { for: 'absent', proto: 'absent' },
  },
  {
    id: 'haproxy-tcp-tls-headers',
    lb: 'haproxy',
    title: 'TCP mode with TLS offload on 443: no HTTP processing',
    config: 'tcp-tls.cfg',
    realPort: 443,
    rule: 'CFWS005',
    observe: 'headers',
    manifest: { useSsl: true },
    expected: 'fails',
    forwarded: { for: 'absent', proto: 'absent' },
  },

  // nginx: WebSockets to doppler.
  {
    id: 'nginx-no-upgrade',
    lb: 'nginx',
    title: '`http` proxy without the Upgrade and Connection headers',
    config: 'https-no-upgrade.conf',
    realPort: 443,
    rule: 'CFWS002',
    observe: 'doppler',
    manifest: { useSsl: true },
    expected: 'fails',
    failure: { step: 'websocket', detail: /^HTTP 400 Bad Request from nginx\/[\d.]+: the router did not get a WebSocket upgrade/ },
  },
  {
    id: 'nginx-websocket',
    lb: 'nginx',
    title: '`http` proxy with `proxy_http_version 1.1` and the Upgrade and Connection headers',
    config: 'https-websocket.conf',
    realPort: 443,
    rule: 'CFWS002',
    observe: 'doppler',
    manifest: { useSsl: true },
    expected: 'passes',
  },
  {
    id: 'nginx-websocket-hold',
    lb: 'nginx',
    title: '`http` WebSocket proxy, default `proxy_read_timeout` (60 s), held idle',
    config: 'https-websocket.conf',
    realPort: 443,
    rule: 'CFWS009',
    observe: 'doppler',
    manifest: { useSsl: true },
    holdSeconds: 2,
    expected: 'passes',
  },
  {
    id: 'nginx-read-timeout-hold',
    lb: 'nginx',
    title: '`http` WebSocket proxy with `proxy_read_timeout 1s`, held idle for 2 s',
    config: 'https-websocket-read-timeout.conf',
    realPort: 443,
    rule: 'CFWS009',
    observe: 'doppler',
    manifest: { useSsl: true },
    holdSeconds: 2,
    expected: 'fails',
    failure: { step: 'hold', detail: HOLD_CUT },
  },
  {
    id: 'nginx-stream-tls',
    lb: 'nginx',
    title: '`stream` TCP proxy with TLS offload',
    config: 'stream-tls.conf',
    realPort: 443,
    rule: 'CFWS002',
    observe: 'doppler',
    manifest: { useSsl: true },
    expected: 'passes',
  },
  {
    id: 'nginx-stream-plain',
    lb: 'nginx',
    title: '`stream` TCP proxy without TLS, use_ssl false',
    config: 'stream-plain.conf',
    realPort: 80,
    rule: 'CFWS003',
    observe: 'doppler',
    manifest: { useSsl: false },
    expected: 'passes',
  },
  {
    id: 'nginx-stream-timeout-hold',
    lb: 'nginx',
    title: '`stream` TCP proxy with TLS and `proxy_timeout 1s`, held idle for 2 s',
    config: 'stream-tls-short-timeout.conf',
    realPort: 443,
    rule: 'CFWS009',
    observe: 'doppler',
    manifest: { useSsl: true },
    holdSeconds: 2,
    expected: 'fails',
    failure: { step: 'hold', detail: HOLD_CUT },
  },
  {
    id: 'nginx-stream-proxy-protocol-to-proxy-router',
    lb: 'nginx',
    title: '`stream` with TLS and `proxy_protocol on` to a router with router.enable_proxy: true',
    config: 'stream-tls-proxy-protocol.conf',
    realPort: 443,
    rule: 'CFWS006',
    observe: 'doppler',
    manifest: { useSsl: true, routerEnableProxy: true },
    expected: 'passes',
  },
  {
    id: 'nginx-stream-proxy-protocol-to-plain-router',
    lb: 'nginx',
    title: '`stream` with TLS and `proxy_protocol on` to a router without router.enable_proxy',
    config: 'stream-tls-proxy-protocol.conf',
    realPort: 443,
    rule: 'CFWS006',
    observe: 'doppler',
    manifest: { useSsl: true },
    expected: 'fails',
    failure: { step: 'websocket', detail: /^HTTP 400 Bad Request/ },
  },
  {
    id: 'nginx-accept-proxy-direct-client',
    lb: 'nginx',
    title: '`proxy_protocol` on the listen, client sends no PROXY header',
    config: 'https-websocket-accept-proxy.conf',
    realPort: 443,
    rule: 'CFWS006',
    observe: 'doppler',
    manifest: { useSsl: true },
    expected: 'fails',
    failure: { step: 'tls', detail: /^connection closed during the TLS handshake/ },
  },
  {
    id: 'nginx-no-listener',
    lb: 'nginx',
    title: 'No listener on the advertised port',
    config: 'https-websocket.conf',
    realPort: 443,
    rule: 'CFWS001',
    observe: 'doppler',
    manifest: { useSsl: true, advertises: 'unbound port' },
    expected: 'fails',
    failure: { step: 'tcp', detail: /^connection refused by 127\.0\.0\.1:\d+: nothing listens on port/ },
  },
  {
    id: 'nginx-tls-listener-use-ssl-false',
    lb: 'nginx',
    title: 'TLS listener, but the manifest says use_ssl: false',
    config: 'https-websocket.conf',
    realPort: 443,
    rule: 'CFWS003',
    observe: 'doppler',
    manifest: { useSsl: false },
    expected: 'fails',
    // nginx answers a plain request on a TLS port itself: "The plain HTTP request was sent to HTTPS port".
    failure: { step: 'websocket', detail: /^HTTP 400 Bad Request from nginx\/[\d.]+/ },
  },
  {
    id: 'nginx-plain-listener-use-ssl-true',
    lb: 'nginx',
    title: 'Plain HTTP listener, but the manifest says use_ssl: true',
    config: 'http-websocket.conf',
    realPort: 80,
    rule: 'CFWS003',
    observe: 'doppler',
    manifest: { useSsl: true },
    expected: 'fails',
    failure: { step: 'tls', detail: /^the server answered in plain text, not TLS/ },
  },
  {
    id: 'nginx-doppler-server-drops-upgrade',
    lb: 'nginx',
    title: 'The default server proxies WebSockets, the `server_name doppler.<sys>` one does not',
    config: 'https-doppler-server-name.conf',
    realPort: 443,
    rule: 'CFWS002',
    observe: 'doppler',
    manifest: { useSsl: true },
    expected: 'fails',
    failure: { step: 'websocket', detail: /^HTTP 400 Bad Request from nginx\/[\d.]+: the router did not get a WebSocket upgrade/ },
  },
  {
    id: 'nginx-doppler-server-websocket',
    lb: 'nginx',
    title: 'The `server_name doppler.<sys>` server proxies WebSockets, the default one does not',
    config: 'https-doppler-server-name-websocket.conf',
    realPort: 443,
    rule: 'CFWS002',
    observe: 'doppler',
    manifest: { useSsl: true },
    expected: 'passes',
  },

  // nginx: forwarded headers on a plain request.
  {
    id: 'nginx-forwarded-https',
    lb: 'nginx',
    title: '`proxy_set_header X-Forwarded-For` and `X-Forwarded-Proto $scheme`, TLS',
    config: 'https-websocket.conf',
    realPort: 443,
    rule: 'CFWS005',
    observe: 'headers',
    manifest: { useSsl: true },
    expected: 'passes',
    forwarded: { for: CLIENT_ADDRESS, proto: 'https' },
  },
  {
    id: 'nginx-forwarded-http',
    lb: 'nginx',
    title: '`proxy_set_header X-Forwarded-For` and `X-Forwarded-Proto $scheme`, plain HTTP',
    config: 'http-websocket.conf',
    realPort: 80,
    rule: 'CFWS005',
    observe: 'headers',
    manifest: { useSsl: false },
    expected: 'passes',
    forwarded: { for: CLIENT_ADDRESS, proto: 'http' },
  },
  {
    id: 'nginx-no-forwarded-for',
    lb: 'nginx',
    title: '`X-Forwarded-Proto` set, no `proxy_set_header X-Forwarded-For`',
    config: 'https-websocket-no-xff.conf',
    realPort: 443,
    rule: 'CFWS005',
    observe: 'headers',
    manifest: { useSsl: true },
    expected: 'fails',
    forwarded: { for: 'absent', proto: 'https' },
  },
  {
    id: 'nginx-forwarded-not-inherited',
    lb: 'nginx',
    title: 'Forwarded headers set in `server`, replaced by the `location`\'s own `proxy_set_header`s',
    config: 'https-websocket-headers-not-inherited.conf',
    realPort: 443,
    rule: 'CFWS005',
    observe: 'headers',
    manifest: { useSsl: true },
    expected: 'fails',
    forwarded: { for: 'absent', proto: 'absent' },
  },
  {
    id: 'nginx-stream-headers',
    lb: 'nginx',
    title: '`stream` TCP proxy with TLS offload on 443: no HTTP processing',
    config: 'stream-tls.conf',
    realPort: 443,
    rule: 'CFWS005',
    observe: 'headers',
    manifest: { useSsl: true },
    expected: 'fails',
    forwarded: { for: 'absent', proto: 'absent' },
  },
  // HAProxy: apps' own WebSockets (CFWS013) on wss://app.<apps domain>:443.
  {
    id: 'haproxy-app-http-tls',
    lb: 'haproxy',
    title: 'HTTP mode, TLS on 443: an app route upgrades',
    config: 'http-tls.cfg',
    realPort: 443,
    rule: 'CFWS013',
    observe: 'app',
    manifest: { useSsl: true },
    expected: 'passes',
  },
  {
    id: 'haproxy-app-del-upgrade',
    lb: 'haproxy',
    title: 'HTTP mode on 443 that deletes the Upgrade header: the app route gets a plain GET',
    config: 'http-tls-del-upgrade.cfg',
    realPort: 443,
    rule: 'CFWS013',
    observe: 'app',
    manifest: { useSsl: true },
    expected: 'fails',
    failure: { step: 'websocket', detail: /^HTTP 400 Bad Request: the router did not get a WebSocket upgrade/ },
  },
  {
    id: 'haproxy-app-only-4443',
    lb: 'haproxy',
    title: 'TCP mode with TLS offload on 4443 only (bosh-bootloader AWS): apps dial 443, where nothing listens',
    config: 'tcp-tls.cfg',
    realPort: 4443,
    rule: 'CFWS013',
    observe: 'app',
    manifest: { useSsl: true },
    expected: 'fails',
    failure: { step: 'tcp', detail: /^connection refused by 127\.0\.0\.1:\d+: nothing listens on port/ },
  },
  // Apps' own WebSockets, more: idle cuts, and nginx server blocks that route app hosts apart from doppler.
  {
    id: 'haproxy-app-tcp-tls',
    lb: 'haproxy',
    title: 'TCP mode with TLS offload on 443',
    config: 'tcp-tls.cfg',
    realPort: 443,
    rule: 'CFWS013',
    observe: 'app',
    manifest: { useSsl: true },
    expected: 'passes',
  },
  {
    id: 'haproxy-app-short-tunnel-hold',
    lb: 'haproxy',
    title: '`timeout tunnel 1s`, an app WebSocket held idle for 2 s',
    config: 'http-tls-short-tunnel.cfg',
    realPort: 443,
    rule: 'CFWS013',
    observe: 'app',
    manifest: { useSsl: true },
    holdSeconds: 2,
    expected: 'fails',
    failure: { step: 'hold', detail: HOLD_CUT },
  },
  {
    id: 'nginx-app-websocket',
    lb: 'nginx',
    title: '`http` proxy with `proxy_http_version 1.1` and the Upgrade and Connection headers',
    config: 'https-websocket.conf',
    realPort: 443,
    rule: 'CFWS013',
    observe: 'app',
    manifest: { useSsl: true },
    expected: 'passes',
  },
  {
    id: 'nginx-app-no-upgrade',
    lb: 'nginx',
    title: '`http` proxy without the Upgrade and Connection headers',
    config: 'https-no-upgrade.conf',
    realPort: 443,
    rule: 'CFWS013',
    observe: 'app',
    manifest: { useSsl: true },
    expected: 'fails',
    failure: { step: 'websocket', detail: /^HTTP 400 Bad Request from nginx\/[\d.]+: the router did not get a WebSocket upgrade/ },
  },
  {
    id: 'nginx-app-read-timeout-hold',
    lb: 'nginx',
    title: '`http` WebSocket proxy with `proxy_read_timeout 1s`, an app WebSocket held idle for 2 s',
    config: 'https-websocket-read-timeout.conf',
    realPort: 443,
    rule: 'CFWS013',
    observe: 'app',
    manifest: { useSsl: true },
    holdSeconds: 2,
    expected: 'fails',
    failure: { step: 'hold', detail: HOLD_CUT },
  },
  {
    id: 'nginx-app-stream-tls',
    lb: 'nginx',
    title: '`stream` TCP proxy with TLS offload on 443',
    config: 'stream-tls.conf',
    realPort: 443,
    rule: 'CFWS013',
    observe: 'app',
    manifest: { useSsl: true },
    expected: 'passes',
  },
  {
    id: 'nginx-app-server-drops-upgrade',
    lb: 'nginx',
    title: '`server_name *.apps.example.com` is a plain proxy, `doppler.<sys>` proxies WebSockets',
    config: 'https-apps-server-drops-upgrade.conf',
    realPort: 443,
    rule: 'CFWS013',
    observe: 'app',
    manifest: { useSsl: true },
    expected: 'fails',
    failure: { step: 'websocket', detail: /^HTTP 400 Bad Request from nginx\/[\d.]+: the router did not get a WebSocket upgrade/ },
  },
  {
    id: 'nginx-doppler-beside-plain-app-server',
    lb: 'nginx',
    title: '`server_name *.apps.example.com` is a plain proxy, `doppler.<sys>` proxies WebSockets',
    config: 'https-apps-server-drops-upgrade.conf',
    realPort: 443,
    rule: 'CFWS002',
    observe: 'doppler',
    manifest: { useSsl: true },
    expected: 'passes',
  },
  {
    id: 'nginx-app-server-websocket',
    lb: 'nginx',
    title: '`server_name *.apps.example.com` proxies WebSockets, `doppler.<sys>` is a plain proxy',
    config: 'https-apps-server-websocket.conf',
    realPort: 443,
    rule: 'CFWS013',
    observe: 'app',
    manifest: { useSsl: true },
    expected: 'passes',
  },
  {
    id: 'nginx-doppler-beside-websocket-app-server',
    lb: 'nginx',
    title: '`server_name *.apps.example.com` proxies WebSockets, `doppler.<sys>` is a plain proxy',
    config: 'https-apps-server-websocket.conf',
    realPort: 443,
    rule: 'CFWS002',
    observe: 'doppler',
    manifest: { useSsl: true },
    expected: 'fails',
    failure: { step: 'websocket', detail: /^HTTP 400 Bad Request from nginx\/[\d.]+: the router did not get a WebSocket upgrade/ },
  },
];

/** A row's manifest settings as a reader of the table would write them. */
function manifestSummary(row: TruthRow): string {
  const parts = [`use_ssl: ${row.manifest.useSsl}`];
  if (row.manifest.routerEnableProxy) parts.push('router.enable_proxy: true');
  if (row.manifest.advertises === 'unbound port') parts.push('doppler.port not bound');
  return parts.join(', ');
}

/** What the client does, in table words. */
function clientSummary(row: TruthRow): string {
  const scheme = row.manifest.useSsl ? 'https' : 'http';
  if (row.observe === 'headers') return `plain ${scheme.toUpperCase()} request`;
  const host = row.observe === 'app' ? 'app.apps' : 'doppler';
  return `${row.manifest.useSsl ? 'wss' : 'ws'}://${host}${row.holdSeconds === undefined ? '' : `, held idle ${row.holdSeconds} s`}`;
}

/** What the client sees when the row fails, or the forwarded headers the router got. */
function observedSummary(row: TruthRow): string {
  if (row.forwarded) return `XFF ${row.forwarded.for}, XFP ${row.forwarded.proto}`;
  return row.failure ? `fails at ${row.failure.step}` : '';
}

/** The Markdown table docs/truth-matrix.md embeds (the README embeds it with root-relative links). */
export function matrixTable(): string {
  const lines = [
    '| Row | Load balancer | What it does | Config | Port in the real world | Manifest | Client | Rule | Expected | Observed |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...TRUTH_MATRIX.map((row) =>
      [
        `\`${row.id}\``,
        row.lb === 'haproxy' ? 'HAProxy' : 'nginx',
        row.title,
        `[${row.config}](../fixtures/truth/${row.lb}/${row.config})`,
        row.realPort,
        manifestSummary(row),
        clientSummary(row),
        row.rule,
        row.expected,
        observedSummary(row),
      ].join(' | '),
    ).map((line) => `| ${line} |`),
  ];
  return `${lines.join('\n')}\n`;
}
