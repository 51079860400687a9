import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ruleLookup } from '../engine/config/rule-lookup.js';
import { InputError } from '../util/errors.js';
import { paint } from '../util/ansi.js';
import { SEVERITY_NAMES } from '../rules/finding.js';
import type { Rule } from '../rules/rule.js';

/** docs/rules/ of the installed package: the same from src/commands/ (tests) and dist/commands/. */
export const DOCS_DIR = fileURLToPath(new URL('../../docs/rules/', import.meta.url));

/** `cf-ws-lint rules`: every rule as an aligned table, or as JSON (`--format json`). */
export function formatRuleList(rules: readonly Rule[], format = 'table'): string {
  if (format !== 'table' && format !== 'json') throw new InputError(`unknown format "${format}"; valid formats: table, json`);
  if (format === 'json') {
    const list = rules.map((rule) => ({
      id: rule.id,
      name: rule.name,
      severity: SEVERITY_NAMES[rule.severity],
      fixable: rule.fixable,
      description: rule.description,
      docsUrl: rule.docsUrl,
      defaultOptions: rule.defaultOptions,
      optionsSchema: rule.optionsSchema ?? null,
    }));
    return `${JSON.stringify(list, null, 2)}\n`;
  }
  const rows = [
    ['ID', 'NAME', 'SEVERITY', 'FIXABLE', 'DESCRIPTION'],
    ...rules.map((rule) => [rule.id, rule.name, SEVERITY_NAMES[rule.severity], rule.fixable ? 'yes' : 'no', rule.description]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const lines = rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  '));
  return `${lines.join('\n')}\n`;
}

export interface ExplainOptions {
  docsDir?: string;
  color?: boolean;
}

/**
 * `cf-ws-lint explain RULE` (id or name): the rule's doc page, lightly formatted for a
 * terminal, offline. Without a page it still prints what the registry knows.
 */
export function explainRule(ref: string, rules: readonly Rule[], options: ExplainOptions = {}): string {
  const rule = ruleLookup(rules)(ref);
  if (!rule) throw new InputError(`unknown rule "${ref}"; run "cf-ws-lint rules" to list them`);
  const page = path.join(options.docsDir ?? DOCS_DIR, `${rule.name}.md`);
  const markdown = existsSync(page)
    ? readFileSync(page, 'utf8')
    : `# ${rule.id} ${rule.name}\n\n${rule.description}\n\nSeverity: ${SEVERITY_NAMES[rule.severity]}. Fixable: ${rule.fixable ? 'yes' : 'no'}.\n\n${rule.docsUrl}\n`;
  return markdownForTerminal(markdown, options.color ?? false);
}

/** Headings bold, fences dropped and their code indented, links spelled out, HTML comments removed. */
export function markdownForTerminal(markdown: string, color: boolean): string {
  const p = paint(color);
  const out: string[] = [];
  let inFence = false;
  for (const line of markdown.replace(/<!--[\s\S]*?-->/g, '').split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      out.push(p.dim(`    ${line}`));
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*$/.exec(line);
    if (heading) {
      const text = inline(heading[2]!, color);
      out.push(heading[1]!.length === 1 ? p.bold(p.underline(text)) : p.bold(text));
      continue;
    }
    out.push(inline(line, color));
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

function inline(text: string, color: boolean): string {
  const p = paint(color);
  return text
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label: string, url: string) => (label === url ? url : `${label} (${url})`))
    .replace(/\*\*([^*]+)\*\*/g, (_, bold: string) => p.bold(bold))
    .replace(/`([^`]+)`/g, (code: string, inner: string) => (color ? p.cyan(inner) : code));
}
