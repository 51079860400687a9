import { describe, expect, it } from 'vitest';
import type { WebSocketPath } from '../../src/model/websocket-path.js';
import { loadFormatter, type FormatterName } from '../../src/report/index.js';
import { runCli } from '../helpers/cli.js';
import { hasSarifSchema, sarifValidator } from '../helpers/sarif.js';
import { context, pathReport, pathWithListener } from './fixtures.js';

/** What a format shows of each finding's WebSocket path, in finding order. */
type PathsShown = (output: string) => unknown[];

const linesWith = (marker: string): PathsShown => (output) => output.split('\n').filter((line) => line.includes(marker)).map((line) => line.trim());

const sarifResults = (output: string) => (JSON.parse(output) as { runs: { results: { message: { text: string }; properties?: { websocketPath?: unknown } }[] }[] }).runs.flatMap((run) => run.results);

/**
 * Every format that carries the path, and how it shows it: the error's failing hop as `✗`,
 * the note's unknown hop as `?` (pathReport: CFWS002 drops Upgrade; CFWS001 cannot tell the
 * port of cf-doppler's listener).
 */
const FORMATS: { format: FormatterName; shown: PathsShown; expected: unknown[] }[] = [
  {
    format: 'stylish',
    shown: linesWith('path:'),
    expected: ['path: doppler.sys.example.com → cf-router:443 https ✗ Upgrade → gorouter:80 http', 'path: doppler.sys.example.com → cf-doppler:443 ? port not known'],
  },
  {
    format: 'github',
    shown: (output) => output.trim().split('\n'),
    expected: [
      '::error file=lb/cf_lb.tf,line=9,col=5,title=CFWS002::The https listener on port 443 of cf-router does not pass the WebSocket Upgrade header.%0AWebSocket path: doppler.sys.example.com → cf-router:443 https ✗ Upgrade → gorouter:80 http',
      '::notice file=manifests/cf.yml,line=28,col=5,title=CFWS001::Cannot verify a listener on port 443 for wss://doppler.sys.example.com:443: cf-doppler has a listener whose port is not known.%0AWebSocket path: doppler.sys.example.com → cf-doppler:443 ? port not known',
    ],
  },
  {
    // The error's in its <failure>, the note's in its <system-out>.
    format: 'junit',
    shown: linesWith('WebSocket path:'),
    expected: [
      'WebSocket path: doppler.sys.example.com → cf-router:443 https ✗ Upgrade → gorouter:80 http</failure>',
      'WebSocket path: doppler.sys.example.com → cf-doppler:443 ? port not known</system-out>',
    ],
  },
  {
    format: 'sarif',
    shown: (output) => sarifResults(output).map((result) => result.message.text),
    expected: [
      'The https listener on port 443 of cf-router does not pass the WebSocket Upgrade header.\nWebSocket path: doppler.sys.example.com → cf-router:443 https ✗ Upgrade → gorouter:80 http',
      'Cannot verify a listener on port 443 for wss://doppler.sys.example.com:443: cf-doppler has a listener whose port is not known.\nWebSocket path: doppler.sys.example.com → cf-doppler:443 ? port not known',
    ],
  },
  {
    format: 'sarif',
    shown: (output) => sarifResults(output).map((result) => result.properties?.websocketPath),
    expected: pathReport().findings.map((finding) => finding.websocketPath),
  },
  {
    format: 'json',
    shown: (output) => (JSON.parse(output) as { findings: { websocketPath: unknown }[] }).findings.map((finding) => finding.websocketPath),
    expected: pathReport().findings.map((finding) => finding.websocketPath),
  },
  {
    // The listener's node of each path's flowchart: red and solid-bordered, or yellow and dashed.
    format: 'markdown',
    shown: linesWith('h1 --> h2'),
    expected: ['h1 --> h2["cf-router<br/>:443 https<br/>✗ CFWS002 Upgrade"]:::failing', 'h1 --> h2["cf-doppler<br/>:443<br/>? CFWS001 port not known"]:::unknown'],
  },
];

describe('the WebSocket path in every format', () => {
  it.each(FORMATS)('$format shows the failing hop as ✗ and the unknown one as ?', async ({ format, shown, expected }) => {
    const output = (await loadFormatter(format))(pathReport(), context());
    expect(shown(output)).toEqual(expected);
  });

  it('leaves out what has no path: the github annotation, JUnit text and SARIF message are the message alone', async () => {
    const report = pathReport();
    for (const finding of report.findings) delete finding.websocketPath;
    const outputs = await Promise.all((['github', 'junit', 'sarif'] as const).map(async (format) => (await loadFormatter(format))(report, context())));
    for (const output of outputs) expect(output).not.toContain('WebSocket path');
    expect(sarifResults(outputs[2]!).map((result) => result.properties?.websocketPath)).toEqual([undefined, undefined]);
  });

  it.skipIf(!hasSarifSchema)('keeps SARIF valid against the 2.1.0 schema with paths in it', async () => {
    const validate = sarifValidator();
    const log = JSON.parse((await loadFormatter('sarif'))(pathReport(), context()));
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });
});

describe('a hostile name in the path', () => {
  /** A listener named to forge a workflow command, a SARIF link, XML markup and an escape sequence. */
  const hostile = '[here](0) <b>\n::error::100%\u001b[2J';
  const report = () => ({ findings: [{ ...pathReport().findings[0]!, websocketPath: pathWithListener({ label: hostile, status: 'failing', problem: 'Upgrade' }) }], files: [] });

  it.each([
    // escapeText shows the line break and ESC; then the toolkit's escapeData: `%`, and no raw line break.
    { format: 'github' as const, path: (output: string) => output.split('%0A')[1]!.trimEnd(), expected: 'WebSocket path: doppler.sys.example.com → [here](0) <b>\\n::error::100%25\\e[2J:443 https ✗ Upgrade → gorouter:80 http' },
    // Brackets and backslashes escaped: no embedded link to related location 0.
    { format: 'sarif' as const, path: (output: string) => sarifResults(output)[0]!.message.text.split('\n')[1], expected: 'WebSocket path: doppler.sys.example.com → \\[here\\](0) <b>\\\\n::error::100%\\\\e\\[2J:443 https ✗ Upgrade → gorouter:80 http' },
    // XML: markup escaped.
    { format: 'junit' as const, path: (output: string) => linesWith('WebSocket path:')(output)[0], expected: 'WebSocket path: doppler.sys.example.com → [here](0) &lt;b&gt;\\n::error::100%\\e[2J:443 https ✗ Upgrade → gorouter:80 http</failure>' },
  ])('$format escapes it once by the one escaping function, then by its own rules', async ({ format, path, expected }) => {
    const output = (await loadFormatter(format))(report(), context());
    expect(path(output)).toBe(expected);
    expect(output.split('\n').filter((line) => line.startsWith('::'))).toHaveLength(format === 'github' ? 1 : 0);
  });
});

/**
 * fixtures/lb/terraform/unknown-port: doppler's ELB listens on a Terraform variable with no
 * value, so the CFWS001 note's path ends at an unknown hop, in every format the CLI writes.
 */
describe('the CLI on a listener whose port is not known', () => {
  const args = ['fixtures/deployments/cf-deployment.yml', '-v', 'system_domain=sys.example.com', '--lb', 'fixtures/lb/terraform/unknown-port'];
  const unknownHop: WebSocketPath['hops'][number] = { kind: 'listener', label: 'aws_elb.cf_doppler', port: 443, status: 'unknown', problem: 'port not known', ruleId: 'CFWS001' };

  it.each([
    { format: 'stylish', expected: 'path: doppler.sys.example.com → aws_elb.cf_doppler:443 ? port not known' },
    { format: 'github', expected: '%0AWebSocket path: doppler.sys.example.com → aws_elb.cf_doppler:443 ? port not known' },
    { format: 'junit', expected: 'WebSocket path: doppler.sys.example.com → aws_elb.cf_doppler:443 ? port not known</system-out>' },
    { format: 'sarif', expected: '\\nWebSocket path: doppler.sys.example.com → aws_elb.cf_doppler:443 ? port not known"' },
    { format: 'markdown', expected: 'h1 --> h2["aws_elb.cf_doppler<br/>:443<br/>? CFWS001 port not known"]:::unknown' },
  ])('$format: ? port not known, never ✗ no listener', ({ format, expected }) => {
    const result = runCli([...args, '-f', format]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(expected);
    expect(result.stdout).not.toContain('✗');
  });

  it('json: the finding and the checked path, as data', () => {
    const output = JSON.parse(runCli([...args, '-f', 'json']).stdout);
    expect(output.findings.map((finding: { websocketPath: WebSocketPath }) => finding.websocketPath.hops.at(-1))).toEqual([unknownHop]);
    const { ruleId: _, ...checked } = unknownHop;
    expect(output.deployments[0].websocketPaths.map((path: WebSocketPath) => path.hops.at(-1))).toEqual([checked]);
  });
});
