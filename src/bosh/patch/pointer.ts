/**
 * go-patch paths (`/instance_groups/name=web/jobs?/-`): parsing and printing, a port of
 * cppforlife/go-patch v0.2.0 `pointer.go` as vendored by bosh-cli.
 */
import { MAX_DEPTH } from '../../yaml/yaml.js';
import { PatchError } from './errors.js';

export type Modifier = 'prev' | 'next' | 'before' | 'after';

/** A map key. `optional` comes from a `?` on this token or on any earlier one (it is sticky). */
export interface KeyToken {
  kind: 'key';
  key: string;
  optional: boolean;
}

/** An array index as Go's `strconv.Atoi` reads it: `-1`, `+1` and `01` are all indexes. */
export interface IndexToken {
  kind: 'index';
  index: number;
  modifiers: readonly Modifier[];
}

/** `-` as the last segment: the position after the last array item. */
export interface AfterLastIndexToken {
  kind: 'afterLast';
}

/** `key=value`: the one array item that is a map whose `key` holds the string `value`. */
export interface MatchingIndexToken {
  kind: 'match';
  key: string;
  value: string;
  optional: boolean;
  modifiers: readonly Modifier[];
}

export type Token = KeyToken | IndexToken | AfterLastIndexToken | MatchingIndexToken;

/** The tokens after go-patch's implicit root token; `[]` addresses the whole document. */
export type Pointer = readonly Token[];

const MODIFIERS: ReadonlySet<string> = new Set<Modifier>(['prev', 'next', 'before', 'after']);

/** go-patch v0.2.0 knows only these three escapes; there is none for `=` or `?`. */
const UNESCAPES: Readonly<Record<string, string>> = { '~0': '~', '~1': '/', '~7': ':' };
const ESCAPES: Readonly<Record<string, string>> = { '~': '~0', '/': '~1', ':': '~7' };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Go's `strconv.Atoi` on a 64-bit platform: optional sign, ASCII digits, int64 range. */
function atoi(text: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined;
  const value = BigInt(text);
  if (value < INT64_MIN || value > INT64_MAX) return undefined;
  // `|| 0` folds Go's `-0` into 0.
  return Number(value) || 0;
}

/**
 * An index as `Pointer.String()` prints it: in digits (String() gives `9223372036854776000`
 * beyond 2^53), and int64's maximum, which the number rounds up to 2^63, stays in int64 so
 * that the path parses back to an index rather than a map key.
 */
function indexText(index: number): string {
  const exact = BigInt(index);
  return String(exact > INT64_MAX ? INT64_MAX : exact);
}

function unescapeToken(text: string): string {
  return text.replace(/~[017]/g, (escape) => UNESCAPES[escape]!);
}

function escapeToken(text: string): string {
  return text.replace(/[~/:]/g, (char) => ESCAPES[char]!);
}

/** `NewPointerFromString`: throws PatchError with go-patch's message on a malformed path. */
export function parsePointer(path: string): Pointer {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError("Expected to start with '/'");

  const segments = path.split('/').slice(1);
  // Not go-patch's: a path cannot go deeper than a document may nest, and each op walks its
  // path once per token (an ops-file of 100,000-token paths would build a document no later
  // stage can walk, slowly).
  if (segments.length > MAX_DEPTH) throw new PatchError(`Expected a path of at most ${MAX_DEPTH} tokens but found ${segments.length}`);
  const tokens: Token[] = [];
  let optional = false;

  segments.forEach((segment, i) => {
    const isLast = i === segments.length - 1;
    const [raw, ...pieces] = segment.split(':') as [string, ...string[]];
    for (const piece of pieces) {
      // go-patch quotes the first modifier piece, whichever one is wrong.
      if (!MODIFIERS.has(piece)) {
        throw new PatchError(`Expected to find one of the following modifiers: 'prev', 'next', 'before', or 'after' but found '${pieces[0]}'`);
      }
    }
    const modifiers = pieces as Modifier[];
    let text = unescapeToken(raw);

    if (isLast && text === '-') {
      if (modifiers.length > 0) throw new PatchError('Expected not to find any modifiers with after last index token');
      tokens.push({ kind: 'afterLast' });
      return;
    }

    const index = atoi(text);
    if (index !== undefined) {
      tokens.push({ kind: 'index', index, modifiers });
      return;
    }

    if (text.endsWith('?')) {
      optional = true;
      text = text.slice(0, -1);
    }

    const eq = text.indexOf('=');
    if (eq >= 0) {
      tokens.push({ kind: 'match', key: text.slice(0, eq), value: text.slice(eq + 1), optional, modifiers });
      return;
    }

    if (modifiers.length > 0) throw new PatchError('Expected not to find any modifiers with key token');
    tokens.push({ kind: 'key', key: text, optional });
  });
  return tokens;
}

/** `Pointer.String()`: escapes again, prints `?` once (on the first optional token), indexes canonically. */
export function pointerString(pointer: Pointer): string {
  const segment = segmentPrinter();
  return pointer.map((token) => `/${segment(token)}`).join('');
}

/**
 * `pointerString(pointer.slice(0, i + 1))` for every `i`, in one pass: ops name the prefix
 * they are at in errors, and printing each afresh costs the square of the path's length.
 */
export function pointerPrefixes(pointer: Pointer): string[] {
  const segment = segmentPrinter();
  let printed = '';
  return pointer.map((token) => (printed += `/${segment(token)}`));
}

/** Prints one token after another; the `?` shown on the first optional one is remembered. */
function segmentPrinter(): (token: Token) => string {
  let optionalShown = false;
  const mark = (optional: boolean): string => {
    if (!optional || optionalShown) return '';
    optionalShown = true;
    return '?';
  };
  const modifierSuffix = (modifiers: readonly Modifier[]): string => modifiers.map((m) => `:${m}`).join('');

  return (token) => {
    switch (token.kind) {
      case 'key':
        return escapeToken(token.key) + mark(token.optional);
      case 'index':
        return `${indexText(token.index)}${modifierSuffix(token.modifiers)}`;
      case 'afterLast':
        return '-';
      case 'match':
        return `${escapeToken(token.key)}=${escapeToken(token.value)}${mark(token.optional)}${modifierSuffix(token.modifiers)}`;
    }
  };
}
