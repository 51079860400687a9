import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/util/errors.js';
import { endpointFromAdvertised, endpointFromUrl, endpointUrl, parseConnectOverride } from '../../src/probe/endpoint.js';

describe('probe endpoints', () => {
  it('derives the URL Cloud Controller advertises: wss with use_ssl, ws without', () => {
    const advertised = { host: 'doppler.sys.example.com', port: 4443, label: 'doppler' };
    expect(endpointUrl(endpointFromAdvertised({ ...advertised, useSsl: true }))).toBe('wss://doppler.sys.example.com:4443/');
    expect(endpointUrl(endpointFromAdvertised({ ...advertised, port: 80, useSsl: false }))).toBe('ws://doppler.sys.example.com:80/');
  });

  it('reads ws/wss URLs with default ports, paths and IPv6 hosts', () => {
    expect(endpointFromUrl('wss://doppler.sys.example.com')).toEqual({ label: 'doppler.sys.example.com', secure: true, host: 'doppler.sys.example.com', port: 443, path: '/' });
    expect(endpointFromUrl('ws://[::1]:8080/firehose/sub?x=1')).toMatchObject({ secure: false, host: '::1', port: 8080, path: '/firehose/sub?x=1' });
  });

  it('rejects what is not a WebSocket URL as a usage error', () => {
    expect(() => endpointFromUrl('https://doppler.sys.example.com')).toThrow(InputError);
    expect(() => endpointFromUrl('doppler.sys.example.com:443')).toThrow(/not a WebSocket URL|not a URL/);
  });

  it('reads --connect with or without a port', () => {
    expect(parseConnectOverride('10.0.0.5')).toEqual({ host: '10.0.0.5' });
    expect(parseConnectOverride('lb.example.com:4443')).toEqual({ host: 'lb.example.com', port: 4443 });
    expect(parseConnectOverride('[::1]:443')).toEqual({ host: '::1', port: 443 });
    expect(parseConnectOverride('::1')).toEqual({ host: '::1' });
    expect(() => parseConnectOverride('host:99999')).toThrow(InputError);
    expect(() => parseConnectOverride('a:b:c')).toThrow(InputError);
  });

  it.each(['10.0.0.5\r\n', '\n10.0.0.5', 'lb\u0000.example.com', 'lb example.com:443', 'lb.example.com\u0085', '[10.0.0.5]:443', '[::1\u001b]:443'])('refuses --connect %j: only a host name or an address', (text) => {
    expect(() => parseConnectOverride(text)).toThrow(/^--connect [\s\S]*: expected HOST, HOST:PORT or \[IPv6\]:PORT$/);
  });
});
