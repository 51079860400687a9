import rule from '../../src/rules/legacy-loggregator-endpoint.js';
import { bblElb, cfRelease, cfReleaseHaproxyWithCert, lbOf } from './fixtures.js';
import { ruleTester, yaml } from './rule-tester.js';

/** cf-release v1 (line 3 is api_z1); `haproxy` lines make a ha_proxy_z1 job (properties from line 7). */
const cfReleaseWith = (haproxy: string[], global: string[]) => cfRelease({ jobs: haproxy.length > 0 ? ['api', 'haproxy', 'router'] : ['api', 'router'], haproxy, global });

// cf-release templates/cf-infrastructure-aws.yml: logger_endpoint.port 4443 (without the
// HAProxy job, `logger_endpoint:` is on line 11 and its port on line 12; with it, 17 and 18).
// The classic ELB cf-release's AWS guide asked for has bosh-bootloader's listeners (bblElb).
const awsStub = ['logger_endpoint:', '  port: 4443', 'doppler:', '  port: 4443'];

ruleTester(rule, {
  valid: [
    { name: 'cf-release example_manifests/minimal-aws.yml: HAProxy serves logger_endpoint.port 4443 on ssl-in', manifest: cfReleaseWith(cfReleaseHaproxyWithCert, ['logger_endpoint:', '  port: 4443']) },
    { name: 'cf-release AWS fixture: logger_endpoint and doppler on the ELB SSL listener 4443', manifest: cfReleaseWith([], awsStub), lb: bblElb },
    { name: 'cf-release vSphere fixture: logger_endpoint null (443) on the HAProxy https-in frontend', manifest: cfReleaseWith(cfReleaseHaproxyWithCert, ['logger_endpoint: null']) },
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
      lb: bblElb,
    },
  ],
  invalid: [
    {
      // cf-release's vSphere and bosh-lite fixtures: `logger_endpoint: null` (443). The finding is at that global property (line 11), not at a job.
      name: 'logger_endpoint null (443) behind an ELB whose 443 is HTTPS: at the global property, fixed to its SSL 4443',
      manifest: cfReleaseWith([], ['logger_endpoint: null', 'doppler:', '  port: 4443']),
      lb: bblElb,
      errors: [{ messageId: 'dropsUpgrade', line: 11, column: 3 }],
      opsFile: yaml`
        # CFWS010 legacy-loggregator-endpoint: advertise port 4443, where cf-router forwards WebSockets
        - type: replace
          path: /properties/logger_endpoint
          value:
            port: 4443
      `,
    },
    {
      name: 'logger_endpoint.port 4443 but the ELB has no 4443 listener',
      manifest: cfReleaseWith([], awsStub),
      lb: lbOf('aws-elb-classic', '{ port: 80, protocol: http, backend: { port: 80, protocol: http } }', '{ port: 443, protocol: tcp, backend: { port: 443, protocol: tcp } }'),
      errors: [{ messageId: 'noListener', line: 12, column: 11, severity: 'error', path: '/properties/logger_endpoint/port' }],
      opsFile: yaml`
        # CFWS010 legacy-loggregator-endpoint: advertise port 443, where cf-router forwards WebSockets
        - type: replace
          path: /properties/logger_endpoint/port
          value: 443
      `,
    },
    {
      name: 'logger_endpoint not set (443) and the ELB HTTPS listener on 443 drops the Upgrade',
      manifest: cfReleaseWith([], ['doppler:', '  port: 4443']),
      lb: bblElb,
      errors: [{ messageId: 'dropsUpgrade', line: 3, related: ['manifest.yml:3', 'lb.yml:8'] }],
      opsFile: yaml`
        # CFWS010 legacy-loggregator-endpoint: advertise port 4443, where cf-router forwards WebSockets
        - type: replace
          path: /properties/logger_endpoint?/port
          value: 4443
      `,
    },
    {
      name: 'logger_endpoint.use_ssl false, but ssl-in on 4443 expects TLS',
      manifest: cfReleaseWith(cfReleaseHaproxyWithCert, ['logger_endpoint:', '  port: 4443', '  use_ssl: false']),
      errors: [{ messageId: 'tlsMismatch', line: 19, path: '/properties/logger_endpoint/use_ssl', related: ['manifest.yml:11'] }],
      opsFile: null,
    },
    {
      name: 'logger_endpoint.port 4443 and a Terraform ELB whose listener ports come from a variable with no value: a note',
      manifest: cfReleaseWith([], awsStub),
      lb: 'resource "aws_elb" "cf" {\n  listener = "${var.listeners}"\n}\n',
      errors: [{ messageId: 'unknownListenerPort', line: 12, severity: 'info', related: ['lb.yml:2'] }],
      opsFile: null,
    },
    {
      name: 'logger_endpoint.port is an unresolved variable: a note',
      manifest: cfReleaseWith(cfReleaseHaproxyWithCert, ['logger_endpoint:', '  port: ((logger_endpoint_port))']),
      errors: [{ messageId: 'unknownPort', line: 18, severity: 'info' }],
      opsFile: null,
    },
    {
      name: 'loggregator.<sys> has its own DNS record on the cf-ws LB, which lacks 4443',
      manifest: cfReleaseWith([], awsStub),
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
      opsFile: yaml`
        # CFWS010 legacy-loggregator-endpoint: advertise port 443, where cf-ws forwards WebSockets
        - type: replace
          path: /properties/logger_endpoint/port
          value: 443
      `,
    },
  ],
});
