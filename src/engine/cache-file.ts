/**
 * The `--cache` file: its shape, how it is read (anything unreadable or malformed is no
 * cache at all) and written, and the content hash every entry keeps of its inputs. Only Node
 * is imported, so the replay fast path (run-replay.ts) loads it without the linter.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { WebSocketPath } from '../model/websocket-path.js';
import type { Finding } from '../rules/finding.js';

/** 3: entries keep the WebSocket paths checked (a format-2 entry would draw none). */
export const CACHE_FORMAT = 3;

/** One deployment's findings, and the hash of every file they came from (absolute path -> hash). */
export interface DeploymentEntry {
  findings: Finding[];
  files: string[];
  /** The WebSocket paths the deployment's rules checked (the markdown formatter draws them). */
  websocketPaths?: WebSocketPath[];
  inputs: Record<string, string>;
}

/** One whole run's output (run-replay.ts). */
export interface RunRecord {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** Absolute path -> content hash ('absent' for a config file that was looked for). */
  inputs: Record<string, string>;
  /** The `--vars-env` prefixes of the run's deployments, and a hash of those variables. */
  envPrefixes: string[];
  envHash: string;
}

export interface CacheFile {
  format: typeof CACHE_FORMAT;
  entries: Record<string, DeploymentEntry>;
  runs: Record<string, RunRecord>;
}

/**
 * node:crypto, loaded on first use: every lint imports this module, few use `--cache`, and
 * loading it cost each of the others ~2 ms at start-up.
 */
let crypto: typeof import('node:crypto') | undefined;

function newSha256(): import('node:crypto').Hash {
  crypto ??= createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return crypto.createHash('sha256');
}

/** The hex SHA-256 every cache key and content hash is written in. */
export function sha256(data: string | Uint8Array): string {
  return newSha256().update(data).digest('hex');
}

/** The hash of what a path holds now: a file's bytes, a directory's files, or that nothing is there. */
export function contentHash(file: string): string {
  try {
    if (!statSync(file).isDirectory()) return sha256(readFileSync(file));
    const hash = newSha256();
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

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The cache at `file`; missing, unreadable, malformed or of another format is undefined. */
export function readCacheFile(file: string): CacheFile | undefined {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'), reviver);
  } catch {
    return undefined;
  }
  if (!isObject(data) || data.format !== CACHE_FORMAT || !isObject(data.entries) || !isObject(data.runs)) return undefined;
  return data as unknown as CacheFile;
}

export function serializeCacheFile(data: CacheFile): string {
  return `${JSON.stringify(data, replacer)}\n`;
}
