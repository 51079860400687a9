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

/** The type and value yaml.v2 gives a plain (unquoted, untagged) scalar. */
export function resolvePlainScalar(text: string): Resolved {
  const known = RESOLVE_MAP.get(text);
  if (known) return known;
  const first = text[0];
  if (first === '.') {
    // Go's ParseFloat accepts `.5` and `.5e3`; a lone dot stays a string.
    if (/^\.[0-9]/.test(text) && YAML_STYLE_FLOAT.test(text)) return floatOrString(text, text);
    return { type: 'str', value: text };
  }
  if (first !== undefined && /[-+0-9]/.test(first)) {
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
