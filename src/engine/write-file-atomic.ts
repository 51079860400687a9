import { closeSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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

/**
 * Writes through a temp file in the same directory and a rename, so readers never see half a
 * file; an interrupt takes effect after the rename, so it leaves no temp file behind either.
 */
export function writeFileAtomic(file: string, text: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
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
