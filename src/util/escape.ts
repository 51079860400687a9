/**
 * The one escaping function for text that reaches a person or a file they will read: stylish
 * reports, the listener table, probe output, error messages, comments in written ops-files.
 * A contributor writes the names and values cf-ws-lint prints (file names, LB names, manifest
 * values, what a probed server sends); unescaped, a line break starts a forged log line (a
 * GitHub `::error` workflow command), an ESC starts a terminal control sequence, and a bidi
 * override makes a line read differently from what it holds (CVE-2021-42574, "Trojan Source").
 *
 * Every character that is not shown as itself becomes a visible escape:
 * - controls C0, DEL and C1 (`\p{Cc}`), which includes CR, LF, TAB, ESC and NEL (U+0085);
 * - format characters (`\p{Cf}`): bidi embeddings, overrides and isolates, the zero-width
 *   space/joiners, soft hyphen, BOM and the rest of the invisible ones;
 * - the line and paragraph separators U+2028, U+2029, which YAML 1.1 (and so yaml.v2)
 *   also reads as line breaks;
 * - lone surrogates, which no terminal shows as anything.
 * After escaping, a string holds none of the line breaks YAML, JavaScript or a terminal knows.
 * Backslashes stay as they are: paths and regexes in messages read as written.
 */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]|\p{Cs}/gu;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e' };

function visible(char: string): string {
  const named = NAMED[char];
  if (named) return named;
  const code = char.codePointAt(0)!;
  const hex = code.toString(16);
  return code <= 0xff ? `\\x${hex.padStart(2, '0')}` : code <= 0xffff ? `\\u${hex.padStart(4, '0')}` : `\\u{${hex}}`;
}

/** `text` with every control, format and line-separator character shown as an escape. */
export function escapeText(text: string): string {
  return text.replace(HIDDEN, visible);
}

/**
 * A short escaped excerpt of something read from a file, for an error message that must name
 * the offending token without echoing the file (an nginx `include /proc/self/environ` must not
 * print the environment).
 */
export function excerpt(text: string, max = 40): string {
  const chars = [...text];
  const short = chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
  return escapeText(short);
}
