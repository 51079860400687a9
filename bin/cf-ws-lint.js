#!/usr/bin/env node
// CF_WS_LINT_CODE_CACHE=off loads the CLI without its code cache (bin/bundle-loader.js);
// =report also says on stderr whether the cache was used.
import { loadBundle } from './bundle-loader.js';

const mode = process.env.CF_WS_LINT_CODE_CACHE;
const { exports, status } = loadBundle({ useCache: mode !== 'off' });
if (mode === 'report') process.stderr.write(`cf-ws-lint: code cache ${status}\n`);
process.exitCode = await exports.main(process.argv.slice(2));
