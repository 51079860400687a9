/**
 * Runs the examples of every rule page, as ESLint's tools/check-rule-examples.js does: each
 * fenced block under `### ✘ Incorrect` / `### ✔ Correct` whose info string names a file
 * (`yaml file=manifest.yml`, `file=lb.yml`, `file=ops.yml`, `file=vars.yml`, `file=cloud-config.yml`) is an input; a
 * `file=manifest.yml` block starts a new example. ✘ must give the rule a finding at error or
 * warn; ✔ none at those severities (notes are fine). A ```` ```yaml fix ```` block under
 * `## Fix` must be exactly what `--fix` writes for the first ✘ example. The engine's own rules
 * (directives, baseline) report on comments and baseline files, not on deployments, so their
 * pages hold no runnable examples and say so.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCS_DIR } from '../../src/commands/rule-docs.js';
import { engineRules } from '../../src/engine/engine-rules.js';
import { planFixes } from '../../src/engine/fix.js';
import { rules } from '../../src/rules/index.js';
import { lintCase, removeScratch, type RuleTestCase } from './rule-tester.js';

type Role = 'incorrect' | 'correct';

interface DocExample extends RuleTestCase {
  role: Role;
}

interface RulePage {
  examples: DocExample[];
  /** The ```yaml fix block under ## Fix, if any. */
  fixBlock?: string;
  /** Blocks naming a file outside an example section (a page error). */
  strayFiles: number;
}

const FILE_KEYS: Record<string, 'manifest' | 'lb' | 'ops' | 'varsFile' | 'cloudConfig'> = { 'manifest.yml': 'manifest', 'lb.yml': 'lb', 'ops.yml': 'ops', 'vars.yml': 'varsFile', 'cloud-config.yml': 'cloudConfig' };

/** The runnable parts of a rule page. */
export function parseRulePage(markdown: string): RulePage {
  const page: RulePage = { examples: [], strayFiles: 0 };
  let section: Role | 'fix' | undefined;
  let fence: { info: string; lines: string[]; at: number } | undefined;
  markdown.split(/\r?\n/).forEach((line, index) => {
    if (fence) {
      if (/^```\s*$/.test(line)) {
        closeFence(page, section, fence);
        fence = undefined;
      } else fence.lines.push(line);
      return;
    }
    const open = /^```(.*)$/.exec(line);
    if (open) {
      fence = { info: open[1]!.trim(), lines: [], at: index + 1 };
      return;
    }
    if (/^###\s+✘/.test(line)) section = 'incorrect';
    else if (/^###\s+✔/.test(line)) section = 'correct';
    else if (/^##\s+Fix\b/.test(line)) section = 'fix';
    else if (/^##?\s/.test(line)) section = undefined;
  });
  return page;
}

function closeFence(page: RulePage, section: Role | 'fix' | undefined, fence: { info: string; lines: string[]; at: number }): void {
  const text = `${fence.lines.join('\n')}\n`;
  const file = /(?:^|\s)file=(\S+)/.exec(fence.info)?.[1];
  if (section === 'fix' && /^yaml\s+fix$/.test(fence.info)) page.fixBlock = text;
  if (file === undefined) return;
  const key = FILE_KEYS[file];
  if (section !== 'incorrect' && section !== 'correct') {
    page.strayFiles++;
    return;
  }
  if (key === undefined) throw new Error(`line ${fence.at}: unknown example file "${file}" (expected ${Object.keys(FILE_KEYS).join(', ')})`);
  if (key === 'manifest') {
    page.examples.push({ role: section, name: `${section} example at line ${fence.at}`, manifest: text });
    return;
  }
  const current = page.examples.at(-1);
  if (!current || current.role !== section) throw new Error(`line ${fence.at}: ${file} comes before the example's manifest.yml block`);
  current[key] = text;
}

const pageOf = (name: string) => path.join(DOCS_DIR, `${name}.md`);

describe.each(rules.map((rule) => [rule.name, rule] as const))('docs/rules/%s.md', (_, rule) => {
  const file = pageOf(rule.name);
  const page = existsSync(file) ? parseRulePage(readFileSync(file, 'utf8')) : { examples: [], strayFiles: 0 };

  it('has at least one ✘ and one ✔ example, and no runnable block outside them', () => {
    expect(existsSync(file), `${file} exists`).toBe(true);
    expect(page.examples.filter((e) => e.role === 'incorrect').length).toBeGreaterThan(0);
    expect(page.examples.filter((e) => e.role === 'correct').length).toBeGreaterThan(0);
    expect(page.strayFiles).toBe(0);
  });

  it.each(page.examples.map((e) => [e.name, e] as const))('%s', (_, example) => {
    try {
      const reported = lintCase(rule, example).filter((f) => f.severity === 'error' || f.severity === 'warn');
      if (example.role === 'incorrect') expect(reported.length, `${rule.id} reports at error or warn`).toBeGreaterThan(0);
      else expect(reported.map((f) => `${f.messageId} ${f.message}`)).toEqual([]);
    } finally {
      removeScratch();
    }
  });

  it.runIf(rule.fixable)('shows the ops-file --fix writes for the first ✘ example', () => {
    const first = page.examples.find((e) => e.role === 'incorrect');
    expect(page.fixBlock, 'a ```yaml fix block under ## Fix').toBeDefined();
    try {
      expect(page.fixBlock).toBe(planFixes(lintCase(rule, first!)).text);
    } finally {
      removeScratch();
    }
  });
});

describe.each(engineRules.map((rule) => [rule.name, rule] as const))('docs/rules/%s.md (engine rule)', (_, rule) => {
  it('exists and, with nothing to lint a deployment with, says it has no runnable examples', () => {
    const file = pageOf(rule.name);
    expect(existsSync(file), `${file} exists`).toBe(true);
    const markdown = readFileSync(file, 'utf8');
    const page = parseRulePage(markdown);
    expect(page.examples).toEqual([]);
    expect(page.strayFiles).toBe(0);
    expect(markdown).toMatch(/no runnable examples/i);
  });
});
