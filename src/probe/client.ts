/**
 * The probe's WebSocket client, written on Node's own dns, net, tls and crypto modules rather
 * than on the `ws` package. A WebSocket library does the DNS lookup, TCP connect, TLS handshake
 * and HTTP upgrade in one call and reports one error at the end; diagnosing a load balancer
 * needs each step timed and its failure named on its own ("TLS: the server answered in plain
 * text", "HTTP 400: the Upgrade header did not reach the router"), and needs the raw response
 * and the idle connection afterwards, which a library hides.
 */
import { lookup } from 'node:dns/promises';
import net from 'node:net';
import tls from 'node:tls';
import { endpointUrl, hostPort, type ConnectOverride, type HostPort, type ProbeEndpoint } from './endpoint.js';
import {
  closedBeforeResponse,
  connectError,
  dnsError,
  handshakeError,
  headTooLarge,
  holdError,
  looksLikeTls,
  notHttp,
  tlsError,
  tlsWhereHttpExpected,
  untrustedChain,
} from './explain.js';
import { describeClose, normalClosure, OPCODE, clientFrame, readFrames } from './frames.js';
import { headEnd, MAX_RESPONSE_HEAD_BYTES, newWebSocketKey, parseResponseHead, upgradeProblem, upgradeRequest } from './handshake.js';
import type { FactValue, ProbeResult } from './result.js';
import { answerVerdict } from './verdict.js';
import { runStep, StepFailure, type Outcome, type StepRun } from './step.js';

export interface ProbeOptions {
  /** Connect here instead of the endpoint's host and port; SNI and `Host` keep the endpoint's name. */
  connect?: ConnectOverride;
  /** After the upgrade, stay idle this long and report whether the connection survives. */
  holdSeconds?: number;
  /** Report certificate problems as warnings instead of failing the TLS step. */
  insecure?: boolean;
  /** Trusted CA certificates (PEM) instead of Node's bundled roots. */
  ca?: string;
  /** Limit for each of the DNS, TCP, TLS and WebSocket steps. */
  timeoutSeconds: number;
}

const MS_PER_DAY = 86_400_000;

/** Probes one endpoint step by step; stops at the first failed step. Never throws for network trouble. */
export async function probeEndpoint(endpoint: ProbeEndpoint, options: ProbeOptions): Promise<ProbeResult> {
  const target: HostPort = { host: options.connect?.host ?? endpoint.host, port: options.connect?.port ?? endpoint.port };
  const result: ProbeResult = { label: endpoint.label, url: endpointUrl(endpoint), ok: false, steps: [] };
  if (options.connect) result.connect = hostPort(target);
  const opened: net.Socket[] = [];
  const record = <T>(run: StepRun<T>): T | undefined => {
    result.steps.push(run.result);
    return run.value;
  };
  const timeout = options.timeoutSeconds;

  try {
    const address = record(await runStep('dns', timeout, () => resolveAddress(target.host, options.connect !== undefined), (e) => dnsError(target.host, e)));
    if (address === undefined) return result;

    const tcp = record(await runStep('tcp', timeout, () => connectTcp(address, target.port, opened), (e) => connectError(target, e)));
    if (tcp === undefined) return result;

    let stream: net.Socket = tcp;
    if (endpoint.secure) {
      const secured = record(await runStep('tls', timeout, () => secureSocket(tcp, endpoint, options, opened), tlsError));
      if (secured === undefined) return result;
      stream = secured;
    }

    const firstFrames = record(await runStep('websocket', timeout, () => upgrade(stream, endpoint), handshakeError));
    if (firstFrames === undefined) return result;

    const holdSeconds = options.holdSeconds;
    if (holdSeconds !== undefined) {
      const held = record(await runStep('hold', undefined, () => holdIdle(stream, firstFrames, holdSeconds), holdError));
      if (held === undefined) return result;
    }
    result.ok = true;
    // A polite goodbye (RFC 6455 §5.5.1); the socket is destroyed below whether or not it gets out.
    stream.end(normalClosure());
    return result;
  } finally {
    // Outermost first: destroying the TCP socket under a live TLS socket can crash Node 20 (SIGSEGV).
    for (const socket of opened.reverse()) socket.destroy();
  }
}

async function resolveAddress(host: string, fromConnect: boolean): Promise<Outcome<string>> {
  const source = fromConnect ? ' (--connect)' : '';
  if (net.isIP(host)) {
    return { value: host, detail: `${host}${source} is an address, nothing to look up`, facts: { host, addresses: [host] } };
  }
  // getaddrinfo, not a DNS query: /etc/hosts entries count, as they do for the cf CLI, so a name can be tried before the DNS switch.
  const answers = await lookup(host, { all: true, verbatim: true });
  const addresses = answers.map((answer) => answer.address);
  if (addresses.length === 0) throw new StepFailure(`${host} resolves to no address`, { host });
  return { value: addresses[0] as string, detail: `${host}${source} → ${addresses.join(', ')}`, facts: { host, addresses } };
}

function connectTcp(address: string, port: number, opened: net.Socket[]): Promise<Outcome<net.Socket>> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: address, port });
    opened.push(socket);
    // Errors after this step belong to later steps, which listen themselves; never let one go unhandled.
    socket.on('error', () => undefined);
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve({ value: socket, detail: `connected to ${hostPort({ host: address, port })}`, facts: { address, port } });
    });
  });
}

function secureSocket(socket: net.Socket, endpoint: ProbeEndpoint, options: ProbeOptions, opened: net.Socket[]): Promise<Outcome<tls.TLSSocket>> {
  return new Promise((resolve, reject) => {
    let nameProblem: string | undefined;
    const secured = tls.connect({
      socket,
      host: endpoint.host,
      // RFC 6066: SNI carries host names only, never an address.
      servername: net.isIP(endpoint.host) ? undefined : endpoint.host,
      ca: options.ca,
      ALPNProtocols: ['http/1.1'],
      // Verified below, so a bad certificate is reported with its reason rather than as a failed handshake.
      rejectUnauthorized: false,
      checkServerIdentity: (host, cert) => {
        nameProblem = tls.checkServerIdentity(host, cert)?.message;
        return undefined;
      },
    });
    opened.push(secured);
    secured.on('error', () => undefined);
    secured.once('error', reject);
    secured.once('secureConnect', () => {
      secured.off('error', reject);
      try {
        resolve(certificateOutcome(secured, endpoint.host, nameProblem, options));
      } catch (error) {
        reject(error);
      }
    });
  });
}

function certificateOutcome(secured: tls.TLSSocket, host: string, nameProblem: string | undefined, options: ProbeOptions): Outcome<tls.TLSSocket> {
  const insecure = options.insecure === true;
  const protocol = secured.getProtocol() ?? 'unknown';
  const cert = secured.getPeerCertificate();
  const validTo = new Date(cert.valid_to);
  const daysToExpiry = Math.floor((validTo.getTime() - Date.now()) / MS_PER_DAY);
  // authorizationError is an OpenSSL code string at run time (CERT_HAS_EXPIRED, UNABLE_TO_GET_ISSUER_CERT_LOCALLY…).
  const chainProblem = secured.authorized ? undefined : String(secured.authorizationError);
  const facts: Record<string, FactValue> = {
    protocol,
    alpn: secured.alpnProtocol || 'none',
    subject: firstName(cert.subject?.CN),
    issuer: firstName(cert.issuer?.CN),
    validTo: Number.isNaN(validTo.getTime()) ? 'unknown' : validTo.toISOString(),
    daysToExpiry,
    chainTrusted: chainProblem === undefined,
    validForHost: nameProblem === undefined,
  };
  const problems = [
    chainProblem && untrustedChain(chainProblem, options.ca !== undefined, cert.valid_to),
    nameProblem && `certificate not valid for ${host}: ${nameProblem}`,
  ]
    .filter(Boolean)
    .join('; ');
  if (problems && !insecure) throw new StepFailure(problems, facts);

  const expiry = daysToExpiry < 0 ? `expired ${-daysToExpiry} days ago` : `expires in ${daysToExpiry} days`;
  const verdict = problems ? 'not verified (--insecure)' : `valid for ${host}`;
  const outcome: Outcome<tls.TLSSocket> = {
    value: secured,
    detail: `${protocol}, certificate ${facts.subject} issued by ${facts.issuer}, ${verdict}, ${expiry}`,
    facts,
  };
  if (problems) outcome.warning = problems;
  return outcome;
}

function firstName(name: string | string[] | undefined): string {
  return (Array.isArray(name) ? name[0] : name) ?? '(no CN)';
}

/** Sends the upgrade request and checks the answer; hands on any frame bytes that came with it. */
function upgrade(stream: net.Socket, endpoint: ProbeEndpoint): Promise<Outcome<Buffer>> {
  const key = newWebSocketKey();
  return new Promise((resolve, reject) => {
    let received: Buffer = Buffer.alloc(0);
    const settle = (action: () => void) => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('close', onEnd);
      stream.off('error', onError);
      try {
        action();
      } catch (error) {
        reject(error);
      }
    };
    const onEnd = () => settle(() => reject(new StepFailure(closedBeforeResponse(received, endpoint.secure))));
    const onError = (error: Error) => settle(() => reject(error));
    const onData = (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (!endpoint.secure && looksLikeTls(received)) return settle(() => reject(new StepFailure(tlsWhereHttpExpected())));
      const end = headEnd(received);
      if (end === -1) {
        if (received.length > MAX_RESPONSE_HEAD_BYTES) {
          settle(() => reject(new StepFailure(received.subarray(0, 5).toString('latin1') === 'HTTP/' ? headTooLarge() : notHttp(received))));
        }
        return;
      }
      settle(() => resolve(checkedUpgrade(received, end, key, endpoint)));
    };
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('close', onEnd);
    stream.once('error', onError);
    stream.write(upgradeRequest(endpoint, key));
  });
}

function checkedUpgrade(received: Buffer, end: number, key: string, endpoint: ProbeEndpoint): Outcome<Buffer> {
  const head = parseResponseHead(received, end);
  if (!head) throw new StepFailure(notHttp(received));
  const facts: Record<string, FactValue> = { status: head.status, reason: head.reason };
  for (const name of ['server', 'upgrade', 'connection', 'sec-websocket-accept', 'x-cf-routererror']) {
    if (head.headers[name] !== undefined) facts[name] = head.headers[name];
  }
  if (head.status !== 101) {
    const authorized = (endpoint.headers ?? []).some(([name]) => name.toLowerCase() === 'authorization');
    const answer = answerVerdict(head, { host: endpoint.host, path: endpoint.path, authorized, secure: endpoint.secure });
    throw new StepFailure(answer.detail, { ...facts, verdict: answer.verdict });
  }
  const problem = upgradeProblem(head, key);
  if (problem) throw new StepFailure(problem, facts);
  return { value: head.rest, detail: `101 ${head.reason || 'Switching Protocols'}, Sec-WebSocket-Accept correct`, facts };
}

/**
 * What the probe lets queue toward a server that does not read: pongs beyond this are not
 * sent (RFC 6455 §5.5.3 lets a client answer only the latest ping), so a ping flood from a
 * server that never reads cannot grow the probe (it reached 433 MB in 21 s).
 */
export const MAX_QUEUED_WRITE_BYTES = 64 * 1024;

/** A timer that fires this late was held up; its verdict waits for the I/O that came meanwhile. */
const LATE_TIMER_SECONDS = 1;

/**
 * Sits on the open WebSocket without sending data, as a log stream of a quiet app does, and
 * reports whether the connection is still open after `seconds`. Pings are answered: a
 * connection kept alive by pings is what a real client sees too. A frame that breaks RFC 6455
 * ends the hold as a protocol violation; bytes are kept only up to one frame of MAX_FRAME_BYTES.
 */
function holdIdle(stream: net.Socket, firstFrames: Buffer, seconds: number): Promise<Outcome<number>> {
  const started = performance.now();
  const idleSeconds = () => (performance.now() - started) / 1000;
  const idleFor = () => `${idleSeconds().toFixed(1)} s`;
  return new Promise((resolve, reject) => {
    // Chunks are joined only once a frame can be complete: joining on every chunk copied a
    // large frame's bytes again per chunk.
    let chunks: Buffer[] = [];
    let buffered = 0;
    let needed = 0;
    let pings = 0;
    let unanswered = 0;
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('close', onEnd);
      stream.off('error', onError);
      action();
    };
    const facts = () => ({ heldSeconds: Math.round(idleSeconds() * 10) / 10, pingsAnswered: pings, ...(unanswered > 0 ? { pingsNotAnswered: unanswered } : {}) });
    const onEnd = () => settle(() => reject(new StepFailure(`connection closed after ${idleFor()} idle`, facts())));
    const onError = (error: Error) => settle(() => reject(new StepFailure(`connection reset after ${idleFor()} idle (${error.message})`, facts())));
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      buffered += chunk.length;
      if (buffered < needed) return;
      const read = readFrames(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, buffered));
      chunks = read.rest.length > 0 ? [read.rest] : [];
      buffered = read.rest.length;
      needed = read.needed;
      for (const frame of read.frames) {
        if (frame.opcode === OPCODE.ping) {
          if (stream.writableLength > MAX_QUEUED_WRITE_BYTES) {
            unanswered++;
            continue;
          }
          pings++;
          stream.write(clientFrame(OPCODE.pong, frame.payload));
        } else if (frame.opcode === OPCODE.close) {
          return settle(() => reject(new StepFailure(`closed by the server with ${describeClose(frame.payload)} after ${idleFor()} idle`, facts())));
        }
      }
      if (read.violation) {
        return settle(() => reject(new StepFailure(`protocol violation after ${idleFor()} idle: the server sent ${read.violation}`, facts())));
      }
    };
    const verdict = () => {
      const answered = pings > 0 ? ` (answered ${pings} ping${pings === 1 ? '' : 's'}${unanswered > 0 ? `, ${unanswered} more not: the server did not read` : ''})` : '';
      settle(() => resolve({ value: seconds, detail: `stayed open ${seconds} s while idle${answered}`, facts: facts() }));
    };
    const timer = setTimeout(() => {
      // Checked against the clock: a timer held up by a busy event loop fires before the I/O
      // that arrived meanwhile (timers run before the poll phase), so a close that came in
      // time would lose to it. setImmediate runs after that poll phase.
      if (idleSeconds() - seconds > LATE_TIMER_SECONDS) setImmediate(verdict);
      else verdict();
    }, seconds * 1000);
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('close', onEnd);
    stream.once('error', onError);
    if (firstFrames.length > 0) onData(firstFrames);
  });
}
