import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { buildConfigSchema } from '../../../src/engine/config/schema.js';
import { rules } from '../../report/fixtures.js';

describe('buildConfigSchema', () => {
  const schema = buildConfigSchema(rules);
  const validate = new Ajv({ strict: true, allowUnionTypes: true }).compile(schema);

  it('compiles under ajv strict mode (union types aside: a published schema must be clean)', () => {
    expect(typeof validate).toBe('function');
  });

  it('accepts every rule by id and by name, with options checked by the rule’s own schema', () => {
    expect(validate({ rules: { CFWS001: 'off', 'idle-timeouts': ['warn', { minimum: 90 }] } })).toBe(true);
    expect(validate({ rules: { CFWS009: ['error'] } })).toBe(true);
    expect(validate({ rules: { CFWS009: ['warn', { minimum: 0 }] } })).toBe(false);
    expect(validate({ rules: { CFWS009: ['warn', { maximum: 3 }] } })).toBe(false);
    // A rule without options takes no options.
    expect(validate({ rules: { CFWS001: ['warn', {}] } })).toBe(false);
    // Outputs say warning and note; the config takes both spellings.
    expect(validate({ rules: { CFWS001: 'warning', CFWS009: 'note' } })).toBe(true);
    expect(validate({ rules: { CFWS001: 'warnings' } })).toBe(false);
    expect(validate({ rules: { CFWS999: 'off' } })).toBe(false);
  });

  it('describes deployments, overrides, requireDirectiveReason and baseline', () => {
    expect(
      validate({
        overrides: [{ files: ['envs/**'], rules: { CFWS001: 'warn' } }],
        deployments: { prod: { manifest: 'cf.yml', opsFiles: ['a.yml'], vars: { system_domain: 'sys.example.com', port: 443 }, lbFiles: ['lb.tf'] } },
        requireDirectiveReason: true,
        baseline: '.cf-ws-lint-baseline.json',
      }),
    ).toBe(true);
    expect(validate({ deployments: { prod: { opsFiles: [] } } })).toBe(false);
    expect(validate({ overrides: [{ files: [], rules: {} }] })).toBe(false);
    expect(validate({ extends: 'x' })).toBe(false);
  });

  it('documents each rule key for editors', () => {
    const definitions = schema.definitions as Record<string, { description: string }>;
    expect(definitions.CFWS009!.description).toBe('CFWS009 idle-timeouts (default warning): Idle timeouts must outlast the log stream keepalive.');
    const lbFormat = (buildConfigSchema(rules, { lbFormats: ['haproxy', 'nginx'] }).definitions as any).deployment.properties.lbFormat;
    expect(lbFormat).toEqual({ enum: ['haproxy', 'nginx'] });
  });
});
