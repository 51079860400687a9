/**
 * The fast path of `--cache`: a whole run replayed without loading the linter. A run that
 * only reads (no `--fix`, no `--output-file`, no baseline update, nothing from stdin, only
 * plain manifest files) records what it printed and its exit code, keyed by its command
 * line, its directory, its terminals and colour settings and cf-ws-lint's version, with the
 * hash of every file it read (and of the config files it looked for and did not find) and
 * of the `--vars-env` variables. `bin/cf-ws-lint.js` replays a record whose inputs all still
 * hash the same before it loads the bundle; otherwise the run lints, reusing each
 * deployment's entry as it can (cache.ts).
 *
 * This module imports only Node and the cache file and version it needs, none of the linter:
 * the bin loads it on its own, as dist/engine/run-replay.js.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { cacheVersion } from '../util/cache-version.js';
import { contentHash, readCacheFile, sha256, type RunRecord } from './cache-file.js';

export interface RunOutput {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** What a run's output depends on besides its files: the same key, the same output. */
export interface RunContext {
  argv: readonly string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Whether stdout and stderr are terminals (colour). */
  ttys: readonly [boolean, boolean];
  version: string;
}

/**
 * This process's context, for a run of `argv` in `cwd`: what `commands/lint.ts` records a run
 * under and `bin/cf-ws-lint.js` looks it up by. Asked only of a `--cache` run:
 * `process.stderr.isTTY` opens stderr (behind a pipe, loading node:net), which most runs never
 * write to.
 */
export function currentRunContext(argv: readonly string[], cwd: string): RunContext {
  return { argv, cwd, env: process.env, ttys: [process.stdout.isTTY === true, process.stderr.isTTY === true], version: cacheVersion() };
}

export function runKey(context: RunContext): string {
  const { FORCE_COLOR, NO_COLOR, TERM } = context.env;
  const identity = { argv: context.argv, cwd: context.cwd, ttys: context.ttys, version: context.version, color: [FORCE_COLOR ?? null, NO_COLOR ?? null, TERM ?? null] };
  return `run:${sha256(JSON.stringify(identity))}`;
}

/** A hash of the variables whose names start with one of `prefixes` and `_` (bosh-cli's --vars-env). */
export function envHash(env: NodeJS.ProcessEnv, prefixes: readonly string[]): string {
  const entries = Object.entries(env)
    .filter(([name]) => prefixes.some((prefix) => name.startsWith(`${prefix}_`)))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return sha256(JSON.stringify(entries));
}

/** The cache file of a command line: `--cache-location PATH`, `DIR/` or an existing directory, else `.cf-ws-lint-cache`. */
export function cacheFileFor(location: string | undefined, cwd: string): string {
  const resolved = path.resolve(cwd, location ?? CACHE_FILE_NAME);
  return location !== undefined && (location.endsWith('/') || location.endsWith(path.sep) || isDirectory(resolved)) ? path.join(resolved, CACHE_FILE_NAME) : resolved;
}

export const CACHE_FILE_NAME = '.cf-ws-lint-cache';

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** `--cache-location` as the command line gives it (`--cache-location X` or `--cache-location=X`; the last wins). */
function cacheLocationArg(argv: readonly string[]): string | undefined {
  let location: string | undefined;
  argv.forEach((arg, i) => {
    if (arg === '--cache-location') location = argv[i + 1];
    else if (arg.startsWith('--cache-location=')) location = arg.slice('--cache-location='.length);
  });
  return location;
}

/** The recorded output of this very run, when nothing it read has changed. */
export function replayRun(context: RunContext): RunOutput | undefined {
  if (!context.argv.includes('--cache')) return undefined;
  const cache = readCacheFile(cacheFileFor(cacheLocationArg(context.argv), context.cwd));
  const record = cache?.runs?.[runKey(context)];
  if (!isRunRecord(record)) return undefined;
  if (envHash(context.env, record.envPrefixes) !== record.envHash) return undefined;
  for (const [file, hash] of Object.entries(record.inputs)) if (contentHash(file) !== hash) return undefined;
  return { stdout: record.stdout, stderr: record.stderr, exitCode: record.exitCode };
}

function isRunRecord(value: unknown): value is RunRecord {
  const record = value as Partial<RunRecord> | null | undefined;
  return (
    record !== null &&
    typeof record === 'object' &&
    typeof record.stdout === 'string' &&
    typeof record.stderr === 'string' &&
    typeof record.exitCode === 'number' &&
    typeof record.envHash === 'string' &&
    Array.isArray(record.envPrefixes) &&
    typeof record.inputs === 'object' &&
    record.inputs !== null
  );
}
