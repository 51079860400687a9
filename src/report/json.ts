import { SEVERITY_NAMES, type Location } from '../rules/finding.js';
import { countSeverities, displayPath, jsonValue, sortFindings, type Formatter } from './formatter.js';

/**
 * Machine-readable findings, one object each with every field a consumer needs; files are
 * relative to cwd. Absent values are `null`, so every object has the same keys.
 */
const json: Formatter = (report, ctx) => {
  const where = (location: Location | undefined) => ({
    file: location ? displayPath(location.file, ctx.cwd) : null,
    line: location?.line ?? null,
    column: location?.col ?? null,
    endLine: location?.endLine ?? null,
    endColumn: location?.endCol ?? null,
  });
  const docsUrls = new Map<string, string>(ctx.rules.map((rule) => [rule.id, rule.docsUrl]));

  const output = {
    tool: { name: 'cf-ws-lint', version: ctx.version },
    findings: sortFindings(report.findings).map((finding) => ({
      deployment: finding.deployment ?? null,
      rule: finding.ruleId,
      ruleName: finding.ruleName,
      severity: SEVERITY_NAMES[finding.severity],
      fatal: finding.fatal ?? false,
      messageId: finding.messageId,
      message: finding.message,
      ...where(finding.location),
      path: finding.path ?? null,
      related: finding.related.map((related) => ({ ...where(related.location), message: related.message })),
      fix: finding.fix ? { description: finding.fix.description, ops: finding.fix.ops } : null,
      suggestion: finding.suggestion ?? null,
      docsUrl: docsUrls.get(finding.ruleId) ?? null,
      websocketPath: finding.websocketPath ?? null,
    })),
    files: report.files.map((file) => displayPath(file, ctx.cwd)),
    deployments: (report.deployments ?? []).map((deployment) => ({
      name: deployment.name,
      manifest: displayPath(deployment.manifest, ctx.cwd),
      files: deployment.files.map((file) => displayPath(file, ctx.cwd)),
      // Every path the rules checked, the passing ones too (what markdown draws).
      websocketPaths: deployment.websocketPaths ?? [],
    })),
    summary: countSeverities(report.findings),
  };
  return `${JSON.stringify(output, jsonValue, 2)}\n`;
};

export default json;
