/**
 * One-line reasons for failed probe steps, worded for someone debugging a load balancer in
 * front of the gorouter: what was seen, and the usual cause of it.
 */
import { hostPort, type HostPort } from './endpoint.js';
import { MAX_RESPONSE_HEAD_BYTES, type ResponseHead } from './handshake.js';
import { errorCode, StepTimeout } from './step.js';

export function dnsError(host: string, error: unknown): string {
  if (error instanceof StepTimeout) return `no DNS answer for ${host} within ${error.seconds} s`;
  switch (errorCode(error)) {
    case 'ENOTFOUND':
      return `${host} does not resolve (ENOTFOUND): no DNS record, or the record is not published yet (use --connect to reach the LB by address)`;
    case 'EAI_AGAIN':
      return `DNS lookup of ${host} failed temporarily (EAI_AGAIN): no DNS server answered`;
    case 'ENODATA':
      return `${host} has no address record (ENODATA)`;
    default:
      return `DNS lookup of ${host} failed: ${messageOf(error)}`;
  }
}

export function connectError(target: HostPort, error: unknown): string {
  const where = hostPort(target);
  if (error instanceof StepTimeout) {
    return `no answer from ${where} within ${error.seconds} s: packets dropped (firewall, security group) or the address is wrong`;
  }
  switch (errorCode(error)) {
    case 'ECONNREFUSED':
      return `connection refused by ${where}: nothing listens on port ${target.port}`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${where} is unreachable (${errorCode(error)})`;
    case 'ECONNRESET':
      return `connection to ${where} was reset while connecting`;
    default:
      return `TCP connect to ${where} failed: ${messageOf(error)}`;
  }
}

/** OpenSSL's words for "the other side answered, but not in TLS". */
const PLAINTEXT_ANSWER = /wrong version number|packet length too long|http request|unknown protocol/i;

export function tlsError(error: unknown): string {
  if (error instanceof StepTimeout) {
    return `no TLS handshake answer within ${error.seconds} s: the listener waits for something else (plain HTTP, or a PROXY protocol header)`;
  }
  const message = messageOf(error);
  if (PLAINTEXT_ANSWER.test(message)) {
    return 'the server answered in plain text, not TLS: the listener is plain HTTP/TCP, so the URL should be ws:// (use_ssl: false) or the listener needs TLS';
  }
  if (errorCode(error) === 'ECONNRESET' || /disconnected before secure TLS/i.test(message)) {
    return 'connection closed during the TLS handshake: the listener does not speak TLS here, or expects a PROXY protocol header first';
  }
  return `TLS handshake failed: ${message}`;
}

export function handshakeError(error: unknown): string {
  if (error instanceof StepTimeout) {
    return `no HTTP response within ${error.seconds} s after the upgrade request: the listener waits for something else (TLS, or a PROXY protocol header)`;
  }
  if (errorCode(error) === 'ECONNRESET') return 'connection reset before an HTTP response to the upgrade request';
  return `upgrade request failed: ${messageOf(error)}`;
}

/** The hold step words its own failures; this is for anything unforeseen. */
export function holdError(error: unknown): string {
  return `the connection failed while idle: ${messageOf(error)}`;
}

/** Why the connection ended before a complete response head; `received` is what came before the end. */
export function closedBeforeResponse(received: Buffer, secure: boolean): string {
  if (!secure && looksLikeTls(received)) return tlsWhereHttpExpected();
  if (received.length === 0) {
    const hint = secure ? 'a PROXY protocol header' : 'TLS (wss://, use_ssl: true) or a PROXY protocol header';
    return `connection closed without an HTTP response to the upgrade request: the listener may expect ${hint}`;
  }
  return `connection closed in the middle of the response (${received.length} bytes received)`;
}

/** The answer began with a TLS record (handshake 0x16 or alert 0x15, version 3.x) on a ws:// connection. */
export function looksLikeTls(received: Buffer): boolean {
  return received.length >= 2 && (received[0] === 0x15 || received[0] === 0x16) && received[1] === 0x03;
}

export function tlsWhereHttpExpected(): string {
  return 'the server answered with TLS to a plain-text request: the listener terminates TLS, so the URL should be wss:// (use_ssl: true)';
}

/** An HTTP response whose head does not end within MAX_RESPONSE_HEAD_BYTES. */
export function headTooLarge(): string {
  return `the response head is over ${MAX_RESPONSE_HEAD_BYTES / 1024} KB without the blank line that ends it; the probe reads no more`;
}

/**
 * Why the certificate chain failed, with the remedy that fits: an expired certificate is not
 * fixed by --ca, and with --ca given the bundle is what does not hold the issuer.
 */
export function untrustedChain(code: string, caGiven: boolean, validTo: string): string {
  if (code === 'CERT_HAS_EXPIRED') return `certificate expired (${code}, valid to ${validTo}): renew it on the load balancer, or --insecure`;
  if (code === 'CERT_NOT_YET_VALID') return `certificate not yet valid (${code}): check the clocks, or --insecure`;
  if (caGiven) return `certificate chain not trusted by the --ca bundle (${code}): give the CA that issued the server's chain, or --insecure`;
  return `certificate chain not trusted (${code}): pass --ca FILE with the issuing CA, or --insecure`;
}

export function notHttp(received: Buffer): string {
  const printable = received.subarray(0, 40).toString('latin1').replace(/[^\x20-\x7e]/g, '.');
  return `the answer to the upgrade request is not HTTP/1.1 (starts "${printable}")`;
}

/** A 400 whose body says plain HTTP reached a port that expects TLS. */
export function plainRequestToTlsPort(head: ResponseHead, said: string): string {
  return `${answerSeen(head)}: this port expects TLS and the request was plain (the server says "${said}"): clients must use wss:// here (doppler.use_ssl: true), and so must the probe`;
}

/** The answer as a reader sees it: `HTTP 400 Bad Request from nginx`. */
function answerSeen(head: ResponseHead): string {
  return `HTTP ${head.status}${head.reason ? ` ${head.reason}` : ''}${serverSuffix(head)}`;
}

/** Why a response other than 101 means the WebSocket did not get through. */
export function statusFailure(head: ResponseHead): string {
  const seen = answerSeen(head);
  const routerError = head.headers['x-cf-routererror'];
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

function serverSuffix(head: ResponseHead): string {
  const server = head.headers['server'];
  return server ? ` from ${server}` : '';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
