/**
 * How yaml.v2 (what BOSH uses) types a plain scalar: a port of its `resolve.go`, which is
 * YAML 1.1-like. `yes`/`on`/`y` are bools, `0755` is octal 493, `1_000` is 1000, `08` is the
 * float 8, timestamps and `12:30` stay strings.
 */
import type { ScalarNode } from './node.js';

type Resolved = Pick<ScalarNode, 'type' | 'value'>;

const RESOLVE_MAP = new Map<string, Resolved>();
function define(resolved: Resolved, words: string[]): void {
  for (const word of words) RESOLVE_MAP.set(word, resolved);
}
define({ type: 'bool', value: true }, ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
define({ type: 'bool', value: false }, ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
define({ type: 'null', value: null }, ['', '~', 'null', 'Null', 'NULL']);
define({ type: 'float', value: NaN }, ['.nan', '.NaN', '.NAN']);
define({ type: 'float', value: Infinity }, ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']);
define({ type: 'float', value: -Infinity }, ['-.inf', '-.Inf', '-.INF']);

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Go's strconv.ParseInt/ParseUint with base 0 (after yaml.v2 removed `_`); null if invalid. */
function parseGoInt(text: string): bigint | null {
  const match = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!match) return null;
  const [, sign, digits] = match as unknown as [string, string, string];
  let magnitude: bigint;
  if (/^0[oO]/.test(digits)) magnitude = BigInt(`0o${digits.slice(2)}`);
  else if (/^0[0-7]+$/.test(digits)) magnitude = BigInt(`0o${digits.slice(1)}`);
  else magnitude = BigInt(digits.toLowerCase());
  const value = sign === '-' ? -magnitude : magnitude;
  if (value >= INT64_MIN && value <= INT64_MAX) return value;
  // Above int64, yaml.v2 tries ParseUint, which takes no sign.
  if (sign === '' && value <= UINT64_MAX) return value;
  return null;
}

function intValue(value: bigint): Resolved {
  const asNumber = Number(value);
  return { type: 'int', value: Number.isSafeInteger(asNumber) ? asNumber : value };
}

/** Go's ParseFloat fails on overflow (1e400), and yaml.v2 then keeps the text as a string. */
function floatOrString(number: string, text: string): Resolved {
  const value = Number(number);
  return Number.isFinite(value) ? { type: 'float', value } : { type: 'str', value: text };
}

/**
 * Whether yaml.v2 certainly reads a plain scalar as a string, by its first character alone
 * (its resolveTable): a letter that starts none of the words above. Most of a manifest's
 * scalars are these.
 */
export function isPlainString(text: string): boolean {
  const c = text.charCodeAt(0) | 32;
  return c >= 97 && c <= 122 && c !== 121 /* y */ && c !== 110 /* n */ && c !== 116 /* t */ && c !== 102 /* f */ && c !== 111 /* o */;
}

/** The type and value yaml.v2 gives a plain (unquoted, untagged) scalar. */
export function resolvePlainScalar(text: string): Resolved {
  if (isPlainString(text)) return { type: 'str', value: text };
  const known = RESOLVE_MAP.get(text);
  if (known) return known;
  const first = text.charCodeAt(0);
  if (first === 46 /* . */) {
    // Go's ParseFloat accepts `.5` and `.5e3`; a lone dot stays a string.
    if (/^\.[0-9]/.test(text) && YAML_STYLE_FLOAT.test(text)) return floatOrString(text, text);
    return { type: 'str', value: text };
  }
  if (first === 43 /* + */ || first === 45 /* - */ || (first >= 48 && first <= 57)) {
    const plain = text.replace(/_/g, '');
    const int = parseGoInt(plain);
    if (int !== null) return intValue(int);
    if (YAML_STYLE_FLOAT.test(plain)) return floatOrString(plain, text);
  }
  return { type: 'str', value: text };
}

/** Would a string written plain come back as something other than that string? */
export function plainScalarChangesType(text: string): boolean {
  return resolvePlainScalar(text).type !== 'str';
}

export const TAG_PREFIX = 'tag:yaml.org,2002:';
const STR_TAG = `${TAG_PREFIX}str`;
const BINARY_TAG = `${TAG_PREFIX}binary`;
const TIMESTAMP_TAG = `${TAG_PREFIX}timestamp`;
const FLOAT_TAG = `${TAG_PREFIX}float`;
/** The tags yaml.v2 resolves a scalar's text under; any other tag keeps the text as it is. */
const RESOLVABLE = new Set(['', STR_TAG, `${TAG_PREFIX}bool`, `${TAG_PREFIX}int`, FLOAT_TAG, `${TAG_PREFIX}null`, TIMESTAMP_TAG]);

/** `!!int` for `tag:yaml.org,2002:int` (yaml.v2's shortTag). */
export function shortTag(tag: string): string {
  return tag.startsWith(TAG_PREFIX) ? `!!${tag.slice(TAG_PREFIX.length)}` : tag;
}

/** What a tagged scalar decodes to: a typed value, a !!binary payload, or text under an unknown tag. */
export type TaggedScalar = Resolved | { type: 'binary'; value: string };

/**
 * yaml.v2's `resolve(tag, in)` for a scalar with a tag (or a plain one without): the value,
 * or a thrown `cannot decode !!str \`x\` as a !!int` when the text does not fit the tag.
 */
export function resolveTaggedScalar(tag: string, text: string): TaggedScalar {
  if (tag === BINARY_TAG) return { type: 'binary', value: text };
  if (!RESOLVABLE.has(tag)) return { type: 'str', value: text };
  if (tag === STR_TAG) return { type: 'str', value: text };
  if (tag === '') return resolvePlainScalar(text);
  const wanted = tag.slice(TAG_PREFIX.length);
  // A timestamp decodes into interface{} as its text.
  if (tag === TIMESTAMP_TAG && isGoTimestamp(text)) return { type: 'str', value: text };
  const resolved = resolvePlainScalar(text);
  if (resolved.type === wanted) return resolved;
  if (tag === FLOAT_TAG && resolved.type === 'int' && typeof resolved.value === 'number') return { type: 'float', value: resolved.value };
  throw new TypeError(`cannot decode !!${resolved.type} \`${text}\` as a ${shortTag(tag)}`);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * yaml.v2's parseTimestamp: four digits and a dash, then one of Go's layouts
 * `2006-1-2T15:4:5.999999999Z07:00` (or `t`), `2006-1-2 15:4:5.999999999`, `2006-1-2`,
 * with Go's range checks.
 */
export function isGoTimestamp(text: string): boolean {
  const match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:([Tt ])(\d{1,2}):(\d{1,2}):(\d{1,2})(?:[.,]\d+)?(Z|[-+]\d{2}:\d{2})?)?$/.exec(text);
  if (!match) return false;
  const [, y, mo, d, sep, h, mi, s, zone] = match;
  if (sep === ' ' && zone !== undefined) return false;
  if ((sep === 'T' || sep === 't') && zone === undefined) return false;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!;
  if (day < 1 || day > days) return false;
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59)) return false;
  if (zone !== undefined && zone !== 'Z' && (Number(zone.slice(1, 3)) > 23 || Number(zone.slice(4)) > 59)) return false;
  return true;
}
