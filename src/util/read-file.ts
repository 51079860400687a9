import { readFileSync } from 'node:fs';
import { InputError } from './errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Text the user gave, with the stdin text standing in for `-` when it was read. */
export type TextSource = (path: string) => string;

/**
 * Reads a text file, refusing what cannot be YAML or config text (a directory, binary
 * data, invalid UTF-8) with a message that names the file.
 */
export function readTextFile(path: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, expected a file' : code === 'EACCES' ? 'permission denied' : `cannot read (${code ?? String(error)})`;
    throw new InputError(why, { file: path });
  }
  return decodeText(bytes, path);
}

/** Standard input as text, checked as a file would be, named `name` in messages. */
export function readStdinText(name: string): string {
  return decodeText(readFileSync(0), name);
}

export function decodeText(bytes: Uint8Array, file: string): string {
  const nul = bytes.subarray(0, 8192).indexOf(0);
  if (nul >= 0) throw new InputError(`binary data (NUL byte at offset ${nul}), expected YAML text`, { file });
  try {
    return utf8.decode(bytes);
  } catch {
    throw new InputError('not valid UTF-8 text', { file });
  }
}
