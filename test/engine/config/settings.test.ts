import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/engine/config/load.js';
import { resolveRuleSettings } from '../../../src/engine/config/settings.js';
import { rules } from '../../report/fixtures.js';

const config = parseConfig(
  [
    'rules:',
    '  CFWS001: warn',
    '  CFWS009: [warn, {minimum: 90}]',
    'overrides:',
    '  - files: ["envs/dev/**"]',
    '    rules: {CFWS001: off, CFWS009: error}',
    '  - files: ["envs/dev/legacy.yml", "*.yml"]',
    '    rules: {CFWS001: [info]}',
    '  - files: ["lb/**/*.{tf,json}"]',
    '    rules: {idle-timeouts: [info, {minimum: 300}]}',
  ].join('\n'),
  '/repo/.cf-ws-lint.yml',
  rules,
);

const settings = (file: string) => Object.fromEntries(resolveRuleSettings(config, file, rules));

describe('resolveRuleSettings', () => {
  it('is every rule at its defaults without a config', () => {
    expect(Object.fromEntries(resolveRuleSettings(undefined, '/repo/cf.yml', rules))).toEqual({
      CFWS001: { severity: 'error', options: {} },
      CFWS009: { severity: 'warn', options: { minimum: 60 } },
    });
  });

  it('applies rules:, merging given options over the defaults', () => {
    expect(settings('/repo/deploy/cf.yml')).toEqual({
      CFWS001: { severity: 'warn', options: {} },
      CFWS009: { severity: 'warn', options: { minimum: 90 } },
    });
  });

  it('applies matching overrides in order; a bare severity keeps the options in force', () => {
    expect(settings('/repo/envs/dev/cf.yml')).toEqual({
      CFWS001: { severity: 'off', options: {} },
      CFWS009: { severity: 'error', options: { minimum: 90 } },
    });
    // Later overrides win.
    expect(settings('/repo/envs/dev/legacy.yml').CFWS001).toEqual({ severity: 'info', options: {} });
    expect(settings('/repo/top.yml').CFWS001).toEqual({ severity: 'info', options: {} });
    expect(settings('/repo/lb/aws/main.tf').CFWS009).toEqual({ severity: 'info', options: { minimum: 300 } });
  });

  it('matches globs against the path relative to the config file', () => {
    // Outside the config directory nothing but the base rules apply.
    expect(settings('/elsewhere/envs/dev/cf.yml').CFWS001!.severity).toBe('warn');
  });
});
