import { describe, expect, it } from 'vitest';
import { applyDirectives, parseDirectives } from '../../src/engine/directives.js';
import { engineRules } from '../../src/engine/engine-rules.js';
import { ruleLookup } from '../../src/engine/config/rule-lookup.js';
import type { Finding } from '../../src/rules/finding.js';
import { finding, rules } from '../report/fixtures.js';

const FILE = '/repo/cf.yml';

/** A CFWS001 finding (or CFWS009 with rule: 'idle') at a line of FILE. */
function at(line: number, rule: 'port' | 'idle' = 'port', file = FILE): Finding {
  const ids = rule === 'port' ? { ruleId: 'CFWS001', ruleName: 'websocket-port-has-listener' } : { ruleId: 'CFWS009', ruleName: 'idle-timeouts' };
  return finding({ ...ids, location: { file, line, col: 1 }, related: [] });
}

function run(text: string, findings: Finding[], opts: { requireReason?: boolean } = {}) {
  const result = applyDirectives(findings, new Map([[FILE, text]]), { requireReason: opts.requireReason ?? false, rules });
  const lines = (list: Finding[]) => list.map((f) => `${f.ruleId}@${f.location?.line}`);
  return {
    kept: lines(result.findings),
    suppressed: lines(result.suppressed),
    problems: result.problems.map((p) => `${p.ruleName}@${p.location!.line}:${p.location!.col} ${p.severity}: ${p.message}`),
  };
}

describe('parseDirectives', () => {
  it('reads the kind, rules by id or name, and the reason after --', () => {
    const text = [
      'a: 1 # cf-ws-lint disable-line CFWS001, idle-timeouts -- the LB is managed elsewhere',
      '  #cf-ws-lint   disable-next-line',
      'b: "not # cf-ws-lint disable"  # cf-ws-lint enable CFWS009 --',
      'c: x#cf-ws-lint disable',
      '# cf-ws-lint disable-next-lines CFWS001',
      '# cf-ws-lint disable-file nope,CFWS001',
    ].join('\n');
    const directives = parseDirectives(FILE, text, ruleLookup(rules));
    expect(directives.map(({ kind, line, col, ruleIds, reason }) => ({ kind, line, col, ruleIds, reason }))).toEqual([
      { kind: 'disable-line', line: 1, col: 6, ruleIds: ['CFWS001', 'CFWS009'], reason: 'the LB is managed elsewhere' },
      { kind: 'disable-next-line', line: 2, col: 3, ruleIds: 'all', reason: undefined },
      // The `#` inside the quoted string is followed by `cf-ws-lint disable"`, not a directive kind on its own.
      { kind: 'enable', line: 3, col: 32, ruleIds: ['CFWS009'], reason: undefined },
      // Naming only unknown rules must not widen to all rules.
      { kind: 'disable-file', line: 6, col: 1, ruleIds: ['CFWS001'], reason: undefined },
    ]);
    expect(directives[3]!.refs).toEqual([
      { text: 'nope', ruleId: undefined },
      { text: 'CFWS001', ruleId: 'CFWS001' },
    ]);
  });
});

describe('applyDirectives', () => {
  it('disable-next-line covers the next line only', () => {
    const text = 'a: 1\n# cf-ws-lint disable-next-line CFWS001\nb: 2\nc: 3\n';
    expect(run(text, [at(3), at(4), at(3, 'idle')])).toMatchObject({ kept: ['CFWS001@4', 'CFWS009@3'], suppressed: ['CFWS001@3'], problems: [] });
  });

  it('disable-line covers its own line, by rule name too', () => {
    const text = 'a: 1\nb: 2 # cf-ws-lint disable-line websocket-port-has-listener\n';
    expect(run(text, [at(1), at(2)])).toMatchObject({ kept: ['CFWS001@1'], suppressed: ['CFWS001@2'], problems: [] });
  });

  it('disable … enable covers a range; enable of one rule ends it for that rule only', () => {
    const text = ['a: 1', '# cf-ws-lint disable', 'b: 2', '# cf-ws-lint enable CFWS001', 'c: 3', '# cf-ws-lint enable', 'd: 4'].join('\n');
    expect(run(text, [at(1), at(3), at(3, 'idle'), at(5), at(5, 'idle'), at(7, 'idle')])).toMatchObject({
      kept: ['CFWS001@1', 'CFWS001@5', 'CFWS009@7'],
      suppressed: ['CFWS001@3', 'CFWS009@3', 'CFWS009@5'],
      problems: [],
    });
  });

  it('disable without enable runs to the end of the file', () => {
    const text = 'a: 1\n# cf-ws-lint disable CFWS009\nb: 2\n';
    expect(run(text, [at(3, 'idle'), at(300, 'idle'), at(1, 'idle')])).toMatchObject({ kept: ['CFWS009@1'], suppressed: ['CFWS009@3', 'CFWS009@300'] });
  });

  it('disable-file covers the whole file, even above it', () => {
    const text = 'a: 1\nb: 2\n# cf-ws-lint disable-file CFWS001 -- generated file\n';
    expect(run(text, [at(1), at(2, 'idle')])).toMatchObject({ kept: ['CFWS009@2'], suppressed: ['CFWS001@1'], problems: [] });
  });

  it('judges the primary location only: a directive at a related location does not count', () => {
    const text = '# cf-ws-lint disable-file\n';
    const related = finding({ location: { file: '/repo/other.yml', line: 1, col: 1 }, related: [{ location: { file: FILE, line: 1, col: 1 }, message: 'x' }] });
    const noLocation = finding({ location: undefined, related: [] });
    const result = applyDirectives([related, noLocation], new Map([[FILE, text]]), { requireReason: false, rules });
    expect(result.findings).toEqual([related, noLocation]);
    expect(result.problems.map((p) => p.ruleName)).toEqual(['unused-directive']);
  });

  it('reports unused directives, per rule named', () => {
    const text = [
      '# cf-ws-lint disable-next-line',
      'a: 1',
      '# cf-ws-lint disable-next-line CFWS001, idle-timeouts',
      'b: 2',
      'c: 3 # cf-ws-lint disable-line',
    ].join('\n');
    expect(run(text, [at(4)]).problems).toEqual([
      'unused-directive@1:1 warn: Unused cf-ws-lint disable-next-line directive (no problems were reported).',
      'unused-directive@3:1 warn: Unused cf-ws-lint disable-next-line directive (no problems were reported from idle-timeouts).',
      'unused-directive@5:6 warn: Unused cf-ws-lint disable-line directive (no problems were reported).',
    ]);
  });

  it('reports unknown rules, which suppress nothing', () => {
    const text = '# cf-ws-lint disable-next-line CFWS0001 -- typo\na: 1\n';
    expect(run(text, [at(2)])).toEqual({
      kept: ['CFWS001@2'],
      suppressed: [],
      problems: ['unknown-rule-in-directive@1:1 error: Unknown rule "CFWS0001" in cf-ws-lint disable-next-line directive.'],
    });
  });

  it('requires a reason when asked, still honouring the directive', () => {
    const text = ['# cf-ws-lint disable-next-line CFWS001', 'a: 1', '# cf-ws-lint disable-next-line CFWS001 -- LB terminates TLS', 'b: 2', '# cf-ws-lint enable'].join('\n');
    expect(run(text, [at(2), at(4)], { requireReason: true })).toEqual({
      kept: [],
      suppressed: ['CFWS001@2', 'CFWS001@4'],
      problems: ['directive-missing-reason@1:1 error: cf-ws-lint disable-next-line directive needs a reason: add " -- why" after the rules.'],
    });
    expect(run(text, [at(2), at(4)]).problems).toEqual([]);
  });

  it('takes the engine rules’ severities from settings, and drops those turned off', () => {
    const text = '# cf-ws-lint disable-next-line nope\na: 1\n# cf-ws-lint disable\n';
    const severities = new Map([
      ['CFWS900', { severity: 'off' as const }],
      ['CFWS902', { severity: 'warn' as const }],
    ]);
    const result = applyDirectives([], new Map([[FILE, text]]), { requireReason: false, rules: [...rules, ...engineRules], severities });
    expect(result.problems.map((p) => `${p.ruleId} ${p.severity}`)).toEqual(['CFWS902 warn']);
  });

  it('leaves files without directives, and CRLF text, alone', () => {
    const text = 'a: 1\r\n# cf-ws-lint disable-next-line CFWS001\r\nb: 2\r\n';
    expect(run(text, [at(3)]).suppressed).toEqual(['CFWS001@3']);
    const other = at(1, 'port', '/repo/other.yml');
    expect(applyDirectives([other], new Map([[FILE, text]]), { requireReason: false, rules }).findings).toEqual([other]);
  });
});
