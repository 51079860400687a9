#!/usr/bin/env node
/**
 * Bundles the CLI into one CommonJS file, dist/bundle/cli.cjs, and records V8's code cache
 * for it (scripts/code-cache.js, bin/bundle-loader.js). One file instead of ~100 modules
 * roughly halves start-up, and the code cache spares a run the compiling of what it executes
 * (README, Performance). CommonJS, because on Node 20 only a classic script can be compiled
 * with a code cache (vm.Script).
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';

rmSync('dist/bundle', { recursive: true, force: true });

/**
 * commander loads node:child_process at start-up for executable subcommands, which
 * cf-ws-lint has none of; loading it (and net, dgram, … behind it) costs every run ~3 ms.
 * It is loaded on first use instead. Should commander change that line, nothing is replaced.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(build) {
    build.onLoad({ filter: /commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const lazy = "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };";
      return { contents: source.replace("const childProcess = require('node:child_process');", lazy), loader: 'js' };
    });
  },
};

await build({
  entryPoints: { cli: 'dist/cli.js' },
  outfile: 'dist/bundle/cli.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // Modules that find files next to themselves (docs/rules, node_modules) sit as deep in
  // dist/ as the bundle does, so the bundle's own URL stands in for theirs.
  define: { 'import.meta.url': '__cfwsBundleUrl' },
  banner: { js: "var __cfwsBundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  // Loaded on first use from node_modules (src/util/schema-validator.ts), not at start-up.
  external: ['ajv'],
  minify: true,
  // An internal error's stack under CF_WS_LINT_DEBUG=1 is mapped back to the TypeScript
  // (bin/cf-ws-lint.js turns source maps on); keepNames would instead cost ~15 ms at start-up.
  sourcemap: 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  plugins: [lazyChildProcess],
});

const recorded = spawnSync(process.execPath, ['scripts/code-cache.js'], { stdio: 'inherit' });
if (recorded.status !== 0) console.warn('bundle: no code cache was recorded, so start-up compiles the whole CLI');
