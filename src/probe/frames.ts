/**
 * Just enough of the RFC 6455 framing (§5.2) to sit idle on an open WebSocket: read the
 * server's frames, answer pings, notice a close. Traffic Controller pings about every 15 s
 * and closes streams whose pongs stop (loggregator-release websocket_server.go, keepalive.go),
 * so an idle client that ignored pings would be closed by the server, not by the load balancer.
 */
import { randomBytes } from 'node:crypto';

export const OPCODE = { close: 0x8, ping: 0x9, pong: 0xa } as const;

export interface Frame {
  opcode: number;
  payload: Buffer;
}

/** Splits complete frames off the front of `buffer`; `rest` is the start of an incomplete one. */
export function readFrames(buffer: Buffer): { frames: Frame[]; rest: Buffer } {
  const frames: Frame[] = [];
  let offset = 0;
  for (;;) {
    const frame = frameAt(buffer, offset);
    if (!frame) break;
    frames.push(frame.frame);
    offset = frame.next;
  }
  return { frames, rest: buffer.subarray(offset) };
}

function frameAt(buffer: Buffer, offset: number): { frame: Frame; next: number } | undefined {
  if (buffer.length < offset + 2) return undefined;
  const opcode = buffer[offset] & 0x0f;
  const masked = (buffer[offset + 1] & 0x80) !== 0;
  let length = buffer[offset + 1] & 0x7f;
  let at = offset + 2;
  if (length === 126) {
    if (buffer.length < at + 2) return undefined;
    length = buffer.readUInt16BE(at);
    at += 2;
  } else if (length === 127) {
    if (buffer.length < at + 8) return undefined;
    length = Number(buffer.readBigUInt64BE(at));
    at += 8;
  }
  const mask = masked ? buffer.subarray(at, at + 4) : undefined;
  if (masked) at += 4;
  if (buffer.length < at + length) return undefined;
  const payload = Buffer.from(buffer.subarray(at, at + length));
  if (mask) payload.forEach((byte, i) => (payload[i] = byte ^ mask[i % 4]));
  return { frame: { opcode, payload }, next: at + length };
}

/** A final, masked client frame (§5.3: every client-to-server frame is masked); control payloads are ≤ 125 bytes. */
export function clientFrame(opcode: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  const mask = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]));
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length]), mask, masked]);
}

/** A close frame's status code and reason (§5.5.1), as one phrase for messages. */
export function describeClose(payload: Buffer): string {
  if (payload.length < 2) return 'a close frame without a status code';
  const reason = payload.subarray(2).toString('utf8');
  return `a close frame with status ${payload.readUInt16BE(0)}${reason ? ` "${reason}"` : ''}`;
}

/** The normal-closure frame (status 1000) a client sends when it is done. */
export function normalClosure(): Buffer {
  const payload = Buffer.alloc(2);
  payload.writeUInt16BE(1000);
  return clientFrame(OPCODE.close, payload);
}
