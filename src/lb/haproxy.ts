/**
 * A rendered haproxy.cfg as listeners: one per `bind` port or port range of each frontend
 * and listen section. Settings follow the HAProxy configuration manual: `mode` is inherited
 * from `defaults` and is `tcp` when never set; `option forwardfor`, timeouts, `default_backend`
 * and `default-server` are inherited; `bind` and `server` are not. In http mode HAProxy
 * tunnels an upgraded connection natively, so only an explicit deny or header removal on
 * `Upgrade` stops WebSockets (shared/reference/lb-formats.md §2.1).
 */
import path from 'node:path';
import type { LoadBalancer, SourceRef, Tri } from './listener.js';
import { haproxySeconds, parseHaproxyConfig, type Directive, type Section, type Word } from './haproxy-config.js';
import { ListenerBuilder, portNumber } from './listener-builder.js';

/** Content detection: a proxy section line, and no line opening a `{` block (nginx, HCL). */
export function looksLikeHaproxy(text: string): boolean {
  const lines = text.split(/\r?\n/).map((l) => l.replace(/#.*/, '').trim());
  return lines.some((l) => /^(frontend|backend|listen)\s+\S/.test(l)) && !lines.some((l) => l.endsWith('{'));
}

/** The LB a configuration file describes, named after the file. */
export function readHaproxy(text: string, file: string): LoadBalancer[] {
  const sections = parseHaproxyConfig(text, file);
  const reader = new HaproxyReader(sections, file);
  const id = path.basename(file).replace(/\.(cfg|conf|config)$/, '');
  const listeners = sections.filter((s) => s.kind === 'frontend' || s.kind === 'listen').flatMap((s) => reader.listeners(id, s));
  return [{ id, kind: 'haproxy', hostnames: [], listeners, source: { format: 'haproxy', file, line: 1 } }];
}

/** A proxy section with the defaults sections it inherits from, nearest first. */
interface Scope {
  section: Section;
  defaults?: Scope;
}

interface Found {
  directive: Directive;
  section: Section;
}

/**
 * Which directives a lookup wants: `first` names every first word it can match, so a lookup
 * reads only those directives of a section (an index built once), not all of them. Scanning
 * every directive for every bind was quadratic: 20,000 `bind` lines in one section took 57 s.
 */
interface Matcher {
  first: readonly string[];
  test(d: Directive): boolean;
}

const keywordIs = (...keywords: string[]): Matcher => ({
  first: [keywords[0]!],
  test: (d) => keywords.every((k, i) => d.words[i]?.text === k),
});

const anyOf = (...matchers: Matcher[]): Matcher => ({
  first: matchers.flatMap((m) => m.first),
  test: (d) => matchers.some((m) => m.test(d)),
});

const HTTP_REQUEST_RULES = anyOf(keywordIs('http-request'), keywordIs('reqadd'), keywordIs('reqidel'), keywordIs('reqdel'));
const SERVERS = anyOf(keywordIs('server'), keywordIs('server-template'));

function objectOf(section: Section): string {
  return section.name ? `${section.kind} ${section.name}` : section.kind;
}

/** The words after `if`/`unless`, with which of the two it was. */
function conditionOf(words: Word[]): { negated: boolean; words: string[] } | undefined {
  const at = words.findIndex((w) => w.text === 'if' || w.text === 'unless');
  return at < 0 ? undefined : { negated: words[at]!.text === 'unless', words: words.slice(at + 1).map((w) => w.text) };
}

const UPGRADE_HEADER = /\b(hdr|hdr_beg|hdr_end|hdr_sub|hdr_reg|hdr_cnt|req\.hdr|req\.fhdr|hdr_val)\((upgrade|connection)\b/i;

class HaproxyReader {
  private readonly defaultsByName = new Map<string, Section>();
  private readonly backendsByName = new Map<string, Section>();
  /** Each section's directives by first word, in file order, with their position. */
  private readonly indexes = new Map<Section, Map<string, Array<{ at: number; directive: Directive }>>>();
  private readonly scopes = new Map<Section, Scope>();
  private readonly lastDefaultsAbove = new Map<Section, Section | undefined>();

  constructor(
    sections: Section[],
    private readonly file: string,
  ) {
    let lastDefaults: Section | undefined;
    for (const s of sections) {
      if (s.kind === 'defaults' && s.name) this.defaultsByName.set(s.name, s);
      // The first section of a name wins, as Array.find did.
      if ((s.kind === 'backend' || s.kind === 'listen') && !this.backendsByName.has(s.name)) this.backendsByName.set(s.name, s);
      this.lastDefaultsAbove.set(s, lastDefaults);
      if (s.kind === 'defaults') lastDefaults = s;
    }
  }

  /** The directives of `section` that `match` accepts, in file order. */
  private matching(section: Section, match: Matcher): Directive[] {
    let index = this.indexes.get(section);
    if (!index) {
      index = new Map();
      section.directives.forEach((directive, at) => {
        const first = directive.words[0]?.text ?? '';
        const list = index!.get(first);
        if (list) list.push({ at, directive });
        else index!.set(first, [{ at, directive }]);
      });
      this.indexes.set(section, index);
    }
    const candidates = match.first.flatMap((first) => index.get(first) ?? []);
    if (match.first.length > 1) candidates.sort((a, b) => a.at - b.at);
    return candidates.map((c) => c.directive).filter((d) => match.test(d));
  }

  private ref(line: number, section: Section, col?: number): SourceRef {
    return { format: 'haproxy', file: this.file, line, ...(col !== undefined ? { col } : {}), object: objectOf(section) };
  }

  /** A proxy's inheritance chain: `from NAME`, else the last defaults section above it. */
  private scopeOf(section: Section): Scope {
    let scope = this.scopes.get(section);
    if (!scope) {
      scope = this.scopeChain(section, new Set());
      this.scopes.set(section, scope);
    }
    return scope;
  }

  private scopeChain(section: Section, seen: Set<Section>): Scope {
    seen.add(section);
    let parent: Section | undefined;
    if (section.from) parent = this.defaultsByName.get(section.from);
    else if (section.kind !== 'defaults') parent = this.lastDefaultsAbove.get(section);
    return parent && !seen.has(parent) ? { section, defaults: this.scopeChain(parent, seen) } : { section };
  }

  private last(scope: Scope | undefined, match: Matcher): Found | undefined {
    for (let s = scope; s; s = s.defaults) {
      const directive = this.matching(s.section, match).pop();
      if (directive) return { directive, section: s.section };
    }
    return undefined;
  }

  /** Directives matching, from the farthest defaults down to the proxy itself (rule order). */
  private all(scope: Scope, match: Matcher): Found[] {
    const chain: Scope[] = [];
    for (let s: Scope | undefined = scope; s; s = s.defaults) chain.unshift(s);
    return chain.flatMap((s) => this.matching(s.section, match).map((directive) => ({ directive, section: s.section })));
  }

  private modeOf(scope: Scope): { mode: string; found?: Found } {
    const found = this.last(scope, keywordIs('mode'));
    return { mode: found?.directive.words[1]?.text ?? 'tcp', found };
  }

  private backendSection(name: string): Section | undefined {
    return this.backendsByName.get(name);
  }

  /** The ACL criteria a condition uses: named ACLs' definitions and `{ inline }` ones. */
  private criteria(section: Section, condition: string[]): string[] {
    const acls = new Map<string, string[]>();
    for (const d of this.matching(section, keywordIs('acl'))) {
      if (!d.words[1]) continue;
      acls.set(d.words[1].text, [...(acls.get(d.words[1].text) ?? []), d.words.slice(2).map((w) => w.text).join(' ')]);
    }
    const result: string[] = [];
    let inline: string[] | undefined;
    for (const raw of condition) {
      if (raw === '{') inline = [];
      else if (raw === '}') {
        result.push((inline ?? []).join(' '));
        inline = undefined;
      } else if (inline) inline.push(raw);
      else {
        const name = raw.replace(/^!/, '');
        if (acls.has(name)) result.push(...acls.get(name)!);
        else if (!['!', '||', 'or'].includes(raw)) result.push(name);
      }
    }
    return result;
  }

  /** The backend a WebSocket request lands in: a `use_backend` on an Upgrade ACL, else the default. */
  private chosenBackend(frontend: Scope): { section?: Section; found?: Found; name?: string } {
    for (const found of this.all(frontend, keywordIs('use_backend'))) {
      const condition = conditionOf(found.directive.words);
      if (!condition || condition.negated || condition.words.some((w) => w.startsWith('!'))) continue;
      if (this.criteria(found.section, condition.words).some((c) => UPGRADE_HEADER.test(c))) {
        const name = found.directive.words[1]?.text ?? '';
        return { section: this.backendSection(name), found, name };
      }
    }
    const found = this.last(frontend, keywordIs('default_backend'));
    if (found) {
      const name = found.directive.words[1]?.text ?? '';
      return { section: this.backendSection(name), found, name };
    }
    // A listen section is its own backend.
    if (frontend.section.kind === 'listen') return { section: frontend.section };
    return {};
  }

  listeners(lbId: string, section: Section): ReturnType<ListenerBuilder['build']>[] {
    const scope = this.scopeOf(section);
    const binds = this.matching(section, keywordIs('bind')).map((d) => ({ words: d.words.slice(1), line: d.line, conditional: d.conditional }));
    // Pre-1.5 syntax: `listen NAME ADDR:PORT` / `frontend NAME ADDR:PORT` on the section line.
    const legacy = section.header.words[2];
    if (legacy && legacy.text !== 'from' && /:\d/.test(legacy.text)) binds.unshift({ words: [legacy], line: section.header.line, conditional: section.header.conditional });
    const seen = new Set<string>();
    const result = [];
    for (const bind of binds) {
      const address = bind.words[0];
      if (!address) continue;
      for (const port of bindPorts(address)) {
        const key = `${port.start}-${port.end}`;
        if (seen.has(key) && port.start !== 'unknown') continue;
        seen.add(key);
        result.push(this.listener(lbId, scope, bind, port));
      }
    }
    return result;
  }

  private listener(lbId: string, scope: Scope, bind: { words: Word[]; line: number; conditional: boolean }, port: BindPort) {
    const section = scope.section;
    const bindRef = this.ref(bind.line, section, bind.words[0]!.col);
    const b = new ListenerBuilder(lbId, bindRef);
    b.set('frontendPort', port.start, bindRef, port.note);
    if (port.end !== undefined && port.end !== port.start) b.set('frontendPortEnd', port.end, bindRef);
    if (bind.conditional || section.header.conditional) b.set('conditional', true, bindRef, 'inside a .if block');

    const params = bind.words.slice(1).map((w) => w.text);
    const ssl = params.includes('ssl');
    const quic = /^quic[46]?@/.test(bind.words[0]!.text);
    const { mode, found: modeFound } = this.modeOf(scope);
    const modeRef = modeFound ? this.ref(modeFound.directive.line, modeFound.section) : this.ref(section.header.line, section);
    const modeNote = modeFound ? `mode ${mode}` : 'no mode set: HAProxy defaults to tcp';
    const http = mode === 'http';
    b.set('terminatesTls', ssl || quic, bindRef, ssl ? '`ssl` on bind' : quic ? 'QUIC always carries TLS' : 'no `ssl` on bind');
    if (quic) b.set('protocol', 'udp', bindRef, 'QUIC (HTTP/3) bind');
    else b.set('protocol', http ? (ssl ? 'https' : 'http') : ssl ? 'ssl' : 'tcp', modeRef, `${modeNote}${ssl ? ', `ssl` on bind' : ''}`);

    // PROXY protocol from clients: `accept-proxy` on the bind, or `tcp-request connection expect-proxy`.
    const expect = this.all(scope, keywordIs('tcp-request', 'connection', 'expect-proxy'));
    if (params.includes('accept-proxy')) b.set('proxyProtocol.accepts', true, bindRef, '`accept-proxy` on bind');
    else if (expect.length > 0) {
      const e = expect[expect.length - 1]!;
      const condition = conditionOf(e.directive.words);
      b.set('proxyProtocol.accepts', true, this.ref(e.directive.line, e.section), condition ? `expect-proxy only ${condition.negated ? 'unless' : 'if'} ${condition.words.join(' ')}` : 'tcp-request connection expect-proxy');
    } else b.set('proxyProtocol.accepts', false, bindRef, 'no accept-proxy / expect-proxy');

    const backend = this.chosenBackend(scope);
    const backendScope = backend.section ? this.scopeOf(backend.section) : undefined;
    this.backendFields(b, scope, backend, backendScope, http);
    this.upgradeAndHeaders(b, scope, backendScope, http, modeRef, modeNote, quic);
    this.idleTimeout(b, scope, backendScope, section);
    return b.build();
  }

  private backendFields(b: ListenerBuilder, frontend: Scope, backend: ReturnType<HaproxyReader['chosenBackend']>, scope: Scope | undefined, http: boolean): void {
    const section = frontend.section;
    const at = backend.found ? this.ref(backend.found.directive.line, backend.found.section) : this.ref(section.header.line, section);
    if (!scope) {
      const why = backend.name !== undefined ? `backend ${backend.name} is not defined in this file` : 'no default_backend or use_backend';
      for (const field of ['backend.port', 'backend.protocol', 'backend.tls', 'backend.http2', 'proxyProtocol.sends'] as const) b.set(field, 'unknown', at, why);
      return;
    }
    const servers = this.matching(scope.section, SERVERS);
    if (servers.length === 0) {
      for (const field of ['backend.port', 'backend.protocol', 'backend.tls', 'backend.http2', 'proxyProtocol.sends'] as const) b.set(field, 'unknown', this.ref(scope.section.header.line, scope.section), `${objectOf(scope.section)} has no server lines`);
      return;
    }
    const defaults = this.all(scope, keywordIs('default-server')).flatMap((f) => f.directive.words.slice(1).map((w) => w.text));
    const described = servers.map((d) => {
      const addressAt = d.words[0]!.text === 'server-template' ? 3 : 2;
      const params = [...defaults, ...d.words.slice(addressAt + 1).map((w) => w.text)];
      return { directive: d, port: serverPort(d.words[addressAt]), ...serverParams(params) };
    });
    const first = described[0]!;
    const serverRef = (d: Directive) => this.ref(d.line, scope.section);
    const agree = <T>(pick: (s: (typeof described)[number]) => T): T | 'unknown' => (described.every((s) => pick(s) === pick(first)) ? pick(first) : 'unknown');
    const note = (what: string) => (described.length > 1 ? `${what} on all ${described.length} servers of ${objectOf(scope.section)}` : what);
    const serverPortValue = agree((s) => s.port);
    b.set('backend.port', serverPortValue === 'same' ? 'same-as-frontend' : serverPortValue, serverRef(first.directive), serverPortValue === 'unknown' ? 'servers differ or use a variable port' : serverPortValue === 'same' ? note('no port on the server: the port the client connected to') : note(`port ${serverPortValue}`));
    const tls = agree((s) => s.ssl);
    const http2 = agree((s) => s.http2);
    b.set('backend.tls', tls, serverRef(first.directive), tls === 'unknown' ? 'servers differ' : note(tls ? '`ssl` on server' : 'no `ssl` on server'));
    b.set('backend.http2', http ? http2 : false, serverRef(first.directive), http ? (http2 === true ? note('`alpn`/`proto` offers h2') : http2 === false ? note('HTTP/1.1 (no h2 in alpn/proto)') : 'servers differ') : 'mode tcp relays bytes');
    const protocol = http ? (http2 === true && first.protoH2 ? 'h2' : tls === true ? 'https' : tls === false ? 'http' : 'unknown') : tls === true ? 'tls' : tls === false ? 'tcp' : 'unknown';
    b.set('backend.protocol', protocol, serverRef(first.directive), `${objectOf(scope.section)}: mode ${http ? 'http' : 'tcp'}${tls === true ? ' with ssl' : ''}`);
    const sends = agree((s) => s.sendProxy);
    b.set('proxyProtocol.sends', sends === 'unknown' ? 'unknown' : sends !== false, serverRef(first.directive), sends === 'unknown' ? 'servers differ' : sends === false ? note('no send-proxy') : note(`send-proxy${sends === 2 ? '-v2' : ''}`));
    if (sends === 1 || sends === 2) b.set('proxyProtocol.version', sends, serverRef(first.directive));
  }

  private upgradeAndHeaders(b: ListenerBuilder, frontend: Scope, backend: Scope | undefined, http: boolean, modeRef: SourceRef, modeNote: string, quic: boolean): void {
    if (quic) {
      b.set('passesUpgrade', 'unknown', b.source, 'HTTP/3 WebSockets (RFC 9220) are not what gorouter speaks');
      b.set('addsXForwardedFor', 'unknown', b.source, 'QUIC bind');
      b.set('addsXForwardedProto', 'unknown', b.source, 'QUIC bind');
      return;
    }
    if (!http) {
      b.set('passesUpgrade', true, modeRef, `${modeNote}: bytes are relayed, the handshake reaches the backend`);
      b.set('addsXForwardedFor', false, modeRef, `${modeNote}: no HTTP processing`);
      b.set('addsXForwardedProto', false, modeRef, `${modeNote}: no HTTP processing`);
      return;
    }
    const scopes = [frontend, ...(backend && backend.section !== frontend.section ? [backend] : [])];
    const rules = scopes.flatMap((s) => this.all(s, HTTP_REQUEST_RULES));

    // Upgrade: HAProxy tunnels it unless a rule denies it or strips the headers it needs.
    let upgrade: { value: Tri; found: Found; note: string } | undefined;
    for (const found of rules) {
      const words = found.directive.words.map((w) => w.text);
      const condition = conditionOf(found.directive.words);
      const onUpgrade = condition ? this.criteria(found.section, condition.words).some((c) => UPGRADE_HEADER.test(c)) && !condition.negated : false;
      if (words[0] === 'http-request' && ['deny', 'reject', 'tarpit', 'silent-drop'].includes(words[1] ?? '')) {
        if (!condition) upgrade = { value: false, found, note: `http-request ${words[1]} without a condition refuses every request` };
        else if (onUpgrade) upgrade = { value: false, found, note: `http-request ${words[1]} on an Upgrade condition` };
      } else if (words[0] === 'http-request' && words[1] === 'del-header' && /^(upgrade|connection)$/i.test(words[2] ?? '')) {
        upgrade = { value: condition ? 'unknown' : false, found, note: `http-request del-header ${words[2]}${condition ? ' (conditional)' : ''} removes what the handshake needs` };
      } else if ((words[0] === 'reqidel' || words[0] === 'reqdel') && /upgrade|connection/i.test(words[1] ?? '')) {
        upgrade = { value: false, found, note: `${words[0]} removes what the handshake needs` };
      }
      if (upgrade?.value === false) break;
    }
    if (upgrade) b.set('passesUpgrade', upgrade.value, this.ref(upgrade.found.directive.line, upgrade.found.section), upgrade.note);
    else b.set('passesUpgrade', true, modeRef, `${modeNote}: HAProxy tunnels upgraded connections natively; no rule denies Upgrade`);

    // X-Forwarded-For: `option forwardfor` (front or back, inherited); `header X` renames it.
    let xff: { value: Tri; ref: SourceRef; note: string } | undefined;
    for (const scope of scopes) {
      const found = this.last(scope, keywordIs('option', 'forwardfor'));
      if (!found) continue;
      const words = found.directive.words.map((w) => w.text);
      const header = words[words.indexOf('header') + 1];
      const renamed = words.includes('header') && header?.toLowerCase() !== 'x-forwarded-for';
      const ref = this.ref(found.directive.line, found.section);
      if (!renamed) {
        xff = { value: true, ref, note: `option forwardfor in ${objectOf(found.section)}` };
        break;
      }
      xff ??= { value: false, ref, note: `option forwardfor header ${header} sends the client address in another header` };
    }
    const setXff = rules.find((f) => isSetHeader(f.directive, 'x-forwarded-for'));
    if (xff?.value !== true && setXff) xff = { value: true, ref: this.ref(setXff.directive.line, setXff.section), note: 'http-request sets X-Forwarded-For' };
    b.set('addsXForwardedFor', xff?.value ?? false, xff?.ref ?? modeRef, xff?.note ?? 'no option forwardfor or X-Forwarded-For header rule');

    // X-Forwarded-Proto: `http-request set-header|add-header`, or legacy `reqadd X-Forwarded-Proto:\ …`.
    const xfp = rules.find((f) => isSetHeader(f.directive, 'x-forwarded-proto') || (f.directive.words[0]!.text === 'reqadd' && /^x-forwarded-proto:/i.test(f.directive.words[1]?.text ?? '')));
    if (!xfp) {
      b.set('addsXForwardedProto', false, modeRef, 'no rule adds X-Forwarded-Proto');
      return;
    }
    const words = xfp.directive.words.map((w) => w.text);
    const condition = conditionOf(xfp.directive.words);
    const legacy = words[0] === 'reqadd' ? ' (reqadd: removed in HAProxy 2.1)' : '';
    const covering = !condition || this.criteria(xfp.section, condition.words).every((c) => /x-forwarded-proto|ssl_fc/i.test(c));
    b.set('addsXForwardedProto', covering ? true : 'unknown', this.ref(xfp.directive.line, xfp.section), `${words.slice(0, 3).join(' ')}${condition ? ` ${condition.negated ? 'unless' : 'if'} ${condition.words.join(' ')}` : ''}${legacy}`);
  }

  /**
   * Once a connection is a tunnel (an upgraded WebSocket, or any TCP connection once its rules
   * ran), `timeout tunnel` replaces client and server timeouts; without it both still apply.
   */
  private idleTimeout(b: ListenerBuilder, frontend: Scope, backend: Scope | undefined, section: Section): void {
    const timeout = (scope: Scope | undefined, name: string, legacy: string) => {
      const found = this.last(scope, anyOf(keywordIs('timeout', name), keywordIs(legacy)));
      if (!found) return undefined;
      const raw = found.directive.words[0]!.text === 'timeout' ? found.directive.words[2]?.text : found.directive.words[1]?.text;
      return { seconds: raw === undefined ? undefined : haproxySeconds(raw), raw, found };
    };
    const tunnel = timeout(backend, 'tunnel', 'timeout tunnel');
    if (tunnel) {
      b.set('idleTimeoutSeconds', tunnel.seconds ?? 'unknown', this.ref(tunnel.found.directive.line, tunnel.found.section), `timeout tunnel ${tunnel.raw} (in ${objectOf(tunnel.found.section)})`);
      return;
    }
    const client = timeout(frontend, 'client', 'clitimeout');
    const server = timeout(backend, 'server', 'srvtimeout');
    const candidates = [client, server].filter((t) => t !== undefined);
    if (candidates.length === 0) {
      b.set('idleTimeoutSeconds', 'unknown', this.ref(section.header.line, section), 'no timeout tunnel, client or server: HAProxy applies none');
      return;
    }
    const shortest = candidates.reduce((a, c) => ((c.seconds ?? Infinity) < (a.seconds ?? Infinity) ? c : a));
    const names = candidates.map((c) => `${c.found.directive.words.map((w) => w.text).slice(0, 3).join(' ')}`).join(', ');
    b.set('idleTimeoutSeconds', shortest.seconds ?? 'unknown', this.ref(shortest.found.directive.line, shortest.found.section), `no timeout tunnel: the shorter of ${names}`);
  }
}

function isSetHeader(d: Directive, header: string): boolean {
  const words = d.words.map((w) => w.text);
  return words[0] === 'http-request' && (words[1] === 'set-header' || words[1] === 'add-header') && words[2]?.toLowerCase() === header;
}

interface BindPort {
  start: number | 'unknown';
  end?: number;
  note?: string;
}

/** The TCP ports of a bind address list (`:80`, `*:80,:8080`, `1.2.3.4:1024-1123`, `ipv6@:443`). */
function bindPorts(address: Word): BindPort[] {
  if (address.hasEnv) return [{ start: 'unknown', note: `address ${address.text} comes from the environment` }];
  const ports: BindPort[] = [];
  for (const part of address.text.split(',')) {
    const family = /^([a-z0-9+-]+)@/.exec(part)?.[1];
    // Sockets with no TCP port reach no client of the LB.
    if (family && ['unix', 'abns', 'sockpair', 'uxst', 'uxdg'].includes(family)) continue;
    if (part.startsWith('/')) continue;
    if (family === 'fd') {
      ports.push({ start: 'unknown', note: `${part}: an inherited file descriptor` });
      continue;
    }
    const match = /:(\d+)(?:-(\d+))?$/.exec(part);
    const start = portNumber(match?.[1]);
    const end = portNumber(match?.[2] ?? match?.[1]);
    if (start === undefined || end === undefined) ports.push({ start: 'unknown', note: `cannot read a port from ${part}` });
    else ports.push({ start, end });
  }
  return ports;
}

/** A server's port: a number, 'same' (no port: the client's destination port), or unknown (offsets, variables). */
function serverPort(address: Word | undefined): number | 'same' | 'unknown' {
  if (!address || address.hasEnv) return 'unknown';
  const text = address.text.replace(/^[a-z0-9]+@/, '');
  const match = /:([+-]?)(\d*)$/.exec(text);
  if (!match) return 'same';
  if (match[1] || match[2] === '') return 'unknown';
  return portNumber(match[2]) ?? 'unknown';
}

function serverParams(params: string[]): { ssl: boolean; http2: boolean; protoH2: boolean; sendProxy: false | 1 | 2 } {
  let ssl = false;
  let http2 = false;
  let protoH2 = false;
  let sendProxy: false | 1 | 2 = false;
  for (let i = 0; i < params.length; i++) {
    const p = params[i]!;
    if (p === 'ssl') ssl = true;
    else if (p === 'no-ssl') ssl = false;
    else if (p === 'alpn') http2 = (params[++i] ?? '').split(',').includes('h2');
    else if (p === 'proto') protoH2 = http2 = params[++i] === 'h2';
    else if (p === 'send-proxy') sendProxy = 1;
    else if (p.startsWith('send-proxy-v2')) sendProxy = 2;
    else if (p === 'no-send-proxy' || p === 'no-send-proxy-v2') sendProxy = false;
  }
  return { ssl, http2, protoH2, sendProxy };
}
