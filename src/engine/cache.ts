/**
 * `--cache` (ESLint's): a deployment's findings are reused when none of its inputs changed.
 * An entry is keyed by what the deployment is (its target: manifest, ops-files, vars, LB
 * files and every other flag; the config's text; the `--vars-env` variables; cf-ws-lint's
 * version) and holds the content hash of every file the lint read. A run reuses an entry
 * only when every one of those files still hashes the same. The file is written atomically;
 * one that cannot be read or parsed is ignored (the run lints and writes a fresh one).
 */
import path from 'node:path';
import type { WebSocketPath } from '../model/websocket-path.js';
import type { Finding } from '../rules/finding.js';
import { CACHE_FORMAT, contentHash, readCacheFile, serializeCacheFile, sha256, type DeploymentEntry, type RunRecord } from './cache-file.js';
import { envHash } from './run-replay.js';
import type { LintTarget } from './types.js';
import { writeOutputFile } from './write-output.js';

export interface CachedLint {
  findings: Finding[];
  files: string[];
  websocketPaths?: WebSocketPath[];
}

const isEntry = (entry: unknown): entry is DeploymentEntry => {
  const candidate = entry as Partial<DeploymentEntry> | null | undefined;
  return candidate !== null && typeof candidate === 'object' && Array.isArray(candidate.findings) && Array.isArray(candidate.files) && typeof candidate.inputs === 'object' && candidate.inputs !== null;
};

/** What a deployment is, apart from its files' contents: everything else its findings depend on. */
export function deploymentKey(target: LintTarget, context: { version: string; configText: string | undefined; env: NodeJS.ProcessEnv }): string {
  const identity = { version: context.version, target, config: context.configText ?? null, env: envHash(context.env, target.varsEnv ?? []) };
  return sha256(JSON.stringify(identity));
}

export class LintCache {
  private readonly entries: Record<string, DeploymentEntry>;
  private readonly runs: Record<string, RunRecord>;
  private changed = false;

  private constructor(
    readonly file: string,
    entries: Record<string, DeploymentEntry>,
    runs: Record<string, RunRecord>,
  ) {
    this.entries = entries;
    this.runs = runs;
  }

  /** The cache at `file`; missing, unreadable or corrupt is an empty cache. */
  static open(file: string): LintCache {
    const data = readCacheFile(file);
    return new LintCache(file, data?.entries ?? {}, data?.runs ?? {});
  }

  /** The findings recorded under `key`, when every file they came from is unchanged. */
  get(key: string): CachedLint | undefined {
    const entry = this.entryOf(key);
    if (!entry) return undefined;
    for (const [file, hash] of Object.entries(entry.inputs)) if (contentHash(file) !== hash) return undefined;
    return { findings: entry.findings, files: entry.files, ...(entry.websocketPaths ? { websocketPaths: entry.websocketPaths } : {}) };
  }

  /** The files (with their hashes) an entry was made from. */
  inputsOf(key: string): Record<string, string> {
    return this.entryOf(key)?.inputs ?? {};
  }

  /** Records a deployment's findings with the hashes of the files (`inputs`) they came from. */
  set(key: string, inputs: Iterable<string>, result: CachedLint): void {
    const hashes: Record<string, string> = {};
    for (const file of inputs) hashes[path.resolve(file)] = contentHash(file);
    this.entries[key] = { ...result, inputs: hashes };
    this.changed = true;
  }

  /** Records a whole run for run-replay.ts. */
  setRun(key: string, record: RunRecord): void {
    this.runs[key] = record;
    this.changed = true;
  }

  /** Writes the cache (atomically, never over an input of the run) if anything was added. */
  save(inputs: Iterable<string>): void {
    if (!this.changed) return;
    writeOutputFile(this.file, serializeCacheFile({ format: CACHE_FORMAT, entries: this.entries, runs: this.runs }), { inputs, force: true });
  }

  private entryOf(key: string): DeploymentEntry | undefined {
    const entry = Object.hasOwn(this.entries, key) ? this.entries[key] : undefined;
    return isEntry(entry) ? entry : undefined;
  }
}
