#!/usr/bin/env node
// With CF_WS_LINT_DEBUG=1 an internal error prints its stack, mapped to the TypeScript sources.
if (process.env.CF_WS_LINT_DEBUG) process.setSourceMapsEnabled(true);
const { main } = await import('../dist/bundle/cli.js');

process.exitCode = await main(process.argv.slice(2));
