import { describe, expect, it } from 'vitest';
import stylish from '../../src/report/stylish.js';
import { context, cwd, deploymentsReport, finding, sampleReport } from './fixtures.js';

describe('stylish', () => {
  it('groups by file, aligns columns, indents related locations and suggestions, and sums up', () => {
    expect(stylish(sampleReport(), context())).toBe(
      [
        'lb/haproxy.cfg',
        '  8:3  warning  Idle timeout 30s is shorter than 60s.  CFWS009',
        '                suggestion: Raise `timeout client` to 900s.',
        '',
        'manifests/cf.yml',
        '  12:5  error  No listener on port 443.  CFWS001',
        '               ↳ lb/haproxy.cfg:30:3  frontend defined here',
        '',
        '(deployment)',
        '  -  note  Cannot verify the LB: no --lb given.  CFWS001',
        '',
        '✖ 3 problems (1 error, 1 warning, 1 note)',
        '  1 error and 0 warnings potentially fixable with the `--fix` option.',
        '',
      ].join('\n'),
    );
  });

  it('groups by deployment, then file, when there are several deployments', () => {
    expect(stylish(deploymentsReport(), context())).toBe(
      [
        'deployment prod',
        'cf-deployment.yml',
        '  28:5  error  No listener on port 443.  CFWS001',
        '',
        'deployment staging',
        'cf-deployment.yml',
        '  28:5  error  No listener on port 443.  CFWS001',
        '',
        'deployment lab',
        'lab/cf.yml',
        '  28:5  warning  No listener on port 443.  CFWS001',
        '',
        '✖ 3 problems (2 errors, 1 warning, 0 notes)',
        '  2 errors and 0 warnings potentially fixable with the `--fix` option.',
        '',
      ].join('\n'),
    );
  });

  it('pads every column to the widest row of the file', () => {
    const report = {
      findings: [
        finding({ related: [], fix: undefined }),
        finding({ severity: 'warn', message: 'Short.', location: { file: `${cwd}/manifests/cf.yml`, line: 3, col: 1 }, related: [], fix: undefined }),
      ],
      files: [],
    };
    expect(stylish(report, context()).split('\n').slice(0, 3)).toEqual([
      'manifests/cf.yml',
      '  3:1   warning  Short.                    CFWS001',
      '  12:5  error    No listener on port 443.  CFWS001',
    ]);
  });

  it('prints nothing for a clean run and omits the fixable line when nothing is fixable', () => {
    expect(stylish({ findings: [], files: ['a.yml'] }, context())).toBe('');
    const output = stylish({ findings: [finding({ fix: undefined, severity: 'warn' })], files: [] }, context());
    expect(output).toContain('✖ 1 problem (0 errors, 1 warning, 0 notes)\n');
    expect(output).not.toContain('potentially fixable');
  });

  it('colours only when asked', () => {
    expect(stylish(sampleReport(), context())).not.toContain('\u001b[');
    const colored = stylish(sampleReport(), context({ color: true }));
    expect(colored).toContain('\u001b[31merror\u001b[39m');
    expect(colored).toContain('\u001b[33mwarning\u001b[39m');
    // Same text once the escapes are gone: alignment does not count them.
    expect(colored.replace(/\u001b\[\d+m/g, '')).toBe(stylish(sampleReport(), context()));
  });

  it('shows files outside cwd by absolute path', () => {
    const output = stylish({ findings: [finding({ location: { file: '/elsewhere/x.yml', line: 1, col: 1 }, related: [] })], files: [] }, context());
    expect(output.split('\n')[0]).toBe('/elsewhere/x.yml');
  });
});

describe('stylish: the WebSocket path', () => {
  const withPath = finding({
    related: [],
    fix: undefined,
    websocketPath: {
      endpoint: 'doppler',
      hops: [
        { kind: 'client', label: 'client', protocol: 'wss', status: 'ok' },
        { kind: 'dns', label: 'doppler.sys.example.com', status: 'ok' },
        { kind: 'listener', label: 'cf-router', port: 443, protocol: 'https', status: 'failing', problem: 'Upgrade', ruleId: 'CFWS002' },
        { kind: 'gorouter', label: 'gorouter', port: 80, status: 'ok' },
      ],
    },
  });

  it('prints one line under a finding that has a path, the failing hop marked', () => {
    expect(stylish({ findings: [withPath], files: [] }, context()).split('\n').slice(1, 3)).toEqual([
      '  12:5  error  No listener on port 443.  CFWS001',
      '               path: doppler.sys.example.com → cf-router:443 https ✗ Upgrade → gorouter:80',
    ]);
  });

  it('escapes what the names hold: a line break or an escape sequence cannot forge output', () => {
    const hostile = { ...withPath, websocketPath: { ...withPath.websocketPath!, hops: withPath.websocketPath!.hops.map((hop) => (hop.kind === 'listener' ? { ...hop, label: 'cf\n::error::x\u001b[2J' } : hop)) } };
    expect(stylish({ findings: [hostile], files: [] }, context()).split('\n')[2]).toBe('               path: doppler.sys.example.com → cf\\n::error::x\\e[2J:443 https ✗ Upgrade → gorouter:80');
  });

  it('paints the mark red in colour', () => {
    expect(stylish({ findings: [withPath], files: [] }, context({ color: true }))).toContain('https \u001b[31m✗ Upgrade\u001b[39m → gorouter:80');
  });
});
