#!/usr/bin/env node
/**
 * Records the CLI's code cache (bin/bundle-loader.js): lints the bundled example against
 * one load balancer of each common kind, writes and applies a fix, then keeps what V8
 * compiled. Run by scripts/bundle.js in a process of its own, with Node's default flags
 * (V8 only takes a cache made under the same flags).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadBundle } from '../bin/bundle-loader.js';

const example = ['--no-config', 'examples/aws/manifest.yml', '-l', 'examples/aws/vars.yml'];
const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-code-cache-'));
const fixes = path.join(dir, 'fixes.yml');
const runs = [
  [...example, '--lb', 'examples/aws/lb.yml', '--fix', '--fix-out', fixes],
  [...example, '-o', fixes, '--lb', 'examples/aws/lb.yml'],
  [...example, '--lb', 'fixtures/lb/terraform/aws-alb-elb'],
  [...example, '--lb', 'fixtures/lb/haproxy/boshrelease-enable-4443.cfg'],
];

const { exports, saveCache } = loadBundle({ useCache: false });
const { stdout, stderr } = process;
const writes = [stdout.write, stderr.write];
try {
  stdout.write = stderr.write = () => true;
  for (const args of runs) await exports.main(args);
} finally {
  [stdout.write, stderr.write] = writes;
  rmSync(dir, { recursive: true, force: true });
}
console.log(`code cache: ${saveCache()} bytes from ${runs.length} runs`);
