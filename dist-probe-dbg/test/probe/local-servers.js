// test/probe/local-servers.ts
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { WebSocketServer } from "ws";
var running = /* @__PURE__ */ new Set();
async function closeAllServers() {
  await Promise.all([...running].map((server) => server.close()));
}
async function freePort() {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise((resolve) => server.close(resolve));
  return port;
}
async function startWsServer(options = {}) {
  const wss = new WebSocketServer({ noServer: true });
  const upgrades = [];
  const server = options.tls ? https.createServer(options.tls) : http.createServer();
  server.on("request", (_req, res) => {
    res.writeHead(400, { "content-type": "text/plain" });
    res.end("websocket: the client is not using the websocket protocol\n");
  });
  server.on("upgrade", (req, socket, head) => {
    upgrades.push({ host: req.headers.host, servername: req.socket.servername || void 0 });
    wss.handleUpgrade(req, socket, head, (ws) => keepOrDrop(ws, options));
  });
  const httpPort = await listen(server);
  const front = options.acceptProxy ? await proxyProtocolFront(httpPort) : void 0;
  const handle = {
    port: front?.server.port ?? httpPort,
    upgrades,
    proxyLines: front?.proxyLines ?? [],
    close: async () => {
      running.delete(handle);
      await front?.server.close();
      for (const client of wss.clients) client.terminate();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  };
  running.add(handle);
  return handle;
}
function keepOrDrop(ws, options) {
  ws.on("error", () => void 0);
  if (options.closeAfterMs !== void 0) {
    const timer = setTimeout(() => ws.terminate(), options.closeAfterMs);
    ws.on("close", () => clearTimeout(timer));
  }
  if (options.pingEveryMs !== void 0) {
    let answered = true;
    ws.on("pong", () => answered = true);
    const timer = setInterval(() => {
      if (!answered) return ws.terminate();
      answered = false;
      ws.ping();
    }, options.pingEveryMs);
    ws.on("close", () => clearInterval(timer));
  }
}
async function proxyProtocolFront(innerPort) {
  const proxyLines = [];
  const server = await startRawServer((client) => {
    let buffered = Buffer.alloc(0);
    const onData = (chunk) => {
      buffered = Buffer.concat([buffered, chunk]);
      const eol = buffered.indexOf("\r\n");
      if (eol === -1) return;
      client.off("data", onData);
      const line = buffered.subarray(0, eol).toString("latin1");
      if (!line.startsWith("PROXY ")) return client.destroy();
      proxyLines.push(line);
      const upstream = net.connect({ host: "127.0.0.1", port: innerPort });
      upstream.on("error", () => client.destroy());
      client.on("close", () => upstream.destroy());
      upstream.write(buffered.subarray(eol + 2));
      client.pipe(upstream).pipe(client);
    };
    client.on("data", onData);
  });
  return { server, proxyLines };
}
async function startRawServer(onConnection) {
  const sockets = /* @__PURE__ */ new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => void 0);
    socket.on("close", () => sockets.delete(socket));
    onConnection(socket);
  });
  const port = await listen(server);
  const handle = {
    port,
    close: async () => {
      running.delete(handle);
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  };
  running.add(handle);
  return handle;
}
function listen(server) {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server.address().port));
  });
}
export {
  closeAllServers,
  freePort,
  startRawServer,
  startWsServer
};
