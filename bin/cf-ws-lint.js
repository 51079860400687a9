#!/usr/bin/env node
// CF_WS_LINT_CODE_CACHE=off loads the CLI without its code cache (bin/bundle-loader.js);
// =report also says on stderr whether the cache was used. CommonJS (bin/package.json):
// Node starts a CommonJS entry sooner than an ES module one.
const { loadBundle } = require('./bundle-loader.js');

run(process.argv.slice(2)).then((exitCode) => {
  process.exitCode = exitCode;
});

async function run(argv) {
  // `--cache`: a run whose inputs are all unchanged is replayed before the linter is even
  // loaded (src/engine/run-replay.ts, which imports only Node).
  const replayed = argv.includes('--cache') ? await replay(argv) : undefined;
  if (replayed) {
    process.stdout.write(replayed.stdout);
    process.stderr.write(replayed.stderr);
    return replayed.exitCode;
  }
  const mode = process.env.CF_WS_LINT_CODE_CACHE;
  const { exports, status } = loadBundle({ useCache: mode !== 'off' });
  // After loading: V8 checks the code cache against its flags (src/util/tiering.ts).
  exports.beginShortRun();
  if (mode === 'report') process.stderr.write(`cf-ws-lint: code cache ${status}\n`);
  return exports.main(argv);
}

async function replay(args) {
  const { currentRunContext, replayRun } = await import('../dist/engine/run-replay.js');
  return replayRun(currentRunContext(args, process.cwd()));
}
