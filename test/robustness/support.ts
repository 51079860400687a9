/**
 * Shared by the robustness suites: run budgets, the mutation arbitrary that damages real
 * files, and `main()` run in-process with its output captured.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll } from 'vitest';
import { main } from '../../src/cli.js';
import { InputError } from '../../src/util/errors.js';

/** `FUZZ_RUNS=20000 npx vitest run test/robustness` raises every budget by the same factor. */
const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? '') || undefined;
const DEFAULT_RUNS = 2000;

/** Runs for a target whose default budget is `base` (cheap targets 2,000; the CLI fewer). */
export function runs(base = DEFAULT_RUNS): number {
  return FUZZ_RUNS ? Math.max(1, Math.round((FUZZ_RUNS * base) / DEFAULT_RUNS)) : base;
}

/** A test's time limit for `count` runs of about `msPerRun` each, with room for slow machines. */
export function timeoutFor(count: number, msPerRun: number): number {
  return Math.max(30_000, Math.round(count * msPerRun * 4));
}

const made: string[] = [];
// Some hold 20 to 50 MB (the large and deeply nested files); none outlives its test file.
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `cf-ws-lint-${prefix}-`));
  made.push(dir);
  return dir;
}

/** Files under `dir` (recursively) whose names pass `keep`; none when `dir` is absent. */
export function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (keep(name)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

/** The one acceptable failure: an InputError (PatchError and friends are InputErrors). */
export function expectInputErrorOnly(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return;
    throw error;
  }
}

// ---- mutations ----

/** What damage to do; positions are reduced modulo the text's size when applied. */
export type Mutation =
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'deleteLine'; at: number }
  | { kind: 'duplicateLine'; at: number }
  | { kind: 'swapLines'; at: number; to: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'value'; at: number; text: string }
  /** Every line end rewritten to one kind (issue 15: bare CR, NEL and LS read differently by yaml.v2). */
  | { kind: 'lineEnds'; to: string }
  /** One chunk repeated in place (issue 15: 20,000 `bind` or `listen` lines, a 200 KB line). */
  | { kind: 'amplify'; at: number; length: number; times: number };

/** Syntax of every format read: YAML, HCL, JSON, HAProxy, nginx, BOSH placeholders. */
const SYNTAX = [
  ':', ': ', '- ', '-', '{', '}', '[', ']', ',', '"', "'", '`', '#', '|', '>', '?', '!', '&', '*', '%', '@', '=', ';', '(', ')', '\\', '/', '.', '~',
  '\n', '\r\n', '\r', '\t', ' ', '  ', '\u00a0', '\ufeff', '\u2028', '\ud800', '\u0085',
  '&a ', '*a', '<<: *a', '<<: ', '!!int ', '!!binary ', '!!str ', '!!map ', '!!set ', '!custom ', '--- ', '---\n', '...\n', '%YAML 1.1\n', '%TAG ! x\n',
  '((', '))', '((x))', '((a.b.0))', '((!y))', '(( z ))', '((__proto__))', '((constructor.prototype))',
  '__proto__', 'constructor', 'prototype', 'name=', '/-', '/0', 'name=web/', '?/x',
  '${', '${var.system_domain}', '%{', '%{ if x }', '<<EOF\n', 'EOF\n', '<<-EOT\n', '/*', '*/', '//', 'var.', 'local.', 'count.index', 'for x in y : ', 'dynamic "listener" {', 'content {',
  'null', 'true', 'false', '1e999', '-0', '0x', '9223372036854775808', '-1', 'NaN', '\\u0000', '\\ud800', '"\\', '{"', '":',
  'frontend x\n', 'backend y\n', 'listen z\n', 'bind :443 ssl\n', 'bind *:', 'mode tcp\n', 'server s 10.0.0.1:80\n', 'timeout tunnel 1h\n', 'option ', 'http-request set-header ', 'use_backend ', 'default_backend ',
  'server {', 'listen 443 ssl;', 'proxy_pass http://', 'upstream u {', 'stream {', 'include ', 'proxy_set_header Upgrade $http_upgrade;', '$', 'map $x $y {',
  'Resources:', 'Type: AWS::', 'Fn::', '!Ref ', '!Sub ', '!GetAtt ', 'Port: ', 'Protocol: ', 'Listeners:', 'LoadBalancerPort',
  'port: ', 'protocol: ', 'listeners:', 'load_balancers:', 'instance_groups:', 'jobs:', 'properties:', 'doppler:', 'port: 4443', 'name: ',
];

/** Values that keep a `key: value` or `key = value` line well-formed but change what it says. */
const VALUES = [
  '443', '4443', '80', '8443', '8081', '0', '-1', '65536', '99999999999999999999', '1.5', '0x1bb', '0o777', '1e3', '.inf', '.nan',
  'true', 'false', 'yes', 'off', 'null', '~', '""', "''", '[]', '{}', '[1, 2]', '{a: b}', '"((system_domain))"', '((doppler_port))', '((x.y.0))',
  '"https"', '"tcp"', '"ssl"', '"HTTP"', 'tls', 'https', 'http2', 'proxy_protocol', '"*.sys.example.com"', '*a', '&a x', '!!str 443', '!!int "443"',
  '"${var.x}"', 'var.elb_idle_timeout', 'null_resource.x.id', '"1024-1123"', '"80,443"', '__proto__', 'constructor',
];

const position = fc.nat({ max: 0x7fffffff });

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: position, mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('deleteLine' as const), at: position }),
  fc.record({ kind: fc.constant('duplicateLine' as const), at: position }),
  fc.record({ kind: fc.constant('swapLines' as const), at: position, to: position }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('insert' as const), at: position, text: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...SYNTAX) }, { weight: 1, arbitrary: fc.string({ maxLength: 8, unit: 'binary' }) }) }),
  fc.record({ kind: fc.constant('value' as const), at: position, text: fc.constantFrom(...VALUES) }),
  fc.record({ kind: fc.constant('value' as const), at: position, text: fc.constantFrom(...VALUES) }),
);

/**
 * The mutations that found issue 15's cases, for suites whose property is a clean outcome (the
 * differential YAML suite keeps mutationArb: bare CR and NEL are read differently on purpose).
 */
export const hostileMutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 6, arbitrary: mutationArb },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('lineEnds' as const), to: fc.constantFrom('\r', '\r\n', '\n', '\u0085', '\u2028', '\n\r') }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('amplify' as const), at: position, length: fc.integer({ min: 1, max: 80 }), times: fc.integer({ min: 2, max: 400 }) }) },
);

export const hostileMutationsArb = fc.array(hostileMutationArb, { minLength: 1, maxLength: 6 });

/** Amplification stops at this many added bytes, so a run stays a test of shape, not of size. */
const MAX_AMPLIFIED_BYTES = 64 * 1024;

/** One to six mutations, applied in order. */
export const mutationsArb = fc.array(mutationArb, { minLength: 1, maxLength: 6 });

function lineRanges(bytes: Buffer): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      ranges.push([start, i + 1]);
      start = i + 1;
    }
  }
  if (start < bytes.length) ranges.push([start, bytes.length]);
  return ranges;
}

/** Applies mutations to bytes (not text: a flip or a cut may leave invalid UTF-8 on purpose). */
export function mutate(original: Buffer, mutations: readonly Mutation[]): Buffer {
  let bytes = original;
  for (const m of mutations) {
    const size = bytes.length;
    switch (m.kind) {
      case 'flip': {
        if (size === 0) break;
        bytes = Buffer.from(bytes);
        bytes[m.at % size] ^= m.mask;
        break;
      }
      case 'truncate':
        bytes = bytes.subarray(0, size === 0 ? 0 : m.at % size);
        break;
      case 'lineEnds': {
        // latin1 keeps every byte as it is; the new line end goes in as its UTF-8 bytes.
        const end = Buffer.from(m.to, 'utf8').toString('latin1');
        bytes = Buffer.from(bytes.toString('latin1').split(/\r\n|\r|\n/).join(end), 'latin1');
        break;
      }
      case 'amplify': {
        if (size === 0) break;
        const at = m.at % size;
        const chunk = bytes.subarray(at, Math.min(size, at + m.length));
        const times = Math.max(1, Math.min(m.times, Math.floor(MAX_AMPLIFIED_BYTES / chunk.length)));
        bytes = Buffer.concat([bytes.subarray(0, at), ...Array<Buffer>(times).fill(chunk), bytes.subarray(at)]);
        break;
      }
      case 'insert': {
        const at = m.at % (size + 1);
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(m.text, 'utf8'), bytes.subarray(at)]);
        break;
      }
      default: {
        const lines = lineRanges(bytes);
        if (lines.length === 0) break;
        const [from, to] = lines[m.at % lines.length]!;
        if (m.kind === 'value') {
          // The value of the first assignment-looking line from here on, the rest kept.
          for (let k = 0; k < lines.length; k++) {
            const [start, end] = lines[(m.at + k) % lines.length]!;
            const line = bytes.subarray(start, end).toString('utf8');
            const match = /^([ \t]*(?:- )?[^\s:=#][^:=#\n]*(?::|[ \t]=)[ \t]+)([^\r\n]*)(\r?\n?)$/.exec(line);
            if (!match) continue;
            bytes = Buffer.concat([bytes.subarray(0, start), Buffer.from(`${match[1]}${m.text}${match[3]}`, 'utf8'), bytes.subarray(end)]);
            break;
          }
        } else if (m.kind === 'deleteLine') bytes = Buffer.concat([bytes.subarray(0, from), bytes.subarray(to)]);
        else if (m.kind === 'duplicateLine') bytes = Buffer.concat([bytes.subarray(0, to), bytes.subarray(from, to), bytes.subarray(to)]);
        else {
          const [otherFrom, otherTo] = lines[m.to % lines.length]!;
          const [a, b] = from <= otherFrom ? [[from, to], [otherFrom, otherTo]] : [[otherFrom, otherTo], [from, to]];
          if (a[1]! > b[0]!) break;
          bytes = Buffer.concat([bytes.subarray(0, a[0]), bytes.subarray(b[0], b[1]), bytes.subarray(a[1], b[0]), bytes.subarray(a[0], a[1]), bytes.subarray(b[1])]);
        }
      }
    }
  }
  return bytes;
}

// ---- the CLI in-process ----

export interface MainResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** `main(argv)` with stdout and stderr captured (not passed through) and its duration. */
export async function runMain(argv: string[]): Promise<MainResult> {
  const out: string[] = [];
  const err: string[] = [];
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  const capture = (into: string[]) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof process.stdout.write;
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  const started = performance.now();
  try {
    const code = await main(argv);
    return { code, stdout: out.join(''), stderr: err.join(''), ms: performance.now() - started };
  } finally {
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
  }
}

/** What every run must look like: a known exit code, no stack trace, no internal error. */
export function cleanOutcome(result: { code: number | null; stderr: string }): string | undefined {
  if (result.code !== 0 && result.code !== 1 && result.code !== 2) return `exit code ${result.code}`;
  if (/internal error/.test(result.stderr)) return `internal error: ${result.stderr}`;
  if (/\n\s+at .+[:(]\d+/.test(result.stderr)) return `stack trace: ${result.stderr}`;
  if (result.code === 2 && result.stderr.trim() === '') return 'exit 2 without a message';
  return undefined;
}
