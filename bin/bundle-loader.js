/**
 * Loads the bundled CLI (dist/bundle/cli.cjs) with V8's code cache, which `npm run build`
 * records next to it (scripts/code-cache.js): start-up then skips compiling what a lint
 * executes. The cache file begins with CRC-32s of the bundle's bytes and of the cached data,
 * so neither a rebuilt bundle nor damaged data is ever run with it (V8 checks neither: it
 * trusts a cache for a script of the same length). A CRC, not a cryptographic hash: this
 * guards against accidents, and loading node:crypto cost every run ~2 ms. V8 rejects a cache
 * made by another Node.js version or under other flags; either way the bundle is then simply
 * compiled, as it is on a Node.js without zlib.crc32 (before 20.15).
 */
// CommonJS (bin/package.json), as is the CLI's entry: Node starts a CommonJS entry ~5 ms
// sooner than an ES module one, and this file is on every run's path.
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { Script } = require('node:vm');
const { crc32 } = require('node:zlib');

const bundle = path.join(__dirname, '../dist/bundle/cli.cjs');
const CACHE_FILE = `${bundle}.v8cache`;

/**
 * The bundle's exports; `status` says whether the cache was `used`, `rejected` (by V8),
 * `absent` (none for this bundle) or `off`. `saveCache()` records what has run so far.
 */
function loadBundle({ useCache = true } = {}) {
  const require = Module.createRequire(bundle);
  // Source maps apply to modules that Node's own loader compiles.
  if (process.env.CF_WS_LINT_DEBUG) {
    process.setSourceMapsEnabled(true);
    return { exports: require(bundle), status: 'off', saveCache: () => 0 };
  }
  const bytes = readFileSync(bundle);
  const source = bytes.toString('utf8');
  const cachedData = useCache ? cacheFor(bytes) : undefined;
  const script = new Script(Module.wrap(source), { filename: bundle, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require, module, bundle, path.dirname(bundle));
  const status = !useCache ? 'off' : cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'used';
  return { exports: module.exports, status, saveCache: () => saveCache(bytes, script.createCachedData()) };
}

const HEADER_LENGTH = 8;

/** The header: CRC-32 of the bundle's bytes, then of the cached data (little-endian). */
function header(bundleBytes, data) {
  const bytes = Buffer.alloc(HEADER_LENGTH);
  bytes.writeUInt32LE(crc32(bundleBytes), 0);
  bytes.writeUInt32LE(crc32(data), 4);
  return bytes;
}

/** The cached data, if the cache file is intact and was made for these bundle bytes. */
function cacheFor(bundleBytes) {
  if (typeof crc32 !== 'function') return undefined;
  let file;
  try {
    file = readFileSync(CACHE_FILE);
  } catch {
    return undefined;
  }
  const data = file.subarray(HEADER_LENGTH);
  return file.length > HEADER_LENGTH && file.subarray(0, HEADER_LENGTH).equals(header(bundleBytes, data)) ? data : undefined;
}

/** Written whole or not at all: a temporary file, then a rename. Returns the bytes of cached data (0: none written). */
function saveCache(bundleBytes, data) {
  if (typeof crc32 !== 'function') return 0;
  const temporary = `${CACHE_FILE}.${process.pid}.tmp`;
  writeFileSync(temporary, Buffer.concat([header(bundleBytes, data), data]));
  renameSync(temporary, CACHE_FILE);
  return data.length;
}

exports.loadBundle = loadBundle;
