import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Writes through a temp file in the same directory and a rename, so readers never see half a file. */
export function writeFileAtomic(file: string, text: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    writeFileSync(temp, text);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
