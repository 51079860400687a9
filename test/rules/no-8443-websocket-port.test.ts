import rule from '../../src/rules/no-8443-websocket-port.js';
import { bblElb, cfDeploymentWith, cfRelease } from './fixtures.js';
import { ruleTester, yaml } from './rule-tester.js';

/** cf-deployment's api and router groups with doppler.port on line 10 (or unset). */
const cfDeployment = (port?: number) => cfDeploymentWith({ doppler: port !== undefined ? [`port: ${port}`] : [] });

const CC_PORT = '/instance_groups/name=api/jobs/name=cloud_controller_ng/properties/doppler/port';
const to4443 = yaml`
  # CFWS007 no-8443-websocket-port: the load balancer carries WebSockets on 4443
  - type: replace
    path: ${CC_PORT}
    value: 4443
`;

ruleTester(rule, {
  valid: [
    { name: 'cf-deployment operations/aws.yml value 4443', manifest: cfDeployment(4443), lb: bblElb },
    { name: 'doppler.port not set (443)', manifest: cfDeployment() },
    { name: "gorouter's own status.tls.port 8443 is not a WebSocket port setting", manifest: cfDeploymentWith({ router: ['enable_ssl: true', 'status:', '  tls:', '    port: 8443'] }) },
  ],
  invalid: [
    {
      name: 'doppler.port 8443 (the docs\' "8443") with the bbl ELB listening on 4443',
      manifest: cfDeployment(8443),
      lb: bblElb,
      errors: [{ messageId: 'port8443', line: 10, column: 15, severity: 'warn', path: CC_PORT }],
      opsFile: to4443,
    },
    {
      name: "doppler.port aliased to gorouter's status.tls.port: reported at the anchor, the alias related",
      manifest: yaml`
        name: cf
        instance_groups:
        - name: router
          jobs:
          - name: gorouter
            release: routing
            properties:
              router:
                enable_ssl: true
                status:
                  tls:
                    port: &lb_port 8443
        - name: api
          jobs:
          - name: cloud_controller_ng
            release: capi
            properties:
              system_domain: sys.example.com
              doppler:
                port: *lb_port
      `,
      lb: bblElb,
      errors: [{ messageId: 'port8443', line: 12, path: CC_PORT, related: ['manifest.yml:12', 'manifest.yml:20'] }],
      opsFile: to4443,
    },
    {
      name: 'doppler.port 8443 and no 4443 listener to move to: suggestion only',
      manifest: cfDeployment(8443),
      errors: [{ messageId: 'port8443', line: 10 }],
      opsFile: null,
    },
    {
      name: 'cf-release v1: global properties.doppler.port 8443',
      manifest: cfRelease({ jobs: ['api'], global: ['doppler:', '  port: 8443'] }),
      lb: bblElb,
      errors: [{ messageId: 'port8443', line: 9, path: '/properties/doppler/port' }],
      opsFile: yaml`
        # CFWS007 no-8443-websocket-port: the load balancer carries WebSockets on 4443
        - type: replace
          path: /properties/doppler/port
          value: 4443
      `,
    },
  ],
});
