/**
 * The GitHub Action (action.yml): its shape, and its lint step run for real. The step's
 * `run:` line is executed by bash as the runner would, with its `env:` filled from the
 * inputs, a fake $GITHUB_STEP_SUMMARY and $GITHUB_OUTPUT in a temp dir, and `npx` on PATH
 * resolving `cf-ws-lint@VERSION` to this checkout's built CLI (the network is not used).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../helpers/cli.js';

interface Step {
  id?: string;
  uses?: string;
  if?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, string>;
}

const action = parse(readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
};
const steps = action.runs.steps;
const lintStep = steps.find((s) => s.id === 'lint')!;

const scratch = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-action-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// A stand-in for npx that runs this checkout's CLI, and refuses any other package.
const shims = path.join(scratch, 'bin');
mkdirSync(shims);
writeFileSync(
  path.join(shims, 'npx'),
  `#!/usr/bin/env bash\n[ "$1" = --yes ] && shift\ncase "$1" in cf-ws-lint@*) echo "$1" > "${scratch}/npx-package"; shift; exec node ${JSON.stringify(path.join(ROOT, 'bin/cf-ws-lint.js'))} "$@";; esac\necho "npx: unexpected package $1" >&2; exit 127\n`,
);
chmodSync(path.join(shims, 'npx'), 0o755);
// A stand-in for npm: `npm ci` records where it ran and "builds" by linking this checkout's
// dist/ and node_modules/ in; NPM_SHIM_FAIL=1 makes it fail as an offline runner would.
writeFileSync(
  path.join(shims, 'npm'),
  `#!/usr/bin/env bash
echo "npm $* in $PWD" >> "${scratch}/npm-calls"
[ "\${NPM_SHIM_FAIL:-}" = 1 ] && { echo "npm ERR! network" >&2; exit 1; }
[ "$1" = ci ] && ln -s ${JSON.stringify(path.join(ROOT, 'dist'))} dist && ln -s ${JSON.stringify(path.join(ROOT, 'node_modules'))} node_modules
exit 0
`,
);
chmodSync(path.join(shims, 'npm'), 0o755);

/** A copy of the action as a runner checks it out before anything is built: no dist/, no node_modules/. */
function unbuiltActionCheckout(): string {
  const dir = mkdtempSync(path.join(scratch, 'action-checkout-'));
  for (const entry of ['action.yml', 'action', 'bin', 'package.json', 'package-lock.json']) cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  return dir;
}

// cf-deployment's api and router groups (doppler.port unset: 443) behind bosh-bootloader's classic ELB.
const MANIFEST = [
  'name: cf',
  'instance_groups:',
  '- name: api',
  '  jobs:',
  '  - name: cloud_controller_ng',
  '    properties:',
  '      system_domain: sys.example.com',
  '- name: router',
  '  jobs:',
  '  - name: gorouter',
  '    properties:',
  '      router: { enable_ssl: true }',
  '',
].join('\n');
const ELB = [
  'apiVersion: cf-ws-lint/v1alpha1',
  'kind: LoadBalancers',
  'loadBalancers:',
  '- name: cf-router',
  '  kind: aws-elb-classic',
  '  hostnames: ["*.sys.example.com"]',
  '  listeners:',
  '  - { port: 443, protocol: https, backend: { port: 80, protocol: http } }',
  '  - { port: 4443, protocol: ssl, backend: { port: 80, protocol: tcp } }',
  '',
].join('\n');
const AWS_OPS = '- type: replace\n  path: /instance_groups/name=api/jobs/name=cloud_controller_ng/properties/doppler?/port\n  value: 4443\n';

interface StepRun {
  code: number | null;
  stdout: string;
  stderr: string;
  summary: string;
  outputs: Record<string, string>;
  workspace: string;
  npxPackage: string;
  /** `npm ARGS in DIR` for each npm call the step made. */
  npmCalls: string;
}

let runs = 0;

/** Runs the lint step's `run:` line with the inputs given (defaults for the rest), as the runner would. */
function runStep(inputs: Record<string, string>, summaryBefore = '', actionPath = ROOT, extraEnv: Record<string, string> = {}): StepRun {
  const dir = path.join(scratch, `run-${runs++}`);
  const workspace = path.join(dir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  writeFileSync(path.join(workspace, 'cf.yml'), MANIFEST);
  writeFileSync(path.join(workspace, 'elb.yml'), ELB);
  writeFileSync(path.join(workspace, 'aws.yml'), AWS_OPS);
  const summaryFile = path.join(dir, 'step_summary.md');
  const outputFile = path.join(dir, 'output');
  writeFileSync(summaryFile, summaryBefore);
  writeFileSync(outputFile, '');
  const given = { ...Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, input.default])), ...inputs };
  // Only plain `${{ inputs.NAME }}` values: an expression of anything else would need the runner.
  const env = Object.fromEntries(
    Object.entries(lintStep.env ?? {}).map(([name, value]) => {
      const input = /^\$\{\{ inputs\.([\w-]+) \}\}$/.exec(value)?.[1];
      if (input === undefined || !(input in given)) throw new Error(`env ${name} is not an input: ${value}`);
      return [name, given[input]!];
    }),
  );
  rmSync(path.join(scratch, 'npx-package'), { force: true });
  rmSync(path.join(scratch, 'npm-calls'), { force: true });
  const result = spawnSync('bash', ['-e', '-c', lintStep.run!], {
    cwd: path.resolve(workspace, given['working-directory']!),
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: `${shims}:${process.env.PATH}`, HOME: dir, NO_COLOR: '1', GITHUB_ACTION_PATH: actionPath, GITHUB_STEP_SUMMARY: summaryFile, GITHUB_OUTPUT: outputFile, RUNNER_TEMP: dir, ...extraEnv, ...env },
  });
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  const npxPackage = existsSync(path.join(scratch, 'npx-package')) ? readFileSync(path.join(scratch, 'npx-package'), 'utf8').trim() : '';
  const npmCalls = existsSync(path.join(scratch, 'npm-calls')) ? readFileSync(path.join(scratch, 'npm-calls'), 'utf8') : '';
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, summary: readFileSync(summaryFile, 'utf8'), outputs, workspace, npxPackage, npmCalls };
}

describe('action.yml', () => {
  it('is a composite action: setup-node, the lint step, then an optional SARIF upload that runs even after failing findings', () => {
    expect(action.runs.using).toBe('composite');
    expect(steps.map((s) => s.uses ?? s.id)).toEqual(['actions/setup-node@v4', 'lint', 'github/codeql-action/upload-sarif@v3']);
    expect(steps[0]!.with).toEqual({ 'node-version': '${{ inputs.node-version }}' });
    expect(steps[2]!.if).toMatch(/always\(\) && inputs\.sarif == 'true'/);
    expect(steps[2]!.with?.sarif_file).toBe('${{ steps.lint.outputs.sarif-file }}');
  });

  it('never splices an expression into a shell script (inputs reach it through env)', () => {
    for (const step of steps.filter((s) => s.run !== undefined)) expect(step.run).not.toContain('${{');
    expect(lintStep.shell).toBe('bash');
  });

  it('declares each output the lint step writes', () => {
    const run = runStep({ args: 'cf.yml --lb elb.yml', sarif: 'true' });
    expect(Object.keys(run.outputs).sort()).toEqual(Object.keys(action.outputs).sort());
    for (const [name, output] of Object.entries(action.outputs)) expect(output.value).toBe(`\${{ steps.lint.outputs.${name} }}`);
  });
});

describe('which cf-ws-lint the lint step runs', () => {
  it('by default, the action\'s own checkout (no release on npm needed)', () => {
    const run = runStep({ args: 'cf.yml --lb elb.yml' });
    expect(action.inputs['version']!.default).toBe('');
    expect(run.npxPackage).toBe('');
    expect(run.npmCalls).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('CFWS002');
  });

  it('builds an unbuilt checkout first (npm ci there), with its output kept off the report', () => {
    const checkout = unbuiltActionCheckout();
    const run = runStep({ args: 'cf.yml --lb elb.yml' }, '', checkout);
    expect(run.npmCalls).toBe(`npm ci --no-audit --no-fund --loglevel=error in ${checkout}\n`);
    expect(run.stderr).toContain(`cf-ws-lint action: building cf-ws-lint in ${checkout} (npm ci)`);
    expect(run.code).toBe(1);
    expect(run.outputs).toMatchObject({ 'exit-code': '1', errors: '1' });
  });

  it('says so and exits 2 when that build fails', () => {
    const checkout = unbuiltActionCheckout();
    const run = runStep({ args: 'cf.yml --lb elb.yml' }, '', checkout, { NPM_SHIM_FAIL: '1' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`cf-ws-lint action: npm ci failed in ${checkout}; set the version input to run a release from npm instead`);
    expect(run.outputs['exit-code']).toBe('2');
  });

  it('with a version, that release through npx', () => {
    const run = runStep({ args: 'cf.yml --lb elb.yml', version: 'latest' });
    expect(run.npxPackage).toBe('cf-ws-lint@latest');
  });
});

describe('the lint step', () => {
  it('logs stylish, appends the markdown report to the job summary, sets the counts and fails with exit code 1 on an error', () => {
    const run = runStep({ args: 'cf.yml --lb elb.yml', version: '0.1.0' }, '# Earlier step\n');
    expect(run.code).toBe(1);
    expect(run.npxPackage).toBe('cf-ws-lint@0.1.0');
    expect(run.stdout).toContain('path: doppler.sys.example.com → cf-router:443 https ✗ Upgrade → gorouter:80 http');
    expect(run.summary.startsWith('# Earlier step\n## cf-ws-lint\n\n**1 problem**: 1 error')).toBe(true);
    expect(run.summary).toContain('```mermaid\nflowchart LR\n');
    expect(run.summary).toContain('✗ CFWS002 Upgrade"]:::failing');
    expect(run.outputs).toMatchObject({ 'exit-code': '1', errors: '1', warnings: '0', notes: '0' });
    expect(readFileSync(run.outputs['markdown-file']!, 'utf8')).toBe(run.summary.slice('# Earlier step\n'.length));
    expect(run.outputs['sarif-file']).toBeUndefined();
  });

  it('exits 0 with a clean summary when the findings are fixed; args may span lines', () => {
    const run = runStep({ args: 'cf.yml\n-o aws.yml\n--lb elb.yml\n' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.summary).toContain('No problems found.');
    expect(run.summary).toContain('cf-router<br/>:4443 ssl"]');
    expect(run.outputs).toMatchObject({ 'exit-code': '0', errors: '0' });
  });

  it('writes SARIF at an absolute path when asked, for upload-sarif', () => {
    const run = runStep({ args: 'cf.yml --lb elb.yml', sarif: 'true', 'sarif-file': 'reports/cf-ws-lint.sarif' });
    expect(run.outputs['sarif-file']).toBe(path.join(run.workspace, 'reports/cf-ws-lint.sarif'));
    const log = JSON.parse(readFileSync(run.outputs['sarif-file']!, 'utf8'));
    expect(log.version).toBe('2.1.0');
    expect(log.runs[0].results.map((r: { ruleId: string }) => r.ruleId)).toEqual(['CFWS002']);
  });

  it('leaves the summary alone when summary is false', () => {
    expect(runStep({ args: 'cf.yml --lb elb.yml', summary: 'false' }).summary).toBe('');
  });

  it('refuses formats in args: the action owns them', () => {
    const run = runStep({ args: 'cf.yml -f json' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("the 'args' input must not set -f");
    expect(run.npxPackage).toBe('');
  });

  it('says in the summary when cf-ws-lint stopped before it could report, and passes its exit code on', () => {
    const run = runStep({ args: 'missing.yml' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('missing.yml');
    expect(run.summary).toBe('## cf-ws-lint\n\ncf-ws-lint stopped with exit code 2 before it could report: see the job log.\n');
    expect(run.outputs['exit-code']).toBe('2');
  });

  it('does not let the shell expand args: a glob or $(...) reaches cf-ws-lint as written', () => {
    const run = runStep({ args: '$(touch pwned) *.yml' });
    expect(existsSync(path.join(run.workspace, 'pwned'))).toBe(false);
    expect(run.stdout + run.stderr).toContain('$(touch');
  });
});
