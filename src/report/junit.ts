import type { Finding } from '../rules/finding.js';
import { displayPath, findingsByFile, formatLocation, type Formatter } from './formatter.js';

/**
 * JUnit XML for CI test-report views: a testsuite per file, a testcase per finding. Errors
 * and warnings are `<failure>`s; notes are passing testcases whose text is in
 * `<system-out>`, since they never fail a run. Every file read gets a suite, with one
 * passing testcase when it is clean, so CI lists what was checked.
 */
const junit: Formatter = (report, ctx) => {
  // Files read come first, in reading order, so clean ones get a suite too.
  const suites = findingsByFile(report.findings, ctx.cwd, new Map(report.files.map((file) => [displayPath(file, ctx.cwd), []])));

  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const failing = (findings: Finding[]) => findings.filter((finding) => finding.severity !== 'info').length;
  const all = [...suites.values()];
  const totalTests = all.reduce((sum, findings) => sum + Math.max(findings.length, 1), 0);
  const totalFailures = all.reduce((sum, findings) => sum + failing(findings), 0);
  lines.push(`<testsuites name="cf-ws-lint" tests="${totalTests}" failures="${totalFailures}" errors="0">`);
  for (const [name, findings] of suites) {
    const tests = Math.max(findings.length, 1);
    lines.push(`  <testsuite name="${xmlAttribute(name)}" tests="${tests}" failures="${failing(findings)}" errors="0" skipped="0">`);
    if (findings.length === 0) lines.push(`    <testcase name="cf-ws-lint" classname="${xmlAttribute(name)}"/>`);
    for (const finding of findings) lines.push(...testcase(finding, name, ctx.cwd));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
};

export default junit;

function testcase(finding: Finding, suite: string, cwd: string): string[] {
  const where = finding.location ? `${suite}:${finding.location.line}:${finding.location.col}` : suite;
  const detail = [`${where}: ${finding.message} (${finding.ruleId} ${finding.ruleName})`];
  if (finding.path !== undefined) detail.push(`path: ${finding.path}`);
  for (const related of finding.related) detail.push(`related: ${formatLocation(related.location, cwd)}: ${related.message}`);
  if (finding.suggestion) detail.push(`suggestion: ${finding.suggestion}`);
  const body = xml(detail.join('\n'));

  const open = `    <testcase name="${xmlAttribute(`${finding.ruleId} ${finding.ruleName}`)}" classname="${xmlAttribute(where)}">`;
  const inner =
    finding.severity === 'info'
      ? `      <system-out>${body}</system-out>`
      : `      <failure message="${xmlAttribute(finding.message)}" type="${finding.severity === 'warn' ? 'warning' : 'error'}">${body}</failure>`;
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
