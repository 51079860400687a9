/**
 * `--cache` (ESLint's): a deployment's findings are reused when none of its inputs changed.
 * An entry is keyed by what the deployment is (its target: manifest, ops-files, vars, LB
 * files and every other flag; the config's text; the `--vars-env` variables; cf-ws-lint's
 * version) and holds the content hash of every file the lint read. A run reuses an entry
 * only when every one of those files still hashes the same. The file is written atomically;
 * one that cannot be read or parsed is ignored (the run lints and writes a fresh one).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../rules/finding.js';
import type { LintTarget } from './types.js';
import { writeOutputFile } from './write-output.js';

export const DEFAULT_CACHE_FILE = '.cf-ws-lint-cache';
const CACHE_FORMAT = 1;

export interface CachedLint {
  findings: Finding[];
  files: string[];
}

interface Entry extends CachedLint {
  /** Absolute path -> sha256 of its content (a directory: of its files' names and contents). */
  inputs: Record<string, string>;
}

interface CacheFile {
  format: typeof CACHE_FORMAT;
  entries: Record<string, Entry>;
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The hash of what a path holds now: a file's bytes, a directory's files, or that nothing is there. */
function contentHash(file: string): string {
  try {
    if (!statSync(file).isDirectory()) return sha256(readFileSync(file));
    const hash = createHash('sha256');
    for (const name of readdirSync(file).sort()) {
      const full = path.join(file, name);
      if (!statSync(full).isFile()) continue;
      hash.update(`${name}\0`).update(readFileSync(full)).update('\0');
    }
    return `dir:${hash.digest('hex')}`;
  } catch {
    return 'absent';
  }
}

/** int64 fix values are bigints, which JSON has no type for: they travel as `{ "$bigint": "…" }`. */
function replacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? { $bigint: value.toString() } : value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value !== null && typeof value === 'object' && Object.keys(value).length === 1 && typeof (value as { $bigint?: unknown }).$bigint === 'string') {
    return BigInt((value as { $bigint: string }).$bigint);
  }
  return value;
}

function isCacheFile(data: unknown): data is CacheFile {
  const candidate = data as Partial<CacheFile> | null;
  return candidate !== null && typeof candidate === 'object' && candidate.format === CACHE_FORMAT && typeof candidate.entries === 'object' && candidate.entries !== null;
}

function isEntry(entry: unknown): entry is Entry {
  const candidate = entry as Partial<Entry> | null;
  return candidate !== null && typeof candidate === 'object' && Array.isArray(candidate.findings) && Array.isArray(candidate.files) && typeof candidate.inputs === 'object' && candidate.inputs !== null;
}

/** What a deployment is, apart from its files' contents: everything else its findings depend on. */
export function deploymentKey(target: LintTarget, context: { version: string; configText: string | undefined; env: NodeJS.ProcessEnv }): string {
  const prefixes = target.varsEnv ?? [];
  const env = Object.entries(context.env)
    .filter(([name]) => prefixes.some((prefix) => name.startsWith(`${prefix}_`)))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return sha256(JSON.stringify({ version: context.version, target, config: context.configText ?? null, env }));
}

export class LintCache {
  private readonly entries: Record<string, Entry>;
  private changed = false;

  private constructor(
    readonly file: string,
    entries: Record<string, Entry>,
  ) {
    this.entries = entries;
  }

  /** The cache at `file`; missing, unreadable or corrupt is an empty cache. */
  static open(file: string): LintCache {
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(file, 'utf8'), reviver);
    } catch {
      return new LintCache(file, {});
    }
    return new LintCache(file, isCacheFile(data) ? data.entries : {});
  }

  /** The findings recorded under `key`, when every file they came from is unchanged. */
  get(key: string): CachedLint | undefined {
    const entry = Object.hasOwn(this.entries, key) ? this.entries[key] : undefined;
    if (!isEntry(entry)) return undefined;
    for (const [file, hash] of Object.entries(entry.inputs)) if (contentHash(file) !== hash) return undefined;
    return { findings: entry.findings, files: entry.files };
  }

  /** Records a deployment's findings with the hashes of the files (`inputs`) they came from. */
  set(key: string, inputs: Iterable<string>, result: CachedLint): void {
    const hashes: Record<string, string> = {};
    for (const file of inputs) hashes[path.resolve(file)] = contentHash(file);
    this.entries[key] = { ...result, inputs: hashes };
    this.changed = true;
  }

  /** Writes the cache (atomically, never over an input of the run) if anything was added. */
  save(inputs: Iterable<string>): void {
    if (!this.changed) return;
    const data: CacheFile = { format: CACHE_FORMAT, entries: this.entries };
    writeOutputFile(this.file, `${JSON.stringify(data, replacer)}\n`, { inputs, force: true });
  }
}
