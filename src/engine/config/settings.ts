import path from 'node:path';
import type { Severity } from '../../rules/finding.js';
import type { Rule } from '../../rules/rule.js';
import { matchesGlob } from '../../util/glob.js';
import type { Config, RuleSetting } from './types.js';

export interface ResolvedRuleSetting {
  severity: Severity | 'off';
  options: unknown;
}

/**
 * Each rule's severity and options for one file (the CLI passes a deployment's manifest):
 * the rule's defaults, then `rules:`, then every override whose glob matches, in order.
 * A setting that gives only a severity keeps the options already in force (as ESLint does);
 * given options are merged over the rule's defaultOptions when both are objects.
 */
export function resolveRuleSettings(config: Config | undefined, filePath: string, rules: readonly Rule[]): Map<string, ResolvedRuleSetting> {
  const resolved = new Map<string, ResolvedRuleSetting>(rules.map((rule) => [rule.id, { severity: rule.severity, options: rule.defaultOptions }]));
  if (!config) return resolved;

  const defaults = new Map<string, unknown>(rules.map((rule) => [rule.id, rule.defaultOptions]));
  const apply = (settings: Map<string, RuleSetting>) => {
    for (const [ruleId, setting] of settings) {
      const current = resolved.get(ruleId);
      if (!current) continue;
      resolved.set(ruleId, {
        severity: setting.severity,
        options: 'options' in setting ? withDefaults(defaults.get(ruleId), setting.options) : current.options,
      });
    }
  };

  apply(config.rules);
  // A relative filePath is from process.cwd(), as on the command line; globs are from the config's directory.
  const relative = path.relative(config.dir, path.resolve(filePath)).split(path.sep).join('/');
  for (const override of config.overrides) {
    if (override.files.some((glob) => matchesGlob(relative, glob))) apply(override.rules);
  }
  return resolved;
}

function withDefaults(defaults: unknown, options: unknown): unknown {
  const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
  return isPlainObject(defaults) && isPlainObject(options) ? { ...defaults, ...options } : options;
}
