import type { Rule } from '../../rules/rule.js';

/** Finds a rule by id (`CFWS001`) or name (`websocket-port-has-listener`), as config, directives and `explain` accept both. */
export type RuleLookup = (ref: string) => Rule | undefined;

export function ruleLookup(rules: readonly Rule[]): RuleLookup {
  const byRef = new Map<string, Rule>();
  for (const rule of rules) {
    byRef.set(rule.id, rule);
    byRef.set(rule.name, rule);
  }
  return (ref) => byRef.get(ref);
}
