import { existsSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './cli.js';

/** The real-world corpus beside the project; tests skip, visibly, where it is absent. */
export const SHARED = path.resolve(ROOT, '../shared');
export const CORPUS = path.join(SHARED, 'corpus');
export const hasCorpus = existsSync(CORPUS);

export function corpusFile(relative: string): string {
  return path.join(CORPUS, relative);
}

if (!hasCorpus) console.warn(`SKIPPED: ${CORPUS} is absent, so the real-world corpus tests do not run`);
