/**
 * File globs, matched in time linear in the path: `*` and `?` within one path segment, `**`
 * across segments, `[abc]`/`[a-z]`/`[!x]` classes, `{a,b}` alternatives. Used for config
 * `overrides[].files`, manifest globs on the command line and nginx `include` patterns, all of
 * which a pull request can write.
 *
 * Why not picomatch (or Node's path.matchesGlob): both compile a glob to a backtracking
 * RegExp, whose time grows with the path length to the power of the number of stars:
 * picomatch takes 0.3 s for `*a*a*a*a*a*b` against 60 characters and minutes against 120.
 * Here a glob is a small automaton run over the path as a set of states (Thompson's
 * construction, as RE2 and Go's path.Match do), so each character costs at most one step per
 * glob token, whatever the glob.
 */
import { InputError } from './errors.js';

type Token =
  | { kind: 'char'; char: string }
  | { kind: 'one' } // `?`
  | { kind: 'class'; negated: boolean; ranges: Array<[string, string]> }
  | { kind: 'star' } // `*`: any run within a segment
  | { kind: 'dirs' } // `**/`: zero or more whole directories
  | { kind: 'rest' }; // a trailing `**`: anything below

/** `{a,b}{c,d}…` multiplies; past this many alternatives a glob is refused, not expanded. */
const MAX_ALTERNATIVES = 256;

export interface CompiledGlob {
  test(path: string): boolean;
}

/** The glob compiled once, for matching many paths; `./` at its start is ignored. */
export function compileGlob(glob: string): CompiledGlob {
  const alternatives = expandBraces(glob.replace(/^\.\//, '')).map(tokenize);
  return { test: (path) => alternatives.some((tokens) => run(tokens, path)) };
}

export function matchesGlob(file: string, glob: string): boolean {
  return compileGlob(glob).test(file);
}

/** Whether a path holds glob syntax (and so names files by pattern). */
export function isGlob(text: string): boolean {
  return /[*?[]/.test(text);
}

// ---- braces ----

/** Nested `{…}` deeper than this is refused (the expansion recurses once per level). */
const MAX_BRACE_DEPTH = 32;

function matchingBrace(glob: string, open: number): number {
  let depth = 0;
  for (let i = open; i < glob.length; i++) {
    if (glob[i] === '{' && ++depth > MAX_BRACE_DEPTH) throw new InputError(`glob ${JSON.stringify(glob.slice(0, 60))}: {…} nested deeper than ${MAX_BRACE_DEPTH}`);
    if (glob[i] === '{') continue;
    if (glob[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** `a,{b,c},d` → `a`, `{b,c}`, `d`. */
function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    if (list[i] === '{') depth++;
    else if (list[i] === '}') depth--;
    else if (list[i] === ',' && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(list.slice(start));
  return parts;
}

/** Every brace-free glob `glob` stands for; an unmatched `{` is a literal. */
function expandBraces(glob: string): string[] {
  let open = -1;
  let close = -1;
  for (let i = glob.indexOf('{'); i >= 0; i = glob.indexOf('{', i + 1)) {
    close = matchingBrace(glob, i);
    if (close >= 0) {
      open = i;
      break;
    }
  }
  if (open < 0) return [glob.replace(/\{/g, '\u0000{')];
  const head = glob.slice(0, open).replace(/\{/g, '\u0000{');
  const tails = expandBraces(glob.slice(close + 1));
  const out: string[] = [];
  for (const option of splitTopLevel(glob.slice(open + 1, close))) {
    for (const middle of expandBraces(option)) {
      for (const tail of tails) {
        out.push(head + middle + tail);
        if (out.length > MAX_ALTERNATIVES) throw new InputError(`glob ${JSON.stringify(glob.slice(0, 60))}: more than ${MAX_ALTERNATIVES} {…} alternatives`);
      }
    }
  }
  return out;
}

// ---- tokens ----

function tokenize(glob: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === '\u0000') {
      // A brace expandBraces left literal.
      tokens.push({ kind: 'char', char: glob[++i]! });
    } else if (char === '*') {
      const segmentStart = i === 0 || glob[i - 1] === '/';
      let end = i;
      while (glob[end + 1] === '*') end++;
      const isDoubleStar = end > i && segmentStart && (end + 1 === glob.length || glob[end + 1] === '/');
      if (isDoubleStar && end + 1 === glob.length) tokens.push({ kind: 'rest' });
      else if (isDoubleStar) {
        // `**/**/` is `**/`: consecutive ones add nothing but states.
        if (tokens.at(-1)?.kind !== 'dirs') tokens.push({ kind: 'dirs' });
        end++;
      } else if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
      i = end;
    } else if (char === '?') {
      tokens.push({ kind: 'one' });
    } else if (char === '[') {
      const parsed = parseClass(glob, i);
      if (parsed) {
        tokens.push(parsed.token);
        i = parsed.end;
      } else tokens.push({ kind: 'char', char });
    } else {
      tokens.push({ kind: 'char', char });
    }
  }
  return tokens;
}

/** `[…]` from `open`: the class and the index of its `]`, or undefined for a literal `[`. */
function parseClass(glob: string, open: number): { token: Token & { kind: 'class' }; end: number } | undefined {
  let i = open + 1;
  const negated = glob[i] === '!' || glob[i] === '^';
  if (negated) i++;
  const ranges: Array<[string, string]> = [];
  // A `]` first in the class is a member, as in glob(3).
  for (let first = true; i < glob.length && (first || glob[i] !== ']'); first = false) {
    const from = glob[i]!;
    if (glob[i + 1] === '-' && glob[i + 2] !== undefined && glob[i + 2] !== ']') {
      ranges.push([from, glob[i + 2]!]);
      i += 3;
    } else {
      ranges.push([from, from]);
      i++;
    }
  }
  if (i >= glob.length || ranges.length === 0) return undefined;
  return { token: { kind: 'class', negated, ranges }, end: i };
}

// ---- the automaton ----

function consumes(token: Token, char: string): boolean {
  if (char === '/') return token.kind === 'char' ? token.char === '/' : token.kind === 'rest';
  switch (token.kind) {
    case 'char':
      return token.char === char;
    case 'one':
      return true;
    case 'class':
      return token.ranges.some(([from, to]) => char >= from && char <= to) !== token.negated;
    default:
      return false;
  }
}

/**
 * States are token positions; a `dirs` token also has a "mid-segment" state (2k + 1), where it
 * has read part of a directory name and must read on to its `/`.
 */
function run(tokens: readonly Token[], path: string): boolean {
  const end = 2 * tokens.length;
  let current = new Set<number>();
  const add = (set: Set<number>, state: number): void => {
    if (set.has(state)) return;
    set.add(state);
    if (state === end || state % 2 === 1) return;
    const token = tokens[state / 2]!;
    // `*`, `**/` and `**` may match nothing.
    if (token.kind === 'star' || token.kind === 'dirs' || token.kind === 'rest') add(set, state + 2);
  };
  add(current, 0);
  for (const char of path) {
    const next = new Set<number>();
    for (const state of current) {
      if (state === end) continue;
      const token = tokens[Math.floor(state / 2)]!;
      const base = state - (state % 2);
      if (token.kind === 'dirs') {
        // Reading a directory name (mid) until its `/` returns to the start of the next one.
        if (char === '/') add(next, base);
        else add(next, base + 1);
      } else if (token.kind === 'star') {
        if (char !== '/') add(next, state);
      } else if (token.kind === 'rest') {
        add(next, state);
      } else if (consumes(token, char)) {
        add(next, state + 2);
      }
    }
    if (next.size === 0) return false;
    current = next;
  }
  return current.has(end);
}
