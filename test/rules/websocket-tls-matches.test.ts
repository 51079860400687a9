import rule from '../../src/rules/websocket-tls-matches.js';
import { bblElbListeners, cfDeploymentWith, cfRelease, cfReleaseHaproxyWithCert, lbFile, opsManagerTas } from './fixtures.js';
import { ruleTester, yaml } from './rule-tester.js';

/** cf-deployment's api and router groups with optional `doppler:` lines (from line 9). Line 5 is the job. */
const cfDeployment = (...doppler: string[]) => cfDeploymentWith({ doppler });

// These cases' LB is named cf-lb.
const lbOf = (kind: string, ...listeners: string[]) => lbFile('cf-lb', kind, listeners);

// bosh-bootloader's classic ELB, named cf-lb here: 4443 is SSL (TLS terminated) -> TCP 80.
const bblElb = lbOf('aws-elb-classic', ...bblElbListeners);
// A plain TCP listener on 4443 to gorouter's plain port (listener on line 7).
const nlbPlain4443 = lbOf('aws-nlb', '{ port: 4443, protocol: tcp, backend: { port: 80, protocol: tcp } }');

ruleTester(rule, {
  valid: [
    { name: 'use_ssl default true on the ELB SSL listener (TLS terminated at the LB)', manifest: cfDeployment('port: 4443'), lb: bblElb },
    { name: 'use_ssl default true on an NLB TCP pass-through to gorouter TLS port 443', manifest: cfDeployment(), lb: lbOf('aws-nlb', '{ port: 443, protocol: tcp, backend: { port: 443, protocol: tcp } }') },
    { name: 'use_ssl false on a plain TCP listener to gorouter port 80', manifest: cfDeployment('port: 4443', 'use_ssl: false'), lb: nlbPlain4443 },
    { name: 'a listener that drops the Upgrade is left to listener-passes-websockets', manifest: cfDeployment('use_ssl: false'), lb: bblElb },
  ],
  invalid: [
    {
      name: 'use_ssl not set (true) but the listener is plain TCP to gorouter 80',
      manifest: cfDeployment('port: 4443'),
      lb: nlbPlain4443,
      // use_ssl is not set: the finding is at the `doppler:` block it would go in (line 9).
      errors: [{ messageId: 'wantsTls', line: 9, severity: 'error', path: '/instance_groups/name=api/jobs/name=cloud_controller_ng/properties/doppler/use_ssl?', related: ['manifest.yml:9', 'lb.yml:7'] }],
      // Moving clients to plain ws:// is a judgement call (tokens in clear): suggestion only.
      opsFile: null,
    },
    {
      name: 'use_ssl false but the ALB listener terminates TLS',
      manifest: cfDeployment('use_ssl: false'),
      lb: lbOf('aws-alb', '{ port: 443, protocol: https, backend: { port: 443, protocol: https } }'),
      errors: [{ messageId: 'wantsPlain', line: 10, column: 18, path: '/instance_groups/name=api/jobs/name=cloud_controller_ng/properties/doppler/use_ssl' }],
      opsFile: yaml`
        # CFWS003 websocket-tls-matches: the listener on port 443 terminates TLS, so clients must use wss://
        - type: replace
          path: /instance_groups/name=api/jobs/name=cloud_controller_ng/properties/doppler/use_ssl
          value: true
      `,
    },
    {
      name: 'whether the appliance listener speaks TLS is not known: a note',
      manifest: cfDeployment(),
      lb: lbOf('f5', '{ port: 443, protocol: tcp, terminatesTls: unknown, backend: { port: 80, protocol: tcp } }'),
      errors: [{ messageId: 'unknownTls', line: 5, severity: 'info' }],
      opsFile: null,
    },
    {
      name: 'cf-release v1: global doppler.use_ssl false, but the built-in HAProxy ssl-in on 4443 terminates TLS',
      manifest: cfRelease({ jobs: ['haproxy', 'api'], haproxy: cfReleaseHaproxyWithCert, global: ['doppler:', '  port: 4443', '  use_ssl: false'] }),
      errors: [{ messageId: 'wantsPlain', line: 16, related: ['manifest.yml:16', 'manifest.yml:8'] }],
      opsFile: yaml`
        # CFWS003 websocket-tls-matches: the listener on port 4443 terminates TLS, so clients must use wss://
        - type: replace
          path: /properties/doppler/use_ssl
          value: true
      `,
    },
    {
      name: 'Ops Manager: TAS always advertises wss://, so a plain listener is reported without a fix',
      manifest: opsManagerTas(4443),
      lb: nlbPlain4443,
      errors: [{ messageId: 'wantsTls', line: 1 }],
      opsFile: null,
    },
  ],
});
