import { DOMAIN_NAME } from '../../model/app-domains.js';
import { SEVERITY_NAMES } from '../../rules/finding.js';
import type { Rule } from '../../rules/rule.js';

/** Where the generated schema is published; editors fetch it from a `# yaml-language-server: $schema=` comment. */
export const CONFIG_SCHEMA_ID = 'https://raw.githubusercontent.com/cf-ws-lint/cf-ws-lint/main/schemas/config.schema.json';

/** As written in a config: outputs say `warning` and `note`, and the short `warn` and `info` are accepted too (ESLint's word). */
export const SEVERITY_SETTINGS = ['off', 'error', 'warning', 'warn', 'note', 'info'] as const;

export type JsonSchema = Record<string, unknown>;

const stringList = { type: 'array', items: { type: 'string', minLength: 1 } };

/**
 * The JSON Schema of `.cf-ws-lint.yml`, generated from the rule registry (markdownlint's
 * build-config-schema.mjs does the same): every rule is a key, by id and by name, and its
 * options are checked against the rule's own optionsSchema. schemas/config.schema.json is
 * this function's output; CI regenerates it and fails on a diff.
 */
export function buildConfigSchema(rules: readonly Rule[], options: { lbFormats?: readonly string[] } = {}): JsonSchema {
  const ruleProperties: Record<string, JsonSchema> = {};
  const ruleDefinitions: Record<string, JsonSchema> = {};
  for (const rule of rules) {
    ruleDefinitions[rule.id] = ruleSettingSchema(rule);
    ruleProperties[rule.id] = { $ref: `#/definitions/${rule.id}` };
    ruleProperties[rule.name] = { $ref: `#/definitions/${rule.id}` };
  }

  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: CONFIG_SCHEMA_ID,
    title: 'cf-ws-lint configuration (.cf-ws-lint.yml)',
    type: 'object',
    additionalProperties: false,
    properties: {
      rules: { $ref: '#/definitions/rules' },
      overrides: {
        description: 'Rule settings for some files only; later entries win. Globs are relative to this file (`*`, `?`, `**`, `{a,b}`).',
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['files', 'rules'],
          properties: {
            files: { ...stringList, minItems: 1 },
            rules: { $ref: '#/definitions/rules' },
          },
        },
      },
      deployments: {
        description: 'Named deployments that a bare `cf-ws-lint` lints. Paths are relative to this file.',
        type: 'object',
        additionalProperties: { $ref: '#/definitions/deployment' },
      },
      requireDirectiveReason: {
        description: 'Inline `# cf-ws-lint disable…` directives must give a reason after `--`.',
        type: 'boolean',
      },
      baseline: {
        description: 'Baseline file of accepted findings, relative to this file.',
        type: 'string',
        minLength: 1,
      },
    },
    definitions: {
      severity: { enum: [...SEVERITY_SETTINGS] },
      rules: {
        description: 'Per-rule severity (`off`, `error`, `warning` or `warn`, `note` or `info`) or `[severity, options]`, by rule id or name.',
        type: 'object',
        additionalProperties: false,
        properties: ruleProperties,
      },
      deployment: {
        type: 'object',
        additionalProperties: false,
        required: ['manifest'],
        properties: {
          manifest: { type: 'string', minLength: 1 },
          opsFiles: stringList,
          varsFiles: { ...stringList, description: 'As `bosh -l FILE`.' },
          varFiles: {
            description: 'As `bosh --var-file name=PATH`.',
            type: 'object',
            additionalProperties: { type: 'string', minLength: 1 },
          },
          vars: {
            description: 'As `bosh -v name=value`.',
            type: 'object',
            additionalProperties: { type: ['string', 'number', 'boolean'] },
          },
          varsEnv: { ...stringList, description: 'As `bosh --vars-env PREFIX`.' },
          varErrs: { type: 'boolean', description: 'As `bosh --var-errs`.' },
          lbFiles: stringList,
          appDomains: {
            description: 'App domains no manifest shows (made with `cf create-domain` or `cf create-shared-domain`), as `--app-domain` takes them.',
            type: 'array',
            items: { type: 'string', pattern: DOMAIN_NAME.source },
          },
          lbFormat: options.lbFormats ? { enum: [...options.lbFormats] } : { type: 'string', minLength: 1 },
          cloudConfig: { ...stringList, description: 'As `--cloud-config`: the BOSH cloud config, or ops-files over it, in order.' },
          lbHosts: {
            description: 'As `--lb-host LB=HOST`: which load balancer serves which host name.',
            type: 'object',
            additionalProperties: { type: 'string', minLength: 1 },
          },
        },
      },
      ...ruleDefinitions,
    },
  };
}

function ruleSettingSchema(rule: Rule): JsonSchema {
  const severity = { $ref: '#/definitions/severity' };
  // Tuples of fixed length: ajv's strictTuples rejects `[severity, options?]`.
  const forms: JsonSchema[] = [severity, { type: 'array', items: [severity], minItems: 1, maxItems: 1 }];
  if (rule.optionsSchema) forms.push({ type: 'array', items: [severity, rule.optionsSchema], minItems: 2, maxItems: 2 });
  return {
    description: `${rule.id} ${rule.name} (default ${SEVERITY_NAMES[rule.severity]}): ${rule.description}`,
    oneOf: forms,
  };
}
