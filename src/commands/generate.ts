import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildConfigSchema } from '../engine/config/schema.js';
import { writeFileAtomic } from '../engine/write-file-atomic.js';
import type { Rule } from '../rules/rule.js';
import { updateReadmeRuleTable } from './rule-table.js';

export interface GeneratedFile {
  /** Relative to the repository root. */
  path: string;
  text: string;
}

export const CONFIG_SCHEMA_PATH = 'schemas/config.schema.json';

/**
 * The artefacts generated from the rule registry: the config JSON Schema and the README's
 * rule table. CI runs `npm run generate` and then `git diff --exit-code`, so they never drift.
 */
export function generatedFiles(root: string, rules: readonly Rule[], options: { lbFormats?: readonly string[] } = {}): GeneratedFile[] {
  const files: GeneratedFile[] = [{ path: CONFIG_SCHEMA_PATH, text: `${JSON.stringify(buildConfigSchema(rules, options), null, 2)}\n` }];
  const readme = path.join(root, 'README.md');
  if (existsSync(readme)) files.push({ path: 'README.md', text: updateReadmeRuleTable(readFileSync(readme, 'utf8'), rules) });
  return files;
}

/** Writes every generated file whose content changed; returns the paths written. */
export function writeGeneratedFiles(root: string, files: readonly GeneratedFile[]): string[] {
  const written: string[] = [];
  for (const file of files) {
    const target = path.join(root, file.path);
    if (existsSync(target) && readFileSync(target, 'utf8') === file.text) continue;
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileAtomic(target, file.text);
    written.push(file.path);
  }
  return written;
}
