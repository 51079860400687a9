/**
 * A node tree -> YAML text, byte for byte as bosh-cli prints it: Go yaml.v2 v2.4.0's
 * `Marshal` of the generic value (reference/go-patch.md §2.8).
 *
 * yaml.v2's encoder (encode.go) picks a style per value and its emitter (emitterc.go, a
 * port of libyaml) may overrule it and decides layout. This is a port of the parts a
 * BOSH manifest reaches: block collections, `{}`/`[]` for empty ones, plain, quoted and
 * literal scalars, `? ` complex keys, 2-space indent and folding past column 80. Method
 * names follow the libyaml functions they port, so the two can be read side by side.
 */
import { plainScalarChangesType } from './resolve.js';
import type { MapEntry, ScalarNode, YNode } from './node.js';
import { InputError } from '../util/errors.js';

/** V8's longest string: a document whose strings alone are longer cannot be printed as one. */
const MAX_TEXT = 2 ** 29 - 24;
const TOO_LARGE = 'the document is too large to print as one YAML text';

/** The characters of a node's strings, a lower bound of its printed size. */
function textLength(node: YNode): number {
  if (node.kind === 'scalar') return typeof node.value === 'string' ? node.value.length : 0;
  if (node.kind === 'seq') return node.items.reduce((n, item) => n + textLength(item), 0);
  return node.entries.reduce((n, e) => n + textLength(e.key) + textLength(e.value), 0);
}

export function emitYaml(node: YNode): string {
  // Fail at once rather than after printing half a gigabyte (one variable used many times).
  if (textLength(node) > MAX_TEXT) throw new InputError(TOO_LARGE);
  const emitter = new Emitter();
  emitter.emitNode(node, { mapping: false, simpleKey: false });
  // DOCUMENT-END: finish the last line.
  emitter.writeIndent();
  return emitter.output();
}

type ScalarStyle = 'plain' | 'single' | 'double' | 'literal';

/** Where a node is written: libyaml's mapping_context and simple_key_context. */
interface NodeContext {
  mapping: boolean;
  simpleKey: boolean;
}

/** libyaml's defaults, which yaml.v2 never changes (it calls no yaml_emitter_set_width). */
const BEST_INDENT = 2;
const BEST_WIDTH = 80;
/** yaml_emitter_check_simple_key: longer keys are written as `? key`. */
const MAX_SIMPLE_KEY_BYTES = 128;

/** Pieces joined into one chunk at a time: appending a character at a time to one string
 * builds a rope of some 35 bytes per character, which a large manifest cannot afford. */
const CHUNK_PIECES = 65_536;

class Emitter {
  private readonly chunks: string[] = [];
  private pieces: string[] = [];
  private column = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  /** The last character written is whitespace (no separating space needed). */
  private whitespace = true;
  /** Only indentation has been written on the current line so far. */
  private indention = true;

  emitNode(node: YNode, context: NodeContext): void {
    if (node.kind === 'scalar') this.emitScalar(node, context);
    else if (node.kind === 'seq') {
      if (node.items.length === 0) this.emitEmptyFlowCollection('[', ']');
      else this.emitBlockSequence(node.items, context);
    } else if (node.entries.length === 0) this.emitEmptyFlowCollection('{', '}');
    else this.emitBlockMapping(node.entries);
  }

  /** Empty collections are the only flow style yaml.v2 writes (check_empty_sequence/mapping). */
  private emitEmptyFlowCollection(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.writeIndicator(close, false, false, false);
  }

  private emitBlockSequence(items: YNode[], context: NodeContext): void {
    // A sequence that is a mapping value starts on the key's indentation: `key:\n- a`.
    this.increaseIndent(false, context.mapping && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.emitNode(item, { mapping: false, simpleKey: false });
    }
    this.popIndent();
  }

  private emitBlockMapping(entries: MapEntry[]): void {
    this.increaseIndent(false, false);
    for (const { key, value } of sortedByKey(entries)) {
      this.writeIndent();
      if (isSimpleKey(key)) {
        this.emitNode(key, { mapping: true, simpleKey: true });
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.emitNode(key, { mapping: true, simpleKey: false });
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.emitNode(value, { mapping: true, simpleKey: false });
    }
    this.popIndent();
  }

  private emitScalar(node: ScalarNode, context: NodeContext): void {
    const { text, style: wanted } = encodeScalar(node);
    const style = selectScalarStyle(wanted, analyzeScalar(text), context.simpleKey);
    this.increaseIndent(true, false);
    const allowBreaks = !context.simpleKey;
    if (style === 'plain') this.writePlainScalar(text, allowBreaks);
    else if (style === 'single') this.writeSingleQuotedScalar(text, allowBreaks);
    else if (style === 'double') this.writeDoubleQuotedScalar(text, allowBreaks);
    else this.writeLiteralScalar(text);
    this.popIndent();
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  /** The text written; past the longest string JavaScript has, an InputError. */
  output(): string {
    try {
      return [...this.chunks, ...this.pieces].join('');
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      throw new InputError(TOO_LARGE);
    }
  }

  private write(text: string): void {
    this.pieces.push(text);
    if (this.pieces.length >= CHUNK_PIECES) {
      this.chunks.push(this.pieces.join(''));
      this.pieces = [];
    }
  }

  private put(text: string): void {
    this.write(text);
    this.column += 1;
  }

  private putBreak(): void {
    this.write('\n');
    this.column = 0;
  }

  /** write_break: `\n` is a line break; other breaks (U+2028…) are copied as they are. */
  private writeBreak(char: string): void {
    if (char === '\n') {
      this.putBreak();
    } else {
      this.write(char);
      this.column = 0;
    }
  }

  writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    for (const char of indicator) this.put(char);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  /** Break at a single space once past column 80; never inside a run of spaces. */
  private shouldFoldAt(chars: string[], i: number, allowBreaks: boolean, afterSpace: boolean): boolean {
    return allowBreaks && !afterSpace && this.column > BEST_WIDTH && chars[i + 1] !== ' ';
  }

  // Plain scalars never hold line breaks (analyzeScalar forbids plain style for them).
  private writePlainScalar(text: string, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    const chars = [...text];
    let spaces = false;
    chars.forEach((char, i) => {
      if (char === ' ') {
        if (this.shouldFoldAt(chars, i, allowBreaks, spaces)) this.writeIndent();
        else this.put(char);
        spaces = true;
      } else {
        this.put(char);
        this.indention = false;
        spaces = false;
      }
    });
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingleQuotedScalar(text: string, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    const chars = [...text];
    let spaces = false;
    let breaks = false;
    chars.forEach((char, i) => {
      if (char === ' ') {
        const inside = i > 0 && i < chars.length - 1;
        if (inside && this.shouldFoldAt(chars, i, allowBreaks, spaces)) this.writeIndent();
        else this.put(char);
        spaces = true;
      } else if (isBreak(char)) {
        // Reached only by U+2028/U+2029: strings with `\n` are literal or double-quoted.
        this.writeBreak(char);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (char === "'") this.put("'");
        this.put(char);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    });
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuotedScalar(text: string, allowBreaks: boolean): void {
    this.writeIndicator('"', true, false, false);
    const chars = [...text];
    // yaml.v2's is_bom looks at the start of the value, not at the character: a value that
    // starts with U+FEFF has every character escaped.
    const startsWithBom = text.charCodeAt(0) === 0xfeff;
    let spaces = false;
    chars.forEach((char, i) => {
      const code = char.codePointAt(0)!;
      if (startsWithBom || !isPrintable(code) || isBreak(char) || char === '"' || char === '\\') {
        for (const out of doubleQuotedEscape(code)) this.put(out);
        spaces = false;
      } else if (char === ' ') {
        const inside = i > 0 && i < chars.length - 1;
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && inside) {
          this.writeIndent();
          // A space at the start of a continuation line would be folded away: escape it.
          if (chars[i + 1] === ' ') this.put('\\');
        } else {
          this.put(char);
        }
        spaces = true;
      } else {
        this.put(char);
        spaces = false;
      }
    });
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteralScalar(text: string): void {
    this.writeIndicator('|', true, false, false);
    const hints = blockScalarHints(text);
    if (hints) this.writeIndicator(hints, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const char of text) {
      if (isBreak(char)) {
        this.writeBreak(char);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.put(char);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

/** yaml.v2 encode.go: the text of a value and the style the encoder asks for. */
function encodeScalar(node: ScalarNode): { text: string; style: ScalarStyle } {
  switch (node.type) {
    case 'null':
      return { text: 'null', style: 'plain' };
    case 'bool':
      return { text: node.value ? 'true' : 'false', style: 'plain' };
    case 'int':
      return { text: String(node.value), style: 'plain' };
    case 'float':
      return { text: formatGoFloat(node.value as number), style: 'plain' };
    case 'str': {
      const text = String(node.value);
      if (text.includes('\n')) return { text, style: 'literal' };
      return { text, style: readsBackAsString(text) ? 'plain' : 'double' };
    }
  }
}

/**
 * stringv's `canUsePlain`: yaml.v2 `resolve("", s)` must give a string. On the way out that
 * includes timestamps (decoded into interface{} they stay strings, but Marshal quotes them)
 * and base-60 floats, quoted "for compatibility with other parsers".
 */
function readsBackAsString(text: string): boolean {
  return !plainScalarChangesType(text) && !isTimestamp(text) && !isBase60Float(text);
}

const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

function isBase60Float(text: string): boolean {
  return /^[-+0-9]/.test(text) && text.includes(':') && BASE60_FLOAT.test(text);
}

/**
 * yaml.v2 parseTimestamp: Go's time.Parse with the layouts `2006-1-2T15:4:5.999999999Z07:00`
 * (also with `t`), `2006-1-2 15:4:5.999999999` and `2006-1-2`, including its range checks.
 */
const TIMESTAMP =
  /^(\d{4})-(\d\d?)-(\d\d?)(?:(?:([Tt])| +)(\d\d?):(\d\d?):(\d\d?)(?:[.,]\d+)?(Z|[-+](\d\d):(\d\d))?)?$/;

function isTimestamp(text: string): boolean {
  const match = TIMESTAMP.exec(text);
  if (!match) return false;
  const [, year, month, day, t, hour, minute, second, zone, zoneHour, zoneMinute] = match;
  const hasTime = hour !== undefined;
  // Only the T/t layouts carry a zone, and there it is required.
  if (hasTime && (t !== undefined) !== (zone !== undefined)) return false;
  if (Number(month) < 1 || Number(month) > 12) return false;
  const daysInMonth = new Date(Date.UTC(Number(year), Number(month), 0)).getUTCDate();
  if (Number(day) < 1 || Number(day) > daysInMonth) return false;
  if (hasTime && (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59)) return false;
  // Go allows offsets of 24 hours or 60 minutes.
  return zoneHour === undefined || (Number(zoneHour) <= 24 && Number(zoneMinute) <= 60);
}

/** Go strconv.FormatFloat(f, 'g', -1, 64), then yaml.v2's .inf/.nan spellings. */
export function formatGoFloat(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  if (value === Infinity) return '.inf';
  if (value === -Infinity) return '-.inf';
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  // toExponential() without an argument gives the shortest round-tripping digits, as Go does.
  const [mantissa, exponentText] = Math.abs(value).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  // With the shortest precision, %g switches to %e below 1e-4 and from 1e6 (eprec = 6).
  if (exponent < -4 || exponent >= 6) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const expSign = exponent < 0 ? '-' : '+';
    return `${sign}${digits[0]}${fraction}e${expSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1) return `${sign}${digits}${'0'.repeat(exponent + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

interface ScalarAnalysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

/** yaml_emitter_analyze_scalar, for block context (yaml.v2 writes no flow collections with content). */
function analyzeScalar(text: string): ScalarAnalysis {
  if (text === '') return { multiline: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false };
  const chars = [...text];
  let blockIndicators = text.startsWith('---') || text.startsWith('...');
  let special = false;
  let lineBreaks = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;
  let precededByWhitespace = true;
  chars.forEach((char, i) => {
    const followedByWhitespace = i + 1 >= chars.length || isBlank(chars[i + 1]!);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(char)) blockIndicators = true;
      else if ((char === '?' || char === ':' || char === '-') && followedByWhitespace) blockIndicators = true;
    } else if (char === ':' && followedByWhitespace) {
      blockIndicators = true;
    } else if (char === '#' && precededByWhitespace) {
      blockIndicators = true;
    }
    // yaml.v2 emits unicode, but its is_printable stops at U+FFFD: tabs and emoji are special.
    if (!isPrintable(char.codePointAt(0)!)) special = true;
    if (char === ' ') {
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(char)) {
      lineBreaks = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlank(char) || isBreak(char) || char === '\0';
  });
  const first = chars[0]!;
  const last = chars[chars.length - 1]!;
  const edgeWhitespace = first === ' ' || isBreak(first) || last === ' ' || isBreak(last);
  return {
    multiline: lineBreaks,
    blockPlainAllowed: !(edgeWhitespace || breakSpace || spaceBreak || special || lineBreaks || blockIndicators),
    singleQuotedAllowed: !(breakSpace || spaceBreak || special),
    blockAllowed: !(last === ' ' || spaceBreak || special),
  };
}

/** yaml_emitter_select_scalar_style. */
function selectScalarStyle(wanted: ScalarStyle, analysis: ScalarAnalysis, simpleKey: boolean): ScalarStyle {
  let style = wanted;
  if (simpleKey && analysis.multiline) style = 'double';
  if (style === 'plain' && !analysis.blockPlainAllowed) style = 'single';
  if (style === 'single' && !analysis.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (!analysis.blockAllowed || simpleKey)) style = 'double';
  return style;
}

/** The indentation indicator when the text starts with a space or break, then chomping. */
function blockScalarHints(text: string): string {
  const chars = [...text];
  const indentHint = chars[0] === ' ' || isBreak(chars[0]!) ? String(BEST_INDENT) : '';
  const last = chars[chars.length - 1]!;
  let chomp = '';
  if (!isBreak(last)) chomp = '-';
  else if (chars.length === 1 || isBreak(chars[chars.length - 2]!)) chomp = '+';
  return indentHint + chomp;
}

/** yaml_emitter_check_simple_key for a scalar key: one line, at most 128 bytes of UTF-8. */
function isSimpleKey(key: ScalarNode): boolean {
  const { text } = encodeScalar(key);
  return !analyzeScalar(text).multiline && Buffer.byteLength(text, 'utf8') <= MAX_SIMPLE_KEY_BYTES;
}

const NAMED_ESCAPES = new Map<number, string>([
  [0x00, '0'],
  [0x07, 'a'],
  [0x08, 'b'],
  [0x09, 't'],
  [0x0a, 'n'],
  [0x0b, 'v'],
  [0x0c, 'f'],
  [0x0d, 'r'],
  [0x1b, 'e'],
  [0x22, '"'],
  [0x5c, '\\'],
  [0x85, 'N'],
  [0xa0, '_'],
  [0x2028, 'L'],
  [0x2029, 'P'],
]);

function doubleQuotedEscape(code: number): string {
  const named = NAMED_ESCAPES.get(code);
  if (named !== undefined) return `\\${named}`;
  const hex = code.toString(16).toUpperCase();
  if (code <= 0xff) return `\\x${hex.padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${hex.padStart(4, '0')}`;
  return `\\U${hex.padStart(8, '0')}`;
}

/** yaml.v2 is_printable, by code point. */
function isPrintable(code: number): boolean {
  return (
    code === 0x0a ||
    (code >= 0x20 && code <= 0x7e) ||
    (code >= 0xa0 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd && code !== 0xfeff)
  );
}

function isBreak(char: string): boolean {
  return char === '\r' || char === '\n' || char === '\u0085' || char === '\u2028' || char === '\u2029';
}

function isBlank(char: string): boolean {
  return char === ' ' || char === '\t';
}

function sortedByKey(entries: MapEntry[]): MapEntry[] {
  return [...entries].sort((a, b) => (keyLess(a.key, b.key) ? -1 : keyLess(b.key, a.key) ? 1 : 0));
}

/** reflect.Kind numbers yaml.v2's sorter falls back to: bool < int < uint < float < nil < string. */
function goKind(key: ScalarNode): number {
  switch (key.type) {
    case 'bool':
      return 1;
    case 'int':
      return typeof key.value === 'bigint' && key.value > 9223372036854775807n ? 11 : 2;
    case 'float':
      return 14;
    case 'null':
      return 20;
    case 'str':
      return 24;
  }
}

function keyFloat(key: ScalarNode): number | undefined {
  if (key.type === 'bool') return key.value ? 1 : 0;
  if (key.type === 'int' || key.type === 'float') return Number(key.value);
  return undefined;
}

/** yaml.v2 sorter.go keyList.Less: numbers and bools first, then "natural" string order. */
function keyLess(a: ScalarNode, b: ScalarNode): boolean {
  const af = keyFloat(a);
  const bf = keyFloat(b);
  if (af !== undefined && bf !== undefined) {
    if (af !== bf) return af < bf;
    if (goKind(a) !== goKind(b)) return goKind(a) < goKind(b);
    if (a.type === 'bool') return !a.value && b.value === true;
    if (a.type === 'int') return BigInt(a.value as number | bigint) < BigInt(b.value as number | bigint);
    return (a.value as number) < (b.value as number);
  }
  if (a.type !== 'str' || b.type !== 'str') return goKind(a) < goKind(b);
  return naturalLess(String(a.value), String(b.value));
}

const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;

/** Rune by rune; letters sort before other runes; digit runs compare as numbers. */
function naturalLess(aText: string, bText: string): boolean {
  const ar = [...aText].map((c) => c.codePointAt(0)!);
  const br = [...bText].map((c) => c.codePointAt(0)!);
  const isLetter = (r: number): boolean => LETTER.test(String.fromCodePoint(r));
  const isDigit = (r: number): boolean => DIGIT.test(String.fromCodePoint(r));
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ai0 = ar[i]!;
    const bi0 = br[i]!;
    if (ai0 === bi0) continue;
    const al = isLetter(ai0);
    const bl = isLetter(bi0);
    if (al && bl) return ai0 < bi0;
    if (al || bl) return bl;
    let an = 0n;
    let bn = 0n;
    // Inside a number with a non-zero digit before, a zero is a digit like any other.
    if (ai0 === 0x30 || bi0 === 0x30) {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== 0x30) {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = BigInt.asIntN(64, an * 10n + BigInt(ar[ai]! - 0x30));
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = BigInt.asIntN(64, bn * 10n + BigInt(br[bi]! - 0x30));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ai0 < bi0;
  }
  return ar.length < br.length;
}
