/**
 * Loopback servers for the probe to talk to. `startWsServer` also stands in for the gorouter
 * behind HAProxy in the truth test: plain HTTP like gorouter's port 80, a 400 for a request
 * that is not an upgrade (as Traffic Controller's gorilla/websocket answers), and optionally
 * PROXY protocol in front (router.enable_proxy: true). Every server is registered, so one
 * `closeAllServers()` in afterAll stops them whatever the tests did.
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { TLSSocket } from 'node:tls';
import { WebSocketServer, type WebSocket } from 'ws';

export interface LocalServer {
  port: number;
  close(): Promise<void>;
}

export interface WsServerOptions {
  tls?: { cert: string; key: string };
  /** Drop each connection this long after the upgrade, with a TCP FIN and no close frame, as an LB's idle timer does. */
  closeAfterMs?: number;
  /** Ping this often and drop a connection whose last ping got no pong (Traffic Controller's keepalive). */
  pingEveryMs?: number;
  /** Require a PROXY protocol v1 header before HTTP (gorouter with router.enable_proxy: true). */
  acceptProxy?: boolean;
}

export interface WsServer extends LocalServer {
  /** Each upgrade request as the server saw it. */
  upgrades: { host: string | undefined; servername: string | undefined }[];
  /** Each plain (not upgrade) request: its Host and the forwarded headers a load balancer added. */
  requests: { host: string | undefined; forwardedFor: string | undefined; forwardedProto: string | undefined }[];
  /** PROXY header lines received (acceptProxy only). */
  proxyLines: string[];
}

const running = new Set<LocalServer>();

export async function closeAllServers(): Promise<void> {
  await Promise.all([...running].map((server) => server.close()));
}

/** A port nothing listens on (at the moment of asking). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startWsServer(options: WsServerOptions = {}): Promise<WsServer> {
  const wss = new WebSocketServer({ noServer: true });
  const upgrades: WsServer['upgrades'] = [];
  const requests: WsServer['requests'] = [];
  const server = options.tls ? https.createServer(options.tls) : http.createServer();
  server.on('request', (req, res) => {
    const header = (name: string) => [req.headers[name] ?? []].flat().join(', ') || undefined;
    requests.push({ host: req.headers.host, forwardedFor: header('x-forwarded-for'), forwardedProto: header('x-forwarded-proto') });
    res.writeHead(400, { 'content-type': 'text/plain' });
    res.end('websocket: the client is not using the websocket protocol\n');
  });
  server.on('upgrade', (req, socket, head) => {
    upgrades.push({ host: req.headers.host, servername: (req.socket as TLSSocket).servername || undefined });
    wss.handleUpgrade(req, socket, head, (ws) => keepOrDrop(ws, options));
  });
  const httpPort = await listen(server);
  const front = options.acceptProxy ? await proxyProtocolFront(httpPort) : undefined;

  const handle: WsServer = {
    port: front?.server.port ?? httpPort,
    upgrades,
    requests,
    proxyLines: front?.proxyLines ?? [],
    close: async () => {
      running.delete(handle);
      await front?.server.close();
      for (const client of wss.clients) client.terminate();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  running.add(handle);
  return handle;
}

function keepOrDrop(ws: WebSocket, options: WsServerOptions): void {
  ws.on('error', () => undefined);
  if (options.closeAfterMs !== undefined) {
    const timer = setTimeout(() => ws.terminate(), options.closeAfterMs);
    ws.on('close', () => clearTimeout(timer));
  }
  if (options.pingEveryMs !== undefined) {
    let answered = true;
    ws.on('pong', () => (answered = true));
    const timer = setInterval(() => {
      if (!answered) return ws.terminate();
      answered = false;
      ws.ping();
    }, options.pingEveryMs);
    ws.on('close', () => clearInterval(timer));
  }
}

/** Strips a PROXY v1 line and relays the rest to `innerPort`; a connection without one is dropped. */
async function proxyProtocolFront(innerPort: number): Promise<{ server: LocalServer; proxyLines: string[] }> {
  const proxyLines: string[] = [];
  const server = await startRawServer((client) => {
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const eol = buffered.indexOf('\r\n');
      if (eol === -1) return;
      client.off('data', onData);
      const line = buffered.subarray(0, eol).toString('latin1');
      if (!line.startsWith('PROXY ')) return client.destroy();
      proxyLines.push(line);
      const upstream = net.connect({ host: '127.0.0.1', port: innerPort });
      upstream.on('error', () => client.destroy());
      client.on('close', () => upstream.destroy());
      upstream.write(buffered.subarray(eol + 2));
      client.pipe(upstream).pipe(client);
    };
    client.on('data', onData);
  });
  return { server, proxyLines };
}

/** A TCP server whose connections `onConnection` handles; they are destroyed on close. */
export async function startRawServer(onConnection: (socket: net.Socket) => void): Promise<LocalServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    onConnection(socket);
  });
  const port = await listen(server);
  const handle: LocalServer = {
    port,
    close: async () => {
      running.delete(handle);
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  running.add(handle);
  return handle;
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
  });
}
