import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, Location, Severity } from '../rules/finding.js';
import { DOCS_BASE, type Rule } from '../rules/rule.js';
import type { FormatterContext } from './formatter.js';
import { displayPath, findingsByDeployment, hasSeveralDeployments, jsonValue, sortFindings, type Formatter } from './formatter.js';
import { labelledPathLine } from './path-view.js';
import { escapeText } from '../util/escape.js';

const LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warn: 'warning', info: 'note' };

/** The project home: the rule docs live under it (DOCS_BASE is `<repo>/blob/main/docs/rules/`). */
const INFORMATION_URI = DOCS_BASE.replace(/\/blob\/.*$/, '');

const SRCROOT = '%SRCROOT%';

/**
 * SARIF 2.1.0 for code-scanning uploads. Every rule of the registry is listed, so `ruleIndex`
 * is stable across runs; `help.text` repeats the docs URL because GitHub ignores `helpUri`
 * (kube-linter's sarif_format.go notes the same). Fixes are go-patch ops for an ops-file,
 * not text replacements in the scanned file, so they travel in `properties`, not `fixes`.
 *
 * A finding's WebSocket path is a line of `message.text` (what code scanning shows; it
 * ignores `message.markdown` and `properties`) and data in `properties.websocketPath`. Not
 * `codeFlows`: their steps are places in files, and most hops (a DNS name, the gorouter)
 * are not written in any file the run read.
 */
const sarif: Formatter = (report, ctx) => {
  // Several deployments: a run each, told apart by automationDetails.id, as GitHub code
  // scanning keeps one analysis per category (two deployments sharing a manifest would
  // otherwise report the same line twice in one run). One deployment: one plain run.
  const groups = hasSeveralDeployments(report)
    ? findingsByDeployment(report).map((group) => ({ findings: group.findings, automationId: `cf-ws-lint/${group.name ?? ''}${group.name === undefined ? '' : '/'}` }))
    : [{ findings: report.findings, automationId: undefined }];
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: groups.map((group) => sarifRun(group.findings, group.automationId, ctx)),
  };
  return `${JSON.stringify(log, jsonValue, 2)}\n`;
};

function sarifRun(findings: readonly Finding[], automationId: string | undefined, ctx: FormatterContext): Record<string, unknown> {
  const descriptors = ctx.rules.map(ruleDescriptor);
  const ruleIndex = new Map<string, number>(ctx.rules.map((rule, index) => [rule.id, index]));
  const results = sortFindings(findings).map((finding) => {
    let index = ruleIndex.get(finding.ruleId);
    if (index === undefined) {
      // A rule outside ctx.rules (a custom rule, or `fatal`): describe it from the finding.
      index = descriptors.push({ id: finding.ruleId, name: finding.ruleName }) - 1;
      ruleIndex.set(finding.ruleId, index);
    }
    return result(finding, index, ctx.cwd);
  });
  return {
    tool: {
      driver: { name: 'cf-ws-lint', version: ctx.version, semanticVersion: ctx.version, informationUri: INFORMATION_URI, rules: descriptors },
    },
    ...(automationId !== undefined ? { automationDetails: { id: automationId } } : {}),
    originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(ctx.cwd.endsWith(path.sep) ? ctx.cwd : ctx.cwd + path.sep).href } },
    columnKind: 'utf16CodeUnits',
    results,
  };
}

export default sarif;

function ruleDescriptor(rule: Rule): Record<string, unknown> {
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.description },
    fullDescription: { text: rule.description },
    helpUri: rule.docsUrl,
    help: {
      text: `${rule.description}\n\nDocumentation: ${rule.docsUrl}`,
      markdown: `${rule.description}\n\n[Documentation](${rule.docsUrl})`,
    },
    defaultConfiguration: { level: LEVELS[rule.severity] },
    properties: { fixable: rule.fixable },
  };
}

function result(finding: Finding, ruleIndex: number, cwd: string): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  if (finding.deployment !== undefined) properties.deployment = finding.deployment;
  if (finding.path !== undefined) properties.path = finding.path;
  if (finding.fix) properties.fix = finding.fix;
  if (finding.suggestion !== undefined) properties.suggestion = finding.suggestion;
  if (finding.websocketPath) properties.websocketPath = finding.websocketPath;
  const message = plainText(finding.message);
  const text = finding.websocketPath ? `${message}\n${withoutLinks(labelledPathLine(finding.websocketPath))}` : message;

  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVELS[finding.severity],
    message: { text },
    // A finding about something missing everywhere has no place to point at; SARIF allows that.
    ...(finding.location ? { locations: [sarifLocation(finding.location, cwd, finding.path)] } : {}),
    ...(finding.related.length > 0
      ? {
          relatedLocations: finding.related.map((related, id) => ({
            id,
            ...sarifLocation(related.location, cwd),
            message: { text: plainText(related.message) },
          })),
        }
      : {}),
    ...(Object.keys(properties).length > 0 ? { properties } : {}),
  };
}

/**
 * `[text](n)` in a plain-text message is an embedded link to related location n (SARIF
 * 2.1.0 §3.11.6), which code scanning draws as a link; viewers read `\[`, `\]` and `\\` as
 * the characters themselves (vscode-codeql's sarif-utils `unescapeSarifText`). So a load
 * balancer named `[here](1)` shows as its name, not as a link.
 */
function withoutLinks(text: string): string {
  return text.replace(/[\\[\]]/g, (char) => `\\${char}`);
}

/** A message as code scanning shows it: each line escaped as every format escapes text, no links. */
function plainText(text: string): string {
  return text.split('\n').map((line) => withoutLinks(escapeText(line))).join('\n');
}

function sarifLocation(location: Location, cwd: string, documentPath?: string): Record<string, unknown> {
  const region: Record<string, number> = { startLine: location.line, startColumn: location.col };
  if (location.endCol !== undefined) {
    region.endLine = location.endLine ?? location.line;
    region.endColumn = location.endCol;
  } else if (location.endLine !== undefined) {
    region.endLine = location.endLine;
  }
  return {
    physicalLocation: { artifactLocation: artifactLocation(location.file, cwd), region },
    // The go-patch path is the location an ops-file must target.
    ...(documentPath !== undefined ? { logicalLocations: [{ fullyQualifiedName: documentPath, kind: 'member' }] } : {}),
  };
}

/** Relative to %SRCROOT% (cwd) when inside it, else an absolute file URI. */
function artifactLocation(file: string, cwd: string): Record<string, string> {
  const shown = displayPath(file, cwd);
  if (path.isAbsolute(shown)) return { uri: pathToFileURL(shown).href };
  return { uri: shown.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}
