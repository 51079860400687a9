/**
 * nginx.conf text -> a tree of directives with lines, as crossplane (nginxinc) reads it:
 * words split on blanks, `"…"`/`'…'` quotes with `\` escapes, `;` ends a directive, `{…}` a
 * block, `#` at the start of a word a comment, `${var}` stays inside its word, and
 * `*_by_lua_block { … }` bodies are skipped raw. `include` is expanded in place, relative to
 * the including file's directory; globs may match nothing. Includes are read only inside the
 * root (the given file's directory, or --lb-root), only regular files, at most 16 MB each.
 */
import { existsSync, readdirSync, realpathSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { InputError } from '../util/errors.js';
import { excerpt } from '../util/escape.js';
import { compileGlob, isGlob } from '../util/glob.js';
import { readTextFile } from '../util/read-file.js';

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

/** Blocks inside blocks and includes inside includes, together; real configs nest a handful. */
export const MAX_NGINX_NESTING = 100;

/** The most one included file may hold. */
export const MAX_INCLUDE_BYTES = 16 * 1024 * 1024;

export interface NginxReadOptions {
  /**
   * The directory tree `include` may read from (`--lb-root`); by default the directory of the
   * file given. A pull request writes the config, so `include /proc/self/environ;` or
   * `include ../../.ssh/*;` must not read the CI runner's files into a message.
   */
  root?: string;
}

interface ParseState {
  root: string;
  seen: Set<string>;
}

function realDirectory(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

/** Parses a file and the files it includes; InputError with file:line on a syntax error. */
export function parseNginxFile(file: string, text?: string, options: NginxReadOptions = {}): NginxDirective[] {
  const state: ParseState = { root: realDirectory(options.root ?? path.dirname(file)), seen: new Set() };
  return parseFile(file, text ?? readTextFile(file, { expected: 'nginx configuration text' }), state, 0);
}

function parseFile(file: string, text: string, state: ParseState, depth: number): NginxDirective[] {
  state.seen.add(path.resolve(file));
  const toks = tokens(text, file);
  let k = 0;
  const prefix = path.dirname(file);
  const tooDeep = (line: number) => new InputError(`nginx: blocks and includes nested deeper than ${MAX_NGINX_NESTING}`, { file, line });
  const parseBlock = (closing: boolean, openLine: number, level: number): NginxDirective[] => {
    if (level > MAX_NGINX_NESTING) throw tooDeep(openLine);
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
        // Names are quoted only as a short escaped excerpt: the "file" may be anything.
        if (!a) throw new InputError(`nginx: unexpected end of file, expecting ";" or "{" after ${excerpt(t.text)}`, { file, line: t.line });
        if (!a.quoted && (a.text === ';' || a.text === '{')) break;
        if (!a.quoted && a.text === '}') throw new InputError(`nginx: unexpected "}" in ${excerpt(t.text)}`, { file, line: a.line });
        args.push(a.text);
        k++;
      }
      const end = toks[k++]!;
      const directive: NginxDirective = { name: t.text, args, file, line: t.line };
      if (end.text === '{') directive.block = parseBlock(true, t.line, level + 1);
      if (directive.name === 'include' && !directive.block) {
        if (level + 1 > MAX_NGINX_NESTING) throw tooDeep(t.line);
        for (const included of includedFiles(directive, prefix, state)) out.push(...parseFile(included, readIncluded(included, directive), state, level + 1));
      } else out.push(directive);
    }
  };
  return parseBlock(false, 1, depth);
}

/** An included file's text; what cannot be read is reported at the `include` line. */
function readIncluded(file: string, directive: NginxDirective): string {
  try {
    return readTextFile(file, { regularOnly: true, maxBytes: MAX_INCLUDE_BYTES, expected: 'nginx configuration text' });
  } catch (error) {
    if (!(error instanceof InputError) || error.file !== file) throw error;
    throw new InputError(`nginx: include ${excerpt(directive.args[0] ?? '')}: ${path.relative(path.dirname(directive.file), file) || file} ${error.message}`, { file: directive.file, line: directive.line });
  }
}

function isInside(root: string, file: string): boolean {
  const relative = path.relative(root, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The files an `include` names, in nginx's (glob(3)'s sorted) order, each inside the root. */
function includedFiles(directive: NginxDirective, prefix: string, state: ParseState): string[] {
  const arg = directive.args[0] ?? '';
  const where = { file: directive.file, line: directive.line };
  const shown = `include ${excerpt(arg)}`;
  const pattern = path.resolve(prefix, arg);
  const outside = () => new InputError(`nginx: ${shown}: outside ${state.root}; cf-ws-lint reads includes only inside the directory of the file given (name another with --lb-root DIR)`, where);
  let files: string[];
  if (isGlob(arg)) {
    files = globFiles(pattern, state.root);
    if (!isInside(state.root, globBase(pattern))) throw outside();
  } else {
    if (!isInside(state.root, pattern)) throw outside();
    if (!existsSync(pattern)) throw new InputError(`nginx: ${shown}: no such file`, where);
    files = [pattern];
  }
  // Through a symbolic link, the file is where the link points: that must be inside too.
  for (const file of files) if (!isInside(state.root, realDirectory(file))) throw outside();
  return files.filter((f) => !state.seen.has(path.resolve(f)));
}

/** The directory of a pattern before its first component with glob syntax. */
function globBase(pattern: string): string {
  const parts = pattern.split(path.sep);
  const first = parts.findIndex(isGlob);
  return parts.slice(0, first).join(path.sep) || path.sep;
}

/**
 * The files a glob matches (nginx: glob(3), none is not an error). Only directories inside the
 * root are listed, and only as deep as the pattern has components.
 */
function globFiles(pattern: string, root: string): string[] {
  const glob = compileGlob(pattern);
  const base = globBase(pattern);
  if (!isInside(root, base)) return [];
  const depth = pattern.split(path.sep).length - base.split(path.sep).length;
  const found: string[] = [];
  const walk = (dir: string, left: number): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (left > 1) {
        if (entry.isDirectory()) walk(full, left - 1);
      } else if (glob.test(full)) found.push(full);
    }
  };
  walk(base, depth);
  return found.sort();
}

/** nginx time (ngx_parse_time): ms, s, m, h, d, w, M, y, combinable ("1h30m"); a bare number is seconds. */
export function nginxSeconds(text: string): number | undefined {
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, M: 2592000, y: 31536000 };
  const parts = [...text.matchAll(/(\d+)(ms|s|m|h|d|w|M|y)?/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return undefined;
  return parts.reduce((sum, p) => sum + Number(p[1]) * units[p[2] ?? 's']!, 0);
}
