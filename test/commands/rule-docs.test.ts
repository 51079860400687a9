import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DOCS_DIR, explainRule, formatRuleList, markdownForTerminal } from '../../src/commands/rule-docs.js';
import { InputError } from '../../src/util/errors.js';
import { rules } from '../report/fixtures.js';

const docsDir = mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-docs-'));
afterAll(() => rmSync(docsDir, { recursive: true, force: true }));

describe('cf-ws-lint rules', () => {
  it('lists id, name, severity, fixable and description as an aligned table', () => {
    expect(formatRuleList(rules)).toBe(
      [
        'ID       NAME                         SEVERITY  FIXABLE  DESCRIPTION',
        'CFWS001  websocket-port-has-listener  error     yes      The advertised doppler WebSocket port must have a listener.',
        'CFWS009  idle-timeouts                warning   no       Idle timeouts must outlast the log stream keepalive.',
        '',
      ].join('\n'),
    );
  });

  it('lists them as JSON with --format json, and rejects other formats', () => {
    const list = JSON.parse(formatRuleList(rules, 'json'));
    expect(list[1]).toEqual({
      id: 'CFWS009',
      name: 'idle-timeouts',
      severity: 'warning',
      fixable: false,
      description: 'Idle timeouts must outlast the log stream keepalive.',
      docsUrl: 'https://github.com/cf-ws-lint/cf-ws-lint/blob/main/docs/rules/idle-timeouts.md',
      defaultOptions: { minimum: 60 },
      optionsSchema: rules[1]!.optionsSchema,
    });
    expect(() => formatRuleList(rules, 'yaml')).toThrow(InputError);
  });
});

describe('cf-ws-lint explain', () => {
  it('prints the doc page by id or name, formatted for a terminal', () => {
    writeFileSync(
      path.join(docsDir, 'idle-timeouts.md'),
      '# idle-timeouts (CFWS009)\n\n<!-- generated -->\nSee **the [HAProxy docs](https://docs.haproxy.org)** and `timeout client`.\n\n## Examples ✘\n\n```yaml\ntimeout client 30s\n```\n',
    );
    const expected = 'idle-timeouts (CFWS009)\n\nSee the HAProxy docs (https://docs.haproxy.org) and `timeout client`.\n\nExamples ✘\n\n    timeout client 30s\n';
    expect(explainRule('CFWS009', rules, { docsDir })).toBe(expected);
    expect(explainRule('idle-timeouts', rules, { docsDir })).toBe(expected);
  });

  it('falls back to the registry when the page is missing, and rejects unknown rules', () => {
    expect(explainRule('CFWS001', rules, { docsDir })).toBe(
      'CFWS001 websocket-port-has-listener\n\nThe advertised doppler WebSocket port must have a listener.\n\nSeverity: error. Fixable: yes.\n\nhttps://github.com/cf-ws-lint/cf-ws-lint/blob/main/docs/rules/websocket-port-has-listener.md\n',
    );
    expect(() => explainRule('CFWS404', rules, { docsDir })).toThrow('unknown rule "CFWS404"; run "cf-ws-lint rules" to list them');
  });

  it('colours headings and code only when asked', () => {
    expect(markdownForTerminal('## Options\n`x`\n', true)).toBe('\u001b[1mOptions\u001b[22m\n\u001b[36mx\u001b[39m\n');
  });

  it('reads the package docs folder by default', () => {
    expect(DOCS_DIR.endsWith(`${path.sep}docs${path.sep}rules${path.sep}`)).toBe(true);
  });
});
