/**
 * The client side of the RFC 6455 opening handshake (§4.1, §4.2.2): the request, and the
 * checks a client must make on the server's answer. Pure: bytes in, bytes or verdicts out.
 */
import { createHash, randomBytes } from 'node:crypto';
import { hostHeader, type ProbeEndpoint } from './endpoint.js';

/** RFC 6455 §1.3: the GUID every server appends to the key before hashing. */
const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** Response heads longer than this are not a handshake answer; stop reading rather than buffer forever. */
export const MAX_RESPONSE_HEAD_BYTES = 64 * 1024;

/** A fresh Sec-WebSocket-Key: 16 random bytes, base64 (§4.1). */
export function newWebSocketKey(): string {
  return randomBytes(16).toString('base64');
}

/** The Sec-WebSocket-Accept a correct server sends for `key` (§4.2.2 step 5.4). */
export function expectedAccept(key: string): string {
  return createHash('sha1').update(key + WEBSOCKET_GUID).digest('base64');
}

export function upgradeRequest(endpoint: ProbeEndpoint, key: string): string {
  return [
    `GET ${endpoint.path} HTTP/1.1`,
    `Host: ${hostHeader(endpoint)}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    `Sec-WebSocket-Key: ${key}`,
    'Sec-WebSocket-Version: 13',
    'User-Agent: cf-ws-lint-probe',
    ...(endpoint.headers ?? []).map(([name, value]) => `${name}: ${value}`),
    '',
    '',
  ].join('\r\n');
}

export interface ResponseHead {
  status: number;
  reason: string;
  /** Lower-cased names; repeated headers joined with `, `. */
  headers: Record<string, string>;
  /** Bytes after the head: the first WebSocket frames, if the server sent any already. */
  rest: Buffer;
}

/** Where the head ends (`\r\n\r\n`), or -1 while it is incomplete. */
export function headEnd(buffer: Buffer): number {
  const at = buffer.indexOf('\r\n\r\n');
  return at === -1 ? -1 : at + 4;
}

/** Parses a complete response head; `undefined` when the bytes are not HTTP/1.x at all. */
export function parseResponseHead(buffer: Buffer, end: number): ResponseHead | undefined {
  const lines = buffer.subarray(0, end - 4).toString('latin1').split('\r\n');
  const statusLine = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(lines[0] ?? '');
  if (!statusLine) return undefined;
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return { status: Number(statusLine[1]), reason: statusLine[2] ?? '', headers, rest: buffer.subarray(end) };
}

/** What is wrong with a 101 answer (§4.2.2 / §4.1 client checks), or `undefined` when it is a valid upgrade. */
export function upgradeProblem(head: ResponseHead, key: string): string | undefined {
  if (!/(^|,)\s*websocket\s*(,|$)/i.test(head.headers['upgrade'] ?? '')) {
    return `101 without "Upgrade: websocket" (got ${quoted(head.headers['upgrade'])})`;
  }
  if (!/(^|,)\s*upgrade\s*(,|$)/i.test(head.headers['connection'] ?? '')) {
    return `101 without "Connection: Upgrade" (got ${quoted(head.headers['connection'])})`;
  }
  const accept = head.headers['sec-websocket-accept'];
  const expected = expectedAccept(key);
  if (accept !== expected) {
    return `101 with a wrong Sec-WebSocket-Accept (got ${quoted(accept)}, expected "${expected}"): something between answered the upgrade itself`;
  }
  return undefined;
}

function quoted(value: string | undefined): string {
  return value === undefined ? 'none' : `"${value}"`;
}
