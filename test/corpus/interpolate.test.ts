/**
 * Issue acceptance: each cf-deployment ops-file that applies to the base manifest alone
 * interpolates through the CLI, and the values it should change are changed.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../helpers/cli.js';
import { corpusFile, hasCorpus } from '../helpers/corpus.js';

const base = corpusFile('cf-deployment/cf-deployment.yml');

interface Expectation {
  ops: string;
  check: (doc: any) => void;
}

const igNamed = (doc: any, name: string) => doc.instance_groups.find((ig: any) => ig.name === name);
const jobNamed = (ig: any, name: string) => ig.jobs.find((j: any) => j.name === name);

const cases: Expectation[] = [
  {
    ops: 'operations/aws.yml',
    check: (doc) => expect(jobNamed(igNamed(doc, 'api'), 'cloud_controller_ng').properties.doppler.port).toBe(4443),
  },
  {
    ops: 'operations/azure.yml',
    check: (doc) => expect(jobNamed(igNamed(doc, 'router'), 'gorouter').properties.router.frontend_idle_timeout).toBe(180),
  },
  {
    ops: 'operations/use-haproxy.yml',
    check: (doc) => {
      const haproxy = jobNamed(igNamed(doc, 'haproxy'), 'haproxy');
      expect(haproxy.properties.ha_proxy.backend_port).toBe(443);
      expect(doc.releases.some((r: any) => r.name === 'haproxy')).toBe(true);
    },
  },
  {
    ops: 'operations/community/use-haproxy.yml',
    check: (doc) => expect(igNamed(doc, 'haproxy')).toBeDefined(),
  },
];

describe.skipIf(!hasCorpus)('cf-deployment ops-files through `cf-ws-lint interpolate`', () => {
  it.each(cases)('$ops', ({ ops, check }) => {
    const result = runCli(['interpolate', base, '-o', corpusFile(`cf-deployment/${ops}`)]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    check(parse(result.stdout, { version: '1.1' }));
  });

  it('use-haproxy-public-network.yml needs use-haproxy.yml first, and says so with file:line', () => {
    const alone = runCli(['interpolate', base, '-o', corpusFile('cf-deployment/operations/use-haproxy-public-network.yml')]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/use-haproxy-public-network\.yml:\d+:\d+: .*operation \[0\] in .*failed/);
    expect(alone.stderr.trim().split('\n')).toHaveLength(1);
    const both = runCli(['interpolate', base, '-o', corpusFile('cf-deployment/operations/use-haproxy.yml'), '-o', corpusFile('cf-deployment/operations/use-haproxy-public-network.yml')]);
    expect(both.code).toBe(0);
  });

  it('--path reads one value after ops and variables', () => {
    const result = runCli(['interpolate', base, '-o', corpusFile('cf-deployment/operations/aws.yml'), '-v', 'system_domain=sys.example.com', '--path', '/instance_groups/name=api/jobs/name=cloud_controller_ng/properties/system_domain']);
    expect(result.stdout).toBe('sys.example.com\n');
  });
});
