import rule from '../../src/rules/legacy-loggregator-endpoint.js';
import { ruleTester, yaml } from './rule-tester.js';

/**
 * A cf-release v1 manifest: top-level `jobs:` with `templates:`, global `properties:`.
 * `haproxy` lines go under the built-in haproxy job's properties (line 7 on); `global`
 * lines follow `system_domain` in the global properties. Line 3 is the api_z1 job.
 */
const cfRelease = (haproxy: string[], global: string[]) =>
  [
    'name: cf',
    'jobs:',
    '- name: api_z1',
    '  templates:',
    '  - {name: cloud_controller_ng, release: cf}',
    ...(haproxy.length > 0 ? ['- name: ha_proxy_z1', '  templates:', '  - {name: haproxy, release: cf}', '  properties:', ...haproxy.map((l) => `    ${l}`)] : []),
    '- name: router_z1',
    '  templates:',
    '  - {name: gorouter, release: cf}',
    'properties:',
    '  system_domain: sys.example.com',
    ...global.map((l) => `  ${l}`),
    '',
  ].join('\n');

// cf-release's built-in HAProxy with a certificate: https-in :443 and ssl-in :4443 (mode tcp).
const haproxyWithCert = ['ha_proxy:', '  ssl_pem: ((ssl_pem))'];

// cf-release templates/cf-infrastructure-aws.yml: logger_endpoint.port 4443 (without the
// HAProxy job, `logger_endpoint:` is on line 11 and its port on line 12; with it, 17 and 18).
const awsStub = ['logger_endpoint:', '  port: 4443', 'doppler:', '  port: 4443'];

const lbOf = (kind: string, ...listeners: string[]) =>
  ['apiVersion: cf-ws-lint/v1alpha1', 'kind: LoadBalancers', 'loadBalancers:', '- name: cf-router', `  kind: ${kind}`, '  listeners:', ...listeners.map((l) => `  - ${l}`), ''].join('\n');

// The classic ELB cf-release's AWS guide asked for: HTTP 80, HTTPS 443, SSL 4443 -> TCP 80.
const elb = lbOf(
  'aws-elb-classic',
  '{ port: 80, protocol: http, backend: { port: 80, protocol: http } }',
  '{ port: 443, protocol: https, backend: { port: 80, protocol: http } }',
  '{ port: 4443, protocol: ssl, backend: { port: 80, protocol: tcp } }',
);

ruleTester(rule, {
  valid: [
    { name: 'cf-release example_manifests/minimal-aws.yml: HAProxy serves logger_endpoint.port 4443 on ssl-in', manifest: cfRelease(haproxyWithCert, ['logger_endpoint:', '  port: 4443']) },
    { name: 'cf-release AWS fixture: logger_endpoint and doppler on the ELB SSL listener 4443', manifest: cfRelease([], awsStub), lb: elb },
    { name: 'cf-release vSphere fixture: logger_endpoint null (443) on the HAProxy https-in frontend', manifest: cfRelease(haproxyWithCert, ['logger_endpoint: null']) },
    {
      name: 'cf-deployment (BOSH v2) advertises no legacy endpoint, whatever logger_endpoint says',
      manifest: yaml`
        name: cf
        instance_groups:
        - name: api
          jobs:
          - name: cloud_controller_ng
            release: capi
            properties:
              system_domain: sys.example.com
              logger_endpoint:
                port: 4443
      `,
      lb: elb,
    },
  ],
  invalid: [
    {
      name: 'logger_endpoint.port 4443 but the ELB has no 4443 listener',
      manifest: cfRelease([], awsStub),
      lb: lbOf('aws-elb-classic', '{ port: 80, protocol: http, backend: { port: 80, protocol: http } }', '{ port: 443, protocol: tcp, backend: { port: 443, protocol: tcp } }'),
      errors: [{ messageId: 'noListener', line: 12, column: 11, severity: 'error', path: '/properties/logger_endpoint/port' }],
      opsFile: null,
    },
    {
      name: 'logger_endpoint not set (443) and the ELB HTTPS listener on 443 drops the Upgrade',
      manifest: cfRelease([], ['doppler:', '  port: 4443']),
      lb: elb,
      errors: [{ messageId: 'dropsUpgrade', line: 3, related: ['manifest.yml:3', 'lb.yml:8'] }],
      opsFile: null,
    },
    {
      name: 'logger_endpoint.use_ssl false, but ssl-in on 4443 expects TLS',
      manifest: cfRelease(haproxyWithCert, ['logger_endpoint:', '  port: 4443', '  use_ssl: false']),
      errors: [{ messageId: 'tlsMismatch', line: 19, path: '/properties/logger_endpoint/use_ssl', related: ['manifest.yml:11'] }],
      opsFile: null,
    },
    {
      name: 'logger_endpoint.port is an unresolved variable: a note',
      manifest: cfRelease(haproxyWithCert, ['logger_endpoint:', '  port: ((logger_endpoint_port))']),
      errors: [{ messageId: 'unknownPort', line: 18, severity: 'info' }],
      opsFile: null,
    },
    {
      name: 'loggregator.<sys> has its own DNS record on the cf-ws LB, which lacks 4443',
      manifest: cfRelease([], awsStub),
      lb: yaml`
        apiVersion: cf-ws-lint/v1alpha1
        kind: LoadBalancers
        loadBalancers:
        - name: cf-router
          kind: aws-elb-classic
          hostnames: ["*.sys.example.com"]
          listeners:
          - { port: 4443, protocol: ssl, backend: { port: 80, protocol: tcp } }
        - name: cf-ws
          kind: gcp-tcp
          hostnames: [doppler.sys.example.com, loggregator.sys.example.com]
          listeners:
          - { port: 443, protocol: tcp, backend: { port: 443, protocol: tcp } }
      `,
      errors: [{ messageId: 'noListener', line: 12 }],
      opsFile: null,
    },
  ],
});
