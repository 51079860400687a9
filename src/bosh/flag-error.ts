/**
 * How a flag value's error reaches the user: go-flags builds its message with the error's
 * text inside the format string of a second `fmt.Sprintf` (whose one argument, the flag's
 * name, its own prefix uses up), so every `%` verb in the text comes out as Go prints a verb
 * without an operand: `-v x=%foo` is reported as `x=%!f(MISSING)oo`, `%%` as `%`.
 */
import { InputError } from '../util/errors.js';

const FLAGS = new Set(['+', '-', '#', ' ', '0']);

/** The text as Go's fmt.Sprintf(text) prints it, with no operands. */
export function formattedWithoutOperands(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c !== '%') {
      out += c;
      i++;
      continue;
    }
    i++;
    while (i < text.length && FLAGS.has(text[i]!)) i++;
    let bad = '';
    if (text[i] === '*') {
      bad = '%!(BADWIDTH)';
      i++;
    } else while (i < text.length && text[i]! >= '0' && text[i]! <= '9') i++;
    if (text[i] === '.') {
      i++;
      if (text[i] === '*') {
        bad += '%!(BADPREC)';
        i++;
      } else while (i < text.length && text[i]! >= '0' && text[i]! <= '9') i++;
    }
    out += bad;
    if (i >= text.length) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(text.codePointAt(i)!);
    i += verb.length;
    out += verb === '%' ? '%' : `%!${verb}(MISSING)`;
  }
  return out;
}

/** An error of a flag's value, worded as go-flags passes it on. */
export function asFlagValueError(error: unknown): unknown {
  if (!(error instanceof InputError) || !error.message.includes('%')) return error;
  const rewritten = new InputError(formattedWithoutOperands(error.message), { file: error.file, line: error.line, col: error.col });
  return rewritten;
}
