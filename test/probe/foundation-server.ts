/**
 * A loopback stand-in for what a real foundation answers on `doppler.<sys>` through gorouter
 * (shared/reference/cf-domain.md §9.6): gorouter's `404 unknown_route` for a host it has no
 * route for, then the traffic controller, which serves only `/apps/<guid>/stream` and
 * `/firehose/<id>` and checks the token before it looks at the upgrade (401 without one),
 * and gorilla/websocket's 400 with `Sec-Websocket-Version: 13` for an authorized request whose
 * Upgrade was dropped on the way.
 */
import http from 'node:http';
import type net from 'node:net';
import { WebSocketServer } from 'ws';

export interface FoundationOptions {
  /** Hosts gorouter has routes for; any other gets 404 unknown_route. */
  routedHosts: string[];
  /** Tokens (the whole Authorization value) and the app GUIDs each may stream; `firehose` for the doppler.firehose scope. */
  tokens: Record<string, { apps: string[]; firehose?: boolean }>;
  /** The load balancer in front drops the Upgrade header (the request arrives as a plain GET). */
  dropUpgrade?: boolean;
}

export interface Foundation {
  port: number;
  /** Each request as the traffic controller saw it. */
  requests: { host: string | undefined; path: string | undefined; authorization: string | undefined; headers: http.IncomingHttpHeaders }[];
  close(): Promise<void>;
}

type Answer = { status: number; headers: Record<string, string>; body: string } | 'upgrade';

function answer(req: http.IncomingMessage, options: FoundationOptions, upgrading: boolean): Answer {
  const host = (req.headers.host ?? '').replace(/:\d+$/, '');
  if (!options.routedHosts.includes(host)) {
    return { status: 404, headers: { 'X-Cf-Routererror': 'unknown_route' }, body: `404 Not Found: Requested route ('${host}') does not exist.\n` };
  }
  const app = /^\/apps\/([^/]+)\/stream$/.exec(req.url ?? '');
  const firehose = /^\/firehose\/[^/?]+/.test(req.url ?? '');
  if (!app && !firehose) return { status: 404, headers: {}, body: '404 page not found\n' };
  const grant = options.tokens[req.headers.authorization ?? ''];
  if (!grant) return { status: 401, headers: { 'WWW-Authenticate': 'Basic' }, body: firehose ? 'You are not authorized. authorization not provided' : '' };
  if (firehose && !grant.firehose) return { status: 403, headers: {}, body: 'You are not authorized.' };
  if (app && !grant.apps.includes(app[1]!)) return { status: 404, headers: {}, body: '' };
  if (!upgrading) return { status: 400, headers: { 'Sec-Websocket-Version': '13' }, body: 'Bad Request\n' };
  return 'upgrade';
}

export async function startFoundation(options: FoundationOptions): Promise<Foundation> {
  const wss = new WebSocketServer({ noServer: true });
  const requests: Foundation['requests'] = [];
  const sockets = new Set<net.Socket>();
  const record = (req: http.IncomingMessage) => requests.push({ host: req.headers.host, path: req.url, authorization: req.headers.authorization, headers: req.headers });
  const reply = (socket: net.Socket, a: Exclude<Answer, 'upgrade'>) => {
    const head = [`HTTP/1.1 ${a.status} ${http.STATUS_CODES[a.status]}`, ...Object.entries(a.headers).map(([k, v]) => `${k}: ${v}`), `Content-Length: ${Buffer.byteLength(a.body)}`, 'Connection: close', '', ''].join('\r\n');
    socket.end(head + a.body);
  };
  const server = http.createServer((req, res) => {
    record(req);
    const a = answer(req, options, false);
    if (a === 'upgrade') return;
    res.writeHead(a.status, a.headers).end(a.body);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('upgrade', (req, socket, head) => {
    record(req);
    const a = answer(req, options, !options.dropUpgrade);
    if (a === 'upgrade') wss.handleUpgrade(req, socket, head, (ws) => ws.on('error', () => undefined));
    else reply(socket as net.Socket, a);
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
  return {
    port,
    requests,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
