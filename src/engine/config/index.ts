export { CONFIG_FILE_NAMES, configSearchPaths, findConfigFile, loadConfig, parseConfig, resolveConfig } from './load.js';
export { buildConfigSchema, CONFIG_SCHEMA_ID, type JsonSchema } from './schema.js';
export { resolveRuleSettings, type ResolvedRuleSetting } from './settings.js';
export { matchesGlob } from '../../util/glob.js';
export { ruleLookup, type RuleLookup } from './rule-lookup.js';
export type { Config, ConfigOverride, RuleSetting } from './types.js';
