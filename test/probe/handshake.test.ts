import { describe, expect, it } from 'vitest';
import { endpointFromUrl } from '../../src/probe/endpoint.js';
import { expectedAccept, headEnd, parseResponseHead, upgradeProblem, upgradeRequest } from '../../src/probe/handshake.js';
import { clientFrame, describeClose, OPCODE, readFrames } from '../../src/probe/frames.js';

describe('RFC 6455 opening handshake', () => {
  it('computes the accept value of the RFC 6455 §1.3 example', () => {
    expect(expectedAccept('dGhlIHNhbXBsZSBub25jZQ==')).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it('asks for version 13 with the host and a non-default port in Host', () => {
    const request = upgradeRequest(endpointFromUrl('wss://doppler.sys.example.com:4443/apps/x/stream'), 'a2V5');
    expect(request.split('\r\n')).toEqual([
      'GET /apps/x/stream HTTP/1.1',
      'Host: doppler.sys.example.com:4443',
      'Upgrade: websocket',
      'Connection: Upgrade',
      'Sec-WebSocket-Key: a2V5',
      'Sec-WebSocket-Version: 13',
      'User-Agent: cf-ws-lint-probe',
      '',
      '',
    ]);
    expect(upgradeRequest(endpointFromUrl('wss://doppler.sys.example.com'), 'a2V5')).toContain('Host: doppler.sys.example.com\r\n');
  });

  it('accepts a correct 101 and names what is wrong with a bad one', () => {
    const key = 'dGhlIHNhbXBsZSBub25jZQ==';
    const head = (lines: string[]) => {
      const bytes = Buffer.from(`${lines.join('\r\n')}\r\n\r\nrest`);
      return parseResponseHead(bytes, headEnd(bytes))!;
    };
    const good = head(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: Upgrade', 'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=']);
    expect(upgradeProblem(good, key)).toBeUndefined();
    expect(good.rest.toString()).toBe('rest');
    const wrong = head(['HTTP/1.1 101 Switching Protocols', 'Upgrade: websocket', 'Connection: upgrade', 'Sec-WebSocket-Accept: nope']);
    expect(upgradeProblem(wrong, key)).toMatch(/wrong Sec-WebSocket-Accept \(got "nope", expected "s3pP/);
    const noUpgrade = head(['HTTP/1.1 101 Switching Protocols', 'Connection: Upgrade']);
    expect(upgradeProblem(noUpgrade, key)).toMatch(/without "Upgrade: websocket"/);
  });

  it('does not take non-HTTP bytes for a response', () => {
    const bytes = Buffer.from('SSH-2.0-OpenSSH\r\n\r\n');
    expect(parseResponseHead(bytes, headEnd(bytes))).toBeUndefined();
  });
});

describe('frames', () => {
  it('reads unmasked server frames, keeping an incomplete one for later', () => {
    const ping = Buffer.from([0x89, 0x02, 0x68, 0x69]);
    const partialClose = Buffer.from([0x88, 0x02, 0x03]);
    const { frames, rest } = readFrames(Buffer.concat([ping, partialClose]));
    expect(frames).toEqual([{ opcode: OPCODE.ping, payload: Buffer.from('hi') }]);
    expect(rest).toEqual(partialClose);
    const close = readFrames(Buffer.concat([rest, Buffer.from([0xe8])])).frames[0]!;
    expect(describeClose(close.payload)).toBe('a close frame with status 1000');
  });

  it('masks client frames; a masked frame read from a server is a protocol violation (§5.1)', () => {
    const pong = clientFrame(OPCODE.pong, Buffer.from('payload'));
    expect(pong[1]! & 0x80).toBe(0x80);
    const mask = pong.subarray(2, 6);
    expect(Buffer.from(pong.subarray(6).map((byte, i) => byte ^ mask[i % 4]!)).toString()).toBe('payload');
    expect(readFrames(pong).violation).toMatch(/masked frame/);
  });
});
