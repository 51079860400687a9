import { mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyBaseline, baselineEntries, readBaseline, serializeBaseline, updateBaseline } from '../../src/engine/baseline.js';
import { InputError } from '../../src/util/errors.js';
import type { Finding } from '../../src/rules/finding.js';
import { finding } from '../report/fixtures.js';

let root: string;
let baselineFile: string;
beforeEach(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), 'cf-ws-lint-baseline-')));
  baselineFile = path.join(root, '.cf-ws-lint-baseline.json');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function at(file: string, line: number, overrides: Partial<Finding> = {}): Finding {
  return finding({ location: { file: path.join(root, file), line, col: 1 }, related: [], ...overrides });
}

const portPath = '/instance_groups/name=api/jobs/name=cloud_controller_ng/properties/doppler/port';

describe('baseline', () => {
  it('records findings by rule, file and path (or message), with counts, one entry per line', () => {
    const findings = [
      at('cf.yml', 12),
      at('lb/haproxy.cfg', 8, { ruleId: 'CFWS009', path: undefined, message: 'Idle timeout 30s.' }),
      at('lb/haproxy.cfg', 20, { ruleId: 'CFWS009', path: undefined, message: 'Idle timeout 30s.' }),
      finding({ location: undefined, path: undefined, related: [], message: 'No LB given.' }),
    ];
    updateBaseline(baselineFile, findings, { cwd: root });
    expect(readFileSync(baselineFile, 'utf8')).toBe(
      [
        '{',
        '  "version": 1,',
        '  "entries": [',
        '    {"ruleId":"CFWS001","message":"No LB given.","count":1},',
        `    {"ruleId":"CFWS001","file":"cf.yml","path":"${portPath}","count":1},`,
        '    {"ruleId":"CFWS009","file":"lb/haproxy.cfg","message":"Idle timeout 30s.","count":2}',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
    // Written through a temp file that is gone afterwards.
    expect(readdirSync(root)).toEqual(['.cf-ws-lint-baseline.json']);
  });

  it('accepts recorded findings wherever their lines moved, up to the recorded count', () => {
    updateBaseline(baselineFile, [at('cf.yml', 12), at('lb.cfg', 3, { path: undefined, message: 'm' })], { cwd: root });
    const baseline = readBaseline(baselineFile);
    const moved = [at('cf.yml', 40), at('lb.cfg', 9, { path: undefined, message: 'm' }), at('lb.cfg', 10, { path: undefined, message: 'm' })];
    const result = applyBaseline(moved, baseline, { cwd: root });
    expect(result.baselined).toEqual(moved.slice(0, 2));
    // The second finding with the same fingerprint is new.
    expect(result.findings).toEqual([moved[2]]);
    expect(result.problems).toEqual([]);
  });

  it('does not accept a finding of another rule, file or path', () => {
    updateBaseline(baselineFile, [at('cf.yml', 12)], { cwd: root });
    const baseline = readBaseline(baselineFile);
    const others = [at('cf.yml', 12, { ruleId: 'CFWS002' }), at('other.yml', 12), at('cf.yml', 12, { path: '/other' })];
    const result = applyBaseline(others, baseline, { cwd: root });
    expect(result.findings).toEqual(others);
  });

  it('reports stale entries at their line so the file can be pruned', () => {
    updateBaseline(baselineFile, [at('cf.yml', 12), at('cf.yml', 13), at('lb.cfg', 3, { ruleId: 'CFWS009', path: undefined, message: 'm' })], { cwd: root });
    const baseline = readBaseline(baselineFile);
    const result = applyBaseline([at('cf.yml', 12)], baseline, { cwd: root });
    expect(result.findings).toEqual([]);
    expect(result.problems.map((p) => `${p.ruleName} ${p.severity} ${path.basename(p.location!.file)}:${p.location!.line}: ${p.message}`)).toEqual([
      `stale-baseline-entry warn .cf-ws-lint-baseline.json:4: Baseline entry CFWS001 cf.yml ${portPath} matches 1 of 2 recorded findings; run with --update-baseline to prune it.`,
      'stale-baseline-entry warn .cf-ws-lint-baseline.json:5: Baseline entry CFWS009 lb.cfg "m" matches 0 of 1 recorded findings; run with --update-baseline to prune it.',
    ]);
    // --update-baseline prunes them.
    updateBaseline(baselineFile, result.baselined, { cwd: root }, baseline);
    expect(readBaseline(baselineFile).entries).toEqual([{ ruleId: 'CFWS001', file: 'cf.yml', path: portPath, count: 1 }]);
  });

  it('leaves entries of files this run did not read alone: not stale, and kept by an update', () => {
    updateBaseline(baselineFile, [at('a.yml', 1), at('b.yml', 1)], { cwd: root });
    const baseline = readBaseline(baselineFile);
    const scope = { cwd: root, lintedFiles: [path.join(root, 'a.yml')] };
    expect(applyBaseline([], baseline, scope).problems.map((p) => p.message)).toEqual([expect.stringContaining('a.yml')]);
    updateBaseline(baselineFile, [], scope, baseline);
    expect(readBaseline(baselineFile).entries.map((entry) => entry.file)).toEqual(['b.yml']);
  });

  it('keeps files relative to the baseline, whatever the cwd', () => {
    const entries = baselineEntries([finding({ location: { file: 'deploy/cf.yml', line: 1, col: 1 }, related: [] })], 'ci/baseline.json', { cwd: root });
    expect(entries.map((entry) => entry.file)).toEqual(['../deploy/cf.yml']);
    expect(serializeBaseline([])).toBe('{\n  "version": 1,\n  "entries": []\n}\n');
  });

  it('rejects a missing or malformed baseline with the line', () => {
    expect(() => readBaseline(path.join(root, 'missing.json'))).toThrow(/cannot read baseline: no such file/);
    writeFileSync(baselineFile, '{\n  "version": 1,\n  "entries": [\n    {"ruleId": "CFWS001", "count": 0}\n  ]\n}\n');
    const error = (() => {
      try {
        readBaseline(baselineFile);
      } catch (e) {
        return e as InputError;
      }
    })();
    expect(error).toBeInstanceOf(InputError);
    expect(error!.render()).toBe(`${baselineFile}:4:36: invalid baseline: /entries/0/count must be >= 1`);
    writeFileSync(baselineFile, '{"version": 1, "entries": [}');
    expect(() => readBaseline(baselineFile)).toThrow(InputError);
    writeFileSync(baselineFile, '{"version": 2, "entries": []}');
    expect(() => readBaseline(baselineFile)).toThrow(/version must be equal to constant/);
  });
});
