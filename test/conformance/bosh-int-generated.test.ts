/**
 * ../shared/conformance/bosh-int-generated.json: generated manifests, ops-files, variables
 * and broken variants, each answered by the real `bosh int` (bosh-cli with go-patch v0.2.0
 * and yaml.v2 v2.4.0). Every case must land in the same class; on success stdout is byte
 * for byte bosh's, on error the message is bosh's word for word (its `format` header: every
 * line trimmed, empty lines dropped, lines joined by one space).
 */
import { describe, expect, it } from 'vitest';
import { conformanceCases, hasConformance } from '../helpers/conformance.js';
import { InputError } from '../../src/util/errors.js';
import { evaluateBoshInt } from '../../src/bosh/bosh-int.js';

interface NamedText {
  name: string;
  content: string;
}

interface GeneratedCase {
  id: string;
  category: string;
  manifest: string;
  opsFiles: NamedText[];
  varsFiles: NamedText[];
  varFiles: NamedText[];
  args: string[];
  env: Record<string, string>;
  class: 'ok' | 'error';
  stdout: string;
  stderr: string;
}

const { cases } = conformanceCases<{ cases: GeneratedCase[] }>('bosh-int-generated.json', { cases: [] });

type Outcome = { class: 'ok'; stdout: string } | { class: 'error'; message: string };

/** bosh's texts and cf-ws-lint's compared word for word, as the file's header says. */
export function wordForWord(text: string): string {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');
}

/**
 * The case's files stand in for the file system; a file named in args but not listed is
 * missing, and reading it fails as Go's os.Open words it (bosh-cli quotes that text).
 */
function run(c: GeneratedCase): Outcome {
  const files = new Map<string, string>([...c.opsFiles, ...c.varsFiles, ...c.varFiles].map((f) => [f.name, f.content]));
  const readText = (file: string): string => {
    const text = files.get(file);
    if (text === undefined) throw new InputError(`Opening file ${file}: open ${file}: no such file or directory`, { file });
    return text;
  };
  try {
    return { class: 'ok', stdout: evaluateBoshInt({ manifest: c.manifest, args: c.args, env: c.env, readText }) };
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return { class: 'error', message: wordForWord(error.message) };
  }
}

function expected(c: GeneratedCase): Outcome {
  return c.class === 'ok' ? { class: 'ok', stdout: c.stdout } : { class: 'error', message: wordForWord(c.stderr) };
}

/** Cases whose recorded answer cannot be matched, each with the reason (none so far). */
const documentedDifferences = new Map<string, string>();

describe.skipIf(!hasConformance)('bosh int, generated cases', () => {
  const checked = cases.filter((c) => !documentedDifferences.has(c.id));

  it('matches the real bosh int on every case', () => {
    const failures: string[] = [];
    for (const c of checked) {
      const got = run(c);
      const want = expected(c);
      if (JSON.stringify(got) !== JSON.stringify(want)) failures.push(`${c.id}\n  want ${JSON.stringify(want)}\n  got  ${JSON.stringify(got)}`);
    }
    console.log(`bosh-int-generated.json: ${checked.length - failures.length}/${cases.length} cases pass, ${documentedDifferences.size} documented differences`);
    expect(failures.slice(0, 20)).toEqual([]);
    expect(failures.length).toBe(0);
  });
});
