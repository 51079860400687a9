import rule from '../../src/rules/listener-passes-websockets.js';
import { awsOps, bblElbWithHostnames, cfDeployment, cfDeploymentWith, elbHttpOnly, lbOf, opsManagerTas, useHaproxyProperties } from './fixtures.js';
import { afterAll, describe, expect, it } from 'vitest';
import { lintCase, removeScratch, ruleTester, yaml } from './rule-tester.js';

/** An ALB whose HTTPS listener answers 404 by default and has one host rule (Terraform). */
const albWithRule = (hosts: string) =>
  [
    'resource "aws_lb" "cf" {}',
    'resource "aws_lb_target_group" "tc" {\n  port = 8081\n  protocol = "HTTPS"\n}',
    'resource "aws_lb_listener" "https" {',
    '  load_balancer_arn = aws_lb.cf.arn',
    '  port = 443',
    '  protocol = "HTTPS"',
    '  default_action {',
    '    type = "fixed-response"',
    '  }',
    '}',
    'resource "aws_lb_listener_rule" "doppler" {',
    '  listener_arn = aws_lb_listener.https.arn',
    '  priority = 10',
    '  action {\n    type = "forward"\n    target_group_arn = aws_lb_target_group.tc.arn\n  }',
    `  condition {\n    host_header {\n      values = [${JSON.stringify(hosts)}]\n    }\n  }`,
    '}',
    '',
  ].join('\n');
/**
 * nginx with two server blocks on 443 (as fixtures/truth/nginx/https-doppler-server-name*.conf):
 * the catch-all and the doppler one. nginx picks the block by Host, so only the doppler
 * block's proxying counts. The doppler block's `listen` is line 10.
 */
const websocketLocation = 'location / { proxy_pass http://10.0.16.4; proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection "upgrade"; }';
const plainLocation = 'location / { proxy_pass http://10.0.16.4; }';
const nginxByServerName = (catchAll: string, doppler: string) => yaml`
  http {
    server {
      listen 443 ssl default_server;
      server_name _;
      ${catchAll}
    }

    server {
      server_name doppler.sys.example.com;
      listen 443 ssl;
      ${doppler}
    }
  }
`;

ruleTester(rule, {
  valid: [
    { name: 'bbl classic ELB with operations/aws.yml: 4443 is an SSL listener, which relays the Upgrade', manifest: cfDeployment, ops: awsOps, lb: bblElbWithHostnames },
    { name: 'default 443 on an ALB (native WebSocket support)', manifest: cfDeployment, lb: lbOf('aws-alb', '{ port: 443, protocol: https, backend: { port: 443, protocol: https } }') },
    { name: 'default 443 on an NLB TCP listener passed through to the gorouter', manifest: cfDeployment, lb: lbOf('aws-nlb', '{ port: 443, protocol: tcp, backend: { port: 443, protocol: tcp } }') },
    { name: 'default 443 on an Azure Application Gateway HTTPS listener', manifest: cfDeployment, lb: lbOf('azure-app-gateway', '{ port: 443, protocol: https, backend: { port: 80, protocol: http } }') },
    { name: 'cf-deployment operations/use-haproxy.yml: the HAProxy https-in frontend is mode http', manifest: cfDeploymentWith({ haproxy: useHaproxyProperties, router: null }) },
    { name: 'no listener on the advertised port at all: left to websocket-port-has-listener', manifest: cfDeployment, ops: awsOps, lb: elbHttpOnly },
    { name: 'ALB whose default action is a fixed 404, with a host rule sending doppler.* to a target group', manifest: cfDeployment, lb: albWithRule('doppler.*') },
    { name: 'nginx: the server block named doppler.<sys> proxies WebSockets, the catch-all does not', manifest: cfDeployment, lb: nginxByServerName(plainLocation, websocketLocation) },
  ],
  invalid: [
    {
      // Ops Manager's blank Loggregator Port: the finding's manifest side is the key's line (5), not product-properties.
      name: 'TAS with a blank Loggregator Port behind a classic ELB: related at the .properties.logger_endpoint_port line',
      manifest: opsManagerTas(null),
      lb: bblElbWithHostnames,
      errors: [{ messageId: 'dropsUpgrade', line: 9, file: 'lb.yml', related: ['manifest.yml:5'] }],
      opsFile: yaml`
        # CFWS002 listener-passes-websockets: advertise port 4443, where cf-router forwards WebSockets
        - type: replace
          path: /product-properties/.properties.logger_endpoint_port/value
          value: 4443
      `,
    },
    {
      name: 'ALB whose host rule is for login.* only: doppler takes the default action, a fixed 404',
      manifest: cfDeployment,
      lb: albWithRule('login.*'),
      errors: [{ messageId: 'dropsUpgrade', line: 8, file: 'lb.yml', severity: 'error' }],
      opsFile: null,
    },
    {
      name: 'bbl classic ELB without operations/aws.yml: 443 is HTTPS, move to the SSL listener on 4443',
      manifest: cfDeployment,
      lb: bblElbWithHostnames,
      errors: [{ messageId: 'dropsUpgrade', line: 9, file: 'lb.yml', severity: 'error', path: '/instance_groups/name=api/jobs/name=cloud_controller_ng/properties/doppler?/port', related: ['manifest.yml:5'] }],
      opsFile: yaml`
        # CFWS002 listener-passes-websockets: advertise port 4443, where cf-router forwards WebSockets
        - type: replace
          path: /instance_groups/name=api/jobs/name=cloud_controller_ng/properties/doppler?/port
          value: 4443
      `,
    },
    {
      name: 'classic ELB with HTTP/HTTPS listeners only: suggestion only',
      manifest: cfDeployment,
      lb: elbHttpOnly,
      errors: [{ messageId: 'dropsUpgrade', line: 8, file: 'lb.yml' }],
      opsFile: null,
    },
    {
      name: 'TAS on AWS (pcf-pipelines ELB) with the Loggregator Port left blank: set it to 4443',
      manifest: opsManagerTas(),
      lb: yaml`
        apiVersion: cf-ws-lint/v1alpha1
        kind: LoadBalancers
        loadBalancers:
        - name: pcf-http-elb
          kind: aws-elb-classic
          hostnames: ["*.sys.example.com"]
          listeners:
          - { port: 80, protocol: http, backend: { port: 80, protocol: http } }
          - { port: 443, protocol: https, backend: { port: 80, protocol: http } }
          - { port: 4443, protocol: ssl, backend: { port: 80, protocol: tcp } }
      `,
      errors: [{ messageId: 'dropsUpgrade', line: 9, file: 'lb.yml', related: ['manifest.yml:3'] }],
      opsFile: yaml`
        # CFWS002 listener-passes-websockets: advertise port 4443, where pcf-http-elb forwards WebSockets
        - type: replace
          path: /product-properties/.properties.logger_endpoint_port?/value
          value: 4443
      `,
    },
    {
      name: 'plain ws:// on the ELB HTTP listener, and no plain TCP listener to move to',
      manifest: cfDeploymentWith({ doppler: ['port: 80', 'use_ssl: false'] }),
      lb: bblElbWithHostnames,
      errors: [{ messageId: 'dropsUpgrade', line: 8, file: 'lb.yml', related: ['manifest.yml:10'] }],
      opsFile: null,
    },
    {
      name: 'an appliance whose HTTPS listener may or may not pass Upgrade: a note',
      manifest: cfDeployment,
      lb: lbOf('f5', '{ port: 443, protocol: https, backend: { port: 80, protocol: http } }'),
      errors: [{ messageId: 'unknownUpgrade', line: 7, file: 'lb.yml', severity: 'info' }],
      opsFile: null,
    },
    {
      name: 'nginx: the catch-all server block proxies WebSockets, but the one named doppler.<sys> answers for it and does not',
      manifest: cfDeployment,
      lb: nginxByServerName(websocketLocation, plainLocation),
      errors: [{ messageId: 'dropsUpgrade', line: 10, file: 'lb.yml', severity: 'error' }],
      opsFile: null,
    },
  ],
});

describe('suggestions in the terms of the LB kind', () => {
  afterAll(removeScratch);
  it('nginx without the Upgrade headers gets proxy_http_version 1.1 and Upgrade/Connection, not a 4443 SSL listener', () => {
    const nginx = [
      'events {}',
      'http {',
      '  upstream gorouter { server 10.0.16.4:80; }',
      '  server {',
      '    listen 443 ssl;',
      '    server_name *.sys.example.com;',
      '    location / { proxy_pass http://gorouter; }',
      '  }',
      '}',
      '',
    ].join('\n');
    const findings = lintCase(rule, { name: 'nginx', manifest: cfDeployment, lb: nginx }).filter((f) => f.messageId === 'dropsUpgrade');
    expect(findings).toHaveLength(1);
    expect(findings[0]!.suggestion).toContain('proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection "upgrade"');
    expect(findings[0]!.suggestion).not.toContain('4443');
  });

  it('a classic ELB gets the SSL listener advice, as the alternative to the port fix', () => {
    const [finding] = lintCase(rule, { name: 'elb', manifest: cfDeployment, lb: bblElbWithHostnames });
    expect(finding!.fix).toBeDefined();
    expect(finding!.suggestion).toMatch(/^Instead of the fix: Add an SSL listener/);
  });
});
