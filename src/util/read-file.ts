import { readFileSync } from 'node:fs';
import { InputError } from './errors.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Text the user gave, with the stdin text standing in for `-` when it was read. */
export type TextSource = (path: string) => string;

/** Why a file could not be read, in words (`no such file`, not `ENOENT`), for every file error. */
export function readFailureReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory, expected a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of the path is not a directory';
    default:
      return `cannot read (${code ?? String(error)})`;
  }
}

/** The file's bytes; a file that cannot be read is one InputError naming it and why. */
export function readFileBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new InputError(readFailureReason(error), { file: path });
  }
}

/**
 * Reads a text file, refusing what cannot be YAML or config text (a directory, binary
 * data, invalid UTF-8) with a message that names the file.
 */
export function readTextFile(path: string): string {
  return decodeText(readFileBytes(path), path);
}

/** Standard input as text, checked as a file would be, named `name` in messages. */
export function readStdinText(name: string): string {
  return decodeText(readFileSync(0), name);
}

/** 1-based line and column (in bytes) of a byte offset. */
function bytePosition(bytes: Uint8Array, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}

/**
 * The offset where `bytes` stop being UTF-8: the byte that makes the shortest refused prefix
 * fail, or the lead byte of the sequence it cuts short.
 */
function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  const failing = firstRefusedByte(bytes);
  for (let i = failing - 1; i >= Math.max(0, failing - 3); i--) {
    const byte = bytes[i]!;
    if (byte < 0x80) break;
    if (byte >= 0xc0) return i + (byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2) > failing ? i : failing;
  }
  return failing;
}

function firstRefusedByte(bytes: Uint8Array): number {
  let low = 1;
  let high = bytes.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    try {
      // `stream` lets a sequence cut off at the end pass: only bytes that cannot be UTF-8 fail.
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      low = mid + 1;
    } catch {
      high = mid;
    }
  }
  return low - 1;
}

/**
 * Bytes -> text as yaml.v2 reads it: UTF-8, or UTF-16 when a byte-order mark says so
 * (yaml.v2's reader decodes both). Anything else is refused with the line and byte offset
 * where it stops being text.
 */
export function decodeText(bytes: Uint8Array, file: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes, 'utf-16le', file);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes, 'utf-16be', file);
  const nul = bytes.subarray(0, 8192).indexOf(0);
  if (nul >= 0) throw new InputError(`binary data (NUL byte at byte offset ${nul}), expected YAML text`, { file, ...bytePosition(bytes, nul) });
  try {
    return utf8.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8Byte(bytes);
    const hex = bytes[offset]!.toString(16).padStart(2, '0');
    throw new InputError(`not valid UTF-8 text (byte 0x${hex} at byte offset ${offset}); save the file as UTF-8`, { file, ...bytePosition(bytes, offset) });
  }
}

function utf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be', file: string): string {
  try {
    // The BOM is dropped here, as the UTF-8 one is by the YAML reader.
    return new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(2));
  } catch {
    throw new InputError(`not valid ${encoding.toUpperCase()} text (it starts with a UTF-16 byte-order mark)`, { file });
  }
}
