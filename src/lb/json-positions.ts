/**
 * JSON text -> data plus the line of every value, so evidence from Terraform JSON, CloudFormation
 * JSON and AWS CLI output can say file:line like the text formats do. A small recursive-descent
 * reader (RFC 8259); syntax errors become InputError with file:line:col.
 */
import { InputError } from '../util/errors.js';

export type JsonPath = readonly (string | number)[];

export interface PositionedJson {
  value: unknown;
  /** 1-based line where the value at `path` starts (the nearest existing ancestor's otherwise). */
  lineOf(path: JsonPath): number;
}

/** RFC 6901 pointer of a path. */
export function jsonPointer(path: JsonPath): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** Deeper documents are refused: the reader recurses once per level. */
export const MAX_JSON_NESTING = 500;

export function parsePositionedJson(text: string, file: string): PositionedJson {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const starts = new Map<string, number>();
  const lineStarts = [0];
  for (let k = 0; k < src.length; k++) if (src[k] === '\n') lineStarts.push(k + 1);
  const posOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: offset - lineStarts[lo]! + 1 };
  };
  let i = 0;
  const fail = (message: string): never => {
    throw new InputError(`invalid JSON: ${message}`, { file, ...posOf(i) });
  };
  const ws = () => {
    while (i < src.length && (src[i] === ' ' || src[i] === '\n' || src[i] === '\r' || src[i] === '\t')) i++;
  };
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  // A loop, not one regex over the whole string: a backtracking regex over a 10 MB string
  // (a state file's embedded certificate or user data) overflows the regex stack.
  const string = (): string => {
    const start = i;
    let k = i + 1;
    for (;;) {
      const c = src.charCodeAt(k);
      if (Number.isNaN(c) || c < 0x20) {
        i = k;
        return fail('bad string');
      }
      if (c === 0x22) break;
      if (c === 0x5c) {
        const next = src[k + 1];
        if (next === 'u' ? !/^[0-9a-fA-F]{4}$/.test(src.slice(k + 2, k + 6)) : !'"\\/bfnrt'.includes(next ?? 'x')) {
          i = k;
          return fail('bad string');
        }
        k += next === 'u' ? 6 : 2;
      } else k++;
    }
    i = k + 1;
    return JSON.parse(src.slice(start, i)) as string;
  };
  const value = (path: (string | number)[], depth: number): unknown => {
    if (depth > MAX_JSON_NESTING) fail(`nesting deeper than ${MAX_JSON_NESTING}`);
    ws();
    starts.set(jsonPointer(path), i);
    const c = src[i];
    if (c === '{') {
      i++;
      const out: Record<string, unknown> = {};
      ws();
      if (src[i] === '}') {
        i++;
        return out;
      }
      for (;;) {
        ws();
        if (src[i] !== '"') fail('expected a "key"');
        const key = string();
        ws();
        if (src[i] !== ':') fail('expected ":"');
        i++;
        Object.defineProperty(out, key, { value: value([...path, key], depth + 1), enumerable: true, writable: true, configurable: true });
        ws();
        if (src[i] === ',') i++;
        else if (src[i] === '}') {
          i++;
          return out;
        } else fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      i++;
      const out: unknown[] = [];
      ws();
      if (src[i] === ']') {
        i++;
        return out;
      }
      for (;;) {
        out.push(value([...path, out.length], depth + 1));
        ws();
        if (src[i] === ',') i++;
        else if (src[i] === ']') {
          i++;
          return out;
        } else fail('expected "," or "]"');
      }
    }
    if (c === '"') return string();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (src.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(src);
    if (!m) return fail(c === undefined ? 'unexpected end of input' : `unexpected ${JSON.stringify(c)}`);
    i += m[0].length;
    return Number(m[0]);
  };
  const result = value([], 0);
  ws();
  if (i < src.length) fail(`unexpected ${JSON.stringify(src[i])} after the document`);
  return {
    value: result,
    lineOf: (path) => {
      for (let n = path.length; n >= 0; n--) {
        const at = starts.get(jsonPointer(path.slice(0, n)));
        if (at !== undefined) return posOf(at).line;
      }
      return 1;
    },
  };
}

/** Is this text JSON rather than YAML or a config language? (Its first character says.) */
export function looksLikeJson(text: string): boolean {
  return /^\uFEFF?\s*[{[]/.test(text);
}
