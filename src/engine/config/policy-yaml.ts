/**
 * The config and the baseline are read with eemeli/yaml (for its positions), whose cost grows
 * with the number of errors in a text: each is an Error object (10 to 25 µs), and its "pretty"
 * errors copy the offending line into each message, which is quadratic on one long line (a
 * malformed 200 KB line took 33 s). So these texts are capped in size, parsed without pretty
 * errors and without stack traces, and only the first error is reported, positioned here.
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
import { InputError } from '../../util/errors.js';
import { excerpt } from '../../util/escape.js';

/** The most eemeli/yaml is given to parse: about 1.5 s at worst (one error per byte). */
export const MAX_POLICY_YAML_BYTES = 128 * 1024;

export interface PositionedDocument {
  doc: Document;
  lineCounter: LineCounter;
}

/** The first error is an InputError `${prefix}: message` at its line and column. */
export function parsePolicyYaml(text: string, file: string, prefix: string): PositionedDocument {
  if (text.length > MAX_POLICY_YAML_BYTES) throw new InputError(`${prefix}: larger than ${MAX_POLICY_YAML_BYTES / 1024} KB`, { file });
  const lineCounter = new LineCounter();
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, prettyErrors: false });
  } finally {
    Error.stackTraceLimit = limit;
  }
  const error = doc.errors[0];
  if (error) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    throw new InputError(`${prefix}: ${error.message.split('\n')[0]}`, { file, line, col });
  }
  return { doc, lineCounter };
}

/**
 * JSON that JSON.parse (linear at any size) refuses, as an InputError at the position V8
 * names, quoting at most a short escaped excerpt.
 */
export function jsonSyntaxError(text: string, file: string, prefix: string, error: SyntaxError): InputError {
  const at = /at position (\d+)/.exec(error.message);
  if (!at) return new InputError(`${prefix}: not valid JSON`, { file });
  const offset = Number(at[1]);
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
  const { line, col } = lineCounter.linePos(offset);
  return new InputError(`${prefix}: not valid JSON at ${JSON.stringify(excerpt(text.slice(offset), 12))}`, { file, line, col });
}
