/**
 * Mutation fuzzing of every LB reader: real files (bosh-bootloader Terraform, the corpus LB
 * files, the project's fixtures) damaged by byte flips, line deletions, duplications and
 * swaps, truncation and inserted syntax, then read. The outcome is LoadBalancer[] (whose
 * listener table prints) or an InputError, within a time bound.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { listenerTableJson, listenerTableText, readLoadBalancers, type LbFormatName } from '../../src/load/lb/index.js';
import { detectJsonFormat, detectTextFormat } from '../../src/load/lb/detect.js';
import { looksLikeJson, parsePositionedJson } from '../../src/load/lb/json-positions.js';
import { ROOT } from '../helpers/cli.js';
import { CORPUS, hasCorpus } from '../helpers/corpus.js';
import { filesUnder, mutate, mutationsArb, runs, tempDir, timeoutFor } from './support.js';

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
      fc.property(fc.constantFrom(...byName.keys()), mutationsArb, fc.boolean(), fc.boolean(), (name, mutations, forceFormat, withVariables) => {
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
});
