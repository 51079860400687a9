/**
 * Writing a file the user asked for (the fix ops-file, a report) without ever losing what
 * they gave: never over an input of the run, never over an existing file unless forced,
 * and atomically, so an interrupt leaves the old file or the new one, never half of one.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../util/errors.js';
import { writeFileAtomic } from './write-file-atomic.js';

function canonical(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** An input directory is a Terraform configuration: the files lb/terraform-hcl.ts reads from it. */
function filesReadFrom(input: string): string[] {
  if (!isDirectory(input)) return [input];
  return readdirSync(input)
    .filter((name) => name.endsWith('.tf') || name === 'terraform.tfvars' || name.endsWith('.auto.tfvars'))
    .map((name) => path.join(input, name));
}

function cannotWrite(file: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT' && !existsSync(path.dirname(file))
      ? 'its directory does not exist'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EROFS'
          ? 'read-only file system'
          : code === 'ENOSPC'
            ? 'no space left on device'
            : `${code ?? String(error)}`;
  return new InputError(`cannot write the file: ${why}`, { file });
}

export function writeOutputFile(file: string, text: string, options: { inputs: Iterable<string>; force: boolean }): void {
  const target = canonical(file);
  for (const input of options.inputs) {
    if (filesReadFrom(input).some((read) => canonical(read) === target)) {
      throw new InputError('refusing to write over an input file (choose another output path)', { file });
    }
  }
  // Even --force does not replace a directory with a file.
  if (isDirectory(file)) throw new InputError('is a directory (choose a file path to write)', { file });
  if (!options.force && existsSync(file)) throw new InputError('file exists (use --force to replace it)', { file });
  try {
    writeFileAtomic(file, text);
  } catch (error) {
    if (!(error as NodeJS.ErrnoException).code) throw error;
    throw cannotWrite(file, error);
  }
}
