/**
 * The one way cf-ws-lint reads a file the user (or a file they gave) names. Every file read is
 * recorded as an input of the run, so no output is ever written over it (engine/write-output.ts),
 * however it was reached: named on the command line, by the config, or through an nginx
 * `include`. Reads are bounded: a size cap, and for files reached through another file, regular
 * files only (a FIFO blocks forever, `/dev/zero` never ends).
 */
import { closeSync, constants, fstatSync, openSync, readFileSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { InputError } from './errors.js';
import { noteInputRead } from './tiering.js';

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
    case 'ENAMETOOLONG':
      return 'the path is too long for the system (PATH_MAX)';
    default:
      return `cannot read (${code ?? String(error)})`;
  }
}

/** The default cap: four times the 20 MB manifest the benchmark reads. */
export const MAX_INPUT_BYTES = 80 * 1024 * 1024;

export interface ReadOptions {
  /** Refuse anything but a regular file: for paths a file names, not the user. */
  regularOnly?: boolean;
  /** Refuse a file larger than this (default MAX_INPUT_BYTES). */
  maxBytes?: number;
  /** What the file is, for messages: `expected ${expected}` (default "YAML text"). */
  expected?: string;
}

// ---- the inputs of this run ----

/** Device and inode of every file read, so a hard link or another spelling is the same file. */
const inputIdentities = new Set<string>();
const inputPaths = new Set<string>();

function identity(stats: Pick<Stats, 'dev' | 'ino'>): string {
  return `${stats.dev}:${stats.ino}`;
}

function canonicalPath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

function recordInput(file: string, stats: Stats): void {
  inputIdentities.add(identity(stats));
  inputPaths.add(canonicalPath(file));
}

/**
 * Starts a new run's record: a process that runs the CLI more than once (tests, a watcher)
 * must not carry one run's inputs into the next, where they may be its outputs.
 */
export function forgetInputs(): void {
  inputIdentities.clear();
  inputPaths.clear();
}

/** Whether `file` (an existing path) is a file this process has read as an input. */
export function isInputOfThisRun(file: string): boolean {
  if (inputPaths.has(canonicalPath(file))) return true;
  try {
    return inputIdentities.has(identity(statSync(file)));
  } catch {
    return false;
  }
}

// ---- reading ----

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'is a directory, expected a file';
  if (stats.isFIFO()) return 'is a FIFO (named pipe), expected a regular file';
  if (stats.isSocket()) return 'is a socket, expected a regular file';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'is a device, expected a regular file';
  return 'is not a regular file';
}

function cannotRead(error: unknown, file: string): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  return new InputError(code === 'ELOOP' ? 'too many symbolic links' : readFailureReason(error), { file });
}

function tooLarge(file: string, maxBytes: number): InputError {
  return new InputError(`larger than ${formatBytes(maxBytes)}, the most cf-ws-lint reads from one file`, { file });
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** At most `maxBytes + 1` bytes, so "too large" is known without reading everything. */
function readCapped(fd: number, stats: Stats, file: string, maxBytes: number): Buffer {
  if (stats.isFile() && stats.size > maxBytes) throw tooLarge(file, maxBytes);
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, maxBytes + 1 - total));
    const read = readSync(fd, chunk, 0, chunk.length, null);
    if (read === 0) break;
    chunks.push(chunk.subarray(0, read));
    total += read;
    if (total > maxBytes) throw tooLarge(file, maxBytes);
  }
  return Buffer.concat(chunks, total);
}

/** The bytes of a file, within the limits, recorded as an input of the run. */
export function readInputBytes(file: string, options: ReadOptions = {}): Buffer {
  const maxBytes = options.maxBytes ?? MAX_INPUT_BYTES;
  let fd: number;
  try {
    if (options.regularOnly) {
      // Checked before opening: opening a FIFO for reading waits for a writer.
      const stats = statSync(file);
      if (!stats.isFile()) throw new InputError(kindOf(stats), { file });
    }
    // Non-blocking, so a FIFO swapped in after the check cannot hang the open either.
    fd = openSync(file, options.regularOnly ? constants.O_RDONLY | constants.O_NONBLOCK : 'r');
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw cannotRead(error, file);
  }
  try {
    const stats = fstatSync(fd);
    if (stats.isDirectory() || (options.regularOnly && !stats.isFile())) throw new InputError(kindOf(stats), { file });
    recordInput(file, stats);
    const bytes = readCapped(fd, stats, file, maxBytes);
    noteInputRead(bytes.length);
    return bytes;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw cannotRead(error, file);
  } finally {
    closeSync(fd);
  }
}

/** The file's bytes; a file that cannot be read is one InputError naming it and why. */
export function readFileBytes(path: string, options: ReadOptions = {}): Buffer {
  return readInputBytes(path, options);
}

/**
 * Reads a text file, refusing what cannot be YAML or config text (a directory, binary
 * data, invalid UTF-8, more than the size cap) with a message that names the file.
 */
export function readTextFile(path: string, options: ReadOptions = {}): string {
  return decodeText(readInputBytes(path, options), path, options.expected);
}

/** Standard input as text, checked as a file would be, named `name` in messages. */
export function readStdinText(name: string): string {
  const bytes = readFileSync(0);
  if (bytes.length > MAX_INPUT_BYTES) throw tooLarge(name, MAX_INPUT_BYTES);
  noteInputRead(bytes.length);
  return decodeText(bytes, name);
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
export function decodeText(bytes: Uint8Array, file: string, expected = 'YAML text'): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16(bytes, 'utf-16le', file);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return utf16(bytes, 'utf-16be', file);
  const nul = bytes.subarray(0, 8192).indexOf(0);
  if (nul >= 0) throw new InputError(`binary data (NUL byte at byte offset ${nul}), expected ${expected}`, { file, ...bytePosition(bytes, nul) });
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
