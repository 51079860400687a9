import { describe, expect, it } from 'vitest';
import unix from '../../src/report/unix.js';
import { context, cwd, deploymentsReport, finding, sampleReport } from './fixtures.js';

describe('unix', () => {
  it('writes one line per finding: file:line:col: severity message [rule]', () => {
    expect(unix(sampleReport(), context())).toBe(
      [
        'lb/haproxy.cfg:8:3: warning Idle timeout 30s is shorter than 60s. [CFWS009]',
        'manifests/cf.yml:12:5: error No listener on port 443. [CFWS001]',
        // No place of its own: its deployment's manifest, at 0:0.
        'manifests/cf.yml:0:0: note Cannot verify the LB: no --lb given. [CFWS001]',
        '',
      ].join('\n'),
    );
  });

  it('names the deployment when there are several', () => {
    expect(unix(deploymentsReport(), context()).split('\n')).toEqual([
      'cf-deployment.yml:28:5: error No listener on port 443. [CFWS001] (prod)',
      'cf-deployment.yml:28:5: error No listener on port 443. [CFWS001] (staging)',
      'lab/cf.yml:28:5: warning No listener on port 443. [CFWS001] (lab)',
      '',
    ]);
  });

  it('keeps each finding on one line whatever its message or file name holds', () => {
    const odd = finding({ message: 'two\nlines\u001b[31m', location: { file: `${cwd}/a\nb.yml`, line: 1, col: 1 }, related: [] });
    expect(unix({ findings: [odd], files: [] }, context())).toBe('a\\nb.yml:1:1: error two lines\\e[31m [CFWS001]\n');
    expect(unix({ findings: [], files: [] }, context())).toBe('');
  });
});
