/**
 * The one output policy, for every file cf-ws-lint writes at the user's request (the fix
 * ops-file, a report, the baseline): written only to a regular file or a new path; never to
 * a FIFO, device, socket, directory or through a symbolic link (a rename would replace the
 * link or the node itself: as root, `/dev/null`); never over a file this run read, however it
 * was read (util/read-file.ts records them all: manifests, ops-files, vars, LB files and what
 * an nginx `include` pulled in, config, baseline); never over an existing file unless forced;
 * and atomically, so an interrupt leaves the old file or the new one, never half of one.
 * `-` is standard output.
 */
import { existsSync, lstatSync, readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import path from 'node:path';
import { InputError } from '../util/errors.js';
import { isInputOfThisRun } from '../util/read-file.js';
import { writeFileAtomic } from './write-file-atomic.js';

export const STDOUT = '-';

export interface OutputOptions {
  /** Inputs named for this run besides what was read (a Terraform directory stands for its files). */
  inputs?: Iterable<string>;
  /** Replace an existing regular file (`--force`). */
  force: boolean;
  /** The one input this output exists to update (`--update-baseline`'s baseline, `init`'s config); still only with `force`. */
  updates?: string;
}

function canonical(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    // A new file: its directory's real path, so `dir/../x` and a linked directory agree.
    try {
      return path.join(realpathSync(path.dirname(file)), path.basename(file));
    } catch {
      return path.resolve(file);
    }
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

function existing(file: string): Stats | undefined {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

function notRegular(stats: Stats): string | undefined {
  if (stats.isSymbolicLink()) return 'is a symbolic link; cf-ws-lint writes only to regular files or new paths (name the file itself, or - for stdout)';
  if (stats.isDirectory()) return 'is a directory (choose a file path to write)';
  if (stats.isFIFO()) return 'is a FIFO (named pipe); cf-ws-lint writes only to regular files or new paths (use - for stdout)';
  if (stats.isSocket()) return 'is a socket; cf-ws-lint writes only to regular files or new paths';
  if (!stats.isFile()) return 'is a device; cf-ws-lint writes only to regular files or new paths (use - for stdout)';
  return undefined;
}

/** Throws the InputError that refuses writing `file`, if any; writes nothing. */
export function checkOutputFile(file: string, options: OutputOptions): void {
  if (file === STDOUT) return;
  const stats = existing(file);
  if (!stats) return;
  const refusal = notRegular(stats);
  if (refusal) throw new InputError(refusal, { file });
  const target = canonical(file);
  const isUpdated = options.updates !== undefined && canonical(options.updates) === target;
  const namedInput = [...(options.inputs ?? [])].some((input) => filesReadFrom(input).some((read) => canonical(read) === target));
  if (!isUpdated && (namedInput || isInputOfThisRun(file))) {
    throw new InputError('refusing to write over an input file (choose another output path)', { file });
  }
  if (!options.force) throw new InputError('file exists (use --force to replace it)', { file });
}

/**
 * Refuses two outputs of one run that name the same file (`--fix-out X --output-file X`):
 * the second would replace the first, and the message would name the wrong content.
 */
export function checkDistinctOutputs(outputs: ReadonlyArray<{ file: string; flag: string }>): void {
  const seen = new Map<string, string>();
  for (const { file, flag } of outputs) {
    if (file === STDOUT) continue;
    const key = canonical(file);
    const earlier = seen.get(key);
    if (earlier) throw new InputError(`named by both ${earlier} and ${flag}; give each output its own file`, { file });
    seen.set(key, flag);
  }
}

/** The system refused a write the policy allowed (a full disk, a read-only file system, …). */
export class WriteFailure extends InputError {}

function cannotWrite(file: string, error: unknown): WriteFailure {
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
            : code === 'EDQUOT'
              ? 'disk quota exceeded'
              : code === 'ENOTDIR'
                ? 'a part of its path is not a directory'
                : `${code ?? String(error)}`;
  return new WriteFailure(`cannot write the file: ${why}`, { file });
}

/** Writes `text` to `file` under the policy above (`-`: standard output). */
export function writeOutputFile(file: string, text: string, options: OutputOptions): void {
  if (file === STDOUT) {
    process.stdout.write(text);
    return;
  }
  checkOutputFile(file, options);
  try {
    writeFileAtomic(file, text);
  } catch (error) {
    if (!(error as NodeJS.ErrnoException).code) throw error;
    throw cannotWrite(file, error);
  }
}
