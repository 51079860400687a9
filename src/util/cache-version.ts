/**
 * What the result cache (--cache) keys its entries and replayed runs by: cf-ws-lint's version
 * and the build that runs it. Another build of the same version (a later commit run by the
 * GitHub Action from its own checkout, a local rebuild) may find other things, so it must not
 * replay this build's findings. The bundle's size and modification time name the build; they
 * take one stat, where hashing it would cost the replay path what it exists to save.
 */
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { VERSION } from './version.js';

/** dist/bundle/cli.cjs, from here in dist/util/ and from inside the bundle alike. */
const BUNDLE = new URL('../bundle/cli.cjs', import.meta.url);

/** `VERSION+SIZE.MTIME` of the bundle given (the built one by default), or the version alone where there is none. */
export function cacheVersion(bundle: string | URL = BUNDLE): string {
  try {
    const stats = statSync(typeof bundle === 'string' ? bundle : fileURLToPath(bundle));
    return `${VERSION}+${stats.size}.${Math.trunc(stats.mtimeMs)}`;
  } catch {
    return VERSION;
  }
}
