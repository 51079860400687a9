/**
 * WebSocket paths as the formatters show them: the paths the rules checked, with every
 * finding's marks laid onto the hop it is about (a listener can both drop `Upgrade` and
 * speak the wrong TLS), and the one-line text stylish prints under a finding.
 */
import type { Hop, HopStatus, WebSocketPath } from '../model/websocket-path.js';
import type { Finding } from '../rules/finding.js';
import { escapeText } from '../util/escape.js';

export interface HopMark {
  status: Exclude<HopStatus, 'ok'>;
  problem: string;
  ruleId?: string;
}

export interface DrawnHop {
  hop: Hop;
  marks: HopMark[];
}

export interface DrawnPath {
  endpoint: WebSocketPath['endpoint'];
  hops: DrawnHop[];
}

/** `:443 https`, `:80`, `wss`, or '' when the hop has neither port nor protocol. */
export function hopDetail(hop: Hop): string {
  const port = hop.port !== undefined ? `:${hop.port}` : '';
  return `${port}${port && hop.protocol ? ' ' : ''}${hop.protocol ?? ''}`;
}

/** `cf-router:443 https`: a hop's name with its port and protocol. */
export function hopText(hop: Hop): string {
  const detail = hopDetail(hop);
  return hop.port !== undefined ? `${hop.label}${detail}` : detail ? `${hop.label} ${detail}` : hop.label;
}

/** `✗ Upgrade`, or `? TLS` where the input cannot tell. */
export function markText(mark: HopMark, withRule: boolean): string {
  return `${mark.status === 'failing' ? '✗' : '?'} ${withRule && mark.ruleId ? `${mark.ruleId} ` : ''}${mark.problem}`;
}

function marksOf(hop: Hop): HopMark[] {
  return hop.status === 'ok' ? [] : [{ status: hop.status, problem: hop.problem ?? hop.status, ...(hop.ruleId ? { ruleId: hop.ruleId } : {}) }];
}

function drawn(path: WebSocketPath): DrawnPath {
  return { endpoint: path.endpoint, hops: path.hops.map((hop) => ({ hop, marks: marksOf(hop) })) };
}

/**
 * `doppler.sys.example.com → cf-router:443 https ✗ Upgrade → gorouter:80 http`: the path
 * after the client (whose scheme the message already names), its marked hops flagged; for
 * a terminal, so each piece is escaped before `paintMark` colours it.
 */
export function pathLine(path: WebSocketPath, paintMark: (text: string, mark: HopMark) => string = (text) => text): string {
  return drawn(path)
    .hops.filter(({ hop }) => hop.kind !== 'client')
    .map(({ hop, marks }) => [escapeText(hopText(hop)), ...marks.map((mark) => paintMark(escapeText(markText(mark, false)), mark))].join(' '))
    .join(' → ');
}

/**
 * `WebSocket path: doppler.sys.example.com → cf-router:443 https ✗ Upgrade → …`: the line
 * the plain-text formats (github annotations, JUnit, SARIF) add under a finding's message;
 * escaped as pathLine escapes it, and then by the format's own escaping.
 */
export function labelledPathLine(path: WebSocketPath): string {
  return `WebSocket path: ${pathLine(path)}`;
}

/** The same hop sequence: a finding's path and a checked path differ only in their marks. */
function identity(path: WebSocketPath): string {
  return JSON.stringify([path.endpoint, path.hops.map((hop) => [hop.kind, hop.label, hop.port ?? null, hop.protocol ?? null])]);
}

/**
 * Each distinct path once, in the order checked, with the marks of every finding on it; a
 * finding's path that was not among those checked (a custom rule's) comes after them.
 */
export function drawnPaths(checked: readonly WebSocketPath[], findings: readonly Finding[]): DrawnPath[] {
  const byIdentity = new Map<string, DrawnPath>();
  const add = (path: WebSocketPath) => {
    const key = identity(path);
    const known = byIdentity.get(key);
    if (!known) {
      byIdentity.set(key, drawn(path));
      return;
    }
    path.hops.forEach((hop, i) => {
      const marks = known.hops[i]!.marks;
      for (const mark of marksOf(hop)) {
        // The checked path's own dead end ('no listener') is the same mark as the rule's.
        const same = marks.findIndex((m) => m.status === mark.status && m.problem === mark.problem && (m.ruleId === undefined || m.ruleId === mark.ruleId));
        if (same >= 0) marks[same] = mark;
        else marks.push(mark);
      }
    });
  };
  checked.forEach(add);
  for (const finding of findings) if (finding.websocketPath) add(finding.websocketPath);
  return [...byIdentity.values()];
}
