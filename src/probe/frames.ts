/**
 * Just enough of the RFC 6455 framing (§5.2) to sit idle on an open WebSocket: read the
 * server's frames, answer pings, notice a close. Traffic Controller pings about every 15 s
 * and closes streams whose pongs stop (loggregator-release websocket_server.go, keepalive.go),
 * so an idle client that ignored pings would be closed by the server, not by the load balancer.
 */
import { randomBytes } from 'node:crypto';

export const OPCODE = { close: 0x8, ping: 0x9, pong: 0xa } as const;

/**
 * The most the probe holds of one frame: it only reads frames to answer pings and see a close,
 * so a bigger one (a 2^63-byte length) is refused, not buffered. Loggregator envelopes are a
 * few KB; Traffic Controller's batches stay far below this.
 */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;

/** Data opcodes 0-2 and control opcodes 8-10 (§5.2); 3-7 and 11-15 are reserved. */
const KNOWN_OPCODES = new Set([0x0, 0x1, 0x2, 0x8, 0x9, 0xa]);

export interface Frame {
  opcode: number;
  payload: Buffer;
}

export interface ReadFrames {
  frames: Frame[];
  /** The start of an incomplete frame. */
  rest: Buffer;
  /** How many bytes `rest` must grow to before a frame can complete (0: not known yet). */
  needed: number;
  /** A frame no conforming server sends: the connection must be failed (§7.1.7). */
  violation?: string;
}

/** Thrown for a frame header that breaks RFC 6455; readFrames reports it as `violation`. */
class ProtocolViolation extends Error {}

/** Splits complete frames off the front of `buffer`; `rest` is the start of an incomplete one. */
export function readFrames(buffer: Buffer): ReadFrames {
  const frames: Frame[] = [];
  let offset = 0;
  try {
    for (;;) {
      const frame = frameAt(buffer, offset);
      if ('needed' in frame) return { frames, rest: buffer.subarray(offset), needed: frame.needed - offset };
      frames.push(frame.frame);
      offset = frame.next;
    }
  } catch (error) {
    if (!(error instanceof ProtocolViolation)) throw error;
    return { frames, rest: Buffer.alloc(0), needed: 0, violation: error.message };
  }
}

/**
 * The header is checked as soon as its bytes are there, before any payload is waited for:
 * RSV bits without an extension, reserved opcodes, a masked server frame, a fragmented or
 * long control frame (§5.2, §5.5) and a payload over MAX_FRAME_BYTES.
 */
function frameAt(buffer: Buffer, offset: number): { frame: Frame; next: number } | { needed: number } {
  if (buffer.length < offset + 2) return { needed: offset + 2 };
  const first = buffer[offset]!;
  const opcode = first & 0x0f;
  if ((first & 0x70) !== 0) throw new ProtocolViolation(`a frame with reserved bits set (RSV 0x${((first & 0x70) >> 4).toString(16)}) and no extension negotiated`);
  if (!KNOWN_OPCODES.has(opcode)) throw new ProtocolViolation(`a frame with the reserved opcode 0x${opcode.toString(16)}`);
  const masked = (buffer[offset + 1]! & 0x80) !== 0;
  if (masked) throw new ProtocolViolation('a masked frame from the server (§5.1: servers never mask)');
  let length = buffer[offset + 1]! & 0x7f;
  let at = offset + 2;
  if (opcode >= 0x8 && (length > 125 || (first & 0x80) === 0)) throw new ProtocolViolation(`a ${length > 125 ? 'control frame longer than 125 bytes' : 'fragmented control frame'}`);
  if (length === 126) {
    if (buffer.length < at + 2) return { needed: at + 2 };
    length = buffer.readUInt16BE(at);
    at += 2;
  } else if (length === 127) {
    if (buffer.length < at + 8) return { needed: at + 8 };
    const big = buffer.readBigUInt64BE(at);
    if (big > BigInt(MAX_FRAME_BYTES)) throw new ProtocolViolation(`a frame of ${big} bytes, over the ${MAX_FRAME_BYTES / (1024 * 1024)} MB the probe reads`);
    length = Number(big);
    at += 8;
  }
  if (length > MAX_FRAME_BYTES) throw new ProtocolViolation(`a frame of ${length} bytes, over the ${MAX_FRAME_BYTES / (1024 * 1024)} MB the probe reads`);
  if (buffer.length < at + length) return { needed: at + length };
  const payload = Buffer.from(buffer.subarray(at, at + length));
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
