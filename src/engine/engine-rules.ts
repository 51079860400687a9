import type { Finding, Location, Severity } from '../rules/finding.js';
import { defineRule, formatMessage, type Rule } from '../rules/rule.js';

/*
 * Problems the engine itself reports about directives and the baseline. They are rules so
 * that config can set their severity (or turn them off), SARIF can describe them and
 * `cf-ws-lint rules` lists them; their check never runs (the engine reports for them).
 * CFWS9xx is reserved for these.
 */

export const unusedDirective = defineRule({
  id: 'CFWS900',
  name: 'unused-directive',
  description: 'An inline `# cf-ws-lint disable…` directive suppresses nothing, so it can be removed.',
  severity: 'warn',
  fixable: false,
  messages: {
    unused: 'Unused cf-ws-lint {kind} directive (no problems were reported).',
    unusedRule: 'Unused cf-ws-lint {kind} directive (no problems were reported from {rule}).',
  },
  defaultOptions: {},
  check() {},
});

export const directiveMissingReason = defineRule({
  id: 'CFWS901',
  name: 'directive-missing-reason',
  description: 'With `requireDirectiveReason: true`, every `# cf-ws-lint disable…` directive gives its reason after ` -- `.',
  severity: 'error',
  fixable: false,
  messages: { missingReason: 'cf-ws-lint {kind} directive needs a reason: add " -- why" after the rules.' },
  defaultOptions: {},
  check() {},
});

export const unknownRuleInDirective = defineRule({
  id: 'CFWS902',
  name: 'unknown-rule-in-directive',
  description: 'A `# cf-ws-lint` directive names a rule id or name that does not exist, so it suppresses nothing for it.',
  severity: 'error',
  fixable: false,
  messages: { unknownRule: 'Unknown rule "{rule}" in cf-ws-lint {kind} directive.' },
  defaultOptions: {},
  check() {},
});

export const staleBaselineEntry = defineRule({
  id: 'CFWS903',
  name: 'stale-baseline-entry',
  description: 'A baseline entry no longer matches as many findings as it records; update the baseline to prune it.',
  severity: 'warn',
  fixable: false,
  messages: {
    stale: 'Baseline entry {rule} {what} matches {found} of {count} recorded findings; run with --update-baseline to prune it.',
  },
  defaultOptions: {},
  check() {},
});

/** Every engine rule, for the CLI to list after the registry's rules. */
export const engineRules: readonly Rule[] = [unusedDirective, directiveMissingReason, unknownRuleInDirective, staleBaselineEntry];

/** Severity settings as resolveRuleSettings returns them; only `severity` is read here. */
export type SeveritySettings = ReadonlyMap<string, { severity: Severity | 'off' }>;

/** A finding for an engine rule, at its configured severity; undefined when the rule is off. */
export function engineFinding<MessageId extends string>(
  rule: Rule<MessageId>,
  messageId: MessageId,
  data: Record<string, string | number>,
  location: Location,
  severities?: SeveritySettings,
): Finding | undefined {
  const severity = severities?.get(rule.id)?.severity ?? rule.severity;
  if (severity === 'off') return undefined;
  const message = formatMessage(rule.messages[messageId], data);
  return { ruleId: rule.id, ruleName: rule.name, severity, messageId, message, location, related: [] };
}
