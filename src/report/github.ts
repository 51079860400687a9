import type { Severity } from '../rules/finding.js';
import { displayPath, formatLocation, hasSeveralDeployments, sortFindings, type Formatter } from './formatter.js';
import { labelledPathLine } from './path-view.js';
import { escapeText } from '../util/escape.js';

const COMMANDS: Record<Severity, 'error' | 'warning' | 'notice'> = { error: 'error', warn: 'warning', info: 'notice' };

/**
 * GitHub Actions workflow commands: one annotation per finding, positions 1-based, files
 * relative to cwd (the checkout root in a workflow). Related locations go in the message
 * body, one per line, because an annotation has a single position; so does the WebSocket
 * path, as stylish prints it.
 */
const github: Formatter = (report, ctx) => {
  const named = hasSeveralDeployments(report);
  const lines = sortFindings(report.findings).map((finding) => {
    const properties: [string, string | number | undefined][] = [];
    const location = finding.location;
    if (location) {
      properties.push(['file', displayPath(location.file, ctx.cwd)], ['line', location.line], ['col', location.col]);
      properties.push(['endLine', location.endLine ?? (location.endCol !== undefined ? location.line : undefined)], ['endColumn', location.endCol]);
    }
    properties.push(['title', named && finding.deployment !== undefined ? `${finding.ruleId} (${finding.deployment})` : finding.ruleId]);
    const rendered = properties
      .filter((property): property is [string, string | number] => property[1] !== undefined)
      .map(([key, value]) => `${key}=${escapeProperty(escapeText(String(value)))}`)
      .join(',');
    // Each line escaped as every other format escapes text (controls, bidi and format
    // characters shown), then the body as workflow commands want it.
    const body = [...finding.message.split('\n'), ...finding.related.map((related) => `${formatLocation(related.location, ctx.cwd)}: ${related.message}`)].map(escapeText);
    if (finding.websocketPath) body.push(labelledPathLine(finding.websocketPath));
    if (finding.suggestion) body.push(`Suggestion: ${escapeText(finding.suggestion)}`);
    return `::${COMMANDS[finding.severity]} ${rendered}::${escapeData(body.join('\n'))}`;
  });
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};

export default github;

/** @actions/core command.ts `escapeData`. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** @actions/core command.ts `escapeProperty`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
