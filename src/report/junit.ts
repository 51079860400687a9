import { SEVERITY_NAMES, type Finding } from '../rules/finding.js';
import { displayPath, findingsByDeployment, formatLocation, NO_LOCATION, sortFindings, type Formatter } from './formatter.js';
import { labelledPathLine } from './path-view.js';

/**
 * JUnit XML for CI test-report views: a testsuite per deployment (what CI should list as
 * checked, not every vars file read), a testcase per finding. Errors and warnings are
 * `<failure>`s; notes are passing testcases whose text is in `<system-out>`, since they
 * never fail a run. A clean deployment gets one passing testcase.
 */
const junit: Formatter = (report, ctx) => {
  const manifests = new Map((report.deployments ?? []).map((deployment) => [deployment.name, deployment.manifest]));
  const groups = findingsByDeployment(report);
  if (groups.length === 0) groups.push({ name: undefined, findings: [] });

  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  // A file that could not be read is an `<error>` (the check could not run), not a `<failure>`.
  const failing = (findings: readonly Finding[]) => findings.filter((finding) => finding.severity !== 'info' && !finding.fatal).length;
  const erring = (findings: readonly Finding[]) => findings.filter((finding) => finding.fatal).length;
  const sum = (count: (findings: readonly Finding[]) => number) => groups.reduce((total, group) => total + count(group.findings), 0);
  const tests = (findings: readonly Finding[]) => Math.max(findings.length, 1);
  lines.push(`<testsuites name="cf-ws-lint" tests="${sum(tests)}" failures="${sum(failing)}" errors="${sum(erring)}">`);
  for (const { name, findings } of groups) {
    const suite = name ?? 'cf-ws-lint';
    lines.push(`  <testsuite name="${xmlAttribute(suite)}" tests="${tests(findings)}" failures="${failing(findings)}" errors="${erring(findings)}" skipped="0">`);
    if (findings.length === 0) {
      const manifest = name !== undefined ? manifests.get(name) : undefined;
      lines.push(`    <testcase name="cf-ws-lint" classname="${xmlAttribute(manifest !== undefined ? displayPath(manifest, ctx.cwd) : suite)}"/>`);
    }
    for (const finding of sortFindings(findings)) lines.push(...testcase(finding, ctx.cwd));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
};

export default junit;

function testcase(finding: Finding, cwd: string): string[] {
  const where = finding.location ? formatLocation(finding.location, cwd) : NO_LOCATION;
  const detail = [`${where}: ${finding.message}${finding.fatal ? '' : ` (${finding.ruleId} ${finding.ruleName})`}`];
  if (finding.path !== undefined) detail.push(`path: ${finding.path}`);
  for (const related of finding.related) detail.push(`related: ${formatLocation(related.location, cwd)}: ${related.message}`);
  if (finding.websocketPath) detail.push(labelledPathLine(finding.websocketPath));
  if (finding.suggestion) detail.push(`suggestion: ${finding.suggestion}`);
  const body = xml(detail.join('\n'));

  const open = `    <testcase name="${xmlAttribute(finding.fatal ? finding.ruleId : `${finding.ruleId} ${finding.ruleName}`)}" classname="${xmlAttribute(where)}">`;
  const inner = finding.fatal
    ? `      <error message="${xmlAttribute(finding.message)}" type="fatal">${body}</error>`
    : finding.severity === 'info'
      ? `      <system-out>${body}</system-out>`
      : `      <failure message="${xmlAttribute(finding.message)}" type="${SEVERITY_NAMES[finding.severity]}">${body}</failure>`;
  return [open, inner, '    </testcase>'];
}

/** Escapes markup and drops characters XML 1.0 cannot carry at all. */
export function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Attribute values: parsers normalise raw line breaks and tabs to spaces, so keep them as references. */
export function xmlAttribute(text: string): string {
  return xml(text).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
