/**
 * haproxy.cfg text -> sections of positioned words, following the HAProxy configuration
 * manual §2.2-2.4: line-oriented, no continuation lines; words split on unquoted, unescaped
 * blanks; `\` escapes, weak `"…"` and strong `'…'` quotes that concatenate with what touches
 * them; `#` starts a comment only outside quotes; `.if/.elif/.else/.endif` blocks (2.4+).
 */
import { InputError } from '../util/errors.js';

export interface Word {
  text: string;
  col: number;
  /** `$VAR`/`${VAR}` inside: HAProxy expands it from the environment, so the value is unknown here. */
  hasEnv: boolean;
}

export interface Directive {
  words: Word[];
  line: number;
  /** Inside a `.if` block: HAProxy may skip it. */
  conditional: boolean;
}

export type SectionKind = 'global' | 'defaults' | 'frontend' | 'backend' | 'listen' | 'other';

export interface Section {
  kind: SectionKind;
  /** Empty for `global` and an anonymous `defaults`. */
  name: string;
  /** The section line itself (its words[0] is the keyword). */
  header: Directive;
  /** `frontend f from NAME` (2.4+): the defaults section it takes settings from. */
  from?: string;
  directives: Directive[];
}

const PROXY_SECTIONS = new Set(['global', 'defaults', 'frontend', 'backend', 'listen']);
// Sections that hold no proxies (manual §3, §12 and later): skipped whole.
const OTHER_SECTIONS = new Set(['resolvers', 'userlist', 'peers', 'mailers', 'program', 'http-errors', 'ring', 'cache', 'log-forward', 'crt-store', 'traces', 'acme', 'fcgi-app', 'dynamic-update']);

function isSectionKeyword(word: string): boolean {
  return PROXY_SECTIONS.has(word) || OTHER_SECTIONS.has(word);
}

/** Splits one line into words; throws on an unterminated quote. */
export function lineWords(line: string, file: string, lineNo: number): Word[] {
  const words: Word[] = [];
  let current: Word | undefined;
  let quote: '"' | "'" | undefined;
  const start = (col: number) => (current ??= { text: '', col, hasEnv: false });
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else current!.text += c;
      continue;
    }
    if (c === '\\' && i + 1 < line.length) {
      const next = line[++i]!;
      const escaped: Record<string, string> = { ' ': ' ', '#': '#', '\\': '\\', "'": "'", '"': '"', r: '\r', n: '\n', t: '\t' };
      start(i);
      if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(line.slice(i + 1, i + 3))) {
        current!.text += String.fromCharCode(parseInt(line.slice(i + 1, i + 3), 16));
        i += 2;
      } else {
        current!.text += escaped[next] ?? `\\${next}`;
      }
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = undefined;
      else {
        if (c === '$') current!.hasEnv = true;
        current!.text += c;
      }
      continue;
    }
    if (c === '#') break;
    if (c === ' ' || c === '\t') {
      if (current) words.push(current);
      current = undefined;
      continue;
    }
    start(i + 1);
    if (c === '"' || c === "'") {
      quote = c;
      continue;
    }
    if (c === '$' && line[i + 1] === '{') current!.hasEnv = true;
    current!.text += c;
  }
  if (quote) throw new InputError(`unterminated ${quote === '"' ? 'double' : 'single'} quote`, { file, line: lineNo });
  if (current) words.push(current);
  return words;
}

/** The sections of a configuration, in file order; lines before the first section are ignored. */
export function parseHaproxyConfig(text: string, file: string): Section[] {
  const sections: Section[] = [];
  let section: Section | undefined;
  const openIfs: number[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const lineNo = index + 1;
    const words = lineWords(raw, file, lineNo);
    if (words.length === 0) return;
    const keyword = words[0]!.text;
    if (keyword.startsWith('.')) {
      if (keyword === '.if') openIfs.push(lineNo);
      else if (keyword === '.endif' && openIfs.pop() === undefined) throw new InputError('.endif without .if', { file, line: lineNo });
      else if ((keyword === '.elif' || keyword === '.else') && openIfs.length === 0) throw new InputError(`${keyword} without .if`, { file, line: lineNo });
      return;
    }
    const directive: Directive = { words, line: lineNo, conditional: openIfs.length > 0 };
    if (isSectionKeyword(keyword)) {
      const kind: SectionKind = PROXY_SECTIONS.has(keyword) ? (keyword as SectionKind) : 'other';
      const name = kind === 'global' ? '' : (words[1]?.text ?? '');
      if ((kind === 'frontend' || kind === 'backend' || kind === 'listen') && name === '') throw new InputError(`${keyword} needs a name`, { file, line: lineNo });
      section = { kind, name: name === 'from' ? '' : name, header: directive, directives: [] };
      const fromAt = words.findIndex((w, i) => i >= 1 && w.text === 'from');
      if (fromAt >= 1 && words[fromAt + 1]) section.from = words[fromAt + 1]!.text;
      sections.push(section);
      return;
    }
    section?.directives.push(directive);
  });
  if (openIfs.length > 0) throw new InputError('.if without .endif', { file, line: openIfs[openIfs.length - 1]! });
  return sections;
}

/** HAProxy time format (manual §2.5): us, ms, s, m, h, d; a bare number is milliseconds. */
export function haproxySeconds(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(us|ms|s|m|h|d)?$/.exec(text);
  if (!match) return undefined;
  const factor = { us: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600, d: 86400 }[match[2] ?? 'ms']!;
  return Math.round(Number(match[1]) * factor * 1e6) / 1e6;
}
