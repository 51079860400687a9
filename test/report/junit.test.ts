import { describe, expect, it } from 'vitest';
import junit, { xml } from '../../src/report/junit.js';
import { context, deploymentsReport, finding, sampleReport } from './fixtures.js';

describe('junit', () => {
  it('writes a suite per deployment and a testcase per finding; notes do not fail', () => {
    const output = junit(sampleReport(), context());
    expect(output.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="cf-ws-lint" tests="3" failures="2" errors="0">')).toBe(true);
    expect(output).toContain('<testsuite name="prod" tests="3" failures="2" errors="0" skipped="0">');
    expect(output).toContain('<testcase name="CFWS001 websocket-port-has-listener" classname="manifests/cf.yml:12:5">');
    expect(output).toContain('<failure message="No listener on port 443." type="error">manifests/cf.yml:12:5: No listener on port 443.');
    expect(output).toContain('<failure message="Idle timeout 30s is shorter than 60s." type="warning">');
    expect(output).toContain('<system-out>(deployment): Cannot verify the LB: no --lb given.');
    expect(output.endsWith('</testsuites>\n')).toBe(true);
  });

  it('has no suite for a file that is not a deployment (a vars file, a clean ops-file)', () => {
    const output = junit(sampleReport(), context());
    expect(output).not.toContain('ops/clean.yml');
    expect([...output.matchAll(/<testsuite /g)]).toHaveLength(1);
  });

  it('names the deployment of every finding as its suite; a clean deployment passes', () => {
    const output = junit(deploymentsReport(), context());
    const suites = [...output.matchAll(/<testsuite name="([^"]+)"[^>]*>([\s\S]*?)<\/testsuite>/g)].map(([, name, body]) => [name, [...body!.matchAll(/classname="([^"]+)"/g)].map((m) => m[1])]);
    expect(suites).toEqual([
      ['prod', ['cf-deployment.yml:28:5']],
      ['staging', ['cf-deployment.yml:28:5']],
      ['lab', ['lab/cf.yml:28:5']],
      ['dev', ['lab/cf.yml']],
    ]);
    expect(output).toContain('<testsuite name="dev" tests="1" failures="0" errors="0" skipped="0">\n    <testcase name="cf-ws-lint" classname="lab/cf.yml"/>');
  });

  it('escapes markup in attributes and text, and drops characters XML cannot carry', () => {
    const output = junit({ findings: [finding({ message: 'a < b & "c" \'d\'\n>\u0007', related: [] })], files: [] }, context());
    expect(output).toContain('message="a &lt; b &amp; &quot;c&quot; &apos;d&apos;&#10;&gt;"');
    expect(output).toContain('a &lt; b &amp; &quot;c&quot; &apos;d&apos;\n&gt; (CFWS001');
    expect(xml('ok\u0000\uFFFE😀')).toBe('ok😀');
  });

  it('is well formed enough for a strict reading: every open tag closes', () => {
    const output = junit(sampleReport(), context());
    const tags = [...output.matchAll(/<(\/?)(testsuites|testsuite|testcase|failure|system-out)\b[^>]*?(\/?)>/g)];
    const stack: string[] = [];
    for (const [, closing, name, selfClosing] of tags) {
      if (selfClosing) continue;
      if (closing) expect(stack.pop()).toBe(name);
      else stack.push(name!);
    }
    expect(stack).toEqual([]);
  });
});
