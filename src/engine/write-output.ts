/**
 * Writing a file the user asked for (the fix ops-file, a report) without ever losing what
 * they gave: never over an input of the run, never over an existing file unless forced,
 * and atomically, so an interrupt leaves the old file or the new one, never half of one.
 */
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import { writeFileAtomic } from './write-file-atomic.js';

function canonical(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

export function writeOutputFile(file: string, text: string, options: { inputs: Iterable<string>; force: boolean }): void {
  const target = canonical(file);
  for (const input of options.inputs) {
    if (canonical(input) === target) throw new InputError('refusing to write over an input file (choose another output path)', { file });
  }
  if (!options.force && existsSync(file)) throw new InputError('file exists (use --force to replace it)', { file });
  writeFileAtomic(file, text);
}
