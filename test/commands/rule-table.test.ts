import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_SCHEMA_PATH, generatedFiles, writeGeneratedFiles } from '../../src/commands/generate.js';
import { ruleTableMarkdown, updateReadmeRuleTable } from '../../src/commands/rule-table.js';
import { buildConfigSchema } from '../../src/engine/config/schema.js';
import { rules } from '../report/fixtures.js';

const table = [
  '| ID | Rule | Description | Default severity | Fixable |',
  '| --- | --- | --- | --- | :---: |',
  '| CFWS001 | [websocket-port-has-listener](docs/rules/websocket-port-has-listener.md) | The advertised doppler WebSocket port must have a listener. | error | 🔧 |',
  '| CFWS009 | [idle-timeouts](docs/rules/idle-timeouts.md) | Idle timeouts must outlast the log stream keepalive. | warning |  |',
].join('\n');

describe('README rule table', () => {
  it('is generated from the registry', () => {
    expect(ruleTableMarkdown(rules)).toBe(table);
  });

  it('replaces what lies between the markers, and nothing else; running twice changes nothing', () => {
    const readme = '# cf-ws-lint\n\n<!-- rules:start -->\nold table\n<!-- rules:end -->\n\nMore.\n';
    const updated = updateReadmeRuleTable(readme, rules);
    expect(updated).toBe(`# cf-ws-lint\n\n<!-- rules:start -->\n${table}\n<!-- rules:end -->\n\nMore.\n`);
    expect(updateReadmeRuleTable(updated, rules)).toBe(updated);
    expect(() => updateReadmeRuleTable('# no markers\n', rules)).toThrow(/rules:start/);
  });
});

describe('generate', () => {
  it('writes the config schema and the README table, only when they changed', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-generate-'));
    try {
      writeFileSync(path.join(root, 'README.md'), '<!-- rules:start --><!-- rules:end -->\n');
      expect(writeGeneratedFiles(root, generatedFiles(root, rules))).toEqual([CONFIG_SCHEMA_PATH, 'README.md']);
      expect(JSON.parse(readFileSync(path.join(root, CONFIG_SCHEMA_PATH), 'utf8'))).toEqual(buildConfigSchema(rules));
      expect(readFileSync(path.join(root, 'README.md'), 'utf8')).toContain('| CFWS009 |');
      expect(writeGeneratedFiles(root, generatedFiles(root, rules))).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
