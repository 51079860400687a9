/**
 * A WebSocket path as a Mermaid flowchart, for GitHub's Markdown (PR comments, job
 * summaries). Labels come from pull requests (LB names, DNS names, manifest values), so
 * every character that could end a label, start markup or leave the code fence is written
 * as a Mermaid entity code.
 */
import { hopDetail, markText, type DrawnPath } from './path-view.js';

/** Shown as themselves; everything else becomes `#<code point>;`. */
const PLAIN = /[A-Za-z0-9 .,:/_=+@?✗…-]/u;

/**
 * Mermaid's entity codes (`#35;` for `#`, `#quot;`...) are decoded after parsing and
 * shown as text, so a label can carry any character without ending the quoted string,
 * opening HTML or a Markdown string, or closing the surrounding ```mermaid fence.
 */
export function mermaidText(text: string): string {
  let out = '';
  for (const char of text) out += PLAIN.test(char) ? char : `#${char.codePointAt(0)};`;
  return out;
}

/**
 * Longest label row shown, in characters: mermaid refuses a whole diagram over its
 * `maxTextSize` (50,000 by default, GitHub's too), which one long name, entity-encoded,
 * would reach; a name is recognisable long before that.
 */
export const MAX_ROW = 120;

function shortened(row: string): string {
  const chars = [...row];
  return chars.length > MAX_ROW ? `${chars.slice(0, MAX_ROW - 1).join('')}…` : row;
}

const STYLES = [
  'classDef failing fill:#ffebe9,stroke:#cf222e,stroke-width:2px,color:#1f2328',
  'classDef unknown fill:#fff8c5,stroke:#9a6700,stroke-width:2px,stroke-dasharray:4 3,color:#1f2328',
];

/**
 * `flowchart LR` of one path: a node per hop (name, then port and protocol, then each mark
 * with its rule id), failing hops red, unverifiable ones yellow, and dotted edges past a
 * failing hop, where the connection never gets.
 */
export function flowchart(path: DrawnPath): string {
  const lines = ['flowchart LR'];
  let broken = false;
  path.hops.forEach(({ hop, marks }, i) => {
    const detail = hopDetail(hop);
    const rows = [hop.label, ...(detail ? [detail] : []), ...marks.map((mark) => markText(mark, true))].map((row) => mermaidText(shortened(row)));
    const status = marks.some((m) => m.status === 'failing') ? 'failing' : marks.length > 0 ? 'unknown' : undefined;
    const node = `h${i}["${rows.join('<br/>')}"]${status ? `:::${status}` : ''}`;
    lines.push(i === 0 ? `  ${node}` : `  h${i - 1} ${broken ? '-.->' : '-->'} ${node}`);
    if (status === 'failing') broken = true;
  });
  lines.push(...STYLES.map((style) => `  ${style}`));
  return `${lines.join('\n')}\n`;
}
