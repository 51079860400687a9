import type { LintReport } from '../engine/types.js';
import type { WebSocketPath } from '../model/websocket-path.js';
import { SEVERITY_NAMES, type Finding, type Severity } from '../rules/finding.js';
import { countSeverities, displayPath, findingsByDeployment, hasSeveralDeployments, plural, sortFindings, type Formatter, type FormatterContext } from './formatter.js';
import { flowchart } from './mermaid.js';
import { drawnPaths, hopText, type DrawnPath } from './path-view.js';

const ICONS: Record<Severity, string> = { error: '❌', warn: '⚠️', info: 'ℹ️' };

/** One part of the report: a deployment's findings and the WebSocket paths its rules checked. */
interface Section {
  name?: string;
  findings: Finding[];
  paths: WebSocketPath[];
}

/**
 * GitHub-flavoured Markdown for a PR comment or a job summary (`$GITHUB_STEP_SUMMARY`): a
 * summary line, then per deployment a table of findings and a Mermaid flowchart of each
 * WebSocket path checked, the failing hop marked with its rule id. Every value from the
 * input is escaped for Markdown (in tables) or Mermaid (in diagrams): pull requests write them.
 */
const markdown: Formatter = (report, ctx) => {
  const sections = sectionsOf(report);
  const counts = countSeverities(report.findings);
  const total = counts.errors + counts.warnings + counts.notes;
  const lines = ['## cf-ws-lint', ''];
  lines.push(total === 0 ? 'No problems found.' : `**${plural(total, 'problem')}**: ${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ${plural(counts.notes, 'note')}.`);
  for (const section of sections) {
    const body = sectionLines(section, ctx);
    if (body.length > 0) lines.push('', ...body);
  }
  return `${lines.join('\n')}\n`;
};

export default markdown;

/**
 * A section per deployment, named when there are several (as stylish does); one unnamed
 * section for a report without deployments (the library's lint() of an unnamed target).
 */
function sectionsOf(report: LintReport): Section[] {
  if (!report.deployments?.length) return [{ findings: report.findings, paths: report.websocketPaths ?? [] }];
  const paths = new Map(report.deployments.map((deployment) => [deployment.name, deployment.websocketPaths ?? []]));
  const named = hasSeveralDeployments(report);
  return findingsByDeployment(report).map((group) => ({
    ...(named ? { name: group.name ?? '(no deployment)' } : {}),
    findings: group.findings,
    paths: group.name !== undefined ? (paths.get(group.name) ?? []) : [],
  }));
}

function sectionLines(section: Section, ctx: FormatterContext): string[] {
  const lines: string[] = [];
  if (section.name !== undefined) lines.push(`### Deployment ${markdownText(section.name)}`, '');
  if (section.name !== undefined && section.findings.length === 0) lines.push('No problems found.', '');
  if (section.findings.length > 0) lines.push(...findingTable(section.findings, ctx), '');
  const paths = drawnPaths(section.paths, section.findings);
  if (paths.length > 0) {
    lines.push('#### WebSocket paths', '');
    for (const path of paths) lines.push(`**${markdownText(pathTitle(path))}**`, '', '```mermaid', flowchart(path).trimEnd(), '```', '');
  }
  return lines.length > 0 && lines[lines.length - 1] === '' ? lines.slice(0, -1) : lines;
}

function findingTable(findings: Finding[], ctx: FormatterContext): string[] {
  const docsUrls = new Map<string, string>(ctx.rules.map((rule) => [rule.id, rule.docsUrl]));
  const rows = sortFindings(findings).map((finding) => {
    const url = docsUrls.get(finding.ruleId);
    const rule = url ? `[${markdownText(finding.ruleId)}](${url})` : markdownText(finding.ruleId);
    const where = finding.location ? `${displayPath(finding.location.file, ctx.cwd)}:${finding.location.line}:${finding.location.col}` : '(deployment)';
    const details = [finding.message, ...(finding.suggestion ? [`Suggestion: ${finding.suggestion}`] : [])].map(markdownText).join('<br>');
    return `| ${ICONS[finding.severity]} ${SEVERITY_NAMES[finding.severity]} | ${rule} | ${markdownText(where)} | ${details} |`;
  });
  return ['| Severity | Rule | Where | Message |', '| --- | --- | --- | --- |', ...rows];
}

/** `doppler via aws_elb.cf_router_lb:4443 ssl` */
function pathTitle(path: DrawnPath): string {
  const listener = path.hops.find(({ hop }) => hop.kind === 'listener');
  return listener ? `${path.endpoint} via ${hopText(listener.hop)}` : path.endpoint;
}

/**
 * Text that shows as itself in GitHub Markdown, table cells included: HTML's specials as
 * entities; the punctuation GitHub could read as syntax backslash-escaped: emphasis, links,
 * images, code spans, the cell's `|`, `$` math, `#123` references and `@` mentions (a
 * hostile name must not ping anyone); line breaks as spaces.
 */
export function markdownText(text: string): string {
  return text
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/[\\`*_{}[\]#!|~$@]/g, (char) => `\\${char}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
