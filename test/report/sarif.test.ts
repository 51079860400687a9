import { describe, expect, it } from 'vitest';
import sarif from '../../src/report/sarif.js';
import { hasSarifSchema, sarifValidator } from '../helpers/sarif.js';
import { context, deploymentsReport, finding, rules, sampleReport } from './fixtures.js';

const hasSchema = hasSarifSchema;

describe('sarif', () => {
  const log = JSON.parse(sarif(sampleReport(), context()));
  const run = log.runs[0];

  it.skipIf(!hasSchema)(
    hasSchema ? 'is valid SARIF 2.1.0 (OASIS schema)' : 'is valid SARIF 2.1.0 — SKIPPED: ../shared/schemas/sarif-schema-2.1.0.json absent',
    () => {
      const validate = sarifValidator();
      const empty = JSON.parse(sarif({ findings: [], files: [] }, context()));
      for (const candidate of [log, empty]) {
        const valid = validate(candidate);
        expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
        expect(valid).toBe(true);
      }
      // The validator does bite: a level SARIF does not know is rejected.
      expect(validate({ ...log, runs: [{ ...run, results: [{ ...run.results[0], level: 'warn' }] }] })).toBe(false);
    },
  );

  it('describes the tool and every rule, with help text that carries the docs URL', () => {
    expect(log.version).toBe('2.1.0');
    expect(run.tool.driver).toMatchObject({ name: 'cf-ws-lint', version: '1.2.3', informationUri: 'https://github.com/cf-ws-lint/cf-ws-lint' });
    expect(run.tool.driver.rules.map((rule: { id: string }) => rule.id)).toEqual(rules.map((rule) => rule.id));
    expect(run.tool.driver.rules[1]).toEqual({
      id: 'CFWS009',
      name: 'idle-timeouts',
      shortDescription: { text: 'Idle timeouts must outlast the log stream keepalive.' },
      fullDescription: { text: 'Idle timeouts must outlast the log stream keepalive.' },
      helpUri: 'https://github.com/cf-ws-lint/cf-ws-lint/blob/main/docs/rules/idle-timeouts.md',
      help: {
        text: 'Idle timeouts must outlast the log stream keepalive.\n\nDocumentation: https://github.com/cf-ws-lint/cf-ws-lint/blob/main/docs/rules/idle-timeouts.md',
        markdown: 'Idle timeouts must outlast the log stream keepalive.\n\n[Documentation](https://github.com/cf-ws-lint/cf-ws-lint/blob/main/docs/rules/idle-timeouts.md)',
      },
      defaultConfiguration: { level: 'warning' },
      properties: { fixable: false },
    });
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///work/project/' } });
  });

  it('shows control, bidi and format characters as escapes and keeps a name from becoming a link', () => {
    const hostile = finding({ message: 'LB [cf](0)\u202erouter\u001b[31m\nsecond line', related: [{ location: { file: '/w/lb.yml', line: 3, col: 1 }, message: 'listener\u2028[x](0)' }] });
    const result = JSON.parse(sarif({ findings: [hostile], files: [] }, context())).runs[0].results[0];
    // escapeText's `\u202e`, then SARIF's own escape of its backslash (viewers show `\u202e`).
    expect(result.message.text).toBe('LB \\[cf\\](0)\\\\u202erouter\\\\e\\[31m\nsecond line');
    expect(result.relatedLocations[0].message.text).toBe('listener\\\\u2028\\[x\\](0)');
  });

  it('maps severities to levels and positions to regions relative to %SRCROOT%', () => {
    expect(run.results.map((result: { level: string }) => result.level)).toEqual(['warning', 'error', 'note']);
    const error = run.results[1];
    expect(error).toMatchObject({ ruleId: 'CFWS001', ruleIndex: 0, message: { text: 'No listener on port 443.' } });
    expect(error.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: 'manifests/cf.yml', uriBaseId: '%SRCROOT%' },
          region: { startLine: 12, startColumn: 5, endLine: 12, endColumn: 20 },
        },
        logicalLocations: [{ fullyQualifiedName: '/instance_groups/name=api/jobs/name=cloud_controller_ng/properties/doppler/port', kind: 'member' }],
      },
    ]);
    expect(error.relatedLocations).toEqual([
      {
        id: 0,
        physicalLocation: { artifactLocation: { uri: 'lb/haproxy.cfg', uriBaseId: '%SRCROOT%' }, region: { startLine: 30, startColumn: 3 } },
        message: { text: 'frontend defined here' },
      },
    ]);
    expect(error.properties.fix.ops[0]).toMatchObject({ type: 'replace', value: 4443 });
    // A finding about something missing everywhere has no location at all, not a made-up line 1.
    expect(run.results[2].locations).toBeUndefined();
  });

  it('describes rules it was not given, encodes odd file names, and points outside cwd with file URIs', () => {
    const output = JSON.parse(
      sarif(
        {
          findings: [
            finding({ ruleId: 'CFWS900', ruleName: 'unused-directive', location: { file: '/work/project/my dir/a#1.yml', line: 1, col: 1 }, related: [] }),
            finding({ location: { file: '/elsewhere/b.yml', line: 2, col: 1 }, related: [] }),
          ],
          files: [],
        },
        context(),
      ),
    );
    const results: { ruleId: string }[] = output.runs[0].results;
    const unknown = results.find((result) => result.ruleId === 'CFWS900') as any;
    const outside = results.find((result) => result.ruleId === 'CFWS001') as any;
    expect(unknown.ruleIndex).toBe(2);
    expect(output.runs[0].tool.driver.rules[2]).toEqual({ id: 'CFWS900', name: 'unused-directive' });
    expect(unknown.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'my%20dir/a%231.yml', uriBaseId: '%SRCROOT%' });
    expect(outside.locations[0].physicalLocation.artifactLocation).toEqual({ uri: 'file:///elsewhere/b.yml' });
  });

  it('gives each deployment a run of its own, told apart by automationDetails.id, and names it on every result', () => {
    const output = JSON.parse(sarif(deploymentsReport(), context()));
    expect(output.runs.map((r: { automationDetails: { id: string } }) => r.automationDetails.id)).toEqual([
      'cf-ws-lint/prod/',
      'cf-ws-lint/staging/',
      'cf-ws-lint/lab/',
      'cf-ws-lint/dev/',
    ]);
    const deploymentsOfResults = output.runs.map((r: { results: { properties: { deployment: string } }[] }) => r.results.map((result) => result.properties.deployment));
    expect(deploymentsOfResults).toEqual([['prod'], ['staging'], ['lab'], []]);
    if (hasSchema) expect(sarifValidator()(output)).toBe(true);
    // One deployment: one plain run, as before.
    expect(run.automationDetails).toBeUndefined();
    expect(run.results[1].properties.deployment).toBe('prod');
  });
});
