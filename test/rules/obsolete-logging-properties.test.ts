import rule from '../../src/rules/obsolete-logging-properties.js';
import { cfDeploymentWith, cfRelease } from './fixtures.js';
import { ruleTester, yaml } from './rule-tester.js';

// cf-deployment before 47fec0ca (2016-11): cloud_controller_ng holds doppler and
// logger_endpoint under anchors &8 and &9; the worker and clock reuse them through aliases.
const cfDeployment2016 = yaml`
  name: cf
  instance_groups:
  - name: api
    jobs:
    - name: cloud_controller_ng
      release: capi
      properties:
        doppler: &8
          port: 4443
        logger_endpoint: &9
          port: 4443
        system_domain: "((system_domain))"
  - name: cc-worker
    jobs:
    - name: cloud_controller_worker
      release: capi
      properties:
        doppler: *8
        logger_endpoint: *9
  - name: cc-clock
    jobs:
    - name: cloud_controller_clock
      release: capi
      properties:
        doppler: *8
        logger_endpoint: *9
`;

// cf-deployment operations/aws.yml before b21cdc72 (2017-10): logger_endpoint?/port on api.
const awsOps2017 = yaml`
  - type: replace
    path: /instance_groups/name=api/jobs/name=cloud_controller_ng/properties/doppler?/port
    value: 4443
  - type: replace
    path: /instance_groups/name=api/jobs/name=cloud_controller_ng/properties/logger_endpoint?/port
    value: 4443
`;

// Today's cf-deployment api group (line 5 is the job); doppler lines follow system_domain.
const cfDeployment = (...doppler: string[]) => cfDeploymentWith({ doppler, router: null });

const removal = (path: string, why: string) => `# CFWS008 obsolete-logging-properties: ${why}\n- type: remove\n  path: ${path}\n`;
const IGNORED = 'capi-release ignores logger_endpoint; removing it changes nothing that is deployed';
const ONLY_CC = 'only cloud_controller_ng advertises the doppler endpoint';

ruleTester(rule, {
  valid: [
    { name: 'cf-deployment with operations/aws.yml today: doppler.port on cloud_controller_ng only', manifest: cfDeployment('port: 4443') },
    {
      name: 'cf-release v1: logger_endpoint is a real Cloud Controller property there',
      manifest: yaml`
        name: cf
        jobs:
        - name: api_z1
          templates:
          - {name: cloud_controller_ng, release: cf}
          - {name: cloud_controller_worker, release: cf}
        properties:
          system_domain: sys.example.com
          logger_endpoint:
            port: 4443
          doppler:
            port: 4443
            outgoing_port: 8081
      `,
    },
    {
      name: 'the internal ports set where they belong (traffic controller) are not the advertised port',
      manifest: yaml`
        name: cf
        instance_groups:
        - name: api
          jobs:
          - name: cloud_controller_ng
            release: capi
            properties:
              system_domain: sys.example.com
        - name: log-api
          jobs:
          - name: loggregator_trafficcontroller
            release: loggregator
            properties:
              loggregator:
                outgoing_dropsonde_port: 8081
      `,
    },
  ],
  invalid: [
    {
      name: 'cf-deployment 2016: logger_endpoint on all three CC jobs, doppler.port on worker and clock (through aliases)',
      manifest: cfDeployment2016,
      errors: [
        { messageId: 'loggerEndpoint', line: 11, severity: 'warn', related: [] },
        { messageId: 'loggerEndpoint', line: 11, related: ['manifest.yml:19'] },
        { messageId: 'loggerEndpoint', line: 11, related: ['manifest.yml:26'] },
        { messageId: 'superfluousPort', line: 9, severity: 'info', related: ['manifest.yml:18'] },
        { messageId: 'superfluousPort', line: 9, related: ['manifest.yml:25'] },
      ],
      opsFile: [
        removal('/instance_groups/name=api/jobs/name=cloud_controller_ng/properties/logger_endpoint?', IGNORED),
        removal('/instance_groups/name=cc-worker/jobs/name=cloud_controller_worker/properties/logger_endpoint?', IGNORED),
        removal('/instance_groups/name=cc-worker/jobs/name=cloud_controller_worker/properties/doppler?', ONLY_CC),
        removal('/instance_groups/name=cc-clock/jobs/name=cloud_controller_clock/properties/logger_endpoint?', IGNORED),
        removal('/instance_groups/name=cc-clock/jobs/name=cloud_controller_clock/properties/doppler?', ONLY_CC),
      ].join(''),
    },
    {
      name: "cf-deployment 2017 operations/aws.yml still sets logger_endpoint: reported in the ops-file",
      manifest: cfDeployment(),
      ops: awsOps2017,
      errors: [{ messageId: 'loggerEndpoint', line: 4, file: 'ops.yml', path: '/instance_groups/name=api/jobs/name=cloud_controller_ng/properties/logger_endpoint' }],
      opsFile: removal('/instance_groups/name=api/jobs/name=cloud_controller_ng/properties/logger_endpoint?', IGNORED),
    },
    {
      name: 'doppler.port on the worker next to other doppler settings: only the port is removed',
      manifest: yaml`
        name: cf
        instance_groups:
        - name: cc-worker
          jobs:
          - name: cloud_controller_worker
            release: capi
            properties:
              doppler:
                port: 4443
                use_ssl: true
        - name: api
          jobs:
          - name: cloud_controller_ng
            release: capi
            properties:
              system_domain: sys.example.com
      `,
      errors: [{ messageId: 'superfluousPort', line: 9 }],
      opsFile: removal('/instance_groups/name=cc-worker/jobs/name=cloud_controller_worker/properties/doppler/port?', ONLY_CC),
    },
    {
      name: "doppler.port set to the traffic controller's internal port 8081",
      manifest: cfDeployment('port: 8081'),
      errors: [{ messageId: 'internalPort', line: 10, column: 15, severity: 'error' }],
      opsFile: null,
    },
    {
      name: 'cf-release v1: logger_endpoint.port set to the gRPC port 8082',
      manifest: cfRelease({ jobs: ['api'], global: ['logger_endpoint:', '  port: 8082'] }),
      errors: [{ messageId: 'internalPort', line: 9 }],
      opsFile: null,
    },
  ],
});
