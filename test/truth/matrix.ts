/**
 * The truth matrix: load-balancer configurations a real HAProxy runs, the manifest beside
 * each, and what a WebSocket client gets through. The truth test checks every row twice:
 * `probe` must observe `expected`, and cf-ws-lint's verdict must equal what probe observed.
 * docs/truth-matrix.md shows this table (`matrixTable()`); a test keeps the two in step.
 */
import type { StepName } from '../../src/probe/result.js';

export interface TruthRow {
  id: string;
  /** What the load balancer does, in README words. */
  title: string;
  /** HAProxy config template in fixtures/truth/haproxy/. */
  config: string;
  /** The port this listener has in the real world; the test binds a free loopback port instead. */
  realPort: 80 | 443 | 4443;
  manifest: {
    /** capi cloud_controller_ng doppler.use_ssl. */
    useSsl: boolean;
    /** gorouter router.enable_proxy (the router stand-in then requires a PROXY header). */
    routerEnableProxy?: boolean;
    /** doppler.port: the port HAProxy binds, or one it does not bind. */
    advertises?: 'bound port' | 'unbound port';
  };
  /** `probe --hold`: the connection must also stay open this long while idle. */
  holdSeconds?: number;
  expected: 'passes' | 'fails';
  /** For a failing row: the step probe fails at, and what it reports there. */
  failure?: { step: StepName; detail: RegExp };
}

export const TRUTH_MATRIX: readonly TruthRow[] = [
  {
    id: 'http-tls',
    title: 'HTTP mode, TLS on the advertised port (haproxy-boshrelease https-in)',
    config: 'http-tls.cfg',
    realPort: 443,
    manifest: { useSsl: true },
    expected: 'passes',
  },
  {
    id: 'http-tls-hold',
    title: 'HTTP mode, TLS, default `timeout tunnel` 3600 s, held idle',
    config: 'http-tls.cfg',
    realPort: 443,
    manifest: { useSsl: true },
    holdSeconds: 2,
    expected: 'passes',
  },
  {
    id: 'tcp-tls',
    title: 'TCP mode with TLS offload (cf-release ssl-in)',
    config: 'tcp-tls.cfg',
    realPort: 4443,
    manifest: { useSsl: true },
    expected: 'passes',
  },
  {
    id: 'tcp-plain',
    title: 'TCP mode without TLS, use_ssl false',
    config: 'tcp-plain.cfg',
    realPort: 80,
    manifest: { useSsl: false },
    expected: 'passes',
  },
  {
    id: 'http-plain',
    title: 'HTTP mode without TLS, use_ssl false (haproxy-boshrelease http-in)',
    config: 'http-plain.cfg',
    realPort: 80,
    manifest: { useSsl: false },
    expected: 'passes',
  },
  {
    id: 'send-proxy-to-proxy-router',
    title: 'TCP mode, TLS, `send-proxy` to a router with router.enable_proxy: true',
    config: 'tcp-tls-send-proxy.cfg',
    realPort: 4443,
    manifest: { useSsl: true, routerEnableProxy: true },
    expected: 'passes',
  },
  {
    id: 'del-upgrade',
    title: 'HTTP mode that deletes the Upgrade header',
    config: 'http-tls-del-upgrade.cfg',
    realPort: 443,
    manifest: { useSsl: true },
    expected: 'fails',
    failure: { step: 'websocket', detail: /^HTTP 400 Bad Request: the router did not get a WebSocket upgrade/ },
  },
  {
    id: 'deny-upgrade',
    title: 'HTTP mode that denies requests with an Upgrade header',
    config: 'http-tls-deny-upgrade.cfg',
    realPort: 443,
    manifest: { useSsl: true },
    expected: 'fails',
    failure: { step: 'websocket', detail: /^HTTP 403 Forbidden: the upgrade was refused/ },
  },
  {
    id: 'no-listener',
    title: 'No listener on the advertised port',
    config: 'http-tls.cfg',
    realPort: 443,
    manifest: { useSsl: true, advertises: 'unbound port' },
    expected: 'fails',
    failure: { step: 'tcp', detail: /^connection refused by 127\.0\.0\.1:\d+: nothing listens on port/ },
  },
  {
    id: 'tls-listener-use-ssl-false',
    title: 'TLS listener, but the manifest says use_ssl: false',
    config: 'http-tls.cfg',
    realPort: 443,
    manifest: { useSsl: false },
    expected: 'fails',
    failure: { step: 'websocket', detail: /^connection closed without an HTTP response to the upgrade request: the listener may expect TLS/ },
  },
  {
    id: 'short-tunnel-hold',
    title: '`timeout tunnel 1s`, held idle for 2 s',
    config: 'http-tls-short-tunnel.cfg',
    realPort: 443,
    manifest: { useSsl: true },
    holdSeconds: 2,
    expected: 'fails',
    failure: { step: 'hold', detail: /^connection closed after 1\.\d s idle$/ },
  },
  {
    id: 'send-proxy-to-plain-router',
    title: 'TCP mode, TLS, `send-proxy` to a router without router.enable_proxy',
    config: 'tcp-tls-send-proxy.cfg',
    realPort: 4443,
    manifest: { useSsl: true },
    expected: 'fails',
    failure: { step: 'websocket', detail: /^HTTP 400 Bad Request/ },
  },
  {
    id: 'accept-proxy-direct-client',
    title: '`accept-proxy` on the bind, client sends no PROXY header',
    config: 'http-tls-accept-proxy.cfg',
    realPort: 443,
    manifest: { useSsl: true },
    expected: 'fails',
    failure: { step: 'tls', detail: /^connection closed during the TLS handshake/ },
  },
];

/** A row's manifest settings as a reader of the table would write them. */
function manifestSummary(row: TruthRow): string {
  const parts = [`use_ssl: ${row.manifest.useSsl}`];
  if (row.manifest.routerEnableProxy) parts.push('router.enable_proxy: true');
  if (row.manifest.advertises === 'unbound port') parts.push('doppler.port not bound');
  return parts.join(', ');
}

/** The Markdown table docs/truth-matrix.md embeds. */
export function matrixTable(): string {
  const lines = [
    '| Row | Load balancer (HAProxy) | Config | Port in the real world | Manifest | `--hold` | Expected | Probe fails at |',
    '|---|---|---|---|---|---|---|---|',
    ...TRUTH_MATRIX.map((row) =>
      [
        `\`${row.id}\``,
        row.title,
        `[${row.config}](../fixtures/truth/haproxy/${row.config})`,
        row.realPort,
        manifestSummary(row),
        row.holdSeconds === undefined ? '' : `${row.holdSeconds} s`,
        row.expected,
        row.failure ? row.failure.step : '',
      ].join(' | '),
    ).map((line) => `| ${line} |`),
  ];
  return `${lines.join('\n')}\n`;
}
