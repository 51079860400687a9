import { describe, expect, it } from 'vitest';
import github, { escapeData, escapeProperty } from '../../src/report/github.js';
import { context, cwd, deploymentsReport, finding, sampleReport } from './fixtures.js';

describe('github', () => {
  it('writes one workflow command per finding: error, warning, notice', () => {
    expect(github(sampleReport(), context()).split('\n')).toEqual([
      '::warning file=lb/haproxy.cfg,line=8,col=3,title=CFWS009::Idle timeout 30s is shorter than 60s.%0ASuggestion: Raise `timeout client` to 900s.',
      '::error file=manifests/cf.yml,line=12,col=5,endLine=12,endColumn=20,title=CFWS001::No listener on port 443.%0Alb/haproxy.cfg:30:3: frontend defined here',
      '::notice title=CFWS001::Cannot verify the LB: no --lb given.',
      '',
    ]);
  });

  it('escapes data and properties as the Actions toolkit does', () => {
    expect(escapeData('100% sure\r\nnext: a,b')).toBe('100%25 sure%0D%0Anext: a,b');
    expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
    const odd = finding({ message: 'port 443: 50% of\nclients', location: { file: `${cwd}/dir,with:odd/m.yml`, line: 2, col: 7 }, related: [] });
    expect(github({ findings: [odd], files: [] }, context())).toBe(
      '::error file=dir%2Cwith%3Aodd/m.yml,line=2,col=7,title=CFWS001::port 443: 50%25 of%0Aclients\n',
    );
  });

  it('shows control, bidi and format characters as escapes, as every format does (the one escaping function)', () => {
    const hostile = finding({
      message: 'LB cf\u202erouter\u001b[31m has no listener\u2028here',
      location: { file: `${cwd}/m\u200f.yml`, line: 2, col: 7 },
      related: [{ location: { file: `${cwd}/lb.yml`, line: 3, col: 1 }, message: 'listener\u0085 of \u2066x' }],
      suggestion: 'Add\u0000 one',
    });
    expect(github({ findings: [hostile], files: [] }, context())).toBe(
      '::error file=m\\u200f.yml,line=2,col=7,title=CFWS001::LB cf\\u202erouter\\e[31m has no listener\\u2028here%0Alb.yml:3:1: listener\\x85 of \\u2066x%0ASuggestion: Add\\x00 one\n',
    );
  });

  it('names the deployment in the title when there are several', () => {
    const titles = github(deploymentsReport(), context()).trim().split('\n').map((line) => /title=([^:]+)::/.exec(line)?.[1]);
    expect(titles).toEqual(['CFWS001 (prod)', 'CFWS001 (staging)', 'CFWS001 (lab)']);
  });

  it('prints nothing for a clean run', () => {
    expect(github({ findings: [], files: [] }, context())).toBe('');
  });
});
