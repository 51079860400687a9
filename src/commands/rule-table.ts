import { SEVERITY_NAMES } from '../rules/finding.js';
import type { Rule } from '../rules/rule.js';

export const RULES_START = '<!-- rules:start -->';
export const RULES_END = '<!-- rules:end -->';

/** The README's rule table, generated from the registry (links are relative to the README). */
export function ruleTableMarkdown(rules: readonly Rule[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  const rows = rules.map(
    (rule) => `| ${rule.id} | [${rule.name}](docs/rules/${rule.name}.md) | ${cell(rule.description)} | ${SEVERITY_NAMES[rule.severity]} | ${rule.fixable ? '🔧' : ''} |`,
  );
  return ['| ID | Rule | Description | Default severity | Fixable |', '| --- | --- | --- | --- | :---: |', ...rows].join('\n');
}

/** Replaces what lies between the rules markers; throws when the README lacks them. */
export function updateReadmeRuleTable(readmeText: string, rules: readonly Rule[]): string {
  const start = readmeText.indexOf(RULES_START);
  const end = readmeText.indexOf(RULES_END, start);
  if (start === -1 || end === -1) throw new Error(`README has no ${RULES_START} … ${RULES_END} markers`);
  return `${readmeText.slice(0, start + RULES_START.length)}\n${ruleTableMarkdown(rules)}\n${readmeText.slice(end)}`;
}
