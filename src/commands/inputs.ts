/**
 * Manifest arguments -> manifest files: plain files as given, directories and globs
 * searched for YAML files that look like manifests (by content, not by name).
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { compileGlob, isGlob } from '../util/glob.js';
import { looksLikeManifest } from '../bosh/manifest.js';
import { InputError } from '../util/errors.js';
import { readFailureReason } from '../util/read-file.js';

const YAML_FILE = /\.ya?ml$/i;
const SKIP_DIRS = new Set(['node_modules', '.git']);

export interface ExpandedInputs {
  files: string[];
  /** YAML files found in directories or globs that are not manifests. */
  skipped: number;
  /** YAML files found in directories or globs that could not be read (binary, unreadable). */
  unreadable: InputError[];
}

/**
 * A directory's identity, whichever path or link reaches it. One stat, where a real path
 * costs a stat per component: on a tree 1,000 directories deep, half a million (issue 15).
 */
function directoryId(dir: string): string {
  const { dev, ino } = searching(dir, () => statSync(dir));
  return `${dev}:${ino}`;
}

/** `look` at a directory being searched; what the system refuses (a path over PATH_MAX, no permission) names it. */
function searching<T>(dir: string, look: () => T): T {
  try {
    return look();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
    throw new InputError(`cannot search the directory: ${readFailureReason(error)}`, { file: dir });
  }
}

/**
 * Every file under `dir`, following symlinks (a linked manifest is a manifest); a link back
 * to a directory already on the way down is not entered again, so a cycle ends. The way down
 * is one set, added to and taken from as the walk goes, so each directory costs the same
 * however deep it lies.
 */
export function walk(dir: string, out: string[], onTheWay = new Set<string>([directoryId(dir)])): void {
  for (const entry of searching(dir, () => readdirSync(dir, { withFileTypes: true }))) {
    const full = path.join(dir, entry.name);
    const kind = entry.isSymbolicLink() ? linkTarget(full) : entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : undefined;
    if (kind === 'file') {
      out.push(full);
    } else if (kind === 'dir' && !SKIP_DIRS.has(entry.name)) {
      const id = directoryId(full);
      if (onTheWay.has(id)) continue;
      onTheWay.add(id);
      walk(full, out, onTheWay);
      onTheWay.delete(id);
    }
  }
}

/** What a symlink points at; a dangling link is nothing. */
function linkTarget(link: string): 'file' | 'dir' | undefined {
  try {
    const stat = statSync(link);
    return stat.isDirectory() ? 'dir' : stat.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

/** The directory a glob can be searched from: its path before the first wildcard. */
function globBase(glob: string): string {
  const parts = glob.split('/');
  const first = parts.findIndex(isGlob);
  return parts.slice(0, first).join('/') || '.';
}

/**
 * With `skipNonManifests` (the pre-commit hook, which passes every changed YAML file), named
 * files are filtered by content too, and finding none is not an error.
 */
export function expandInputs(args: readonly string[], readText: (file: string) => string, skipNonManifests = false): ExpandedInputs {
  const files: string[] = [];
  const unreadable: InputError[] = [];
  let skipped = 0;
  const consider = (candidates: string[]) => {
    for (const file of candidates.filter((f) => YAML_FILE.test(f)).sort()) {
      let text: string;
      try {
        text = readText(file);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        unreadable.push(error);
        continue;
      }
      if (looksLikeManifest(text)) files.push(file);
      else skipped++;
    }
  };
  for (const arg of args) {
    if (arg === '-') {
      files.push(arg);
    } else if (isGlob(arg)) {
      const found: string[] = [];
      const base = globBase(arg);
      if (existsDir(base)) walk(base, found);
      const glob = compileGlob(arg);
      consider(found.filter((f) => glob.test(f)));
    } else if (existsDir(arg)) {
      const found: string[] = [];
      walk(arg, found);
      consider(found);
    } else if (skipNonManifests) {
      consider([arg]);
    } else {
      files.push(arg);
    }
  }
  if (files.length === 0 && unreadable.length === 0 && !skipNonManifests) {
    throw new InputError(`no manifest found in ${args.join(', ')}${skipped ? ` (${skipped} YAML file${skipped === 1 ? '' : 's'} did not look like a manifest)` : ''}`);
  }
  return { files, skipped, unreadable };
}

function existsDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
