#!/usr/bin/env node
/**
 * `npm run bench`: real timings over real inputs (../shared/corpus), printed with their
 * ratios to a floor. Runs of the things compared are interleaved, so machine noise hits
 * them alike; each figure is a median.
 *
 *  1. Cold CLI: cf-ws-lint cf-deployment.yml -o operations/aws.yml --lb <bbl aws cf_lb.tf>,
 *     against the floor (a bare node that reads the same files and yaml.parseDocument()s
 *     the YAML ones) and yamllint -d relaxed cf-deployment.yml.
 *  2. In-process: one lint of the same deployment, warm, against a warm parse.
 *  3. Many manifests: the CLI over directories of 1..200 manifests; the marginal cost of one.
 *  4. Size: generated manifests of 5k, 20k and 50k lines.
 *  5. Peak memory (max RSS) of the cold CLI run.
 *  6. A 20 MB manifest: the cold CLI's time and peak memory.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(root, '../shared/corpus');
if (!existsSync(corpus)) {
  console.log(`bench SKIPPED: ${corpus} is absent`);
  process.exit(0);
}
const runs = Number(process.env.BENCH_RUNS ?? 15);
const manifest = path.join(corpus, 'cf-deployment/cf-deployment.yml');
const aws = path.join(corpus, 'cf-deployment/operations/aws.yml');
const cfLb = path.join(corpus, 'bosh-bootloader/terraform/aws/templates/cf_lb.tf');
const bin = path.join(root, 'bin/cf-ws-lint.js');
const { lint } = await import(path.join(root, 'dist/index.js'));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(1)} ms`;
const ratio = (a, b) => `${(a / b).toFixed(2)}x`;

function timeCommand(command, args, env = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.error) throw result.error;
  return elapsed;
}

/** Interleaves the commands `rounds` times; returns each one's median wall time. */
function race(commands, rounds = runs) {
  const times = commands.map(() => []);
  for (let i = 0; i < rounds; i++) commands.forEach(([cmd, args, env], j) => times[j].push(timeCommand(cmd, args, env)));
  return times.map(median);
}

function timeInProcess(fn, count) {
  const times = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

const floorScript = "const {parseDocument}=require('yaml');const fs=require('fs');for(const f of process.argv.slice(1)){const t=fs.readFileSync(f,'utf8');if(/\\.ya?ml$/.test(f))parseDocument(t)}";
const hasYamllint = spawnSync('yamllint', ['--version']).status === 0;

console.log(`cf-ws-lint bench (node ${process.version}, ${runs} runs each, medians)\n`);

// 1. Cold CLI
const lintArgs = [bin, manifest, '-o', aws, '--lb', cfLb];
const commands = [
  [process.execPath, ['-e', floorScript, manifest, aws, cfLb]],
  [process.execPath, lintArgs],
  [process.execPath, lintArgs, { CF_WS_LINT_CODE_CACHE: 'off' }],
  ...(hasYamllint ? [['yamllint', ['-d', 'relaxed', manifest]]] : []),
];
// Twice the runs: a cold start is short and this VM's noise is not.
const [floor, cli, uncached, yamllint] = race(commands, runs * 2);
console.log(`1. Cold CLI: cf-deployment.yml -o operations/aws.yml --lb bbl aws cf_lb.tf (${runs * 2} runs)`);
console.log(`   floor (node + read + yaml.parseDocument)  ${ms(floor)}`);
console.log(`   cf-ws-lint                                 ${ms(cli)}   ${ratio(cli, floor)} the floor (target <= 0.60x)`);
console.log(`   cf-ws-lint without its code cache          ${ms(uncached)}   ${ratio(uncached, floor)} the floor`);
if (yamllint !== undefined) console.log(`   yamllint -d relaxed cf-deployment.yml      ${ms(yamllint)}   ${ratio(yamllint, cli)} cf-ws-lint's time (${yamllint > cli ? 'cf-ws-lint is faster' : 'yamllint is faster'})`);
else console.log('   yamllint not installed (apt-get install yamllint) — not compared');

// 2. In-process
const text = readFileSync(manifest, 'utf8');
const target = { manifest, opsFiles: [aws], lbFiles: [cfLb] };
lint(target);
const warmLint = timeInProcess(() => lint(target), runs * 2);
const warmParse = timeInProcess(() => parseDocument(text), runs * 2);
console.log('\n2. In-process, warm (same deployment)');
console.log(`   yaml.parseDocument(cf-deployment.yml)      ${ms(warmParse)}`);
console.log(`   lint()                                     ${ms(warmLint)}   ${ratio(warmLint, warmParse)} a parse`);

// 3. Many manifests
const dir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-bench-'));
try {
  const counts = [1, 10, 50, 200];
  const dirs = counts.map((n) => {
    const d = path.join(dir, `n${n}`);
    mkdirSync(d);
    for (let i = 0; i < n; i++) writeFileSync(path.join(d, `cf-${i}.yml`), text.replace(/^name: cf$/m, `name: cf-${i}`));
    return d;
  });
  const times = race(dirs.map((d) => [process.execPath, [bin, d]]));
  const marginal = (times.at(-1) - times[0]) / (counts.at(-1) - counts[0]);
  console.log('\n3. Many manifests: the CLI over a directory of N copies of cf-deployment.yml');
  counts.forEach((n, i) => console.log(`   N=${String(n).padEnd(4)} ${ms(times[i]).padStart(11)}   ${ms(times[i] / n)} per manifest`));
  console.log(`   marginal cost of one more manifest         ${ms(marginal)}   ${ratio(marginal, warmParse)} a warm parse (target <= 1.50x)`);

  // 4. Size
  console.log('\n4. Size: generated manifests, lint() in process');
  const sizes = [5_000, 20_000, 50_000];
  const perLine = [];
  for (const lines of sizes) {
    const file = path.join(dir, `big-${lines}.yml`);
    writeFileSync(file, generatedManifest(lines));
    lint({ manifest: file });
    const t = timeInProcess(() => lint({ manifest: file }), 7);
    perLine.push(t / lines);
    console.log(`   ${String(lines).padStart(6)} lines  ${ms(t).padStart(10)}   ${(t / lines * 1000).toFixed(2)} us/line`);
  }
  console.log(`   us/line 50k vs 5k: ${ratio(perLine[2], perLine[0])} (1.00x is perfectly linear)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// 5. Memory
const rss = spawnSync(process.execPath, ['--input-type=module', '-e', `const { loadBundle } = await import(${JSON.stringify(path.join(root, 'bin/bundle-loader.js'))}); await loadBundle().exports.main(${JSON.stringify([manifest, '-o', aws, '--lb', cfLb, '-f', 'json'])}); process.stderr.write('RSS ' + process.resourceUsage().maxRSS);`], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
const maxRss = Number(/RSS (\d+)/.exec(rss.stderr)?.[1] ?? NaN) / 1024;
console.log(`\n5. Peak memory (max RSS) linting cf-deployment.yml: ${maxRss.toFixed(1)} MiB (target <= 69 MiB)`);

// 6. A 20 MB manifest
big20();

/**
 * The 20 MB manifest of test/robustness/hostile.test.ts (the example's manifest and 20 MB of
 * instance groups), linted by the CLI in its own process: wall time and max RSS.
 */
function big20() {
  const example = path.join(root, 'examples/aws');
  const groups = [readFileSync(path.join(example, 'manifest.yml'), 'utf8')];
  let size = groups[0].length;
  for (let i = 0; size < 20 * 1024 * 1024; i++) {
    const group = `- name: filler-${i}\n  azs: [z1]\n  instances: 1\n  vm_type: small\n  stemcell: default\n  networks:\n  - name: default\n  jobs:\n  - name: job-${i}\n    release: capi\n    properties:\n      blob: "${'y'.repeat(300)}"\n      list: [1, 2, 3]\n      nested: {a: {b: ((system_domain))}}\n`;
    groups.push(group);
    size += group.length;
  }
  const dir20 = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-bench-20mb-'));
  try {
    const big = path.join(dir20, 'manifest.yml');
    writeFileSync(big, groups.join(''));
    const args = ['--no-config', big, '--lb', path.join(example, 'lb.yml'), '-l', path.join(example, 'vars.yml'), '-f', 'json'];
    const script = `const { loadBundle } = await import(${JSON.stringify(path.join(root, 'bin/bundle-loader.js'))}); const start = process.hrtime.bigint(); await loadBundle().exports.main(${JSON.stringify(args)}); process.stderr.write('MS ' + Number(process.hrtime.bigint() - start) / 1e6 + ' RSS ' + process.resourceUsage().maxRSS);`;
    const times = [];
    const peaks = [];
    for (let i = 0; i < 3; i++) {
      const start = process.hrtime.bigint();
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
      peaks.push(Number(/RSS (\d+)/.exec(run.stderr)?.[1] ?? NaN) / 1024);
    }
    console.log(`\n6. A 20 MB manifest (${(size / 2 ** 20).toFixed(1)} MiB, ${groups.length - 1} instance groups), the CLI in its own process, 3 runs`);
    console.log(`   time ${ms(median(times))} (target < 4 s), peak memory ${median(peaks).toFixed(0)} MiB (target < 400 MB)`);
  } finally {
    rmSync(dir20, { recursive: true, force: true });
  }
}

/** A cf-deployment-shaped manifest of about `lines` lines: many instance groups and jobs. */
function generatedManifest(lines) {
  const out = ['name: big', 'instance_groups:'];
  let i = 0;
  while (out.length < lines) {
    out.push(`- name: group-${i}`, '  instances: 2', '  azs: [z1, z2]', '  networks:', '  - name: default', '  jobs:');
    out.push(i === 0 ? '  - name: cloud_controller_ng' : `  - name: job-${i}`, '    release: capi', '    properties:', `      system_domain: sys.example.com`, '      doppler:', `        port: 443`, `      settings: &s${i}`, `        key: value-${i}`, `        list: [a, b, c]`, `      copy: *s${i}`);
    i++;
  }
  return `${out.join('\n')}\n`;
}

// 6. Cached re-run (issue 16): `--cache` with nothing changed, against a bare `node -e 0`.
// Its own temporary directory (no .cf-ws-lint.yml above it), a first run to fill the cache.
{
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-bench-cache-'));
  try {
    const cachedArgs = [bin, manifest, '-o', aws, '--lb', cfLb, '--cache', '--cache-location', path.join(cacheDir, 'cache')];
    spawnSync(process.execPath, cachedArgs, { cwd: cacheDir, stdio: 'ignore' });
    const timeIn = (args) => {
      const start = process.hrtime.bigint();
      spawnSync(process.execPath, args, { cwd: cacheDir, stdio: 'ignore' });
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const bare = [];
    const cached = [];
    for (let i = 0; i < runs * 2; i++) {
      bare.push(timeIn(['-e', '0']));
      cached.push(timeIn(cachedArgs));
    }
    console.log(`\n6. Cached re-run: cf-deployment.yml -o operations/aws.yml --lb cf_lb.tf --cache, nothing changed (${runs * 2} runs)`);
    console.log(`   node -e 0                                  ${ms(median(bare))}`);
    console.log(`   cf-ws-lint --cache                         ${ms(median(cached))}   ${ratio(median(cached), median(bare))} node -e 0 (target <= 1.50x)`);
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}
