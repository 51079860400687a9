import {
  endpointUrl,
  hostHeader,
  hostPort
} from "../../chunk-FFSG2VZU.js";

// src/probe/client.ts
import { lookup } from "node:dns/promises";
import net from "node:net";
import tls from "node:tls";

// src/probe/step.ts
var StepFailure = class extends Error {
  constructor(message, facts = {}) {
    super(message);
    this.facts = facts;
    this.name = "StepFailure";
  }
  facts;
};
var StepTimeout = class extends Error {
  constructor(seconds) {
    super(`timed out after ${seconds} s`);
    this.seconds = seconds;
    this.name = "StepTimeout";
  }
  seconds;
};
async function runStep(step, timeoutSeconds, body, explain) {
  const started = performance.now();
  const durationMs = () => Math.round((performance.now() - started) * 10) / 10;
  try {
    const outcome = await (timeoutSeconds === void 0 ? body() : withTimeout(body(), timeoutSeconds));
    const result = { step, ok: true, durationMs: durationMs(), detail: outcome.detail, facts: outcome.facts };
    if (outcome.warning) result.warning = outcome.warning;
    return { result, value: outcome.value };
  } catch (error) {
    const failure = error instanceof StepFailure;
    return {
      result: {
        step,
        ok: false,
        durationMs: durationMs(),
        detail: failure ? error.message : explain(error),
        facts: failure ? error.facts : errorFacts(error)
      }
    };
  }
}
function withTimeout(work, seconds) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new StepTimeout(seconds)), seconds * 1e3);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
function errorFacts(error) {
  if (error instanceof StepTimeout) return { timeoutSeconds: error.seconds };
  const code = errorCode(error);
  return code ? { errorCode: code } : {};
}
function errorCode(error) {
  const code = error?.code;
  return typeof code === "string" ? code : void 0;
}

// src/probe/explain.ts
function dnsError(host, error) {
  if (error instanceof StepTimeout) return `no DNS answer for ${host} within ${error.seconds} s`;
  switch (errorCode(error)) {
    case "ENOTFOUND":
      return `${host} does not resolve (ENOTFOUND): no DNS record, or the record is not published yet (use --connect to reach the LB by address)`;
    case "EAI_AGAIN":
      return `DNS lookup of ${host} failed temporarily (EAI_AGAIN): no DNS server answered`;
    case "ENODATA":
      return `${host} has no address record (ENODATA)`;
    default:
      return `DNS lookup of ${host} failed: ${messageOf(error)}`;
  }
}
function connectError(target, error) {
  const where = hostPort(target);
  if (error instanceof StepTimeout) {
    return `no answer from ${where} within ${error.seconds} s: packets dropped (firewall, security group) or the address is wrong`;
  }
  switch (errorCode(error)) {
    case "ECONNREFUSED":
      return `connection refused by ${where}: nothing listens on port ${target.port}`;
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return `${where} is unreachable (${errorCode(error)})`;
    case "ECONNRESET":
      return `connection to ${where} was reset while connecting`;
    default:
      return `TCP connect to ${where} failed: ${messageOf(error)}`;
  }
}
var PLAINTEXT_ANSWER = /wrong version number|packet length too long|http request|unknown protocol/i;
function tlsError(error) {
  if (error instanceof StepTimeout) {
    return `no TLS handshake answer within ${error.seconds} s: the listener waits for something else (plain HTTP, or a PROXY protocol header)`;
  }
  const message = messageOf(error);
  if (PLAINTEXT_ANSWER.test(message)) {
    return "the server answered in plain text, not TLS: the listener is plain HTTP/TCP, so the URL should be ws:// (doppler.use_ssl: false) or the listener needs TLS";
  }
  if (errorCode(error) === "ECONNRESET" || /disconnected before secure TLS/i.test(message)) {
    return "connection closed during the TLS handshake: the listener does not speak TLS here, or expects a PROXY protocol header first";
  }
  return `TLS handshake failed: ${message}`;
}
function handshakeError(error) {
  if (error instanceof StepTimeout) {
    return `no HTTP response within ${error.seconds} s after the upgrade request: the listener waits for something else (TLS, or a PROXY protocol header)`;
  }
  if (errorCode(error) === "ECONNRESET") return "connection reset before an HTTP response to the upgrade request";
  return `upgrade request failed: ${messageOf(error)}`;
}
function holdError(error) {
  return `the connection failed while idle: ${messageOf(error)}`;
}
function closedBeforeResponse(received, secure) {
  if (!secure && looksLikeTls(received)) return tlsWhereHttpExpected();
  if (received.length === 0) {
    const hint = secure ? "a PROXY protocol header" : "TLS (wss://, doppler.use_ssl: true) or a PROXY protocol header";
    return `connection closed without an HTTP response to the upgrade request: the listener may expect ${hint}`;
  }
  return `connection closed in the middle of the response (${received.length} bytes received)`;
}
function looksLikeTls(received) {
  return received.length >= 2 && (received[0] === 21 || received[0] === 22) && received[1] === 3;
}
function tlsWhereHttpExpected() {
  return "the server answered with TLS to a plain-text request: the listener terminates TLS, so the URL should be wss:// (doppler.use_ssl: true)";
}
function notHttp(received) {
  const printable = received.subarray(0, 40).toString("latin1").replace(/[^\x20-\x7e]/g, ".");
  return `the answer to the upgrade request is not HTTP/1.1 (starts "${printable}")`;
}
function statusFailure(head) {
  const seen = `HTTP ${head.status}${head.reason ? ` ${head.reason}` : ""}${serverSuffix(head)}`;
  const routerError = head.headers["x-cf-routererror"];
  if (routerError) return `${seen}: gorouter answered with X-Cf-Routererror "${routerError}"`;
  switch (head.status) {
    case 200:
      return `${seen}: the upgrade was ignored and the request answered as plain HTTP (a layer-7 listener that does not pass Upgrade, like a classic ELB HTTP/HTTPS listener)`;
    case 400:
      return `${seen}: the router did not get a WebSocket upgrade (the load balancer dropped the Upgrade header, or sent bytes the router cannot parse, such as an unexpected PROXY protocol header)`;
    case 401:
      return `${seen}: the endpoint wants credentials; the request reached a server that checks them`;
    case 403:
      return `${seen}: the upgrade was refused (a load-balancer rule denying Upgrade requests?)`;
    case 404:
      return `${seen}: no route for this host name at the router, or the path does not exist`;
    case 426:
      return `${seen}: the server wants an upgrade it did not get (the Upgrade header was lost on the way)`;
    case 502:
    case 503:
    case 504:
      return `${seen}: the load balancer could not get an answer from the router behind it`;
    default:
      return `${seen}: expected 101 Switching Protocols`;
  }
}
function serverSuffix(head) {
  const server = head.headers["server"];
  return server ? ` from ${server}` : "";
}
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}

// src/probe/frames.ts
import { randomBytes } from "node:crypto";
var OPCODE = { close: 8, ping: 9, pong: 10 };
function readFrames(buffer) {
  const frames = [];
  let offset = 0;
  for (; ; ) {
    const frame = frameAt(buffer, offset);
    if (!frame) break;
    frames.push(frame.frame);
    offset = frame.next;
  }
  return { frames, rest: buffer.subarray(offset) };
}
function frameAt(buffer, offset) {
  if (buffer.length < offset + 2) return void 0;
  const opcode = buffer[offset] & 15;
  const masked = (buffer[offset + 1] & 128) !== 0;
  let length = buffer[offset + 1] & 127;
  let at = offset + 2;
  if (length === 126) {
    if (buffer.length < at + 2) return void 0;
    length = buffer.readUInt16BE(at);
    at += 2;
  } else if (length === 127) {
    if (buffer.length < at + 8) return void 0;
    length = Number(buffer.readBigUInt64BE(at));
    at += 8;
  }
  const mask = masked ? buffer.subarray(at, at + 4) : void 0;
  if (masked) at += 4;
  if (buffer.length < at + length) return void 0;
  const payload = Buffer.from(buffer.subarray(at, at + length));
  if (mask) payload.forEach((byte, i) => payload[i] = byte ^ mask[i % 4]);
  return { frame: { opcode, payload }, next: at + length };
}
function clientFrame(opcode, payload = Buffer.alloc(0)) {
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]));
  return Buffer.concat([Buffer.from([128 | opcode, 128 | payload.length]), mask, masked]);
}
function describeClose(payload) {
  if (payload.length < 2) return "a close frame without a status code";
  const reason = payload.subarray(2).toString("utf8");
  return `a close frame with status ${payload.readUInt16BE(0)}${reason ? ` "${reason}"` : ""}`;
}
function normalClosure() {
  const payload = Buffer.alloc(2);
  payload.writeUInt16BE(1e3);
  return clientFrame(OPCODE.close, payload);
}

// src/probe/handshake.ts
import { createHash, randomBytes as randomBytes2 } from "node:crypto";
var WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
var MAX_RESPONSE_HEAD_BYTES = 64 * 1024;
function newWebSocketKey() {
  return randomBytes2(16).toString("base64");
}
function expectedAccept(key) {
  return createHash("sha1").update(key + WEBSOCKET_GUID).digest("base64");
}
function upgradeRequest(endpoint, key) {
  return [
    `GET ${endpoint.path} HTTP/1.1`,
    `Host: ${hostHeader(endpoint)}`,
    "Upgrade: websocket",
    "Connection: Upgrade",
    `Sec-WebSocket-Key: ${key}`,
    "Sec-WebSocket-Version: 13",
    "User-Agent: cf-ws-lint-probe",
    "",
    ""
  ].join("\r\n");
}
function headEnd(buffer) {
  const at = buffer.indexOf("\r\n\r\n");
  return at === -1 ? -1 : at + 4;
}
function parseResponseHead(buffer, end) {
  const lines = buffer.subarray(0, end - 4).toString("latin1").split("\r\n");
  const statusLine = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(lines[0] ?? "");
  if (!statusLine) return void 0;
  const headers = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === void 0 ? value : `${headers[name]}, ${value}`;
  }
  return { status: Number(statusLine[1]), reason: statusLine[2] ?? "", headers, rest: buffer.subarray(end) };
}
function upgradeProblem(head, key) {
  if (!/(^|,)\s*websocket\s*(,|$)/i.test(head.headers["upgrade"] ?? "")) {
    return `101 without "Upgrade: websocket" (got ${quoted(head.headers["upgrade"])})`;
  }
  if (!/(^|,)\s*upgrade\s*(,|$)/i.test(head.headers["connection"] ?? "")) {
    return `101 without "Connection: Upgrade" (got ${quoted(head.headers["connection"])})`;
  }
  const accept = head.headers["sec-websocket-accept"];
  const expected = expectedAccept(key);
  if (accept !== expected) {
    return `101 with a wrong Sec-WebSocket-Accept (got ${quoted(accept)}, expected "${expected}"): something between answered the upgrade itself`;
  }
  return void 0;
}
function quoted(value) {
  return value === void 0 ? "none" : `"${value}"`;
}

// src/probe/client.ts
var MS_PER_DAY = 864e5;
async function probeEndpoint(endpoint, options) {
  const target = { host: options.connect?.host ?? endpoint.host, port: options.connect?.port ?? endpoint.port };
  const result = { label: endpoint.label, url: endpointUrl(endpoint), ok: false, steps: [] };
  if (options.connect) result.connect = hostPort(target);
  const sockets = [];
  const record = (run) => {
    result.steps.push(run.result);
    return run.value;
  };
  const timeout = options.timeoutSeconds;
  try {
    const address = record(await runStep("dns", timeout, () => resolveAddress(target.host, options.connect !== void 0), (e) => dnsError(target.host, e)));
    if (address === void 0) return result;
    const tcp = record(await runStep("tcp", timeout, () => connectTcp(address, target.port, sockets), (e) => connectError(target, e)));
    if (tcp === void 0) return result;
    let stream = tcp;
    if (endpoint.secure) {
      const secured = record(await runStep("tls", timeout, () => secureSocket(tcp, endpoint, options, sockets), tlsError));
      if (secured === void 0) return result;
      stream = secured;
    }
    const firstFrames = record(await runStep("websocket", timeout, () => upgrade(stream, endpoint), handshakeError));
    if (firstFrames === void 0) return result;
    if (options.holdSeconds !== void 0) {
      const held = record(await runStep("hold", void 0, () => holdIdle(stream, firstFrames, options.holdSeconds), holdError));
      if (held === void 0) return result;
    }
    result.ok = true;
    stream.end(normalClosure());
    return result;
  } finally {
    for (const socket of sockets) socket.destroy();
  }
}
async function resolveAddress(host, fromConnect) {
  const source = fromConnect ? " (--connect)" : "";
  if (net.isIP(host)) {
    return { value: host, detail: `${host}${source} is an address, nothing to look up`, facts: { host, addresses: [host] } };
  }
  const answers = await lookup(host, { all: true, verbatim: true });
  const addresses = answers.map((answer) => answer.address);
  if (addresses.length === 0) throw new StepFailure(`${host} resolves to no address`, { host });
  return { value: addresses[0], detail: `${host}${source} \u2192 ${addresses.join(", ")}`, facts: { host, addresses } };
}
function connectTcp(address, port, sockets) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: address, port });
    sockets.push(socket);
    socket.on("error", () => void 0);
    socket.once("error", reject);
    socket.once("connect", () => {
      socket.off("error", reject);
      resolve({ value: socket, detail: `connected to ${hostPort({ host: address, port })}`, facts: { address, port } });
    });
  });
}
function secureSocket(socket, endpoint, options, sockets) {
  return new Promise((resolve, reject) => {
    let nameProblem;
    const secured = tls.connect({
      socket,
      host: endpoint.host,
      // RFC 6066: SNI carries host names only, never an address.
      servername: net.isIP(endpoint.host) ? void 0 : endpoint.host,
      ca: options.ca,
      ALPNProtocols: ["http/1.1"],
      // Verified below, so a bad certificate is reported with its reason rather than as a failed handshake.
      rejectUnauthorized: false,
      checkServerIdentity: (host, cert) => {
        nameProblem = tls.checkServerIdentity(host, cert)?.message;
        return void 0;
      }
    });
    sockets.push(secured);
    secured.on("error", () => void 0);
    secured.once("error", reject);
    secured.once("secureConnect", () => {
      secured.off("error", reject);
      try {
        resolve(certificateOutcome(secured, endpoint.host, nameProblem, options.insecure === true));
      } catch (error) {
        reject(error);
      }
    });
  });
}
function certificateOutcome(secured, host, nameProblem, insecure) {
  const protocol = secured.getProtocol() ?? "unknown";
  const cert = secured.getPeerCertificate();
  const validTo = new Date(cert.valid_to);
  const daysToExpiry = Math.floor((validTo.getTime() - Date.now()) / MS_PER_DAY);
  const chainProblem = secured.authorized ? void 0 : String(secured.authorizationError);
  const facts = {
    protocol,
    alpn: secured.alpnProtocol || "none",
    subject: firstName(cert.subject?.CN),
    issuer: firstName(cert.issuer?.CN),
    validTo: Number.isNaN(validTo.getTime()) ? "unknown" : validTo.toISOString(),
    daysToExpiry,
    chainTrusted: chainProblem === void 0,
    validForHost: nameProblem === void 0
  };
  const problems = [
    chainProblem && `certificate chain not trusted (${chainProblem}): pass --ca FILE with the issuing CA, or --insecure`,
    nameProblem && `certificate not valid for ${host}: ${nameProblem}`
  ].filter((problem) => Boolean(problem));
  if (problems.length > 0 && !insecure) throw new StepFailure(problems.join("; "), facts);
  const expiry = daysToExpiry < 0 ? `expired ${-daysToExpiry} days ago` : `expires in ${daysToExpiry} days`;
  const verdict = problems.length > 0 ? "not verified (--insecure)" : `valid for ${host}`;
  const outcome = {
    value: secured,
    detail: `${protocol}, certificate ${facts.subject} issued by ${facts.issuer}, ${verdict}, ${expiry}`,
    facts
  };
  if (problems.length > 0) outcome.warning = problems.join("; ");
  return outcome;
}
function firstName(name) {
  return (Array.isArray(name) ? name[0] : name) ?? "(no CN)";
}
function upgrade(stream, endpoint) {
  const key = newWebSocketKey();
  return new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const settle = (action) => {
      stream.off("data", onData);
      stream.off("end", onEnd);
      stream.off("close", onEnd);
      stream.off("error", onError);
      try {
        action();
      } catch (error) {
        reject(error);
      }
    };
    const onEnd = () => settle(() => reject(new StepFailure(closedBeforeResponse(received, endpoint.secure))));
    const onError = (error) => settle(() => reject(error));
    const onData = (chunk) => {
      received = Buffer.concat([received, chunk]);
      if (!endpoint.secure && looksLikeTls(received)) return settle(() => reject(new StepFailure(tlsWhereHttpExpected())));
      const end = headEnd(received);
      if (end === -1) {
        if (received.length > MAX_RESPONSE_HEAD_BYTES) settle(() => reject(new StepFailure(notHttp(received))));
        return;
      }
      settle(() => resolve(checkedUpgrade(received, end, key)));
    };
    stream.on("data", onData);
    stream.once("end", onEnd);
    stream.once("close", onEnd);
    stream.once("error", onError);
    stream.write(upgradeRequest(endpoint, key));
  });
}
function checkedUpgrade(received, end, key) {
  const head = parseResponseHead(received, end);
  if (!head) throw new StepFailure(notHttp(received));
  const facts = { status: head.status, reason: head.reason };
  for (const name of ["server", "upgrade", "connection", "sec-websocket-accept", "x-cf-routererror"]) {
    if (head.headers[name] !== void 0) facts[name] = head.headers[name];
  }
  if (head.status !== 101) throw new StepFailure(statusFailure(head), facts);
  const problem = upgradeProblem(head, key);
  if (problem) throw new StepFailure(problem, facts);
  return { value: head.rest, detail: `101 ${head.reason || "Switching Protocols"}, Sec-WebSocket-Accept correct`, facts };
}
function holdIdle(stream, firstFrames, seconds) {
  const started = performance.now();
  const idleSeconds = () => (performance.now() - started) / 1e3;
  const idleFor = () => `${idleSeconds().toFixed(1)} s`;
  return new Promise((resolve, reject) => {
    let pending = Buffer.alloc(0);
    let pings = 0;
    const settle = (action) => {
      clearTimeout(timer);
      stream.off("data", onData);
      stream.off("end", onEnd);
      stream.off("close", onEnd);
      stream.off("error", onError);
      action();
    };
    const facts = () => ({ heldSeconds: Math.round(idleSeconds() * 10) / 10, pingsAnswered: pings });
    const onEnd = () => settle(() => reject(new StepFailure(`connection closed after ${idleFor()} idle`, facts())));
    const onError = (error) => settle(() => reject(new StepFailure(`connection reset after ${idleFor()} idle (${error.message})`, facts())));
    const onData = (chunk) => {
      const { frames, rest } = readFrames(Buffer.concat([pending, chunk]));
      pending = rest;
      for (const frame of frames) {
        if (frame.opcode === OPCODE.ping) {
          pings++;
          stream.write(clientFrame(OPCODE.pong, frame.payload));
        } else if (frame.opcode === OPCODE.close) {
          return settle(() => reject(new StepFailure(`closed by the server with ${describeClose(frame.payload)} after ${idleFor()} idle`, facts())));
        }
      }
    };
    const timer = setTimeout(() => {
      const answered = pings > 0 ? ` (answered ${pings} ping${pings === 1 ? "" : "s"})` : "";
      settle(() => resolve({ value: seconds, detail: `stayed open ${seconds} s while idle${answered}`, facts: facts() }));
    }, seconds * 1e3);
    stream.on("data", onData);
    stream.once("end", onEnd);
    stream.once("close", onEnd);
    stream.once("error", onError);
    if (firstFrames.length > 0) onData(firstFrames);
  });
}
export {
  probeEndpoint
};
