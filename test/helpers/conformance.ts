import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SHARED } from './corpus.js';

/** ../shared/conformance: cases checked against the real Go implementation. */
export const CONFORMANCE = path.join(SHARED, 'conformance');
export const hasConformance = existsSync(CONFORMANCE);
if (!hasConformance) console.warn(`SKIPPED: ${CONFORMANCE} is absent, so the BOSH conformance cases do not run`);

/** A conformance file's cases, or `fallback` where the folder is absent (the tests then skip). */
export function conformanceCases<T>(name: string, fallback: T): T {
  return hasConformance ? (JSON.parse(readFileSync(path.join(CONFORMANCE, name), 'utf8')) as T) : fallback;
}
