/**
 * Mutation fuzzing of the whole CLI, in-process through `main()`: real manifests and
 * ops-files from ../shared/corpus (cf-deployment, cf-release, haproxy-boshrelease), damaged
 * and linted or interpolated. Every run ends with exit 0, 1 or 2, no stack trace, no
 * "internal error", within a time bound.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CORPUS, hasCorpus } from '../helpers/corpus.js';
import { cleanOutcome, filesUnder, hostileMutationArb, mutate, runMain, runs, tempDir, timeoutFor } from './support.js';

const MAX_MS = 5000;
/** A run lints a manifest of up to 4,000 lines; 300 of them take about as long as 2,000 ops-engine runs. */
const CLI_RUNS = runs(300);
/** Fewer hits than for the LB readers, so that more runs get past the YAML parser into lint. */
const fewMutations = fc.array(hostileMutationArb, { minLength: 1, maxLength: 3 });

/** Manifests, each with the ops-files written for it (an unrelated one fails at once). */
const DEPLOYMENTS: ReadonlyArray<{ manifest: string; opsRoots: string[] }> = [
  { manifest: 'cf-deployment/cf-deployment.yml', opsRoots: ['cf-deployment/operations'] },
  { manifest: 'cf-deployment@47fec0c-parent/cf-deployment.yml', opsRoots: ['cf-deployment@f91b42b', 'cf-deployment@f05ca03', 'cf-deployment@65a78f3-parent', 'cf-deployment@b21cdc7-parent'] },
  { manifest: 'cf-release/spec/fixtures/aws/cf-manifest.yml', opsRoots: [] },
  { manifest: 'cf-release/spec/fixtures/bosh-lite/cf-manifest.yml', opsRoots: [] },
  { manifest: 'cf-release/spec/fixtures/openstack/cf-manifest.yml', opsRoots: [] },
  { manifest: 'cf-release/spec/fixtures/vsphere/cf-manifest.yml', opsRoots: [] },
  { manifest: 'cf-release/templates/cf.yml', opsRoots: [] },
  { manifest: 'cf-release@08ea30e-parent/example_manifests/minimal-aws.yml', opsRoots: [] },
  { manifest: 'haproxy-boshrelease/manifests/haproxy.yml', opsRoots: ['haproxy-boshrelease/manifests/ops-files'] },
];

function opsFilesFor(roots: readonly string[]): string[] {
  return roots.flatMap((root) => filesUnder(path.join(CORPUS, root), (n) => n.endsWith('.yml') && n !== 'cf-deployment.yml')).map((f) => path.relative(CORPUS, f));
}

/** Flags that take the run down other paths: reports, fixes, variables, LB files. */
const EXTRA_FLAGS: readonly (readonly string[])[] = [
  [],
  ['--format', 'json'],
  ['--format', 'sarif'],
  ['--format', 'junit'],
  ['--format', 'github'],
  ['--fix', '--fix-out', '-'],
  ['--var-errs'],
  ['-v', 'system_domain=sys.example.com'],
  ['--lb', 'bosh-bootloader/terraform/aws/templates'],
  ['--lb', 'bosh-bootloader/terraform/gcp/templates'],
  ['--quiet', '--max-warnings', '0'],
];

describe.skipIf(!hasCorpus)('fuzz: the CLI on mutated real manifests and ops-files', () => {
  const texts = new Map<string, Buffer>();
  const bytesOf = (relative: string): Buffer => {
    let bytes = texts.get(relative);
    if (!bytes) texts.set(relative, (bytes = readFileSync(path.join(CORPUS, relative))));
    return bytes;
  };

  it(`ends every run with exit 0, 1 or 2, one clean message and no hang (${CLI_RUNS} runs)`, async () => {
    const deployments = DEPLOYMENTS.map((d) => ({ manifest: d.manifest, ops: opsFilesFor(d.opsRoots) }));
    expect(deployments.flatMap((d) => d.ops).length).toBeGreaterThan(5);
    const dir = tempDir('fuzz-cli');
    const codes = [0, 0, 0];
    const failures = new Map<string, number>();
    let slowest = 0;
    const started = performance.now();
    const runArb = fc
      .constantFrom(...deployments)
      .chain(({ manifest, ops }) => fc.record({ manifest: fc.constant(manifest), ops: ops.length > 0 ? fc.subarray(ops, { maxLength: 2 }) : fc.constant<string[]>([]) }))
      .chain((chosen) =>
        fc.record({
          manifest: fc.constant(chosen.manifest),
          ops: fc.constant(chosen.ops),
          damage: chosen.ops.length > 0 ? fc.constantFrom('manifest' as const, 'ops' as const, 'both' as const) : fc.constant('manifest' as const),
          manifestMutations: fewMutations,
          opsMutations: fewMutations,
          command: fc.constantFrom('lint', 'lint', 'lint', 'interpolate'),
          extra: fc.constantFrom(...EXTRA_FLAGS),
        }),
      );
    await fc.assert(
      fc.asyncProperty(runArb, async ({ manifest, ops: chosen, damage, manifestMutations, opsMutations, command, extra }) => {
          const write = (relative: string, damaged: boolean, mutations: typeof manifestMutations, i: number): string => {
            const file = path.join(dir, `${i}-${path.basename(relative)}`);
            writeFileSync(file, damaged ? mutate(bytesOf(relative), mutations) : bytesOf(relative));
            return file;
          };
          const manifestFile = write(manifest, damage !== 'ops', manifestMutations, 0);
          const opsArgs = chosen.flatMap((relative, i) => ['-o', write(relative, damage !== 'manifest', opsMutations, i + 1)]);
          const extraArgs = extra.map((arg, i) => (extra[i - 1] === '--lb' ? path.join(CORPUS, arg) : arg));
          const argv = command === 'lint' ? ['--no-config', '--no-color', manifestFile, ...opsArgs, ...extraArgs] : ['interpolate', manifestFile, ...opsArgs];
          const result = await runMain(argv);
          codes[result.code] = (codes[result.code] ?? 0) + 1;
          if (result.code === 2) {
            const why = result.stderr.trim().replace(/^cf-ws-lint: [^:]*(:\d+){0,2}: /, '').slice(0, 40);
            failures.set(why, (failures.get(why) ?? 0) + 1);
          }
          slowest = Math.max(slowest, result.ms);
          expect(cleanOutcome(result), `cf-ws-lint ${argv.join(' ')}`).toBeUndefined();
          expect(result.ms, `cf-ws-lint ${argv.join(' ')} took ${result.ms.toFixed(0)} ms`).toBeLessThan(MAX_MS);
      }),
      { numRuns: CLI_RUNS },
    );
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const topFailures = [...failures].sort((a, b) => b[1] - a[1]).slice(0, 8);
    console.info(`CLI fuzz exit-2 reasons: ${topFailures.map(([why, n]) => `${n}× ${why}`).join(' | ')}`);
    console.info(`CLI fuzz: ${CLI_RUNS} runs in ${seconds} s (exit 0: ${codes[0]}, 1: ${codes[1]}, 2: ${codes[2]}), slowest ${slowest.toFixed(0)} ms`);
  }, timeoutFor(CLI_RUNS, 40));
});

if (!hasCorpus) {
  describe('fuzz: the CLI on mutated real manifests and ops-files', () => {
    it.skip(`skipped: ${CORPUS} is absent`, () => {});
  });
}
