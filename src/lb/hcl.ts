/**
 * A small HCL2 reader with positions: bodies of attributes and blocks, and expressions as
 * a syntax tree (literals, templates with `${…}`, heredocs, tuples, objects, traversals,
 * splats, calls, operators, conditionals, for-expressions). It does not evaluate anything;
 * terraform-hcl.ts gives meaning to what it needs. Grammar: hashicorp/hcl hclsyntax spec.md.
 */
import { InputError } from '../util/errors.js';

export interface Pos {
  line: number;
  col: number;
}

interface Node {
  pos: Pos;
  /** The expression as written, for evidence. */
  text: string;
}

export type TemplatePart = string | Expr;

export type Expr =
  | (Node & { kind: 'literal'; value: string | number | boolean | null })
  | (Node & { kind: 'template'; parts: TemplatePart[]; directive: boolean })
  | (Node & { kind: 'tuple'; items: Expr[] })
  | (Node & { kind: 'object'; items: { key: Expr; value: Expr }[] })
  | (Node & { kind: 'variable'; name: string })
  | (Node & { kind: 'getattr'; target: Expr; name: string })
  | (Node & { kind: 'index'; target: Expr; key: Expr })
  | (Node & { kind: 'splat'; target: Expr })
  | (Node & { kind: 'call'; name: string; args: Expr[] })
  | (Node & { kind: 'conditional'; condition: Expr; then: Expr; else: Expr })
  | (Node & { kind: 'binary'; op: string; left: Expr; right: Expr })
  | (Node & { kind: 'unary'; op: string; operand: Expr })
  | (Node & { kind: 'paren'; inner: Expr })
  | (Node & { kind: 'for'; keyVar?: string; valueVar: string; collection: Expr; key?: Expr; value: Expr; condition?: Expr; object: boolean });

export interface Attribute {
  name: string;
  expr: Expr;
  pos: Pos;
}

export interface Block {
  type: string;
  labels: string[];
  body: Body;
  pos: Pos;
}

export interface Body {
  attributes: Attribute[];
  blocks: Block[];
}

type Token =
  | { t: 'ident'; v: string; start: number; end: number }
  | { t: 'number'; v: number; start: number; end: number }
  | { t: 'template'; parts: (string | Token[])[]; directive: boolean; start: number; end: number }
  | { t: 'punct'; v: string; start: number; end: number }
  | { t: 'nl'; start: number; end: number }
  | { t: 'eof'; start: number; end: number };

const PUNCT = ['...', '=>', '==', '!=', '<=', '>=', '&&', '||', '{', '}', '[', ']', '(', ')', '=', ',', '.', '?', ':', '+', '-', '*', '/', '%', '<', '>', '!', '~'];

// Sticky: they match at lastIndex, so a token is read without copying the rest of the file.
const NUMBER = /[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
const IDENT = /[\p{L}\p{N}_-]+/uy;
const IDENT_START = /[\p{L}_]/u;
const ESCAPES = new Map([['n', '\n'], ['r', '\r'], ['t', '\t'], ['"', '"'], ['\\', '\\']]);

/**
 * How deep blocks, brackets, operators and interpolations may nest. The reader recurses, so an
 * input nested thousands deep would exhaust the stack; real configurations stay within ten or so.
 */
export const MAX_HCL_NESTING = 100;

class Lexer {
  private i = 0;
  /** Interpolations open around the current offset (`"${"${…}"}"`). */
  private interpolations = 0;
  private readonly lineStarts: number[] = [0];

  constructor(
    readonly src: string,
    readonly file: string,
  ) {
    for (let k = src.indexOf('\n'); k >= 0; k = src.indexOf('\n', k + 1)) this.lineStarts.push(k + 1);
  }

  pos(offset: number): Pos {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - this.lineStarts[lo]! + 1 };
  }

  /** The text `pattern` (sticky) matches at the current offset, which moves past it. */
  private match(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.i;
    const text = pattern.exec(this.src)?.[0];
    if (text !== undefined) this.i += text.length;
    return text;
  }

  fail(message: string, offset: number): InputError {
    return new InputError(`HCL: ${message}`, { file: this.file, ...this.pos(offset) });
  }

  /** All tokens of the file, or of an interpolation when `closeBrace` (stops at its `}`). */
  tokens(closeBrace = false, openedAt = 0): Token[] {
    const out: Token[] = [];
    let depth = 0;
    const src = this.src;
    while (this.i < src.length) {
      const c = src[this.i]!;
      const start = this.i;
      if (c === ' ' || c === '\t' || c === '\r') {
        this.i++;
      } else if (c === '\n') {
        this.i++;
        out.push({ t: 'nl', start, end: this.i });
      } else if (c === '#' || (c === '/' && src[this.i + 1] === '/')) {
        while (this.i < src.length && src[this.i] !== '\n') this.i++;
      } else if (c === '/' && src[this.i + 1] === '*') {
        const end = src.indexOf('*/', this.i + 2);
        if (end < 0) throw this.fail('unterminated /* comment', start);
        // A block comment spanning lines still ends the line it started on.
        if (src.slice(this.i, end).includes('\n')) out.push({ t: 'nl', start, end: end + 2 });
        this.i = end + 2;
      } else if (c === '"') {
        this.i++;
        out.push(this.template(start, '"'));
      } else if (c === '<' && src[this.i + 1] === '<' && /[-A-Za-z_]/.test(src[this.i + 2] ?? '')) {
        out.push(this.heredoc(start));
      } else if (c >= '0' && c <= '9') {
        const text = this.match(NUMBER)!;
        out.push({ t: 'number', v: Number(text), start, end: this.i });
      } else if (IDENT_START.test(c)) {
        out.push({ t: 'ident', v: this.match(IDENT)!, start, end: this.i });
      } else {
        const p = PUNCT.find((q) => src.startsWith(q, this.i));
        if (!p) throw this.fail(`unexpected character ${JSON.stringify(c)}`, start);
        if (closeBrace && p === '}' && depth === 0) {
          this.i++;
          out.push({ t: 'eof', start, end: start });
          return out;
        }
        if (p === '{') depth++;
        if (p === '}') depth--;
        this.i += p.length;
        out.push({ t: 'punct', v: p, start, end: this.i });
      }
    }
    if (closeBrace) throw this.fail('unterminated ${ interpolation', openedAt);
    out.push({ t: 'eof', start: this.i, end: this.i });
    return out;
  }

  /** A quoted string (escapes) or heredoc body (none) up to `end`, with its interpolations. */
  private template(start: number, quote: '"' | undefined, stop?: number): Extract<Token, { t: 'template' }> {
    const parts: (string | Token[])[] = [];
    let text = '';
    let directive = false;
    const src = this.src;
    const limit = stop ?? src.length;
    while (this.i < limit) {
      const c = src[this.i]!;
      if (quote && c === '"') {
        this.i++;
        if (text || parts.length === 0) parts.push(text);
        return { t: 'template', parts, directive, start, end: this.i };
      }
      if (quote && c === '\n') throw this.fail('unterminated string', start);
      if (quote && c === '\\') {
        const next = src[this.i + 1];
        const escaped = next === undefined ? undefined : ESCAPES.get(next);
        if (escaped !== undefined) {
          text += escaped;
          this.i += 2;
        } else if (next === 'u' || next === 'U') {
          const len = next === 'u' ? 4 : 8;
          const hex = src.slice(this.i + 2, this.i + 2 + len);
          // Exactly 4 or 8 hex digits naming a Unicode code point, or String.fromCodePoint throws.
          const code = hex.length === len && /^[0-9A-Fa-f]+$/.test(hex) ? parseInt(hex, 16) : NaN;
          if (!(code <= 0x10ffff)) throw this.fail(`invalid escape \\${next}${hex}`, this.i);
          text += String.fromCodePoint(code);
          this.i += 2 + len;
        } else throw this.fail(`invalid escape \\${next ?? ''}`, this.i);
        continue;
      }
      if ((c === '$' || c === '%') && src[this.i + 1] === c && src[this.i + 2] === '{') {
        text += `${c}{`;
        this.i += 3;
        continue;
      }
      if ((c === '$' || c === '%') && src[this.i + 1] === '{') {
        if (text) parts.push(text);
        text = '';
        const openedAt = this.i;
        this.i += 2;
        if (src[this.i] === '~') this.i++;
        if (++this.interpolations > MAX_HCL_NESTING) throw this.fail(`nesting deeper than ${MAX_HCL_NESTING}`, openedAt);
        const inner = this.tokens(true, openedAt);
        this.interpolations--;
        if (c === '%') directive = true;
        else parts.push(inner);
        continue;
      }
      text += c;
      this.i++;
    }
    if (quote) throw this.fail('unterminated string', start);
    if (text || parts.length === 0) parts.push(text);
    return { t: 'template', parts, directive, start, end: this.i };
  }

  private heredoc(start: number): Token {
    const m = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(this.src.slice(this.i));
    if (!m) throw this.fail('a heredoc marker must end its line', start);
    const bodyStart = this.i + m[0].length;
    const terminator = new RegExp(`^[ \\t]*${m[2]}[ \\t]*\\r?$`, 'm');
    const rest = this.src.slice(bodyStart);
    const found = terminator.exec(rest);
    if (!found) throw this.fail(`heredoc ${m[2]} is not terminated`, start);
    this.i = bodyStart;
    const token = this.template(start, undefined, bodyStart + found.index);
    this.i = bodyStart + found.index + found[0].length;
    return { ...token, end: this.i };
  }
}

class Parser {
  private k = 0;
  /** Inside (), [] and call arguments newlines are insignificant. */
  private nlIgnored = 0;

  constructor(
    private readonly toks: Token[],
    private readonly lexer: Lexer,
    /** Blocks, brackets and operands open around the current token (an interpolation's parser starts inside its string). */
    private depth = 0,
  ) {}

  private peek(): Token {
    if (this.nlIgnored > 0) while (this.toks[this.k]!.t === 'nl') this.k++;
    return this.toks[this.k]!;
  }

  private next(): Token {
    const t = this.peek();
    if (t.t !== 'eof') this.k++;
    return t;
  }

  private isPunct(v: string): boolean {
    const t = this.peek();
    return t.t === 'punct' && t.v === v;
  }

  private expect(v: string): Token {
    const t = this.next();
    if (t.t !== 'punct' || t.v !== v) throw this.lexer.fail(`expected "${v}" but found ${describe(t)}`, t.start);
    return t;
  }

  private skipNewlines(): void {
    while (this.toks[this.k]!.t === 'nl') this.k++;
  }

  private node(start: number, end: number): Node {
    return { pos: this.lexer.pos(start), text: this.lexer.src.slice(start, end) };
  }

  /** A body up to its `}` (when `openedAt`, the offset of the block's `{`) or the end of the file. */
  body(openedAt?: number): Body {
    const closing = openedAt !== undefined;
    const body: Body = { attributes: [], blocks: [] };
    for (;;) {
      this.skipNewlines();
      const t = this.toks[this.k]!;
      if (t.t === 'eof') {
        if (closing) throw this.lexer.fail('this block has no closing "}" before the end of the file', openedAt);
        return body;
      }
      if (t.t === 'punct' && t.v === '}') {
        if (!closing) throw this.lexer.fail('unexpected "}"', t.start);
        this.k++;
        return body;
      }
      if (t.t !== 'ident') throw this.lexer.fail(`expected an attribute or block name but found ${describe(t)}`, t.start);
      this.k++;
      const after = this.toks[this.k]!;
      if (after.t === 'punct' && after.v === '=') {
        this.k++;
        const expr = this.expression();
        body.attributes.push({ name: t.v, expr, pos: this.lexer.pos(t.start) });
        this.endOfItem();
        continue;
      }
      const labels: string[] = [];
      for (;;) {
        const l = this.toks[this.k]!;
        if (l.t === 'ident') labels.push(l.v);
        else if (l.t === 'template' && l.parts.every((p) => typeof p === 'string')) labels.push(l.parts.join(''));
        else break;
        this.k++;
      }
      const open = this.toks[this.k]!;
      if (open.t !== 'punct' || open.v !== '{') throw this.lexer.fail(`expected "=" or "{" after ${t.v} but found ${describe(open)}`, open.start);
      this.k++;
      const inner = this.nested(open.start, () => this.body(open.start));
      body.blocks.push({ type: t.v, labels, body: inner, pos: this.lexer.pos(t.start) });
      this.endOfItem();
    }
  }

  /** Reads one nesting level deeper, or refuses past MAX_HCL_NESTING (the reader would run out of stack). */
  private nested<T>(offset: number, read: () => T): T {
    if (++this.depth > MAX_HCL_NESTING) throw this.lexer.fail(`nesting deeper than ${MAX_HCL_NESTING}`, offset);
    const result = read();
    this.depth--;
    return result;
  }

  private endOfItem(): void {
    const t = this.toks[this.k]!;
    if (t.t === 'nl' || t.t === 'eof' || (t.t === 'punct' && t.v === '}')) return;
    throw this.lexer.fail(`expected a new line but found ${describe(t)}`, t.start);
  }

  expression(): Expr {
    return this.nested(this.peek().start, () => this.conditional());
  }

  private conditional(): Expr {
    const start = this.peek().start;
    const condition = this.binary(0);
    if (!this.isPunct('?')) return condition;
    this.next();
    this.nlIgnored++;
    const then = this.expression();
    this.expect(':');
    this.nlIgnored--;
    const otherwise = this.expression();
    return { kind: 'conditional', condition, then, else: otherwise, ...this.node(start, this.toks[this.k - 1]!.end) };
  }

  private static readonly LEVELS = [['||'], ['&&'], ['==', '!='], ['<', '>', '<=', '>='], ['+', '-'], ['*', '/', '%']];

  private binary(level: number): Expr {
    if (level >= Parser.LEVELS.length) return this.unary();
    const start = this.peek().start;
    let left = this.binary(level + 1);
    for (;;) {
      const t = this.peek();
      if (t.t !== 'punct' || !Parser.LEVELS[level]!.includes(t.v)) return left;
      this.next();
      const right = this.binary(level + 1);
      left = { kind: 'binary', op: t.v, left, right, ...this.node(start, this.toks[this.k - 1]!.end) };
    }
  }

  private unary(): Expr {
    const t = this.peek();
    if (t.t === 'punct' && (t.v === '!' || t.v === '-')) {
      this.next();
      const operand = this.nested(t.start, () => this.unary());
      return { kind: 'unary', op: t.v, operand, ...this.node(t.start, this.toks[this.k - 1]!.end) };
    }
    return this.postfix(this.primary(), t.start);
  }

  private postfix(target: Expr, start: number): Expr {
    for (;;) {
      const t = this.toks[this.k]!;
      if (t.t === 'punct' && t.v === '.') {
        this.k++;
        const name = this.next();
        if (name.t === 'ident') target = { kind: 'getattr', target, name: name.v, ...this.node(start, name.end) };
        else if (name.t === 'number') target = { kind: 'index', target, key: { kind: 'literal', value: name.v, ...this.node(name.start, name.end) }, ...this.node(start, name.end) };
        else if (name.t === 'punct' && name.v === '*') target = { kind: 'splat', target, ...this.node(start, name.end) };
        else throw this.lexer.fail(`expected an attribute name after "." but found ${describe(name)}`, name.start);
      } else if (t.t === 'punct' && t.v === '[') {
        this.k++;
        this.nlIgnored++;
        if (this.isPunct('*')) {
          this.next();
          const close = this.expect(']');
          this.nlIgnored--;
          target = { kind: 'splat', target, ...this.node(start, close.end) };
          continue;
        }
        const key = this.expression();
        const close = this.expect(']');
        this.nlIgnored--;
        target = { kind: 'index', target, key, ...this.node(start, close.end) };
      } else return target;
    }
  }

  private primary(): Expr {
    const t = this.next();
    switch (t.t) {
      case 'number':
        return { kind: 'literal', value: t.v, ...this.node(t.start, t.end) };
      case 'template':
        return this.templateExpr(t);
      case 'ident': {
        if (t.v === 'true' || t.v === 'false') return { kind: 'literal', value: t.v === 'true', ...this.node(t.start, t.end) };
        if (t.v === 'null') return { kind: 'literal', value: null, ...this.node(t.start, t.end) };
        const open = this.toks[this.k]!;
        if (open.t === 'punct' && open.v === '(') {
          this.k++;
          this.nlIgnored++;
          const args: Expr[] = [];
          while (!this.isPunct(')')) {
            args.push(this.expression());
            if (this.isPunct('...')) this.next();
            if (!this.isPunct(')')) this.expect(',');
          }
          const close = this.expect(')');
          this.nlIgnored--;
          return { kind: 'call', name: t.v, args, ...this.node(t.start, close.end) };
        }
        return { kind: 'variable', name: t.v, ...this.node(t.start, t.end) };
      }
      case 'punct':
        if (t.v === '(') {
          this.nlIgnored++;
          const inner = this.expression();
          const close = this.expect(')');
          this.nlIgnored--;
          return { kind: 'paren', inner, ...this.node(t.start, close.end) };
        }
        if (t.v === '[') return this.tupleOrFor(t);
        if (t.v === '{') return this.objectOrFor(t);
        break;
      default:
        break;
    }
    throw this.lexer.fail(`expected an expression but found ${describe(t)}`, t.start);
  }

  private templateExpr(t: Extract<Token, { t: 'template' }>): Expr {
    const parts: TemplatePart[] = t.parts.map((p) => {
      if (typeof p === 'string') return p;
      const inner = new Parser(p, this.lexer, this.depth);
      const expr = inner.expression();
      inner.skipNewlines();
      const rest = inner.peek();
      if (rest.t !== 'eof' && !(rest.t === 'punct' && rest.v === '~')) throw this.lexer.fail(`unexpected ${describe(rest)} in interpolation`, rest.start);
      return expr;
    });
    return { kind: 'template', parts, directive: t.directive, ...this.node(t.start, t.end) };
  }

  private forHeader(): { keyVar?: string; valueVar: string; collection: Expr } | undefined {
    const t = this.peek();
    if (t.t !== 'ident' || t.v !== 'for') return undefined;
    const save = this.k;
    this.next();
    const first = this.next();
    if (first.t !== 'ident') {
      this.k = save;
      return undefined;
    }
    let keyVar: string | undefined;
    let valueVar = first.v;
    if (this.isPunct(',')) {
      this.next();
      const second = this.next();
      if (second.t !== 'ident') throw this.lexer.fail('expected a variable name in for', second.start);
      keyVar = first.v;
      valueVar = second.v;
    }
    const inKw = this.next();
    if (inKw.t !== 'ident' || inKw.v !== 'in') throw this.lexer.fail('expected "in" in for expression', inKw.start);
    const collection = this.expression();
    this.expect(':');
    return { ...(keyVar !== undefined ? { keyVar } : {}), valueVar, collection };
  }

  private forCondition(): Expr | undefined {
    const t = this.peek();
    if (t.t === 'ident' && t.v === 'if') {
      this.next();
      return this.expression();
    }
    return undefined;
  }

  private tupleOrFor(open: Token): Expr {
    this.nlIgnored++;
    const header = this.forHeader();
    if (header) {
      const value = this.expression();
      const condition = this.forCondition();
      const close = this.expect(']');
      this.nlIgnored--;
      return { kind: 'for', ...header, value, ...(condition ? { condition } : {}), object: false, ...this.node(open.start, close.end) };
    }
    const items: Expr[] = [];
    while (!this.isPunct(']')) {
      items.push(this.expression());
      if (!this.isPunct(']')) this.expect(',');
    }
    const close = this.expect(']');
    this.nlIgnored--;
    return { kind: 'tuple', items, ...this.node(open.start, close.end) };
  }

  private objectOrFor(open: Token): Expr {
    this.nlIgnored++;
    const header = this.forHeader();
    if (header) {
      const key = this.expression();
      this.expect('=>');
      const value = this.expression();
      if (this.isPunct('...')) this.next();
      const condition = this.forCondition();
      const close = this.expect('}');
      this.nlIgnored--;
      return { kind: 'for', ...header, key, value, ...(condition ? { condition } : {}), object: true, ...this.node(open.start, close.end) };
    }
    // Object items are separated by commas or new lines, so new lines count again here.
    const saved = this.nlIgnored;
    this.nlIgnored = 0;
    const items: { key: Expr; value: Expr }[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.isPunct('}')) break;
      const key = this.expression();
      const sep = this.next();
      if (sep.t !== 'punct' || (sep.v !== '=' && sep.v !== ':')) throw this.lexer.fail(`expected "=" in object but found ${describe(sep)}`, sep.start);
      const value = this.expression();
      items.push({ key, value });
      if (this.isPunct(',')) this.next();
      else if (this.peek().t !== 'nl' && !this.isPunct('}')) throw this.lexer.fail(`expected "," or a new line in object but found ${describe(this.peek())}`, this.peek().start);
    }
    const close = this.expect('}');
    this.nlIgnored = saved;
    this.nlIgnored--;
    return { kind: 'object', items, ...this.node(open.start, close.end) };
  }
}

function describe(t: Token): string {
  switch (t.t) {
    case 'ident':
      return `"${t.v}"`;
    case 'punct':
      return `"${t.v}"`;
    case 'number':
      return `number ${t.v}`;
    case 'template':
      return 'a string';
    case 'nl':
      return 'a new line';
    case 'eof':
      return 'the end of the file';
  }
}

/** Parses one HCL file; InputError with file:line:col on a syntax error. */
export function parseHcl(text: string, file: string): Body {
  const lexer = new Lexer(text.startsWith('\uFEFF') ? text.slice(1) : text, file);
  return new Parser(lexer.tokens(), lexer).body();
}
