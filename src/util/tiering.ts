/**
 * How long V8 waits before optimising, for a run of the CLI.
 *
 * A cold lint of a typical deployment reads ~100 KB and is over in ~130 ms. TurboFan
 * compiles during that time do not pay for themselves: on Node 20 they added ~25 ms to such a
 * run (README, Performance). So the CLI starts a run with V8's interrupt budget 64 times its
 * default, and functions stay longer in the interpreter and Sparkplug. This is the same trade
 * as `-XX:TieredStopAtLevel=1` for short-lived JVM tools. Once the inputs pass 512 KiB, long
 * work is ahead: the default comes back, and with it TurboFan's speed. Measured on
 * directories of cf-deployment copies, the run is faster than with V8's defaults at 1, 2, 3
 * and 10 manifests; at 1 MiB, 10 manifests were slower. A 20 MB manifest is unchanged.
 *
 * Only on the V8 this was measured on (Node 20's 11.x): another V8 keeps its own defaults, and
 * a flag it does not know could not be set silently anyway.
 */
import { setFlagsFromString } from 'node:v8';

const MEASURED_V8 = /^11\./;
/** V8 11's default `--interrupt-budget` (node --v8-options). */
const DEFAULT_BUDGET = 67_584;
const SHORT_RUN_BUDGET = DEFAULT_BUDGET * 64;
/** Inputs past this much text mean a long run (bench §3: where TurboFan starts to pay). */
const LONG_RUN_INPUT_BYTES = 512 * 1024;

let shortRun = false;
let inputBytes = 0;

/** The V8 flags the user gave Node.js: an interrupt budget of theirs is theirs to keep. */
function nodeFlagsGiven(): string {
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' ');
}

/**
 * Called by the CLI's entry after the bundle is loaded (its code cache is checked against
 * V8's flags, so they must not change before). Never by the library or the cache recorder.
 */
export function beginShortRun(v8Version: string = process.versions.v8, flagsGiven: string = nodeFlagsGiven()): void {
  if (shortRun || !MEASURED_V8.test(v8Version) || /--interrupt[-_]budget/.test(flagsGiven)) return;
  setFlagsFromString(`--interrupt-budget=${SHORT_RUN_BUDGET}`);
  shortRun = true;
  inputBytes = 0;
}

/** Counts input read; past the limit V8's default budget comes back. */
export function noteInputRead(bytes: number): void {
  if (!shortRun) return;
  inputBytes += bytes;
  if (inputBytes <= LONG_RUN_INPUT_BYTES) return;
  setFlagsFromString(`--interrupt-budget=${DEFAULT_BUDGET}`);
  shortRun = false;
}

/** Whether the run is still treated as short (for tests). */
export function isShortRun(): boolean {
  return shortRun;
}
