import type { LintTarget } from '../types.js';
import type { Severity } from '../../rules/finding.js';

/** One rule's setting as written: `options` only when the config gave them. */
export interface RuleSetting {
  severity: Severity | 'off';
  options?: unknown;
}

export interface ConfigOverride {
  /** Globs relative to the config file's directory. */
  files: string[];
  /** Keyed by rule id, whether the config named the rule by id or by name. */
  rules: Map<string, RuleSetting>;
}

/** `.cf-ws-lint.yml`, validated, with rule names turned into ids and paths made absolute. */
export interface Config {
  /** Absolute path of the config file. */
  file: string;
  /** Its directory: the base of override globs and deployment paths. */
  dir: string;
  rules: Map<string, RuleSetting>;
  overrides: ConfigOverride[];
  /** What a bare `cf-ws-lint` lints, by name, with absolute paths. */
  deployments: Map<string, LintTarget>;
  requireDirectiveReason: boolean;
  /** Absolute path of the baseline file. */
  baseline?: string;
}
