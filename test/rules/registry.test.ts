/**
 * The registry conformance test (stylelint's lib/rules/__tests__/index.test.mjs): every rule
 * has a well-formed unique id and name, a doc page that says whether it is fixable and names
 * its options, and a RuleTester file with valid and invalid cases that use every message.
 *
 * "Every message is used" is checked on the test file's text: a `messageId: '<id>'` in an
 * expectation counts, because the RuleTester compares each invalid case's findings with its
 * expectations exactly, so an expected message id is one the rule really produced in the run.
 * Likewise the tester itself fails a file whose tables are empty or hold duplicate names; here
 * the text is only checked for both tables, so a rule cannot go without a test file.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DOCS_DIR } from '../../src/commands/rule-docs.js';
import { engineRules } from '../../src/engine/engine-rules.js';
import { rules } from '../../src/rules/index.js';
import { DOCS_BASE } from '../../src/rules/rule.js';
import { caseProblems } from './rule-tester.js';

const TESTS_DIR = path.dirname(fileURLToPath(import.meta.url));
const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const all = [...rules, ...engineRules];

const page = (name: string) => path.join(DOCS_DIR, `${name}.md`);
const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');

/** The text of the `valid: [` and `invalid: [` tables of a RuleTester file. */
function tables(text: string): { valid: string; invalid: string } {
  const valid = text.indexOf('valid: [');
  const invalid = text.indexOf('invalid: [');
  if (valid < 0 || invalid < 0) return { valid: '', invalid: '' };
  return valid < invalid ? { valid: text.slice(valid, invalid), invalid: text.slice(invalid) } : { valid: text.slice(valid), invalid: text.slice(invalid, valid) };
}

describe('rule registry', () => {
  it('ids are unique: CFWS### for rules, CFWS9## reserved for the engine', () => {
    for (const rule of rules) expect(rule.id).toMatch(/^CFWS[0-8]\d{2}$/);
    for (const rule of engineRules) expect(rule.id).toMatch(/^CFWS9\d{2}$/);
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
  });

  it('is in id order', () => {
    expect(rules.map((r) => r.id)).toEqual([...rules.map((r) => r.id)].sort());
  });

  it('names are unique kebab-case, and the docs URL comes from the name', () => {
    for (const rule of all) {
      expect(rule.name).toMatch(KEBAB);
      expect(rule.docsUrl).toBe(`${DOCS_BASE}${rule.name}.md`);
    }
    expect(new Set(all.map((r) => r.name)).size).toBe(all.length);
  });

  it('message ids are camelCase', () => {
    for (const rule of all) for (const id of Object.keys(rule.messages)) expect(id, rule.name).toMatch(/^[a-z][a-zA-Z0-9]*$/);
  });
});

describe.each(all.map((rule) => [`${rule.id} ${rule.name}`, rule] as const))('%s', (_, rule) => {
  const doc = read(page(rule.name));

  it('has a doc page titled with its name and id', () => {
    expect(existsSync(page(rule.name)), page(rule.name)).toBe(true);
    expect(doc.split('\n')[0]).toBe(`# ${rule.name} (${rule.id})`);
    for (const section of ['## Rule details', '## Options', '## Examples', '## Fix', '## When not to use it']) expect(doc, section).toContain(section);
  });

  it('says "🔧 Fixable" in its page exactly when it is fixable', () => {
    expect(doc.includes('🔧 Fixable')).toBe(rule.fixable);
  });

  it('names every option in its page', () => {
    const properties = Object.keys((rule.optionsSchema?.properties as Record<string, unknown> | undefined) ?? {});
    for (const option of properties) expect(doc, option).toContain(option);
    if (properties.length === 0) expect(doc).toMatch(/has no options/);
  });
});

describe.each(rules.map((rule) => [`${rule.id} ${rule.name}`, rule] as const))('%s tests', (_, rule) => {
  const file = path.join(TESTS_DIR, `${rule.name}.test.ts`);
  const text = read(file);

  it('has a RuleTester file for exactly this rule', () => {
    expect(existsSync(file), file).toBe(true);
    expect(text).toContain(`from '../../src/rules/${rule.name}.js'`);
    expect(text).toMatch(/ruleTester\(rule, \{/);
  });

  it('has at least one valid and one invalid case', () => {
    const { valid, invalid } = tables(text);
    expect(valid).toMatch(/name:\s*['"`]/);
    expect(invalid).toMatch(/name:\s*['"`]/);
    expect(invalid).toMatch(/errors:\s*\[/);
  });

  it('uses every message id in an expectation', () => {
    const unused = Object.keys(rule.messages).filter((id) => !new RegExp(`messageId:\\s*'${id}'`).test(text));
    expect(unused).toEqual([]);
  });
});

describe('RuleTester', () => {
  const manifest = 'name: cf\n';
  it('refuses empty tables, duplicate names and invalid cases that expect nothing', () => {
    expect(caseProblems({ valid: [], invalid: [] })).toEqual(['there must be at least one valid case', 'there must be at least one invalid case']);
    expect(
      caseProblems({
        valid: [{ name: 'a', manifest }],
        invalid: [
          { name: 'a', manifest, errors: [{ messageId: 'x', line: 1 }], opsFile: null },
          { name: 'b', manifest, errors: [], opsFile: null },
        ],
      }),
    ).toEqual(['duplicate case name "a"', 'invalid case "b" expects no findings: make it a valid case']);
  });
});
