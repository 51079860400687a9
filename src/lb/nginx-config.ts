/**
 * nginx.conf text -> a tree of directives with lines, as crossplane (nginxinc) reads it:
 * words split on blanks, `"…"`/`'…'` quotes with `\` escapes, `;` ends a directive, `{…}` a
 * block, `#` at the start of a word a comment, `${var}` stays inside its word, and
 * `*_by_lua_block { … }` bodies are skipped raw. `include` is expanded in place, relative to
 * the main file's directory (nginx's conf prefix under `-c FILE`); globs may match nothing.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../util/errors.js';

export interface NginxDirective {
  name: string;
  args: string[];
  file: string;
  line: number;
  block?: NginxDirective[];
}

interface Token {
  text: string;
  line: number;
  quoted: boolean;
}

function tokens(text: string, file: string): Token[] {
  const out: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) {
      // Any blank a word stops at (\v, \f, U+00A0…): one that did not also end here made an
      // empty word without moving on, for ever.
      i++;
    } else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === ';' || c === '{' || c === '}') {
      out.push({ text: c, line, quoted: false });
      i++;
    } else if (c === '"' || c === "'") {
      const start = line;
      let word = '';
      i++;
      while (i < text.length && text[i] !== c) {
        if (text[i] === '\\' && i + 1 < text.length) {
          word += text[i + 1] === c || text[i + 1] === '\\' ? text[i + 1] : `\\${text[i + 1]}`;
          i += 2;
          continue;
        }
        if (text[i] === '\n') line++;
        word += text[i++];
      }
      if (i >= text.length) throw new InputError(`nginx: unterminated ${c === '"' ? 'double' : 'single'} quote`, { file, line: start });
      i++;
      out.push({ text: word, line: start, quoted: true });
    } else {
      let word = '';
      while (i < text.length && !/[\s;{}]/.test(text[i]!) && !(text[i] === '"' || text[i] === "'")) {
        if (text[i] === '\\' && i + 1 < text.length) {
          word += text[i] + text[i + 1]!;
          i += 2;
        } else if (text[i] === '$' && text[i + 1] === '{') {
          const end = text.indexOf('}', i);
          if (end < 0) throw new InputError('nginx: unterminated ${ variable', { file, line });
          word += text.slice(i, end + 1);
          i = end + 1;
        } else word += text[i++];
      }
      out.push({ text: word, line, quoted: false });
      // A Lua block's body is Lua, not nginx syntax.
      if (word.endsWith('_by_lua_block')) {
        while (i < text.length && /\s/.test(text[i]!)) if (text[i++] === '\n') line++;
        if (text[i] !== '{') continue;
        let depth = 0;
        do {
          const ch = text[i];
          if (ch === '{') depth++;
          else if (ch === '}') depth--;
          else if (ch === '\n') line++;
          else if (ch === '"' || ch === "'") {
            // A Lua string may hold braces.
            for (i++; i < text.length && text[i] !== ch; i++) if (text[i] === '\\') i++;
          } else if (ch === '-' && text[i + 1] === '-') {
            while (i < text.length && text[i + 1] !== '\n') i++;
          }
          i++;
        } while (i < text.length && depth > 0);
        out.push({ text: '{', line, quoted: false }, { text: '}', line, quoted: false });
      }
    }
  }
  return out;
}

/** Parses a file and the files it includes; InputError with file:line on a syntax error. */
export function parseNginxFile(file: string, text = readFileSync(file, 'utf8'), seen = new Set<string>()): NginxDirective[] {
  seen.add(path.resolve(file));
  const toks = tokens(text, file);
  let k = 0;
  const prefix = path.dirname(file);
  const parseBlock = (closing: boolean, openLine: number): NginxDirective[] => {
    const out: NginxDirective[] = [];
    for (;;) {
      const t = toks[k];
      if (!t) {
        if (closing) throw new InputError('nginx: unexpected end of file, expecting "}"', { file, line: openLine });
        return out;
      }
      if (t.text === '}' && !t.quoted) {
        if (!closing) throw new InputError('nginx: unexpected "}"', { file, line: t.line });
        k++;
        return out;
      }
      if ((t.text === ';' || t.text === '{') && !t.quoted) throw new InputError(`nginx: unexpected "${t.text}"`, { file, line: t.line });
      const args: string[] = [];
      k++;
      for (;;) {
        const a = toks[k];
        if (!a) throw new InputError(`nginx: unexpected end of file, expecting ";" or "{" after ${t.text}`, { file, line: t.line });
        if (!a.quoted && (a.text === ';' || a.text === '{')) break;
        if (!a.quoted && a.text === '}') throw new InputError(`nginx: unexpected "}" in ${t.text}`, { file, line: a.line });
        args.push(a.text);
        k++;
      }
      const end = toks[k++]!;
      const directive: NginxDirective = { name: t.text, args, file, line: t.line };
      if (end.text === '{') directive.block = parseBlock(true, t.line);
      if (directive.name === 'include' && !directive.block) out.push(...included(directive, prefix, seen));
      else out.push(directive);
    }
  };
  return parseBlock(false, 1);
}

function included(directive: NginxDirective, prefix: string, seen: Set<string>): NginxDirective[] {
  const pattern = path.resolve(prefix, directive.args[0] ?? '');
  const dir = path.dirname(pattern);
  const base = path.basename(pattern);
  let files: string[];
  if (base.includes('*')) {
    const re = new RegExp(`^${base.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    files = existsSync(dir) ? readdirSync(dir).filter((f) => re.test(f)).sort().map((f) => path.join(dir, f)) : [];
  } else {
    if (!existsSync(pattern)) throw new InputError(`nginx: include ${directive.args[0]}: no such file`, { file: directive.file, line: directive.line });
    files = [pattern];
  }
  return files.filter((f) => !seen.has(f)).flatMap((f) => parseNginxFile(f, readFileSync(f, 'utf8'), seen));
}

/** nginx time (ngx_parse_time): ms, s, m, h, d, w, M, y, combinable ("1h30m"); a bare number is seconds. */
export function nginxSeconds(text: string): number | undefined {
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, M: 2592000, y: 31536000 };
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h|d|w|M|y)?/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return undefined;
  return parts.reduce((sum, p) => sum + Number(p[1]) * units[p[2] ?? 's']!, 0);
}
