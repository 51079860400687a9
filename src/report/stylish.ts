import { SEVERITY_NAMES as LABELS, type Finding, type Severity } from '../rules/finding.js';
import { paint, type Paint } from '../util/ansi.js';
import { escapeText } from '../util/escape.js';
import { countSeverities, findingsByDeployment, findingsByFile, formatLocation, hasSeveralDeployments, plural, type Formatter } from './formatter.js';
import { pathLine } from './path-view.js';

/**
 * ESLint's default format: findings grouped under their file, `line:col  severity  message
 * rule-id` in aligned columns, related locations and suggestions indented under the message,
 * and a summary. With several deployments, each deployment's files come under a
 * `deployment NAME` line. Prints nothing when there is nothing to report.
 */
const stylish: Formatter = (report, ctx) => {
  if (report.findings.length === 0) return '';
  const p = paint(ctx.color);
  const fileBlocks = (findings: readonly Finding[]) =>
    [...findingsByFile(findings, ctx.cwd)].map(([heading, group]) => [p.underline(escapeText(heading)), ...findingLines(group, ctx.cwd, p)].join('\n'));
  const blocks = hasSeveralDeployments(report)
    ? findingsByDeployment(report)
        .filter((group) => group.findings.length > 0)
        .flatMap((group) => {
          const [first = '', ...rest] = fileBlocks(group.findings);
          return [`${p.bold(group.name === undefined ? '(no deployment)' : `deployment ${escapeText(group.name)}`)}\n${first}`, ...rest];
        })
    : fileBlocks(report.findings);
  return `${blocks.join('\n\n')}\n\n${summary(report.findings, p)}\n`;
};

export default stylish;

function findingLines(findings: Finding[], cwd: string, p: Paint): string[] {
  const rows = findings.map((finding) => ({
    finding,
    position: finding.location ? `${finding.location.line}:${finding.location.col}` : '-',
    label: LABELS[finding.severity],
    message: escapeText(finding.message.replace(/\s*\n\s*/g, ' ')),
  }));
  const positionWidth = Math.max(...rows.map((row) => row.position.length));
  const labelWidth = Math.max(...rows.map((row) => row.label.length));
  const messageWidth = Math.max(...rows.map((row) => row.message.length));
  // Related lines start under the message column.
  const indent = ' '.repeat(2 + positionWidth + 2 + labelWidth + 2);

  const lines: string[] = [];
  for (const { finding, position, label, message } of rows) {
    const severity = colorFor(finding.severity, p)(label.padEnd(labelWidth));
    lines.push(`  ${p.dim(position.padEnd(positionWidth))}  ${severity}  ${message.padEnd(messageWidth)}  ${p.dim(finding.ruleId)}`);
    for (const related of finding.related) {
      lines.push(`${indent}${p.dim('↳')} ${escapeText(formatLocation(related.location, cwd))}  ${escapeText(related.message)}`);
    }
    if (finding.websocketPath) lines.push(`${indent}${p.dim('path:')} ${pathLine(finding.websocketPath, (text, mark) => (mark.status === 'failing' ? p.red : p.yellow)(text))}`);
    if (finding.suggestion) lines.push(`${indent}${p.dim('suggestion:')} ${escapeText(finding.suggestion)}`);
  }
  return lines;
}

function colorFor(severity: Severity, p: Paint): (text: string) => string {
  return severity === 'error' ? p.red : severity === 'warn' ? p.yellow : p.cyan;
}

function summary(findings: readonly Finding[], p: Paint): string {
  const counts = countSeverities(findings);
  const total = counts.errors + counts.warnings + counts.notes;
  const color = counts.errors > 0 ? p.red : counts.warnings > 0 ? p.yellow : p.cyan;
  const lines = [
    p.bold(color(`✖ ${plural(total, 'problem')} (${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ${plural(counts.notes, 'note')})`)),
  ];
  if (counts.fixableErrors + counts.fixableWarnings > 0) {
    lines.push(
      p.bold(color(`  ${plural(counts.fixableErrors, 'error')} and ${plural(counts.fixableWarnings, 'warning')} potentially fixable with the \`--fix\` option.`)),
    );
  }
  return lines.join('\n');
}
