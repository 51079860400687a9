import { engineRules } from '../engine/engine-rules.js';
import { EXIT_CLEAN } from '../engine/exit-code.js';
import type { Rule } from '../rules/rule.js';
import { rules as registry } from '../rules/index.js';
import { explainRule, formatRuleList } from './rule-docs.js';

/** The registry's rules and the engine's own (directives, baseline), as the CLI lists them. */
const allRules: readonly Rule[] = [...registry, ...engineRules];

/** `cf-ws-lint rules [--format table|json]`. An unknown format is an InputError (exit 2). */
export function runRules(opts: { format?: string }, rules: readonly Rule[] = allRules): number {
  process.stdout.write(formatRuleList(rules, opts.format ?? 'table'));
  return EXIT_CLEAN;
}

/** `cf-ws-lint explain RULE`: colour only on a TTY without NO_COLOR. An unknown rule is an InputError (exit 2). */
export function runExplain(ref: string, rules: readonly Rule[] = allRules): number {
  const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
  process.stdout.write(explainRule(ref, rules, { color }));
  return EXIT_CLEAN;
}
