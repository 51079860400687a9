import net from 'node:net';
import { InputError } from '../util/errors.js';
import { excerpt } from '../util/escape.js';
import { refuseControlCharacters, type Header } from './request.js';

/** A WebSocket endpoint as Cloud Controller advertises it; the CLI fills this from the deployment model. */
export interface AdvertisedEndpoint {
  /** `doppler.<system_domain>` (or `loggregator.<system_domain>` in cf-release v1). */
  host: string;
  port: number;
  useSsl: boolean;
  /** What the endpoint is called in the output: `doppler`, `loggregator`, `app on <domain>`. */
  label: string;
  /** `log`: the traffic controller (gets the token and --app-guid); `app`: a pushed app's route (gets neither). */
  kind?: 'log' | 'app';
}

/** What the probe connects to and asks for. */
export interface ProbeEndpoint {
  label: string;
  secure: boolean;
  /** The name for DNS, TLS SNI and the `Host` header. */
  host: string;
  port: number;
  /** Request target: path and query, at least `/`. */
  path: string;
  /** Sent after the handshake's own headers (`Authorization`, `--header`); each checked by request.ts. */
  headers?: readonly Header[];
}

export interface HostPort {
  host: string;
  port: number;
}

/** `--connect`: where the TCP connection goes instead; without a port, each endpoint keeps its own. */
export interface ConnectOverride {
  host: string;
  port?: number;
}

/** `wss://host:port/path`, the port always shown so it can be compared with the advertised one. */
export function endpointUrl(endpoint: ProbeEndpoint): string {
  return `${endpoint.secure ? 'wss' : 'ws'}://${hostPort(endpoint)}${endpoint.path}`;
}

/**
 * capi-release cloud_controller_api.yml.erb: doppler_logging_endpoint is
 * `ws<%= "s" if doppler.use_ssl %>://doppler.<system_domain>:<doppler.port>`, with no path.
 */
export function endpointFromAdvertised(advertised: AdvertisedEndpoint): ProbeEndpoint {
  // The host comes from a manifest variable (system_domain) a pull request can set: one with
  // CR LF would end the Host line of the upgrade request and add headers of its choosing.
  if (!net.isIP(advertised.host) && !/^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?$/.test(advertised.host)) {
    throw new InputError(`the advertised host ${JSON.stringify(excerpt(advertised.host, 80))} is not a host name (system_domain must be a DNS name)`);
  }
  return { label: advertised.label, secure: advertised.useSsl, host: advertised.host, port: advertised.port, path: '/' };
}

/** Parses a `ws://` or `wss://` URL given on the command line; anything else is a usage error. */
export function endpointFromUrl(text: string): ProbeEndpoint {
  // The URL parser drops CR, LF and tab silently: the request would go to another path than
  // the one given. Refused instead, as every value that reaches the request is.
  refuseControlCharacters('the URL', text);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(`not a URL: ${text} (expected wss://HOST[:PORT][/PATH] or ws://…)`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new InputError(`not a WebSocket URL: ${text} (expected wss:// or ws://, as in /v2/info doppler_logging_endpoint)`);
  }
  const secure = url.protocol === 'wss:';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    label: host,
    secure,
    host,
    port: url.port === '' ? (secure ? 443 : 80) : Number(url.port),
    path: `${url.pathname || '/'}${url.search}`,
  };
}

/** `--connect HOST[:PORT]`, IPv6 in brackets when a port follows. */
export function parseConnectOverride(text: string): ConnectOverride {
  if (net.isIPv6(text)) return { host: text };
  // A host name or an address, nothing else: no blanks or control characters to pass on.
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9._-]+))(?::(\d+))?$/.exec(text);
  const host = match?.[1] ?? match?.[2];
  if (!host || (match?.[1] !== undefined && !net.isIPv6(host)) || (match?.[3] !== undefined && !validPort(Number(match[3])))) {
    throw new InputError(`--connect ${text}: expected HOST, HOST:PORT or [IPv6]:PORT`);
  }
  return match?.[3] === undefined ? { host } : { host, port: Number(match[3]) };
}

function validPort(port: number): boolean {
  return Number.isInteger(port) && port > 0 && port < 65536;
}

/** `host:port`, with an IPv6 address in brackets. */
export function hostPort(target: HostPort): string {
  return `${bracketed(target.host)}:${target.port}`;
}

function bracketed(host: string): string {
  return net.isIPv6(host) ? `[${host}]` : host;
}

/** The `Host` header value: the port is left out where it is the scheme's default (RFC 6455 §4.1). */
export function hostHeader(endpoint: ProbeEndpoint): string {
  const defaultPort = endpoint.secure ? 443 : 80;
  return endpoint.port === defaultPort ? bracketed(endpoint.host) : `${bracketed(endpoint.host)}:${endpoint.port}`;
}
