/**
 * yaml.v2's scanner (v2.4.0, a Go port of libyaml's scannerc): text -> tokens, with its
 * simple-key look-ahead, indentation stack and error texts. The token rules and messages
 * are libyaml's facts; the code is this project's. Tokens live in parallel arrays (no object
 * per token) in a queue the parser drains; marks are offsets plus the line and column the
 * scanner counts anyway.
 */
import { YamlV2Error } from './error.js';

export const T_STREAM_START = 1;
export const T_STREAM_END = 2;
export const T_VERSION_DIRECTIVE = 3;
export const T_TAG_DIRECTIVE = 4;
export const T_DOCUMENT_START = 5;
export const T_DOCUMENT_END = 6;
export const T_BLOCK_SEQUENCE_START = 7;
export const T_BLOCK_MAPPING_START = 8;
export const T_BLOCK_END = 9;
export const T_FLOW_SEQUENCE_START = 10;
export const T_FLOW_SEQUENCE_END = 11;
export const T_FLOW_MAPPING_START = 12;
export const T_FLOW_MAPPING_END = 13;
export const T_BLOCK_ENTRY = 14;
export const T_FLOW_ENTRY = 15;
export const T_KEY = 16;
export const T_VALUE = 17;
export const T_ALIAS = 18;
export const T_ANCHOR = 19;
export const T_TAG = 20;
export const T_SCALAR = 21;

export const STYLE_PLAIN = 1;
export const STYLE_SINGLE = 2;
export const STYLE_DOUBLE = 3;
export const STYLE_LITERAL = 4;
export const STYLE_FOLDED = 5;

/** A token's numbers: type, style, start offset/line/column, end offset/line/column. */
const STRIDE = 8;

/** libyaml's limits on nesting (max_flow_level, max_indents). */
const MAX_FLOW_LEVEL = 10000;
const MAX_INDENTS = 10000;

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const NEL = 0x85;
const LS = 0x2028;
const PS = 0x2029;

const isBlank = (c: number): boolean => c === SPACE || c === TAB;
const isBreak = (c: number): boolean => c === LF || c === CR || c === NEL || c === LS || c === PS;
const isBreakZ = (c: number): boolean => c === 0 || isBreak(c);
const isBlankZ = (c: number): boolean => c === SPACE || c === TAB || c === 0 || isBreak(c);
const isAlpha = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45;
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
const hexValue = (c: number): number => (c >= 97 ? c - 87 : c >= 65 ? c - 55 : c - 48);

/** Where the run a sticky regular expression matches from `from` ends. */
function runEnd(run: RegExp, src: string, from: number): number {
  run.lastIndex = from;
  run.test(src);
  return run.lastIndex;
}

/** `---` or `...` followed by a blank or the end (the caller knows it is at a line's start). */
function documentIndicatorAt(src: string, pos: number): boolean {
  const c = src.charCodeAt(pos) | 0;
  return (c === 45 || c === 46) && (src.charCodeAt(pos + 1) | 0) === c && (src.charCodeAt(pos + 2) | 0) === c && isBlankZ(src.charCodeAt(pos + 3) | 0);
}

// Runs of characters scanned at once by the regular-expression engine (a cold run spends
// most of its time in the interpreter; these loops are better left to native code).
const COMMENT_REST = /[^\r\n\x85\u2028\u2029\0]*/y;
const LINE_REST = COMMENT_REST;
const PLAIN_RUN_BLOCK = /[^ \t\r\n\x85\u2028\u2029\0:]*/y;
const PLAIN_RUN_FLOW = /[^ \t\r\n\x85\u2028\u2029\0:,?[\]{}]*/y;
const QUOTED_RUN = /[^'"\\ \t\r\n\x85\u2028\u2029\0]*/y;
const SPACES = / */y;
const BLANKS = /[ \t]*/y;

/** Characters a tag URI may hold besides alphanumerics (scan_tag_uri). */
const URI_CHARS = new Set(';/?:@&=+$,.!~*\'()[]%'.split('').map((c) => c.charCodeAt(0)));

/** Double-quoted escapes that stand for one fixed text. */
const ESCAPES = new Map<number, string>([
  [48, '\0'],
  [97, '\x07'],
  [98, '\b'],
  [116, '\t'],
  [TAB, '\t'],
  [110, '\n'],
  [118, '\v'],
  [102, '\f'],
  [114, '\r'],
  [101, '\x1b'],
  [SPACE, ' '],
  [34, '"'],
  [39, "'"],
  [92, '\\'],
  [78, '\x85'],
  [95, '\xa0'],
  [76, '\u2028'],
  [80, '\u2029'],
]);

/** The token queue and the scanner that fills it. */
export class Scanner {
  /**
   * The text. Characters are read as `(charCodeAt | 0)`: past the end that is 0, libyaml's
   * end-of-input sentinel, so look-ahead never runs off (and a large text is not copied to
   * append one).
   */
  private readonly src: string;
  private pos = 0;
  private line = 0;
  private col = 0;

  private streamStartProduced = false;
  private streamEndProduced = false;
  private flowLevel = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  private simpleKeyAllowed = false;
  // The simple-key stack (one per flow level), as parallel arrays.
  private readonly skPossible: boolean[] = [];
  private readonly skRequired: boolean[] = [];
  private readonly skToken: number[] = [];
  private readonly skPos: number[] = [];
  private readonly skLine: number[] = [];
  private readonly skCol: number[] = [];

  // The token queue: numbers in one typed array (STRIDE slots per token), texts beside it;
  // `head` is the next token to hand out, `length` the end of the queue.
  private tokens = new Int32Array(64 * STRIDE);
  private values: string[] = [];
  private suffixes: string[] = [];
  private length = 0;
  head = 0;
  /** Tokens handed to the parser so far (tokens_parsed). */
  parsed = 0;
  private tokenAvailable = false;

  constructor(text: string) {
    this.src = text;
  }

  typeAt(t: number): number {
    return this.tokens[t * STRIDE]!;
  }

  styleAt(t: number): number {
    return this.tokens[t * STRIDE + 1]!;
  }

  startPos(t: number): number {
    return this.tokens[t * STRIDE + 2]!;
  }

  startLine(t: number): number {
    return this.tokens[t * STRIDE + 3]!;
  }

  startCol(t: number): number {
    return this.tokens[t * STRIDE + 4]!;
  }

  endPos(t: number): number {
    return this.tokens[t * STRIDE + 5]!;
  }

  endLine(t: number): number {
    return this.tokens[t * STRIDE + 6]!;
  }

  endCol(t: number): number {
    return this.tokens[t * STRIDE + 7]!;
  }

  valueAt(t: number): string {
    return this.values[t]!;
  }

  suffixAt(t: number): string {
    return this.suffixes[t]!;
  }

  /** Where the scanner has read to: how far yaml.v2's reader had to decode. */
  get offset(): number {
    return this.pos;
  }

  /** The next token's index in the queue (yaml_peek_token). */
  peek(): number {
    if (!this.tokenAvailable) this.fetchMoreTokens();
    return this.head;
  }

  /** The next token's type: typeAt(peek()) in one call. */
  peekType(): number {
    if (!this.tokenAvailable) this.fetchMoreTokens();
    return this.tokens[this.head * STRIDE]!;
  }

  /** Where the token skipped last ended: offset, line, column. */
  lastEndPos = 0;
  lastEndLine = 0;
  lastEndCol = 0;

  /** yaml_skip_token. */
  skipToken(): void {
    const base = this.head * STRIDE;
    this.lastEndPos = this.tokens[base + 5]!;
    this.lastEndLine = this.tokens[base + 6]!;
    this.lastEndCol = this.tokens[base + 7]!;
    this.tokenAvailable = false;
    this.parsed++;
    this.streamEndProduced = this.tokens[base] === T_STREAM_END;
    this.head++;
  }

  /** The column after the blanks that follow an offset on its line (where an empty value is shown). */
  columnAfterBlanks(offset: number, column: number): number {
    let at = offset;
    while (isBlank((this.src.charCodeAt(at) | 0))) at++;
    return column + (at - offset);
  }

  get atStreamEnd(): boolean {
    return this.streamEndProduced;
  }

  private fail(context: string, contextPos: number, contextLine: number, contextCol: number, problem: string): never {
    throw new YamlV2Error('scanner', problem, this.pos, this.line, this.col, context, contextPos, contextLine, contextCol);
  }

  private failHere(problem: string): never {
    return this.fail('', this.pos, this.line, this.col, problem);
  }

  private code(at: number): number {
    return (this.src.charCodeAt(at) | 0);
  }

  /** One character on. Columns count UTF-16 units, as editors do (yaml.v2 counts runes). */
  private skip(): void {
    this.pos++;
    this.col++;
  }

  /** To the end of a run the regular expression matches from here. */
  private skipRun(run: RegExp): void {
    const end = runEnd(run, this.src, this.pos);
    this.col += end - this.pos;
    this.pos = end;
  }

  private skipLine(): void {
    const c = (this.src.charCodeAt(this.pos) | 0);
    if (c === CR && (this.src.charCodeAt(this.pos + 1) | 0) === LF) this.pos += 2;
    else if (isBreak(c)) this.pos++;
    else return;
    this.line++;
    this.col = 0;
  }

  /** read_line: a line break as it enters a scalar (CR, LF, CRLF and NEL become LF). */
  private readLine(): string {
    const c = (this.src.charCodeAt(this.pos) | 0);
    let text = '\n';
    if (c === CR && (this.src.charCodeAt(this.pos + 1) | 0) === LF) this.pos += 2;
    else if (c === CR || c === LF || c === NEL) this.pos++;
    else if (c === LS || c === PS) {
      text = this.src[this.pos]!;
      this.pos++;
    } else return '';
    this.line++;
    this.col = 0;
    return text;
  }

  /** read: one character into a scalar. */
  private readChar(): string {
    this.col++;
    return this.src[this.pos++]!;
  }

  private isDocumentIndicator(): boolean {
    return documentIndicatorAt(this.src, this.pos);
  }

  // ---------------------------------------------------------------- the queue

  /** Adds a token at the end of the queue (most tokens go there). */
  private pushToken(type: number, sPos: number, sLine: number, sCol: number, ePos: number, eLine: number, eCol: number, value: string, suffix: string, style: number): void {
    if (this.head > 0 && this.head === this.length) {
      // The queue is drained: start it over.
      this.head = 0;
      this.length = 0;
    }
    if ((this.length + 1) * STRIDE > this.tokens.length) this.makeRoom();
    this.writeToken(this.length++, type, sPos, sLine, sCol, ePos, eLine, eCol, value, suffix, style);
  }

  /** Inserts a token `at` places after the head (a KEY, or the BLOCK-MAPPING-START before it), or at the end. */
  private insertToken(at: number, type: number, pos: number, line: number, col: number): void {
    if (at < 0 || this.head + at >= this.length) return this.pushToken(type, pos, line, col, pos, line, col, '', '', 0);
    if ((this.length + 1) * STRIDE > this.tokens.length) this.makeRoom();
    const { tokens, values, suffixes } = this;
    const i = this.head + at;
    tokens.copyWithin((i + 1) * STRIDE, i * STRIDE, this.length * STRIDE);
    for (let k = this.length; k > i; k--) {
      values[k] = values[k - 1]!;
      suffixes[k] = suffixes[k - 1]!;
    }
    this.writeToken(i, type, pos, line, col, pos, line, col, '', '', 0);
    this.length++;
  }

  private writeToken(i: number, type: number, sPos: number, sLine: number, sCol: number, ePos: number, eLine: number, eCol: number, value: string, suffix: string, style: number): void {
    const tokens = this.tokens;
    const base = i * STRIDE;
    tokens[base] = type;
    tokens[base + 1] = style;
    tokens[base + 2] = sPos;
    tokens[base + 3] = sLine;
    tokens[base + 4] = sCol;
    tokens[base + 5] = ePos;
    tokens[base + 6] = eLine;
    tokens[base + 7] = eCol;
    this.values[i] = value;
    this.suffixes[i] = suffix;
  }

  /** Moves the queue to the front of its buffer, or doubles the buffer. */
  private makeRoom(): void {
    if (this.head > 0) {
      this.tokens.copyWithin(0, this.head * STRIDE, this.length * STRIDE);
      this.values.splice(0, this.head);
      this.suffixes.splice(0, this.head);
      this.length -= this.head;
      this.head = 0;
      if ((this.length + 1) * STRIDE <= this.tokens.length) return;
    }
    const grown = new Int32Array(this.tokens.length * 2);
    grown.set(this.tokens);
    this.tokens = grown;
  }

  private appendHere(type: number, startPos: number, startLine: number, startCol: number): void {
    this.pushToken(type, startPos, startLine, startCol, this.pos, this.line, this.col, '', '', 0);
  }

  private fetchMoreTokens(): void {
    for (;;) {
      if (this.head !== this.length) {
        // May the token at the head still turn out to be a simple key? Then look further.
        const index = this.simpleKeyAt(this.parsed);
        if (index < 0 || !this.simpleKeyIsValid(index)) break;
      }
      this.fetchNextToken();
    }
    this.tokenAvailable = true;
  }

  private fetchNextToken(): void {
    if (!this.streamStartProduced) return this.fetchStreamStart();
    this.scanToNextToken();
    this.unrollIndent(this.col);
    const { src, pos } = this;
    const c = (src.charCodeAt(pos) | 0);
    if (c === 0) return this.fetchStreamEnd();
    if (this.col === 0 && c === 37 /* % */) return this.fetchDirective();
    if (this.col === 0 && this.isDocumentIndicator()) return this.fetchDocumentIndicator(c === 45 ? T_DOCUMENT_START : T_DOCUMENT_END);
    // Most tokens are plain scalars that start with a letter or digit, which no rule below
    // takes for an indicator: straight to them.
    if (isAlpha(c) && c !== 45) return this.fetchPlainScalar();
    const next = (src.charCodeAt(pos + 1) | 0);
    switch (c) {
      case 91 /* [ */:
        return this.fetchFlowCollectionStart(T_FLOW_SEQUENCE_START);
      case 123 /* { */:
        return this.fetchFlowCollectionStart(T_FLOW_MAPPING_START);
      case 93 /* ] */:
        return this.fetchFlowCollectionEnd(T_FLOW_SEQUENCE_END);
      case 125 /* } */:
        return this.fetchFlowCollectionEnd(T_FLOW_MAPPING_END);
      case 44 /* , */:
        return this.fetchFlowEntry();
    }
    if (c === 45 && isBlankZ(next)) return this.fetchBlockEntry();
    if (c === 63 /* ? */ && (this.flowLevel > 0 || isBlankZ(next))) return this.fetchKey();
    if (c === 58 /* : */ && (this.flowLevel > 0 || isBlankZ(next))) return this.fetchValue();
    switch (c) {
      case 42 /* * */:
        return this.fetchAnchor(T_ALIAS);
      case 38 /* & */:
        return this.fetchAnchor(T_ANCHOR);
      case 33 /* ! */:
        return this.fetchTag();
      case 124 /* | */:
        if (this.flowLevel === 0) return this.fetchBlockScalar(true);
        break;
      case 62 /* > */:
        if (this.flowLevel === 0) return this.fetchBlockScalar(false);
        break;
      case 39 /* ' */:
        return this.fetchFlowScalar(true);
      case 34 /* " */:
        return this.fetchFlowScalar(false);
    }
    // A plain scalar starts with anything but blanks and indicators; `-`, `?` and `:` may
    // start one when a non-blank follows (in flow context `?` and `:` may not).
    const indicator = isBlankZ(c) || '-?:,[]{}#&*!|>\'"%@`'.includes(src[pos]!);
    if (!indicator || (c === 45 && !isBlank(next)) || (this.flowLevel === 0 && (c === 63 || c === 58) && !isBlankZ(next))) {
      return this.fetchPlainScalar();
    }
    this.fail('while scanning for the next token', this.pos, this.line, this.col, 'found character that cannot start any token');
  }

  // ------------------------------------------------------------- simple keys

  private simpleKeyIsValid(i: number): boolean {
    if (!this.skPossible[i]) return false;
    if (this.skLine[i]! < this.line || this.skPos[i]! + 1024 < this.pos) {
      if (this.skRequired[i]) this.fail('while scanning a simple key', this.skPos[i]!, this.skLine[i]!, this.skCol[i]!, "could not find expected ':'");
      this.skPossible[i] = false;
      return false;
    }
    return true;
  }

  /** simple_keys_by_tok: the possible simple key that starts at a token, or -1. */
  private simpleKeyAt(token: number): number {
    for (let i = this.skPossible.length - 1; i >= 0; i--) if (this.skPossible[i] && this.skToken[i] === token) return i;
    return -1;
  }

  private saveSimpleKey(): void {
    const required = this.flowLevel === 0 && this.indent === this.col;
    if (!this.simpleKeyAllowed) return;
    const token = this.parsed + (this.length - this.head);
    this.removeSimpleKey();
    const i = this.skPossible.length - 1;
    this.skPossible[i] = true;
    this.skRequired[i] = required;
    this.skToken[i] = token;
    this.skPos[i] = this.pos;
    this.skLine[i] = this.line;
    this.skCol[i] = this.col;
  }

  private removeSimpleKey(): void {
    const i = this.skPossible.length - 1;
    if (!this.skPossible[i]) return;
    if (this.skRequired[i]) this.fail('while scanning a simple key', this.skPos[i]!, this.skLine[i]!, this.skCol[i]!, "could not find expected ':'");
    this.skPossible[i] = false;
  }

  private pushSimpleKey(): void {
    this.skPossible.push(false);
    this.skRequired.push(false);
    this.skToken.push(this.parsed + (this.length - this.head));
    this.skPos.push(this.pos);
    this.skLine.push(this.line);
    this.skCol.push(this.col);
  }

  private increaseFlowLevel(): void {
    this.pushSimpleKey();
    this.flowLevel++;
    if (this.flowLevel > MAX_FLOW_LEVEL) {
      const i = this.skPos.length - 1;
      this.fail('while increasing flow level', this.skPos[i]!, this.skLine[i]!, this.skCol[i]!, `exceeded max depth of ${MAX_FLOW_LEVEL}`);
    }
  }

  private decreaseFlowLevel(): void {
    if (this.flowLevel === 0) return;
    this.flowLevel--;
    const last = this.skPossible.length - 1;
    for (const list of [this.skPossible, this.skRequired, this.skToken, this.skPos, this.skLine, this.skCol] as unknown[][]) list.length = last;
  }

  /** Opens a block collection when the column is deeper than the current indentation. */
  private rollIndent(column: number, number: number, type: number, pos: number, line: number, col: number): void {
    if (this.flowLevel > 0 || this.indent >= column) return;
    this.indents.push(this.indent);
    this.indent = column;
    if (this.indents.length > MAX_INDENTS) {
      const i = this.skPos.length - 1;
      this.fail('while increasing indent level', this.skPos[i]!, this.skLine[i]!, this.skCol[i]!, `exceeded max depth of ${MAX_INDENTS}`);
    }
    this.insertToken(number > -1 ? number - this.parsed : -1, type, pos, line, col);
  }

  /** Closes block collections deeper than the column. */
  private unrollIndent(column: number): void {
    if (this.flowLevel > 0) return;
    while (this.indent > column) {
      this.pushToken(T_BLOCK_END, this.pos, this.line, this.col, this.pos, this.line, this.col, '', '', 0);
      this.indent = this.indents.pop()!;
    }
  }

  // ---------------------------------------------------------------- fetchers

  private fetchStreamStart(): void {
    this.indent = -1;
    this.pushSimpleKey();
    this.simpleKeyAllowed = true;
    this.streamStartProduced = true;
    // A byte-order mark at the start is the encoding's, not the text's.
    if (this.code(0) === 0xfeff) {
      this.pos = 1;
    }
    this.appendHere(T_STREAM_START, this.pos, this.line, this.col);
  }

  private fetchStreamEnd(): void {
    if (this.col !== 0) {
      this.col = 0;
      this.line++;
    }
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.appendHere(T_STREAM_END, this.pos, this.line, this.col);
  }

  private fetchDirective(): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.scanDirective();
  }

  private fetchDocumentIndicator(type: number): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    const pos = this.pos;
    const line = this.line;
    const col = this.col;
    this.skip();
    this.skip();
    this.skip();
    this.appendHere(type, pos, line, col);
  }

  private fetchFlowCollectionStart(type: number): void {
    this.saveSimpleKey();
    this.increaseFlowLevel();
    this.simpleKeyAllowed = true;
    this.fetchOneChar(type);
  }

  private fetchFlowCollectionEnd(type: number): void {
    this.removeSimpleKey();
    this.decreaseFlowLevel();
    this.simpleKeyAllowed = false;
    this.fetchOneChar(type);
  }

  private fetchFlowEntry(): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    this.fetchOneChar(T_FLOW_ENTRY);
  }

  private fetchOneChar(type: number): void {
    const pos = this.pos;
    const line = this.line;
    const col = this.col;
    this.skip();
    this.appendHere(type, pos, line, col);
  }

  private fetchBlockEntry(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) this.failHere('block sequence entries are not allowed in this context');
      this.rollIndent(this.col, -1, T_BLOCK_SEQUENCE_START, this.pos, this.line, this.col);
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    this.fetchOneChar(T_BLOCK_ENTRY);
  }

  private fetchKey(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) this.failHere('mapping keys are not allowed in this context');
      this.rollIndent(this.col, -1, T_BLOCK_MAPPING_START, this.pos, this.line, this.col);
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = this.flowLevel === 0;
    this.fetchOneChar(T_KEY);
  }

  private fetchValue(): void {
    const i = this.skPossible.length - 1;
    if (this.simpleKeyIsValid(i)) {
      // The simple key was a key after all: insert KEY (and maybe BLOCK-MAPPING-START) before it.
      const pos = this.skPos[i]!;
      const line = this.skLine[i]!;
      const col = this.skCol[i]!;
      const token = this.skToken[i]!;
      this.insertToken(token - this.parsed, T_KEY, pos, line, col);
      this.rollIndent(col, token, T_BLOCK_MAPPING_START, pos, line, col);
      this.skPossible[i] = false;
      this.simpleKeyAllowed = false;
    } else {
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed) this.failHere('mapping values are not allowed in this context');
        this.rollIndent(this.col, -1, T_BLOCK_MAPPING_START, this.pos, this.line, this.col);
      }
      this.simpleKeyAllowed = this.flowLevel === 0;
    }
    this.fetchOneChar(T_VALUE);
  }

  private fetchAnchor(type: number): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.scanAnchor(type);
  }

  private fetchTag(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.scanTag();
  }

  private fetchBlockScalar(literal: boolean): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    this.scanBlockScalar(literal);
  }

  private fetchFlowScalar(single: boolean): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.scanFlowScalar(single);
  }

  private fetchPlainScalar(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.scanPlainScalar();
  }

  // ---------------------------------------------------------------- scanners

  private skipComment(): void {
    this.skipRun(COMMENT_REST);
  }

  /** Blanks, comments and line breaks up to the next token (locals, as in scanPlainScalar). */
  private scanToNextToken(): void {
    const src = this.src;
    const flow = this.flowLevel > 0;
    let pos = this.pos;
    let line = this.line;
    let col = this.col;
    let simpleKeyAllowed = this.simpleKeyAllowed;
    for (;;) {
      let c = src.charCodeAt(pos) | 0;
      // Tabs separate tokens only where a simple key cannot start (libyaml's rule).
      if (c === SPACE || (c === TAB && (flow || !simpleKeyAllowed))) {
        const run = flow || !simpleKeyAllowed ? BLANKS : SPACES;
        const end = runEnd(run, src, pos);
        col += end - pos;
        pos = end;
        c = src.charCodeAt(pos) | 0;
      }
      if (c === 35 /* # */) {
        const end = runEnd(COMMENT_REST, src, pos);
        col += end - pos;
        pos = end;
        c = src.charCodeAt(pos) | 0;
      }
      if (c === CR && (src.charCodeAt(pos + 1) | 0) === LF) pos += 2;
      else if (isBreak(c)) pos++;
      else break;
      line++;
      col = 0;
      if (!flow) simpleKeyAllowed = true;
    }
    this.pos = pos;
    this.line = line;
    this.col = col;
    this.simpleKeyAllowed = simpleKeyAllowed;
  }

  private scanDirective(): void {
    const pos = this.pos;
    const line = this.line;
    const col = this.col;
    const fail = (problem: string, context = 'while scanning a directive'): never => this.fail(context, pos, line, col, problem);
    this.skip();
    const nameStart = this.pos;
    while (isAlpha(this.code(this.pos))) this.skip();
    const name = this.src.slice(nameStart, this.pos);
    if (name === '') fail('could not find expected directive name');
    if (!isBlankZ(this.code(this.pos))) fail('found unexpected non-alphabetical character');
    if (name === 'YAML') {
      this.skipBlanks();
      const major = this.scanVersionNumber(fail);
      if (this.code(this.pos) !== 46) fail("did not find expected digit or '.' character", 'while scanning a %YAML directive');
      this.skip();
      const minor = this.scanVersionNumber(fail);
      this.appendHere(T_VERSION_DIRECTIVE, pos, line, col);
      this.values[this.length - 1] = `${major}.${minor}`;
    } else if (name === 'TAG') {
      this.skipBlanks();
      const handle = this.scanTagHandle(true, pos, line, col);
      if (!isBlank(this.code(this.pos))) fail('did not find expected whitespace', 'while scanning a %TAG directive');
      this.skipBlanks();
      const prefix = this.scanTagUri(true, '', pos, line, col);
      if (!isBlankZ(this.code(this.pos))) fail('did not find expected whitespace or line break', 'while scanning a %TAG directive');
      this.pushToken(T_TAG_DIRECTIVE, pos, line, col, this.pos, this.line, this.col, handle, prefix, 0);
    } else {
      fail('found unknown directive name');
    }
    this.skipBlanks();
    if (this.code(this.pos) === 35) this.skipComment();
    if (!isBreakZ(this.code(this.pos))) fail('did not find expected comment or line break');
    this.skipLine();
  }

  private skipBlanks(): void {
    while (isBlank(this.code(this.pos))) this.skip();
  }

  private scanVersionNumber(fail: (problem: string, context?: string) => never): number {
    let value = 0;
    let length = 0;
    while (isDigit(this.code(this.pos))) {
      if (++length > 2) fail('found extremely long version number', 'while scanning a %YAML directive');
      value = value * 10 + this.code(this.pos) - 48;
      this.skip();
    }
    if (length === 0) fail('did not find expected version number', 'while scanning a %YAML directive');
    return value;
  }

  private scanAnchor(type: number): void {
    const pos = this.pos;
    const line = this.line;
    const col = this.col;
    this.skip();
    const start = this.pos;
    while (isAlpha(this.code(this.pos))) this.skip();
    const name = this.src.slice(start, this.pos);
    const c = this.code(this.pos);
    // An anchor's name ends at a blank or one of `?:,]}%@` and a backquote.
    if (name === '' || !(isBlankZ(c) || c === 63 || c === 58 || c === 44 || c === 93 || c === 125 || c === 37 || c === 64 || c === 96)) {
      this.fail(type === T_ANCHOR ? 'while scanning an anchor' : 'while scanning an alias', pos, line, col, 'did not find expected alphabetic or numeric character');
    }
    this.pushToken(type, pos, line, col, this.pos, this.line, this.col, name, '', 0);
  }

  private scanTag(): void {
    const pos = this.pos;
    const line = this.line;
    const col = this.col;
    let handle: string;
    let suffix: string;
    if (this.code(this.pos + 1) === 60 /* < */) {
      // Verbatim: !<uri>
      this.skip();
      this.skip();
      handle = '';
      suffix = this.scanTagUri(false, '', pos, line, col);
      if (this.code(this.pos) !== 62) this.fail('while scanning a tag', pos, line, col, "did not find the expected '>'");
      this.skip();
    } else {
      handle = this.scanTagHandle(false, pos, line, col);
      if (handle.length > 1 && handle.endsWith('!')) {
        suffix = this.scanTagUri(false, '', pos, line, col);
      } else {
        // `!foo` is the primary handle `!` with suffix `foo`; a lone `!` is the non-specific tag.
        suffix = this.scanTagUri(false, handle, pos, line, col);
        handle = '!';
        if (suffix === '') [handle, suffix] = [suffix, handle];
      }
    }
    if (!isBlankZ(this.code(this.pos))) this.fail('while scanning a tag', pos, line, col, 'did not find expected whitespace or line break');
    this.pushToken(T_TAG, pos, line, col, this.pos, this.line, this.col, handle, suffix, 0);
  }

  private tagError(directive: boolean, pos: number, line: number, col: number, problem: string): never {
    return this.fail(directive ? 'while parsing a %TAG directive' : 'while parsing a tag', pos, line, col, problem);
  }

  private scanTagHandle(directive: boolean, pos: number, line: number, col: number): string {
    if (this.code(this.pos) !== 33) this.tagError(directive, pos, line, col, "did not find expected '!'");
    const start = this.pos;
    this.skip();
    while (isAlpha(this.code(this.pos))) this.skip();
    if (this.code(this.pos) === 33) this.skip();
    else if (directive && this.pos - start !== 1) this.tagError(directive, pos, line, col, "did not find expected '!'");
    return this.src.slice(start, this.pos);
  }

  private scanTagUri(directive: boolean, head: string, pos: number, line: number, col: number): string {
    let text = head.length > 1 ? head.slice(1) : '';
    let hasTag = head.length > 0;
    for (;;) {
      const c = this.code(this.pos);
      if (!(isAlpha(c) || URI_CHARS.has(c))) break;
      if (c === 37) text += this.scanUriEscapes(directive, pos, line, col);
      else text += this.readChar();
      hasTag = true;
    }
    if (!hasTag) this.tagError(directive, pos, line, col, 'did not find expected tag URI');
    return text;
  }

  /** `%xx` escapes in a tag: the octets of one UTF-8 character. */
  private scanUriEscapes(directive: boolean, pos: number, line: number, col: number): string {
    const octets: number[] = [];
    let width = 1024;
    while (width > 0) {
      const c = this.code(this.pos);
      const h = this.code(this.pos + 1);
      const l = this.code(this.pos + 2);
      if (!(c === 37 && isHex(h) && isHex(l))) this.tagError(directive, pos, line, col, 'did not find URI escaped octet');
      const octet = (hexValue(h) << 4) + hexValue(l);
      if (width === 1024) {
        width = octet < 0x80 ? 1 : (octet & 0xe0) === 0xc0 ? 2 : (octet & 0xf0) === 0xe0 ? 3 : (octet & 0xf8) === 0xf0 ? 4 : 0;
        if (width === 0) this.tagError(directive, pos, line, col, 'found an incorrect leading UTF-8 octet');
      } else if ((octet & 0xc0) !== 0x80) this.tagError(directive, pos, line, col, 'found an incorrect trailing UTF-8 octet');
      octets.push(octet);
      this.skip();
      this.skip();
      this.skip();
      width--;
    }
    return Buffer.from(octets).toString('utf8');
  }

  private scanBlockScalar(literal: boolean): void {
    const pos = this.pos;
    const line = this.line;
    const col = this.col;
    const fail = (problem: string): never => this.fail('while scanning a block scalar', pos, line, col, problem);
    this.skip();
    let chomping = 0;
    let increment = 0;
    let c = this.code(this.pos);
    if (c === 43 || c === 45) {
      chomping = c === 43 ? 1 : -1;
      this.skip();
      c = this.code(this.pos);
      if (isDigit(c)) {
        if (c === 48) fail('found an indentation indicator equal to 0');
        increment = c - 48;
        this.skip();
      }
    } else if (isDigit(c)) {
      if (c === 48) fail('found an indentation indicator equal to 0');
      increment = c - 48;
      this.skip();
      c = this.code(this.pos);
      if (c === 43 || c === 45) {
        chomping = c === 43 ? 1 : -1;
        this.skip();
      }
    }
    this.skipBlanks();
    if (this.code(this.pos) === 35) this.skipComment();
    if (!isBreakZ(this.code(this.pos))) fail('did not find expected comment or line break');
    this.skipLine();
    let endPos = this.pos;
    let endLine = this.line;
    let endCol = this.col;
    let indent = increment > 0 ? (this.indent >= 0 ? this.indent + increment : increment) : 0;

    let text = '';
    let leadingBreak = '';
    let trailingBreaks = '';
    // scan_block_scalar_breaks: blank lines, and the indentation when it is not given.
    const breaks = (): void => {
      endPos = this.pos;
      endLine = this.line;
      endCol = this.col;
      let maxIndent = 0;
      for (;;) {
        while ((indent === 0 || this.col < indent) && this.code(this.pos) === SPACE) this.skip();
        if (this.col > maxIndent) maxIndent = this.col;
        if ((indent === 0 || this.col < indent) && this.code(this.pos) === TAB) fail('found a tab character where an indentation space is expected');
        if (!isBreak(this.code(this.pos))) break;
        trailingBreaks += this.readLine();
        endPos = this.pos;
        endLine = this.line;
        endCol = this.col;
      }
      if (indent === 0) indent = Math.max(maxIndent, this.indent + 1, 1);
    };
    breaks();
    let leadingBlank = false;
    while (this.col === indent && this.code(this.pos) !== 0) {
      const trailingBlank = isBlank(this.code(this.pos));
      if (!literal && !leadingBlank && !trailingBlank && leadingBreak.startsWith('\n')) {
        if (trailingBreaks === '') text += ' ';
      } else text += leadingBreak;
      leadingBreak = '';
      text += trailingBreaks;
      trailingBreaks = '';
      leadingBlank = isBlank(this.code(this.pos));
      const start = this.pos;
      this.skipRun(LINE_REST);
      text += this.src.slice(start, this.pos);
      leadingBreak = this.readLine();
      breaks();
    }
    if (chomping !== -1) text += leadingBreak;
    if (chomping === 1) text += trailingBreaks;
    this.pushToken(T_SCALAR, pos, line, col, endPos, endLine, endCol, text, '', literal ? STYLE_LITERAL : STYLE_FOLDED);
  }

  private scanFlowScalar(single: boolean): void {
    const pos = this.pos;
    const line = this.line;
    const col = this.col;
    this.skip();
    let text = '';
    let leadingBreak = '';
    let trailingBreaks = '';
    let whitespaces = '';
    for (;;) {
      if (this.col === 0 && this.isDocumentIndicator()) this.fail('while scanning a quoted scalar', pos, line, col, 'found unexpected document indicator');
      if (this.code(this.pos) === 0) this.fail('while scanning a quoted scalar', pos, line, col, 'found unexpected end of stream');
      let leadingBlanks = false;
      for (;;) {
        const c = this.code(this.pos);
        if (isBlankZ(c)) break;
        if (single && c === 39) {
          if (this.code(this.pos + 1) !== 39) break;
          text += "'";
          this.skip();
          this.skip();
        } else if (!single && c === 34) break;
        else if (!single && c === 92 && isBreak(this.code(this.pos + 1))) {
          this.skip();
          this.skipLine();
          leadingBlanks = true;
          break;
        } else if (!single && c === 92) {
          const escape = this.code(this.pos + 1);
          const fixed = ESCAPES.get(escape);
          const codeLength = escape === 120 ? 2 : escape === 117 ? 4 : escape === 85 ? 8 : 0;
          if (fixed === undefined && codeLength === 0) this.fail('while parsing a quoted scalar', pos, line, col, 'found unknown escape character');
          this.skip();
          this.skip();
          if (fixed !== undefined) text += fixed;
          else {
            let value = 0;
            for (let k = 0; k < codeLength; k++) {
              const h = this.code(this.pos + k);
              if (!isHex(h)) this.fail('while parsing a quoted scalar', pos, line, col, 'did not find expected hexdecimal number');
              value = value * 16 + hexValue(h);
            }
            if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) this.fail('while parsing a quoted scalar', pos, line, col, 'found invalid Unicode character escape code');
            text += String.fromCodePoint(value);
            for (let k = 0; k < codeLength; k++) this.skip();
          }
        } else {
          // A run of ordinary characters at once.
          const start = this.pos;
          this.skip();
          this.skipRun(QUOTED_RUN);
          text += this.src.slice(start, this.pos);
        }
      }
      const c = this.code(this.pos);
      if (c === (single ? 39 : 34)) break;
      for (;;) {
        const b = this.code(this.pos);
        if (isBlank(b)) {
          if (!leadingBlanks) whitespaces += this.readChar();
          else this.skip();
        } else if (isBreak(b)) {
          if (!leadingBlanks) {
            whitespaces = '';
            leadingBreak = this.readLine();
            leadingBlanks = true;
          } else trailingBreaks += this.readLine();
        } else break;
      }
      if (leadingBlanks) {
        if (leadingBreak.startsWith('\n')) text += trailingBreaks === '' ? ' ' : trailingBreaks;
        else text += leadingBreak + trailingBreaks;
        trailingBreaks = '';
        leadingBreak = '';
      } else {
        text += whitespaces;
        whitespaces = '';
      }
    }
    this.skip();
    this.pushToken(T_SCALAR, pos, line, col, this.pos, this.line, this.col, text, '', single ? STYLE_SINGLE : STYLE_DOUBLE);
  }

  /**
   * The hottest loop of a read: position, line and column live in locals here and are
   * written back once (a cold run spends most of its time in the interpreter, where every
   * `this.` is a property load).
   */
  private scanPlainScalar(): void {
    const src = this.src;
    const startPos = this.pos;
    const startLine = this.line;
    const startCol = this.col;
    let pos = startPos;
    let line = startLine;
    let col = startCol;
    let endPos = pos;
    let endLine = line;
    let endCol = col;
    let text = '';
    let leadingBreak = '';
    let trailingBreaks = '';
    let whitespaces = '';
    let leadingBlanks = false;
    const indent = this.indent + 1;
    const flow = this.flowLevel > 0;
    const run = flow ? PLAIN_RUN_FLOW : PLAIN_RUN_BLOCK;
    for (;;) {
      if (col === 0 && documentIndicatorAt(src, pos)) break;
      let c = src.charCodeAt(pos) | 0;
      if (c === 35) break;
      while (!isBlankZ(c)) {
        if (c === 58 && isBlankZ(src.charCodeAt(pos + 1) | 0)) break;
        if (flow && (c === 44 || c === 63 || c === 91 || c === 93 || c === 123 || c === 125)) break;
        if (leadingBlanks || whitespaces !== '') {
          if (leadingBlanks) {
            if (leadingBreak.startsWith('\n')) text += trailingBreaks === '' ? ' ' : trailingBreaks;
            else text += leadingBreak + trailingBreaks;
            trailingBreaks = '';
            leadingBreak = '';
            leadingBlanks = false;
          } else {
            text += whitespaces;
            whitespaces = '';
          }
        }
        // A run of ordinary characters at once: the first one is ordinary here.
        const start = pos;
        const end = runEnd(run, src, pos + 1);
        col += end - pos;
        pos = end;
        text += src.slice(start, pos);
        c = src.charCodeAt(pos) | 0;
        endPos = pos;
        endLine = line;
        endCol = col;
      }
      if (!(isBlank(c) || isBreak(c))) break;
      for (;;) {
        const b = src.charCodeAt(pos) | 0;
        if (b === SPACE && leadingBlanks) {
          // The next line's indentation, at once.
          const end = runEnd(SPACES, src, pos);
          col += end - pos;
          pos = end;
        } else if (isBlank(b)) {
          if (leadingBlanks && col < indent && b === TAB) {
            this.pos = pos;
            this.line = line;
            this.col = col;
            this.fail('while scanning a plain scalar', startPos, startLine, startCol, 'found a tab character that violates indentation');
          }
          if (!leadingBlanks) whitespaces += src[pos]!;
          pos++;
          col++;
        } else if (isBreak(b)) {
          // read_line: CR, LF, CRLF and NEL become LF.
          let lineBreak = '\n';
          if (b === CR && (src.charCodeAt(pos + 1) | 0) === LF) pos += 2;
          else if (b === LS || b === PS) lineBreak = src[pos++]!;
          else pos++;
          line++;
          col = 0;
          if (!leadingBlanks) {
            whitespaces = '';
            leadingBreak = lineBreak;
            leadingBlanks = true;
          } else trailingBreaks += lineBreak;
        } else break;
      }
      if (!flow && col < indent) break;
    }
    this.pos = pos;
    this.line = line;
    this.col = col;
    this.pushToken(T_SCALAR, startPos, startLine, startCol, endPos, endLine, endCol, text, '', STYLE_PLAIN);
    if (leadingBlanks) this.simpleKeyAllowed = true;
  }
}
