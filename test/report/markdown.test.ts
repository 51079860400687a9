import { describe, expect, it } from 'vitest';
import type { WebSocketPath } from '../../src/model/websocket-path.js';
import markdown, { markdownText } from '../../src/report/markdown.js';
import { flowchart, MAX_ROW, mermaidText } from '../../src/report/mermaid.js';
import { drawnPaths } from '../../src/report/path-view.js';
import { context, cwd, finding } from './fixtures.js';

/** bbl's classic ELB with cf-deployment's default doppler.port: 443 is HTTPS, which drops Upgrade. */
function elbPath(mark?: { problem: string; ruleId: string; status?: 'failing' | 'unknown' }): WebSocketPath {
  return {
    endpoint: 'doppler',
    hops: [
      { kind: 'client', label: 'client', protocol: 'wss', status: 'ok' },
      { kind: 'dns', label: 'doppler.sys.example.com', status: 'ok' },
      { kind: 'listener', label: 'cf-router', port: 443, protocol: 'https', status: mark ? (mark.status ?? 'failing') : 'ok', ...(mark ? { problem: mark.problem, ruleId: mark.ruleId } : {}) },
      { kind: 'gorouter', label: 'gorouter', port: 80, protocol: 'http', status: 'ok' },
    ],
  };
}

const dropsUpgrade = finding({
  ruleId: 'CFWS002',
  ruleName: 'listener-passes-websockets',
  message: 'The https listener on port 443 of cf-router does not pass the WebSocket Upgrade header.',
  location: { file: `${cwd}/lb/cf_lb.tf`, line: 215, col: 26 },
  related: [],
  fix: undefined,
  websocketPath: elbPath({ problem: 'Upgrade', ruleId: 'CFWS002' }),
});

describe('markdown', () => {
  it('sums up, tables the findings and draws each checked path with the failing hop marked', () => {
    const output = markdown({ findings: [dropsUpgrade], files: [], websocketPaths: [elbPath()] }, context());
    expect(output).toBe(
      [
        '## cf-ws-lint',
        '',
        '**1 problem**: 1 error, 0 warnings, 0 notes.',
        '',
        '| Severity | Rule | Where | Message |',
        '| --- | --- | --- | --- |',
        '| ❌ error | CFWS002 | lb/cf\\_lb.tf:215:26 | The https listener on port 443 of cf-router does not pass the WebSocket Upgrade header. |',
        '',
        '#### WebSocket paths',
        '',
        '**doppler via cf-router:443 https**',
        '',
        '```mermaid',
        'flowchart LR',
        '  h0["client<br/>wss"]',
        '  h0 --> h1["doppler.sys.example.com"]',
        '  h1 --> h2["cf-router<br/>:443 https<br/>✗ CFWS002 Upgrade"]:::failing',
        '  h2 -.-> h3["gorouter<br/>:80 http"]',
        '  classDef failing fill:#ffebe9,stroke:#cf222e,stroke-width:2px,color:#1f2328',
        '  classDef unknown fill:#fff8c5,stroke:#9a6700,stroke-width:2px,stroke-dasharray:4 3,color:#1f2328',
        '```',
        '',
      ].join('\n'),
    );
  });

  it('links a rule of the registry to its docs and puts the suggestion under the message', () => {
    const output = markdown({ findings: [finding({ suggestion: 'Add a listener.' })], files: [] }, context());
    expect(output).toContain('| ❌ error | [CFWS001](https://github.com/cf-ws-lint/cf-ws-lint/blob/main/docs/rules/websocket-port-has-listener.md) | manifests/cf.yml:12:5 | No listener on port 443.<br>Suggestion: Add a listener. |');
    expect(output).not.toContain('WebSocket paths');
  });

  it('says so when there is nothing to report, and still draws the paths that passed', () => {
    const output = markdown({ findings: [], files: [], websocketPaths: [elbPath()] }, context());
    expect(output).toContain('No problems found.');
    expect(output).not.toContain('| Severity |');
    expect(output).toContain('  h1 --> h2["cf-router<br/>:443 https"]\n');
    expect(output).not.toContain(':::');
  });

  it('is two lines and a summary for a clean run with nothing checked', () => {
    expect(markdown({ findings: [], files: [] }, context())).toBe('## cf-ws-lint\n\nNo problems found.\n');
  });

  it('a hop that cannot be verified is yellow, and the path goes on in solid lines', () => {
    const note = finding({ severity: 'info', websocketPath: elbPath({ problem: 'Upgrade', ruleId: 'CFWS002', status: 'unknown' }) });
    const output = markdown({ findings: [note], files: [] }, context());
    expect(output).toContain('  h1 --> h2["cf-router<br/>:443 https<br/>? CFWS002 Upgrade"]:::unknown\n  h2 --> h3');
  });
});

describe('drawnPaths', () => {
  it('lays every finding onto the checked path it is about, each mark once', () => {
    const tls = finding({ ruleId: 'CFWS003', websocketPath: elbPath({ problem: 'no TLS', ruleId: 'CFWS003' }) });
    const drawn = drawnPaths([elbPath()], [dropsUpgrade, tls, dropsUpgrade]);
    expect(drawn).toHaveLength(1);
    expect(drawn[0]!.hops[2]!.marks).toEqual([
      { status: 'failing', problem: 'Upgrade', ruleId: 'CFWS002' },
      { status: 'failing', problem: 'no TLS', ruleId: 'CFWS003' },
    ]);
  });

  it("the checked dead end and the rule's mark on it are one mark, with the rule's id", () => {
    const deadEnd = (ruleId?: string): WebSocketPath => ({
      endpoint: 'doppler',
      hops: [{ kind: 'listener', label: 'cf-router', port: 4443, status: 'failing', problem: 'no listener', ...(ruleId ? { ruleId } : {}) }],
    });
    const drawn = drawnPaths([deadEnd()], [finding({ websocketPath: deadEnd('CFWS001') })]);
    expect(drawn[0]!.hops[0]!.marks).toEqual([{ status: 'failing', problem: 'no listener', ruleId: 'CFWS001' }]);
  });

  it('adds a path that only a finding knows after the checked ones', () => {
    const other: WebSocketPath = { ...elbPath(), endpoint: 'loggregator' };
    expect(drawnPaths([elbPath()], [finding({ websocketPath: other })]).map((p) => p.endpoint)).toEqual(['doppler', 'loggregator']);
  });
});

/** Names a pull request could carry into a report: each tries to break out of where it lands. */
const HOSTILE = ['cf"]:::x --> evil["pwned', 'a<img src=x onerror=alert(1)>b', 'line\nbreak', '```\n# Heading', 'a|b', '[click](https://evil.example)', '`code`', '#quot; &amp;', '$x^2$', '@octocat #1', '\u202Eevil'];

describe('escaping what pull requests write', () => {
  it('a Mermaid label holds only plain characters and entity codes', () => {
    for (const name of HOSTILE) {
      const label = mermaidText(name);
      expect(label, name).toMatch(/^(?:[A-Za-z0-9 .,:/_=+@?✗…-]|#\d+;)*$/);
    }
    expect(mermaidText('doppler.((system_domain))')).toBe('doppler.#40;#40;system_domain#41;#41;');
    expect(mermaidText('a"b#c')).toBe('a#34;b#35;c');
  });

  it('a hostile LB name stays inside its node', () => {
    const path = elbPath();
    path.hops[2] = { ...path.hops[2]!, label: HOSTILE[0]! };
    const chart = flowchart(drawnPaths([path], [])[0]!);
    expect(chart.split('\n').filter((l) => l.includes('-->'))).toHaveLength(3);
    expect(chart).not.toContain('evil["');
  });

  it('a very long name is cut, so the diagram stays under mermaid\'s size limit', () => {
    const path = elbPath();
    path.hops[2] = { ...path.hops[2]!, label: '<'.repeat(100_000) };
    const chart = flowchart(drawnPaths([path], [])[0]!);
    expect(chart).toContain(`h2["${'#60;'.repeat(MAX_ROW - 1)}…<br/>:443 https"]`);
    expect(chart.length).toBeLessThan(2000);
  });

  it('a Markdown cell shows the text as written: no markup, no new cell, no new line', () => {
    expect(markdownText('a|b')).toBe('a\\|b');
    expect(markdownText('[click](https://evil.example)')).toBe('\\[click\\](https://evil.example)');
    expect(markdownText('a<img src=x onerror=alert(1)>b')).toBe('a&lt;img src=x onerror=alert(1)&gt;b');
    expect(markdownText('```\n# Heading')).toBe('\\`\\`\\` \\# Heading');
    expect(markdownText('@octocat #1 $x$ ~~s~~ *e* _e_')).toBe('\\@octocat \\#1 \\$x\\$ \\~\\~s\\~\\~ \\*e\\* \\_e\\_');
    expect(markdownText('a &amp; b')).toBe('a &amp;amp; b');
  });

  it('a hostile message and file name cannot add a row or a column to the table', () => {
    const hostile = finding({ message: 'x | y\n| --- |\n<script>', location: { file: `${cwd}/a|b\`.yml`, line: 1, col: 1 }, related: [] });
    const rows = markdown({ findings: [hostile], files: [] }, context())
      .split('\n')
      .filter((l) => l.startsWith('|'));
    expect(rows).toHaveLength(3);
    expect(rows[2]!.split(/(?<!\\)\|/)).toHaveLength(6);
    expect(rows[2]).not.toContain('<script>');
  });
});
