/**
 * Mutation fuzzing of every LB reader: real files (bosh-bootloader Terraform, the corpus LB
 * files, the project's fixtures) damaged by byte flips, line deletions, duplications and
 * swaps, truncation and inserted syntax, then read. The outcome is LoadBalancer[] (whose
 * listener table prints) or an InputError, within a time bound.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/util/errors.js';
import { listenerTableJson, listenerTableText, readLoadBalancers, type LbFormatName } from '../../src/lb/index.js';
import { detectJsonFormat, detectTextFormat } from '../../src/lb/detect.js';
import { looksLikeJson, parsePositionedJson } from '../../src/lb/json-positions.js';
import { ROOT } from '../helpers/cli.js';
import { CORPUS, hasCorpus } from '../helpers/corpus.js';
import { filesUnder, hostileMutationsArb, mutate, runs, tempDir, timeoutFor } from './support.js';

const MAX_MS = 5000;

interface Source {
  file: string;
  name: string;
  bytes: Buffer;
  format: LbFormatName | undefined;
}

function formatOf(text: string, file: string): LbFormatName | undefined {
  if (looksLikeJson(text)) return detectJsonFormat(parsePositionedJson(text, file).value);
  return detectTextFormat(text);
}

/** The files that read cleanly as they are: damage to them is what is interesting. */
function sources(): { usable: Source[]; unreadable: string[] } {
  const files = [
    ...filesUnder(path.join(CORPUS, 'bosh-bootloader'), (n) => n.endsWith('.tf')),
    ...filesUnder(path.join(CORPUS, 'lb'), () => true),
    ...filesUnder(path.join(ROOT, 'fixtures/lb'), (n) => !n.endsWith('.tfvars')),
  ];
  const usable: Source[] = [];
  const unreadable: string[] = [];
  for (const file of files) {
    try {
      readLoadBalancers([file]);
      const bytes = readFileSync(file);
      usable.push({ file, name: path.basename(file), bytes, format: formatOf(bytes.toString('utf8'), file) });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      unreadable.push(path.relative(ROOT, file));
    }
  }
  return { usable, unreadable };
}

const { usable, unreadable } = sources();
/** Sources by path, so that a counterexample names the file rather than printing its bytes. */
const byName = new Map(usable.map((s) => [path.relative(ROOT, s.file), s]));
if (!hasCorpus) console.warn(`SKIPPED: ${CORPUS} is absent, so LB fuzzing mutates only the project's fixtures`);
if (unreadable.length > 0) console.info(`LB fuzz: not mutated (they do not read as they are): ${unreadable.join(', ')}`);

describe('fuzz: LB readers on mutated real files', () => {
  it('has real files to mutate', () => {
    expect(usable.length).toBeGreaterThan(hasCorpus ? 20 : 10);
    expect(new Set(usable.map((s) => s.format))).toEqual(new Set(['lb-yaml', 'haproxy', 'nginx', 'terraform-hcl', 'terraform-json', 'cloudformation', 'aws-cli-json']));
  });

  it(`reads each mutant as LoadBalancer[] or an InputError (${runs()} runs)`, () => {
    const dir = tempDir('fuzz-lb');
    let slowest = 0;
    let read = 0;
    fc.assert(
      fc.property(fc.constantFrom(...byName.keys()), hostileMutationsArb, fc.boolean(), fc.boolean(), (name, mutations, forceFormat, withVariables) => {
        const source = byName.get(name)!;
        const file = path.join(dir, source.name);
        writeFileSync(file, mutate(source.bytes, mutations));
        const options = {
          ...(forceFormat && source.format ? { format: source.format } : {}),
          ...(withVariables ? { terraformVariables: { system_domain: 'sys.example.com' } } : {}),
        };
        const started = performance.now();
        try {
          const lbs = readLoadBalancers([file], options);
          expect(Array.isArray(lbs)).toBe(true);
          expect(typeof listenerTableText(lbs)).toBe('string');
          expect(typeof listenerTableJson(lbs)).toBe('string');
          read++;
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          expect(error.message).not.toBe('');
        }
        const ms = performance.now() - started;
        slowest = Math.max(slowest, ms);
        expect(ms, `${source.name} took ${ms.toFixed(0)} ms`).toBeLessThan(MAX_MS);
      }),
      { numRuns: runs() },
    );
    console.info(`LB fuzz: ${runs()} mutants of ${usable.length} files, ${read} read as load balancers, slowest ${slowest.toFixed(1)} ms`);
  }, timeoutFor(runs(), 2));

  it('does not expand count = 100000000 (regression: minutes, then out of heap; 8,443 took 14 s)', () => {
    const dir = tempDir('lb-count');
    const file = path.join(dir, 'main.tf');
    const listener = 'listener {\n    lb_port = 443\n    lb_protocol = "https"\n    instance_port = 80\n    instance_protocol = "http"\n  }';
    writeFileSync(file, `resource "aws_elb" "many" {\n  count = 100000000\n  ${listener}\n}\nresource "aws_elb" "some" {\n  count = 8443\n  ${listener}\n}\nresource "aws_elb" "few" {\n  count = 3\n  ${listener}\n}\n`);
    const started = performance.now();
    const lbs = readLoadBalancers([file]);
    expect(performance.now() - started).toBeLessThan(MAX_MS);
    expect(lbs.map((lb) => lb.id)).toEqual(['aws_elb.many', 'aws_elb.some', 'aws_elb.few[0]', 'aws_elb.few[1]', 'aws_elb.few[2]']);
    expect(lbs[0]!.listeners[0]!.conditional).toBe(true);
    expect(JSON.stringify(lbs[0])).toMatch(/100000000 instances, more than 1000 are not expanded/);
  });

  // A directory is one Terraform configuration: its .tf files, overrides and tfvars together.
  const directories = [
    path.join(ROOT, 'fixtures/lb/terraform/aws-alb-elb'),
    path.join(CORPUS, 'bosh-bootloader/terraform/aws/templates'),
    path.join(CORPUS, 'bosh-bootloader/terraform/gcp/templates'),
  ].filter((d) => existsSync(d));
  const DIR_RUNS = runs(500);

  it(`reads each Terraform directory with one file mutated (tfvars included) as LoadBalancer[] or an InputError (${DIR_RUNS} runs)`, () => {
    const root = tempDir('fuzz-lb-dir');
    const contents = new Map(directories.map((d) => [path.relative(ROOT, d), readdirSync(d).map((name) => ({ name, bytes: readFileSync(path.join(d, name)) }))]));
    let slowest = 0;
    fc.assert(
      fc.property(fc.constantFrom(...contents.keys()), fc.nat(), hostileMutationsArb, (name, which, mutations) => {
        const files = contents.get(name)!;
        const dir = path.join(root, path.basename(path.dirname(name)), path.basename(name));
        mkdirSync(dir, { recursive: true });
        const victim = which % files.length;
        files.forEach((f, i) => writeFileSync(path.join(dir, f.name), i === victim ? mutate(f.bytes, mutations) : f.bytes));
        const started = performance.now();
        try {
          const lbs = readLoadBalancers([dir], { terraformVariables: { system_domain: 'sys.example.com' } });
          expect(typeof listenerTableText(lbs)).toBe('string');
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
        }
        const ms = performance.now() - started;
        slowest = Math.max(slowest, ms);
        expect(ms).toBeLessThan(MAX_MS);
      }),
      { numRuns: DIR_RUNS },
    );
    console.info(`LB fuzz: ${DIR_RUNS} mutated Terraform directories (${directories.length} sources), slowest ${slowest.toFixed(1)} ms`);
  }, timeoutFor(DIR_RUNS, 4));
});
