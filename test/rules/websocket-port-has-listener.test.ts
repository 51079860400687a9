import rule from '../../src/rules/websocket-port-has-listener.js';
import { awsOps, bblElbWithHostnames, cfDeployment, cfDeploymentWith, cfRelease, cfReleaseHaproxyWithCert, elbHttpOnly, opsManagerTas, useHaproxyProperties } from './fixtures.js';
import { ruleTester, yaml } from './rule-tester.js';

/** cf-deployment with doppler.port set in the manifest (line 10). */
const withPort = (port: string) => cfDeploymentWith({ doppler: [`port: ${port}`] });

// bosh-bootloader's 2019 NLB (5c5ce15d), and terraforming-aws modules/pas/lbs.tf: TCP 80 and 443, no 4443.
const nlbWithout4443 = yaml`
  apiVersion: cf-ws-lint/v1alpha1
  kind: LoadBalancers
  loadBalancers:
  - name: cf-router
    kind: aws-nlb
    hostnames: ["*.sys.example.com"]
    listeners:
    - { port: 80, protocol: tcp, backend: { port: 80, protocol: tcp } }
    - { port: 443, protocol: tcp, backend: { port: 443, protocol: tcp } }
`;

// bosh-bootloader on GCP: *.<sys> on the HTTP(S) LB, doppler.<sys> on the cf-ws TCP pool.
const bblGcp = (wsPorts: number[], httpPorts: number[]) =>
  [
    'apiVersion: cf-ws-lint/v1alpha1',
    'kind: LoadBalancers',
    'loadBalancers:',
    '- name: cf-router',
    '  kind: gcp-http',
    '  hostnames: ["*.sys.example.com"]',
    '  listeners:',
    ...httpPorts.map((p) => `  - { port: ${p}, protocol: https, backend: { port: 443, protocol: https } }`),
    '- name: cf-ws',
    '  kind: gcp-tcp',
    '  hostnames: [doppler.sys.example.com, loggregator.sys.example.com, "*.ws.sys.example.com"]',
    '  listeners:',
    ...wsPorts.map((p) => `  - { port: ${p}, protocol: tcp, backend: { port: ${p === 80 ? 80 : 443}, protocol: tcp } }`),
    '',
  ].join('\n');

const opsFile443 = (path: string, lb: string) => yaml`
  # CFWS001 websocket-port-has-listener: advertise port 443, the listener of ${lb} that carries WebSockets
  - type: replace
    path: ${path}
    value: 443
`;

const CC_PORT = '/instance_groups/name=api/jobs/name=cloud_controller_ng/properties/doppler/port';

ruleTester(rule, {
  valid: [
    { name: 'bbl classic ELB with operations/aws.yml: doppler.port 4443 has the SSL listener', manifest: cfDeployment, ops: awsOps, lb: bblElbWithHostnames },
    {
      name: 'default 443 on an ALB, which passes WebSockets on HTTPS',
      manifest: cfDeployment,
      lb: yaml`
        apiVersion: cf-ws-lint/v1alpha1
        kind: LoadBalancers
        loadBalancers:
        - name: cf-router
          kind: aws-alb
          listeners:
          - { port: 443, protocol: https, backend: { port: 443, protocol: https } }
      `,
    },
    { name: 'exact DNS name beats the wildcard: doppler.<sys> goes to cf-ws, which has 4443', manifest: withPort('4443'), lb: bblGcp([443, 4443], [443]) },
    {
      name: 'system domain given with -v: the exact doppler.<sys> record is found after interpolation',
      manifest: withPort('4443').replace('sys.example.com', '((system_domain))'),
      vars: ['system_domain=sys.example.com'],
      lb: bblGcp([443, 4443], [443]),
    },
    {
      name: 'manifest HAProxy with enable_4443 and ssl_pem listens on 4443 (no --lb)',
      manifest: yaml`
        name: cf
        instance_groups:
        - name: haproxy
          jobs:
          - name: haproxy
            release: haproxy
            properties:
              ha_proxy:
                enable_4443: true
                ssl_pem: ((haproxy_ssl.certificate))((haproxy_ssl.private_key))
        - name: api
          jobs:
          - name: cloud_controller_ng
            release: capi
            properties:
              system_domain: sys.example.com
              doppler:
                port: 4443
      `,
    },
    {
      name: 'Ops Manager: a blank Loggregator Port means 443, served by the NLB',
      manifest: opsManagerTas(null),
      lb: nlbWithout4443,
    },
    {
      name: 'cf-release v1: global doppler.port 4443 and the built-in HAProxy ssl-in frontend',
      manifest: cfRelease({ jobs: ['haproxy', 'api'], haproxy: cfReleaseHaproxyWithCert, global: ['doppler:', '  port: 4443'] }),
    },
  ],
  invalid: [
    {
      // One finding, one fix: advertising the port HAProxy serves is less invasive than changing
      // HAProxy; enabling wss-in is the suggestion (haproxy-4443-needs-tls no longer repeats it).
      name: 'use-haproxy.yml with operations/aws.yml: advertise 443, where https-in carries WebSockets',
      manifest: cfDeploymentWith({ haproxy: useHaproxyProperties, router: null }),
      ops: awsOps,
      errors: [{ messageId: 'noListener', line: 3, file: 'ops.yml', path: CC_PORT }],
      opsFile: yaml`
        # CFWS001 websocket-port-has-listener: advertise port 443, the listener of haproxy (haproxy) that carries WebSockets
        - type: replace
          path: /instance_groups/name=api/jobs/name=cloud_controller_ng/properties/doppler/port
          value: 443
      `,
    },
    {
      name: 'doppler.port not set (443) and the LB has no 443: switch to its one WebSocket port',
      manifest: cfDeployment,
      lb: yaml`
        apiVersion: cf-ws-lint/v1alpha1
        kind: LoadBalancers
        loadBalancers:
        - name: f5-cf
          kind: f5
          listeners:
          - { port: 80, protocol: http, backend: { port: 80, protocol: http } }
          - { port: 4443, protocol: ssl, backend: { port: 80, protocol: tcp } }
      `,
      errors: [{ messageId: 'noListener', line: 5, column: 5, severity: 'error', path: '/instance_groups/name=api/jobs/name=cloud_controller_ng/properties/doppler?/port' }],
      opsFile: yaml`
        # CFWS001 websocket-port-has-listener: advertise port 4443, the listener of f5-cf that carries WebSockets
        - type: replace
          path: /instance_groups/name=api/jobs/name=cloud_controller_ng/properties/doppler?/port
          value: 4443
      `,
    },
    {
      name: 'operations/aws.yml on an NLB without 4443: the finding is in the ops-file',
      manifest: cfDeployment,
      ops: awsOps,
      lb: nlbWithout4443,
      errors: [{ messageId: 'noListener', line: 3, file: 'ops.yml', path: CC_PORT }],
      opsFile: opsFile443(CC_PORT, 'cf-router'),
    },
    {
      name: 'exact DNS name beats the wildcard: cf-ws lacks 4443 although cf-router has it',
      manifest: withPort('4443'),
      lb: bblGcp([443, 80], [443, 4443]),
      errors: [{ messageId: 'noListener', line: 10 }],
      opsFile: opsFile443(CC_PORT, 'cf-ws'),
    },
    {
      name: 'no listener that could carry wss://: suggestion only',
      manifest: withPort('4443'),
      lb: elbHttpOnly,
      errors: [{ messageId: 'noListener', line: 10, column: 15, path: CC_PORT }],
      opsFile: null,
    },
    {
      name: 'two TLS listeners could carry it: choosing is a judgement call, no fix',
      manifest: withPort('8443'),
      lb: yaml`
        apiVersion: cf-ws-lint/v1alpha1
        kind: LoadBalancers
        loadBalancers:
        - name: cf-nlb
          kind: aws-nlb
          listeners:
          - { port: 443, protocol: tls, backend: { port: 80, protocol: tcp } }
          - { port: 4443, protocol: tls, backend: { port: 80, protocol: tcp } }
      `,
      errors: [{ messageId: 'noListener', line: 10 }],
      opsFile: null,
    },
    {
      name: 'doppler.port is an unresolved variable: a note',
      manifest: withPort('((doppler_port))'),
      lb: bblElbWithHostnames,
      errors: [{ messageId: 'unknownPort', line: 10, severity: 'info' }],
      opsFile: null,
    },
    {
      name: 'doppler.port from a vars file is resolved and checked',
      manifest: withPort('((doppler_port))'),
      varsFile: 'doppler_port: 4443\n',
      lb: nlbWithout4443,
      errors: [{ messageId: 'noListener', line: 10 }],
      opsFile: opsFile443(CC_PORT, 'cf-router'),
    },
    {
      name: 'system domain unresolved with two LBs: a note that every LB was checked',
      manifest: cfDeployment.replace('sys.example.com', '((system_domain))'),
      lb: bblGcp([443], [443]),
      errors: [{ messageId: 'assumed', line: 5, severity: 'info' }],
      opsFile: null,
    },
    {
      name: 'a Terraform dynamic listener over a variable with no value: its port is unknown, so a note, not "no listener"',
      manifest: cfDeployment,
      lb: [
        'resource "aws_elb" "cf" {',
        '  dynamic "listener" {',
        '    for_each = var.ws_ports',
        '    content {',
        '      lb_port           = listener.value',
        '      lb_protocol       = "ssl"',
        '      instance_port     = 80',
        '      instance_protocol = "tcp"',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
      errors: [{ messageId: 'unknownListenerPort', line: 5, severity: 'info', related: ['manifest.yml:5', 'lb.yml:5'] }],
      opsFile: null,
    },
    {
      name: 'a Route53 name that cannot be evaluated keeps its ALB a candidate beside the unnamed TCP-router ELB: a note, not "no listener"',
      manifest: cfDeployment,
      lb: [
        'resource "aws_lb" "cf" {}',
        'resource "aws_lb_listener" "https" {\n  load_balancer_arn = aws_lb.cf.arn\n  port = 443\n  protocol = "HTTPS"\n  default_action {\n    type = "forward"\n    target_group_arn = aws_lb_target_group.routers.arn\n  }\n}',
        'resource "aws_lb_target_group" "routers" {\n  port = 443\n  protocol = "HTTPS"\n}',
        'resource "aws_route53_record" "system" {',
        '  zone_id = var.zone_id',
        '  name    = "*.${element(split(".", var.system_domain), 0)}"',
        '  records = [aws_lb.cf.dns_name]',
        '}',
        'resource "aws_elb" "tcp" {\n  listener {\n    lb_port = 1024\n    lb_protocol = "tcp"\n    instance_port = 1024\n    instance_protocol = "tcp"\n  }\n}',
        '',
      ].join('\n'),
      errors: [{ messageId: 'assumed', line: 5, severity: 'info' }],
      opsFile: null,
    },
    {
      name: 'no load balancer given and no HAProxy in the manifest: a note',
      manifest: cfDeployment,
      errors: [{ messageId: 'noLoadBalancer', line: 5, severity: 'info' }],
      opsFile: null,
    },
    {
      name: 'port shared through a YAML anchor: reported at the anchor, alias use related, path at the use',
      manifest: yaml`
        name: cf
        instance_groups:
        - name: haproxy
          jobs:
          - name: haproxy
            release: haproxy
            properties:
              ha_proxy:
                ssl_pem: ((haproxy_ssl.certificate))((haproxy_ssl.private_key))
                tcp:
                - name: wss
                  port: &wss_port 4443
                  backend_port: 80
                  ssl: true
        - name: api
          jobs:
          - name: cloud_controller_ng
            release: capi
            properties:
              system_domain: sys.example.com
              doppler:
                port: *wss_port
      `,
      lb: yaml`
        apiVersion: cf-ws-lint/v1alpha1
        kind: LoadBalancers
        loadBalancers:
        - name: f5-cf
          kind: f5
          listeners:
          - { port: 443, protocol: https, websocketUpgrade: true, backend: { port: 443, protocol: https } }
      `,
      errors: [{ messageId: 'noListener', line: 12, column: 27, path: CC_PORT, related: ['manifest.yml:12', 'manifest.yml:22'] }],
      opsFile: opsFile443(CC_PORT, 'f5-cf'),
    },
    {
      name: 'Ops Manager: Loggregator Port 4443 on the terraforming-aws NLB (80 and 443 only)',
      manifest: opsManagerTas(4443),
      lb: nlbWithout4443,
      errors: [{ messageId: 'noListener', line: 6, path: '/product-properties/.properties.logger_endpoint_port/value' }],
      opsFile: opsFile443('/product-properties/.properties.logger_endpoint_port/value', 'cf-router'),
    },
    {
      name: 'cf-release v1: built-in HAProxy without ssl_pem has no 4443 (nor 443)',
      manifest: yaml`
        name: cf
        jobs:
        - name: ha_proxy_z1
          templates:
          - {name: haproxy, release: cf}
        - name: api_z1
          templates:
          - {name: cloud_controller_ng, release: cf}
        properties:
          system_domain: bosh-lite.com
          doppler:
            port: 4443
      `,
      errors: [{ messageId: 'noListener', line: 12, path: '/properties/doppler/port' }],
      opsFile: null,
    },
  ],
});
