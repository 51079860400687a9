/**
 * nginx as a load balancer: `http { server { listen …; location / { proxy_pass …; } } }` and
 * `stream { server { listen …; proxy_pass …; } }`, one listener per server and port.
 * In `http`, nginx passes a WebSocket only when the effective location has
 * `proxy_http_version 1.1` (the default is 1.0) and sets `Upgrade` and `Connection` itself:
 * both are hop-by-hop headers nginx drops (nginx.org "WebSocket proxying"). `proxy_set_header`
 * is inherited "if and only if there are no proxy_set_header directives defined on the current
 * level" (ngx_http_proxy_module), so one header set in a location drops the server's XFF/XFP.
 * `stream` servers relay bytes, so the Upgrade reaches the backend.
 */
import path from 'node:path';
import type { LoadBalancer, SourceRef } from './listener.js';
import { ListenerBuilder, portNumber } from './listener-builder.js';
import { nginxSeconds, parseNginxFile, type NginxDirective, type NginxReadOptions } from './nginx-config.js';

/**
 * Content detection. Each pattern stays on one line (`[ \t]`, `[^;{\n]`): one that could run
 * on to the end of the text from every line start was quadratic (40,000 unterminated
 * `listen` lines took 77 s).
 */
export function looksLikeNginx(text: string): boolean {
  return /^[ \t]*(http|stream|events)[ \t]*\{/m.test(text) || (/^[ \t]*server[ \t]*\{/m.test(text) && /^[ \t]*(listen|proxy_pass|location)\b[^;{\n]*[;{]/m.test(text));
}

export function readNginx(file: string, text?: string, options: NginxReadOptions = {}): LoadBalancer[] {
  const root = parseNginxFile(file, text, options);
  const id = path.basename(file).replace(/\.(conf|tpl|template)$/g, '').replace(/\.conf$/, '');
  const listeners = [
    ...children(root, 'http').flatMap((http) => httpServers(id, http.block!, [root, http.block!])),
    ...children(root, 'stream').flatMap((stream) => streamListeners(id, stream, [root, stream.block!])),
    // A file of bare `server { }` blocks is what `include`d site files look like.
    ...(children(root, 'http').length === 0 && children(root, 'stream').length === 0 ? httpServers(id, root, [root]) : []),
  ];
  return [{ id, kind: 'nginx', hostnames: [], listeners, source: { format: 'nginx', file, line: 1 } }];
}

const children = (block: NginxDirective[] | undefined, name: string) => (block ?? []).filter((d) => d.name === name);

function ref(d: NginxDirective, object?: string): SourceRef {
  return { format: 'nginx', file: d.file, line: d.line, ...(object ? { object } : {}) };
}

/** The innermost directive of a name along a chain of blocks (outermost first). */
function inherited(chain: NginxDirective[][], name: string): NginxDirective | undefined {
  for (let i = chain.length - 1; i >= 0; i--) {
    const found = children(chain[i], name).pop();
    if (found) return found;
  }
  return undefined;
}

/** proxy_set_header as nginx inherits it: the whole set from the innermost level that has any. */
function effectiveHeaders(chain: NginxDirective[][]): NginxDirective[] {
  for (let i = chain.length - 1; i >= 0; i--) {
    const set = children(chain[i], 'proxy_set_header');
    if (set.length > 0) return set;
  }
  return [];
}

interface Listen {
  port: number | 'unknown';
  ssl: boolean;
  proxyProtocol: boolean;
  udp: boolean;
  directive: NginxDirective;
}

function listensOf(server: NginxDirective[], defaultPort: number, serverDirective: NginxDirective): Listen[] {
  const listens = children(server, 'listen');
  if (listens.length === 0) return [{ port: defaultPort, ssl: false, proxyProtocol: false, udp: false, directive: serverDirective }];
  const out: Listen[] = [];
  for (const d of listens) {
    const address = d.args[0] ?? '';
    if (address.startsWith('unix:')) continue;
    const portText = /^\d+$/.test(address) ? address : /:(\d+)$/.exec(address)?.[1];
    const port: number | 'unknown' = portText !== undefined ? (portNumber(portText) ?? 'unknown') : address.includes('$') ? 'unknown' : defaultPort;
    const listen = { port, ssl: d.args.includes('ssl'), proxyProtocol: d.args.includes('proxy_protocol'), udp: d.args.includes('udp'), directive: d };
    if (!out.some((o) => o.port === port && port !== 'unknown')) out.push(listen);
  }
  return out;
}

/** Upstream `server` ports of a `proxy_pass` target, or the URL's own port. */
function backendPort(target: string, scheme: 'http' | 'https' | undefined, upstreams: NginxDirective[]): { port: number | 'unknown'; note: string; directive?: NginxDirective } {
  const hostPort = target.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
  if (hostPort.includes('$')) return { port: 'unknown', note: `proxy_pass ${target}: a variable` };
  const upstream = upstreams.find((u) => u.args[0] === hostPort);
  const defaultPort = scheme === 'https' ? 443 : 80;
  if (upstream) {
    const servers = children(upstream.block, 'server');
    const ports = [...new Set(servers.map((s) => portNumber(/:(\d+)$/.exec(s.args[0] ?? '')?.[1]) ?? (scheme ? defaultPort : 'unknown')))];
    if (ports.length === 1) return { port: ports[0]!, note: `upstream ${hostPort}: ${servers.length} server(s)`, directive: servers[0] ?? upstream };
    return { port: 'unknown', note: `upstream ${hostPort}: servers on ${ports.join(', ') || 'no'} ports`, directive: upstream };
  }
  const port = /:(\d+)$/.exec(hostPort)?.[1];
  if (port) return { port: portNumber(port) ?? 'unknown', note: `proxy_pass ${target}` };
  return scheme ? { port: defaultPort, note: `proxy_pass ${target}: the ${scheme} default port` } : { port: 'unknown', note: `proxy_pass ${target}: no port` };
}

function httpServers(id: string, context: NginxDirective[], chain: NginxDirective[][]): ReturnType<ListenerBuilder['build']>[] {
  const upstreams = children(context, 'upstream');
  const maps = children(context, 'map');
  return children(context, 'server').flatMap((server) => {
    const body = server.block ?? [];
    const names = children(body, 'server_name').flatMap((d) => d.args).filter((n) => n !== '_' && n !== '' && !n.startsWith('~'));
    const object = `server ${names[0] ?? `(line ${server.line})`}`;
    const serverChain = [...chain, body];
    const locations = children(body, 'location');
    const root = locations.find((l) => l.args.length === 1 && l.args[0] === '/') ?? locations.find((l) => l.args[0] === '^~' && l.args[1] === '/');
    const legacySsl = inherited(serverChain, 'ssl');
    return listensOf(body, 80, server).map((listen) => {
      const at = ref(listen.directive, object);
      const b = new ListenerBuilder(id, at);
      b.set('frontendPort', listen.port, at, listen.directive === server ? 'no listen: nginx listens on *:80' : undefined);
      const ssl = listen.ssl || legacySsl?.args[0] === 'on';
      b.set('protocol', ssl ? 'https' : 'http', at, listen.ssl ? '`ssl` on listen' : ssl ? 'ssl on (legacy)' : 'no ssl on listen');
      b.set('terminatesTls', ssl, at, ssl ? 'TLS terminated here' : 'plain HTTP');
      b.set('proxyProtocol.accepts', listen.proxyProtocol, at, listen.proxyProtocol ? '`proxy_protocol` on listen' : 'no proxy_protocol on listen');
      if (names.length > 0) b.set('hostnames', names, ref(children(body, 'server_name')[0]!, object), 'server_name');
      const location = root;
      const proxying = locations.some((l) => inherited([l.block ?? []], 'proxy_pass'));
      if (!location) {
        const why = proxying ? 'no `location /`: which location a WebSocket path reaches is not known' : 'no location proxies anything: nginx answers itself';
        b.set('passesUpgrade', proxying ? 'unknown' : false, at, why);
        b.set('addsXForwardedFor', proxying ? 'unknown' : false, at, why);
        b.set('addsXForwardedProto', proxying ? 'unknown' : false, at, why);
        for (const field of ['backend.port', 'backend.protocol', 'backend.tls', 'idleTimeoutSeconds'] as const) b.set(field, 'unknown', at, why);
        b.set('backend.http2', false, at, 'nginx proxies HTTP/1.x');
        b.set('proxyProtocol.sends', false, at, 'the http proxy module cannot send PROXY');
        return b.build();
      }
      const locationChain = [...serverChain, location.block ?? []];
      const locRef = ref(location, `${object} location /`);
      const pass = children(location.block, 'proxy_pass')[0];
      b.set('proxyProtocol.sends', false, locRef, 'the http proxy module cannot send PROXY');
      b.set('backend.http2', false, locRef, 'nginx proxies HTTP/1.x');
      if (!pass) {
        const why = children(location.block, 'return').length > 0 ? '`return` in location /: nginx answers itself' : 'no proxy_pass in location /';
        b.set('passesUpgrade', false, locRef, why);
        b.set('addsXForwardedFor', false, locRef, why);
        b.set('addsXForwardedProto', false, locRef, why);
        for (const field of ['backend.port', 'backend.protocol', 'backend.tls', 'idleTimeoutSeconds'] as const) b.set(field, 'unknown', locRef, why);
        return b.build();
      }
      const target = pass.args[0] ?? '';
      const scheme = /^https:/.test(target) ? 'https' : /^http:/.test(target) ? 'http' : undefined;
      const backend = backendPort(target, scheme, upstreams);
      b.set('backend.port', backend.port, backend.directive ? ref(backend.directive) : ref(pass), backend.note);
      b.set('backend.protocol', scheme ?? 'unknown', ref(pass), `proxy_pass ${target}`);
      b.set('backend.tls', scheme === undefined ? 'unknown' : scheme === 'https', ref(pass), `proxy_pass ${target}`);

      const headers = effectiveHeaders(locationChain);
      const header = (name: string) => headers.find((h) => h.args[0]?.toLowerCase() === name.toLowerCase());
      const inheritedNote = headers.length > 0 ? ` (proxy_set_header set at line ${headers[0]!.line}; other levels' are not inherited)` : '';
      const xff = header('X-Forwarded-For');
      const xfp = header('X-Forwarded-Proto');
      b.set('addsXForwardedFor', xff !== undefined, xff ? ref(xff) : locRef, xff ? `proxy_set_header X-Forwarded-For ${xff.args[1] ?? ''}` : `no proxy_set_header X-Forwarded-For in effect${inheritedNote}`);
      b.set('addsXForwardedProto', xfp !== undefined, xfp ? ref(xfp) : locRef, xfp ? `proxy_set_header X-Forwarded-Proto ${xfp.args[1] ?? ''}` : `no proxy_set_header X-Forwarded-Proto in effect${inheritedNote}`);

      const version = inherited(locationChain, 'proxy_http_version');
      const upgrade = header('Upgrade');
      const connection = header('Connection');
      const connectionValue = connection?.args[1] ?? '';
      const mapped = maps.find((m) => m.args[1] === connectionValue);
      const connectionOk = /upgrade/i.test(connectionValue) || connectionValue === '$http_connection' || (mapped !== undefined && mapped.args[0] === '$http_upgrade');
      if (version?.args[0] !== '1.1') b.set('passesUpgrade', false, version ? ref(version) : locRef, version ? `proxy_http_version ${version.args[0]}` : 'proxy_http_version defaults to 1.0, which has no Upgrade');
      else if (!upgrade) b.set('passesUpgrade', false, locRef, `Upgrade is hop-by-hop: nginx drops it without proxy_set_header Upgrade${inheritedNote}`);
      else if (!connection) b.set('passesUpgrade', false, locRef, `nginx sends Connection: close without proxy_set_header Connection${inheritedNote}`);
      else if (!connectionOk) b.set('passesUpgrade', 'unknown', ref(connection), `proxy_set_header Connection ${connectionValue}: cannot tell whether it says upgrade`);
      else b.set('passesUpgrade', true, ref(connection), `proxy_http_version 1.1 (line ${version.line}), proxy_set_header Upgrade (line ${upgrade.line}) and Connection ${connectionValue}`);

      const read = inherited(locationChain, 'proxy_read_timeout');
      const seconds = read ? nginxSeconds(read.args[0] ?? '') : 60;
      b.set('idleTimeoutSeconds', seconds ?? 'unknown', read ? ref(read) : locRef, read ? `proxy_read_timeout ${read.args[0]}` : 'proxy_read_timeout not set: 60s');
      return b.build();
    });
  });
}

function streamListeners(id: string, stream: NginxDirective, chain: NginxDirective[][]): ReturnType<ListenerBuilder['build']>[] {
  const upstreams = children(stream.block, 'upstream');
  return children(stream.block, 'server').flatMap((server) => {
    const body = server.block ?? [];
    const serverChain = [...chain, body];
    const object = `stream server (line ${server.line})`;
    return listensOf(body, 0, server)
      .filter((l) => l.directive !== server)
      .map((listen) => {
        const at = ref(listen.directive, object);
        const b = new ListenerBuilder(id, at);
        b.set('frontendPort', listen.port, at);
        const preread = inherited(serverChain, 'ssl_preread')?.args[0] === 'on';
        const protocol = listen.udp ? 'udp' : listen.ssl ? 'ssl' : 'tcp';
        b.set('protocol', protocol, at, listen.ssl ? '`ssl` on listen: TLS terminated, then TCP' : listen.udp ? 'udp listen' : preread ? 'ssl_preread: TLS read for SNI, not terminated' : 'tcp listen');
        b.set('terminatesTls', listen.ssl, at, listen.ssl ? 'TLS terminated here' : 'TLS, if any, passes through');
        b.set('passesUpgrade', !listen.udp, at, listen.udp ? 'WebSockets need a TCP stream' : 'stream servers relay bytes, so the handshake reaches the backend');
        b.set('addsXForwardedFor', false, at, 'stream servers cannot add HTTP headers');
        b.set('addsXForwardedProto', false, at, 'stream servers cannot add HTTP headers');
        b.set('proxyProtocol.accepts', listen.proxyProtocol, at, listen.proxyProtocol ? '`proxy_protocol` on listen' : 'no proxy_protocol on listen');
        const sends = inherited(serverChain, 'proxy_protocol');
        b.set('proxyProtocol.sends', sends?.args[0] === 'on', sends ? ref(sends) : at, sends ? `proxy_protocol ${sends.args[0]}` : 'proxy_protocol off by default');
        if (sends?.args[0] === 'on') b.set('proxyProtocol.version', 1, ref(sends), 'nginx stream sends PROXY v1');
        const timeout = inherited(serverChain, 'proxy_timeout');
        b.set('idleTimeoutSeconds', timeout ? (nginxSeconds(timeout.args[0] ?? '') ?? 'unknown') : 600, timeout ? ref(timeout) : at, timeout ? `proxy_timeout ${timeout.args[0]}` : 'proxy_timeout not set: 10m');
        const pass = children(body, 'proxy_pass')[0];
        const tls = inherited(serverChain, 'proxy_ssl')?.args[0] === 'on';
        if (pass) {
          const backend = backendPort(pass.args[0] ?? '', undefined, upstreams);
          b.set('backend.port', backend.port, backend.directive ? ref(backend.directive) : ref(pass), backend.note);
          b.set('backend.protocol', listen.udp ? 'unknown' : tls ? 'tls' : 'tcp', ref(pass), listen.udp ? 'relayed as UDP' : tls ? 'proxy_ssl on' : 'relayed as TCP');
        } else {
          b.set('backend.port', 'unknown', at, 'no proxy_pass');
          b.set('backend.protocol', 'unknown', at, 'no proxy_pass');
        }
        b.set('backend.tls', tls, at, tls ? 'proxy_ssl on' : 'no proxy_ssl');
        b.set('backend.http2', false, at, 'stream servers do not speak HTTP');
        return b.build();
      });
  });
}
