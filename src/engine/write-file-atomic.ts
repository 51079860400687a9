import { closeSync, lstatSync, openSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The signals a user or a CI runner interrupts with; SIGKILL cannot be held. */
const INTERRUPTS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const held: NodeJS.Signals[] = [];
let writing = 0;

function hold(signal: NodeJS.Signals): void {
  held.push(signal);
}

/**
 * Node kills the process on SIGINT at once, temp file and all, unless a listener is there.
 * While one is, a signal is queued; the event loop reads the queue in its poll phase, so the
 * listener goes only after two turns, and a signal that came meanwhile is raised again then.
 */
function holdInterrupts(): void {
  if (writing++ === 0) for (const signal of INTERRUPTS) process.on(signal, hold);
}

function releaseInterrupts(): void {
  setImmediate(() =>
    setImmediate(() => {
      if (--writing > 0) return;
      for (const signal of INTERRUPTS) process.removeListener(signal, hold);
      const [signal] = held.splice(0);
      if (signal) process.kill(process.pid, signal);
    }),
  );
}

/** The temp name of `file` for this write: `.NAME.PID.TIME.tmp` beside it. */
function tempName(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return false; // this process writes one file at a time, synchronously
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * SIGKILL (or a power cut) between writing the temp file and the rename leaves the temp file
 * behind. A later write of the same file removes those of its name whose process is gone:
 * regular files named exactly as tempName makes them, never anything else.
 */
function removeStaleTemps(file: string): void {
  const dir = path.dirname(file);
  const prefix = `.${path.basename(file)}.`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // the write itself reports a missing or unreadable directory
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(\d+)\.(\d+)\.tmp$/.exec(name.slice(prefix.length));
    if (!match || isRunning(Number(match[1]))) continue;
    const temp = path.join(dir, name);
    try {
      if (lstatSync(temp).isFile()) rmSync(temp, { force: true });
    } catch {
      // gone already, or not ours to remove
    }
  }
}

/**
 * Writes through a temp file in the same directory and a rename, so readers never see half a
 * file; an interrupt takes effect after the rename, so it leaves no temp file behind either.
 */
export function writeFileAtomic(file: string, text: string): void {
  removeStaleTemps(file);
  const temp = tempName(file);
  holdInterrupts();
  try {
    // `wx`: never through a link or a file someone left at the temp name (which stays theirs).
    const fd = openSync(temp, 'wx');
    try {
      try {
        writeFileSync(fd, text);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, file);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
  } finally {
    releaseInterrupts();
  }
}
