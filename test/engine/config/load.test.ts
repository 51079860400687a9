import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findConfigFile, loadConfig, parseConfig, resolveConfig } from '../../../src/engine/config/load.js';
import { InputError } from '../../../src/util/errors.js';
import { rules } from '../../report/fixtures.js';

let root: string;
beforeEach(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-config-')));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** The InputError `text` raises, rendered as the CLI prints it. */
function configError(text: string): string {
  try {
    parseConfig(text, '/repo/.cf-ws-lint.yml', rules);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).render();
  }
  throw new Error('expected the config to be rejected');
}

describe('config discovery', () => {
  it('finds the nearest .cf-ws-lint.yml upward from cwd', () => {
    const deep = path.join(root, 'a', 'b', 'c');
    mkdirSync(deep, { recursive: true });
    writeFileSync(path.join(root, '.cf-ws-lint.yml'), 'rules: {}\n');
    expect(findConfigFile(deep)).toBe(path.join(root, '.cf-ws-lint.yml'));
    writeFileSync(path.join(root, 'a', '.cf-ws-lint.yaml'), 'rules: {}\n');
    expect(findConfigFile(deep)).toBe(path.join(root, 'a', '.cf-ws-lint.yaml'));
    // A directory by that name is not a config file.
    mkdirSync(path.join(root, 'a', 'b', '.cf-ws-lint.yml'));
    expect(findConfigFile(deep)).toBe(path.join(root, 'a', '.cf-ws-lint.yaml'));
  });

  it('stops at the filesystem root when there is none', () => {
    const dir = path.join(root, 'empty');
    mkdirSync(dir);
    // Holds unless some ancestor of the temp dir has a config of its own.
    const ancestorConfig = findConfigFile(path.dirname(root));
    expect(findConfigFile(dir)).toBe(ancestorConfig);
    expect(resolveConfig(dir, undefined, rules)?.file).toBe(ancestorConfig);
  });

  it('uses an explicit path relative to cwd, and a missing one is an input error', () => {
    writeFileSync(path.join(root, 'custom.yml'), 'requireDirectiveReason: true\n');
    expect(resolveConfig(root, 'custom.yml', rules)?.requireDirectiveReason).toBe(true);
    // --no-config
    writeFileSync(path.join(root, '.cf-ws-lint.yml'), 'requireDirectiveReason: true\n');
    expect(resolveConfig(root, false, rules)).toBeUndefined();
    expect(() => resolveConfig(root, 'nope.yml', rules)).toThrow(InputError);
    expect(() => loadConfig(path.join(root, 'nope.yml'), rules)).toThrow(/^no such file$/);
  });
});

describe('parseConfig', () => {
  it('turns rule names into ids, keeps options, and resolves paths against the config file', () => {
    const config = parseConfig(
      [
        'rules:',
        '  CFWS001: warn',
        '  idle-timeouts: [error, {minimum: 90}]',
        'overrides:',
        '  - files: ["envs/dev/**"]',
        '    rules: {websocket-port-has-listener: off}',
        'deployments:',
        '  prod:',
        '    manifest: deploy/cf.yml',
        '    opsFiles: [ops/a.yml]',
        '    varsFiles: [vars.yml]',
        '    varFiles: {ca: certs/ca.pem}',
        '    vars: {system_domain: sys.example.com, port: 443}',
        '    lbFiles: [lb/main.tf]',
        '    lbFormat: terraform-hcl',
        '    cloudConfig: [bbl/cloud-config.yml, bbl/lb-ops.yml]',
        '    lbHosts: {aws_elb.cf_router_lb: doppler.sys.example.com}',
        'requireDirectiveReason: true',
        'baseline: .baseline.json',
      ].join('\n'),
      '/repo/.cf-ws-lint.yml',
      rules,
    );
    expect(config.dir).toBe('/repo');
    expect(config.rules).toEqual(
      new Map([
        ['CFWS001', { severity: 'warn' }],
        ['CFWS009', { severity: 'error', options: { minimum: 90 } }],
      ]),
    );
    expect(config.overrides).toEqual([{ files: ['envs/dev/**'], rules: new Map([['CFWS001', { severity: 'off' }]]) }]);
    expect(config.deployments.get('prod')).toEqual({
      name: 'prod',
      manifest: '/repo/deploy/cf.yml',
      opsFiles: ['/repo/ops/a.yml'],
      varsFiles: ['/repo/vars.yml'],
      varFiles: ['ca=/repo/certs/ca.pem'],
      vars: ['system_domain=sys.example.com', 'port=443'],
      lbFiles: ['/repo/lb/main.tf'],
      lbFormat: 'terraform-hcl',
      cloudConfigs: ['/repo/bbl/cloud-config.yml', '/repo/bbl/lb-ops.yml'],
      lbHosts: ['aws_elb.cf_router_lb=doppler.sys.example.com'],
    });
    expect(config.requireDirectiveReason).toBe(true);
    expect(config.baseline).toBe('/repo/.baseline.json');
  });

  it('accepts an empty file', () => {
    const config = parseConfig('# nothing yet\n', '/repo/.cf-ws-lint.yml', rules);
    expect(config.rules.size).toBe(0);
    expect(config.requireDirectiveReason).toBe(false);
    expect(config.baseline).toBeUndefined();
  });
});

describe('malformed config', () => {
  it('names an unknown rule id at its line', () => {
    expect(configError('rules:\n  CFWS001: warn\n  CFWS999: off\n')).toBe('/repo/.cf-ws-lint.yml:3:3: unknown rule "CFWS999" in rules');
    expect(configError('overrides:\n  - files: [a.yml]\n    rules:\n      no-such-rule: warn\n')).toBe(
      '/repo/.cf-ws-lint.yml:4:7: unknown rule "no-such-rule" in overrides[0].rules',
    );
  });

  it('takes warning and note, the words every output uses, as well as warn and info', () => {
    const severities = (text: string) => [...parseConfig(text, '/repo/.cf-ws-lint.yml', rules).rules].map(([id, setting]) => [id, setting.severity]);
    expect(severities('rules:\n  CFWS001: warning\n  CFWS009: [note, {minimum: 90}]\n')).toEqual([
      ['CFWS001', 'warn'],
      ['CFWS009', 'info'],
    ]);
    expect(severities('rules:\n  CFWS001: warn\n  CFWS009: info\n')).toEqual([
      ['CFWS001', 'warn'],
      ['CFWS009', 'info'],
    ]);
  });

  it('points at a bad severity, a bad option and an unknown key', () => {
    expect(configError('rules:\n  CFWS001: warnings\n')).toBe(
      '/repo/.cf-ws-lint.yml:2:12: rules.CFWS001: expected a severity (off, error, warning, note) or [severity, options]',
    );
    expect(configError('rules:\n  CFWS009: [warnings]\n')).toBe(
      '/repo/.cf-ws-lint.yml:2:13: rules.CFWS009[0]: must be equal to one of the allowed values (off, error, warning, warn, note, info)',
    );
    expect(configError('rules:\n  CFWS009:\n    - warn\n    - minimum: zero\n')).toBe('/repo/.cf-ws-lint.yml:4:16: rules.CFWS009[1].minimum: must be integer');
    expect(configError('rules:\n  CFWS009: [warn, {minimum: 5, max: 9}]\n')).toBe('/repo/.cf-ws-lint.yml:2:32: unknown key "max" in rules.CFWS009[1]');
    expect(configError('requireDirectiveReason: true\nextends: recommended\n')).toBe('/repo/.cf-ws-lint.yml:2:1: unknown key "extends"');
    expect(configError('requireDirectiveReason: yes please\n')).toBe('/repo/.cf-ws-lint.yml:1:25: requireDirectiveReason: must be boolean');
  });

  it('points at the deployment that lacks a manifest', () => {
    expect(configError('deployments:\n  prod:\n    opsFiles: [a.yml]\n')).toBe(
      "/repo/.cf-ws-lint.yml:3:5: deployments.prod: must have required property 'manifest'",
    );
  });

  it('reports YAML syntax errors and non-map documents with their line', () => {
    expect(configError('rules:\n  CFWS001: [warn\n')).toMatch(/^\/repo\/\.cf-ws-lint\.yml:\d+:\d+: invalid YAML: /);
    expect(configError('rules: {}\nrules: {}\n')).toMatch(/^\/repo\/\.cf-ws-lint\.yml:2:1: invalid YAML: Map keys must be unique/);
    expect(configError('- a\n- b\n')).toBe('/repo/.cf-ws-lint.yml:1:1: config: must be object');
  });

  it('rejects a rule configured twice, by id and by name', () => {
    expect(configError('rules:\n  CFWS001: warn\n  websocket-port-has-listener: off\n')).toBe(
      '/repo/.cf-ws-lint.yml:3:3: rules.websocket-port-has-listener: rule CFWS001 is already configured as "CFWS001"',
    );
  });
});
