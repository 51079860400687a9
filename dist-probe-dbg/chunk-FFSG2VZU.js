// src/probe/endpoint.ts
import net from "node:net";

// src/errors.ts
var InputError = class extends Error {
  file;
  line;
  col;
  constructor(message, where) {
    super(message);
    this.name = "InputError";
    this.file = where?.file;
    this.line = where?.line;
    this.col = where?.col;
  }
  /** One line: `file:line:col: message`, with as much of the location as is known. */
  render() {
    const place = [this.file, this.line, this.line !== void 0 ? this.col : void 0].filter((p) => p !== void 0).join(":");
    return place ? `${place}: ${this.message}` : this.message;
  }
};

// src/probe/endpoint.ts
function endpointUrl(endpoint) {
  return `${endpoint.secure ? "wss" : "ws"}://${hostPort(endpoint)}${endpoint.path}`;
}
function endpointFromAdvertised(advertised) {
  return { label: advertised.label, secure: advertised.useSsl, host: advertised.host, port: advertised.port, path: "/" };
}
function endpointFromUrl(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(`not a URL: ${text} (expected wss://HOST[:PORT][/PATH] or ws://\u2026)`);
  }
  if (url.protocol !== "ws:" && url.protocol !== "wss:") {
    throw new InputError(`not a WebSocket URL: ${text} (expected wss:// or ws://, as in /v2/info doppler_logging_endpoint)`);
  }
  const secure = url.protocol === "wss:";
  const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
  return {
    label: host,
    secure,
    host,
    port: url.port === "" ? secure ? 443 : 80 : Number(url.port),
    path: `${url.pathname || "/"}${url.search}`
  };
}
function parseConnectOverride(text) {
  const trimmed = text.trim();
  if (net.isIPv6(trimmed)) return { host: trimmed };
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d+))?$/.exec(trimmed);
  const host = match?.[1] ?? match?.[2];
  if (!host || match?.[3] !== void 0 && !validPort(Number(match[3]))) {
    throw new InputError(`--connect ${text}: expected HOST, HOST:PORT or [IPv6]:PORT`);
  }
  return match?.[3] === void 0 ? { host } : { host, port: Number(match[3]) };
}
function validPort(port) {
  return Number.isInteger(port) && port > 0 && port < 65536;
}
function hostPort(target) {
  return `${bracketed(target.host)}:${target.port}`;
}
function bracketed(host) {
  return net.isIPv6(host) ? `[${host}]` : host;
}
function hostHeader(endpoint) {
  const defaultPort = endpoint.secure ? 443 : 80;
  return endpoint.port === defaultPort ? bracketed(endpoint.host) : `${bracketed(endpoint.host)}:${endpoint.port}`;
}

export {
  endpointUrl,
  endpointFromAdvertised,
  endpointFromUrl,
  parseConnectOverride,
  hostPort,
  hostHeader
};
