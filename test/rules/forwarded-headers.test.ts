import rule from '../../src/rules/forwarded-headers.js';
import { bblElb, cfDeploymentWith, lbFile, lbOf, opsManagerTas } from './fixtures.js';
import { ruleTester, yaml } from './rule-tester.js';

/** cf-deployment's api and router groups; `router` lines follow gorouter's enable_ssl. */
const cfDeployment = (...router: string[]) => cfDeploymentWith({ router: ['enable_ssl: true', ...router] });

// Listener lines of lbOf: the first listener is on line 7, the second on 8, the third on 9.
const tls443 = '{ port: 443, protocol: tls, backend: { port: 80, protocol: tcp } }';
const tls4443 = '{ port: 4443, protocol: tls, backend: { port: 80, protocol: tcp } }';

/**
 * bosh-bootloader's NLB (terraform/aws/templates/cf_lb.tf) with one TCP listener on 443, its
 * port on line 6, and its target group on line 13; `targetGroup` lines start at line 16.
 */
const nlbTerraform = (protocol: string, ...targetGroup: string[]) =>
  [
    'resource "aws_lb" "cf_router" {',
    '  load_balancer_type = "network"',
    '}',
    'resource "aws_lb_listener" "cf_router_443" {',
    '  load_balancer_arn = aws_lb.cf_router.arn',
    '  port              = 443',
    '  protocol          = "TCP"',
    '  default_action {',
    '    type             = "forward"',
    '    target_group_arn = aws_lb_target_group.cf_router_443.arn',
    '  }',
    '}',
    'resource "aws_lb_target_group" "cf_router_443" {',
    '  port     = 443',
    `  protocol = "${protocol}"`,
    ...targetGroup.map((line) => `  ${line}`),
    '}',
    'variable "preserve_client_ip" {}',
    'variable "proxy_protocol_v2" {}',
    '',
  ].join('\n');

/** A CloudFormation NLB: the listener's Port on line 11, the target group's properties from line 18. */
const nlbCloudFormation = (...targetGroup: string[]) =>
  [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Parameters:',
    '  RouterTargetType: { Type: String }',
    'Resources:',
    '  RouterNlb:',
    '    Type: AWS::ElasticLoadBalancingV2::LoadBalancer',
    '    Properties: { Type: network }',
    '  RouterListener:',
    '    Type: AWS::ElasticLoadBalancingV2::Listener',
    '    Properties:',
    '      Port: 443',
    '      Protocol: TCP',
    '      LoadBalancerArn: !Ref RouterNlb',
    '      DefaultActions: [{ Type: forward, TargetGroupArn: !Ref RouterTargetGroup }]',
    '  RouterTargetGroup:',
    '    Type: AWS::ElasticLoadBalancingV2::TargetGroup',
    '    Properties:',
    '      Port: 443',
    '      Protocol: TCP',
    ...targetGroup.map((line) => `      ${line}`),
    '',
  ].join('\n');

ruleTester(rule, {
  valid: [
    { name: 'bbl classic ELB: HTTP and HTTPS listeners on 80/443 add both headers', manifest: cfDeployment(), lb: bblElb },
    { name: 'ALB adds X-Forwarded-For and X-Forwarded-Proto', manifest: cfDeployment(), lb: lbOf('aws-alb', '{ port: 443, protocol: https, backend: { port: 443, protocol: https } }') },
    {
      name: 'cf-deployment operations/use-haproxy.yml: option forwardfor and X-Forwarded-Proto in every frontend',
      manifest: yaml`
        name: cf
        instance_groups:
        - name: haproxy
          jobs:
          - name: haproxy
            release: haproxy
            properties:
              ha_proxy:
                backend_port: 443
                backend_ssl: verify
                ssl_pem: ((haproxy_ssl.certificate))((haproxy_ssl.private_key))
      `,
    },
    {
      name: 'NLB TCP pass-through with PROXY v2, and gorouter enable_proxy',
      manifest: cfDeployment('enable_proxy: true'),
      lb: lbOf('aws-nlb', '{ port: 80, protocol: tcp, proxyProtocol: v2, backend: { port: 80, protocol: tcp } }', '{ port: 443, protocol: tcp, proxyProtocol: v2, backend: { port: 443, protocol: tcp } }'),
    },
    {
      name: 'NLB TLS 443 with PROXY v2, enable_proxy and force_forwarded_proto_https',
      manifest: cfDeployment('enable_proxy: true', 'force_forwarded_proto_https: true'),
      lb: lbOf('aws-nlb', '{ port: 443, protocol: tls, proxyProtocol: v2, backend: { port: 80, protocol: tcp } }'),
    },
    {
      // AWS: preserve_client_ip.enabled defaults to enabled for instance target groups; the v2
      // header itself is proxy-protocol-agrees' concern (gorouter reads v1 only).
      name: 'NLB instance targets keep the client IP, whatever PROXY v2 does',
      manifest: cfDeployment(),
      lb: lbOf('aws-nlb', '{ port: 443, protocol: tcp, proxyProtocol: v2, backend: { port: 443, protocol: tcp } }'),
    },
    {
      name: 'Terraform NLB, target group without target_type: instance targets keep the client IP',
      manifest: cfDeployment(),
      lb: nlbTerraform('TCP'),
    },
    {
      name: 'Terraform NLB, ip targets with preserve_client_ip = "true"',
      manifest: cfDeployment(),
      lb: nlbTerraform('TCP', 'target_type        = "ip"', 'preserve_client_ip = "true"'),
    },
    {
      // AWS: client IP preservation "can't be disabled" for UDP and TCP_UDP target groups.
      name: 'Terraform NLB, ip targets over TCP_UDP: always kept',
      manifest: cfDeployment(),
      lb: nlbTerraform('TCP_UDP', 'target_type = "ip"'),
    },
    {
      name: 'CloudFormation NLB, TargetType ip with preserve_client_ip.enabled "true"',
      manifest: cfDeployment(),
      lb: nlbCloudFormation('TargetType: ip', 'TargetGroupAttributes: [{ Key: preserve_client_ip.enabled, Value: "true" }]'),
    },
    {
      name: 'Azure Load Balancer passes packets through: the gorouter sees the client and adds X-Forwarded-For',
      manifest: cfDeployment(),
      lb: lbOf('azure-lb', '{ port: 80, protocol: tcp, backend: { port: 80, protocol: tcp } }', '{ port: 443, protocol: tcp, backend: { port: 443, protocol: tcp } }'),
    },
    {
      name: "bosh-bootloader GCP's cf-ws LB serves only doppler., loggregator. and *.ws.: no non-WebSocket HTTP to head",
      manifest: cfDeployment(),
      lb: lbFile('cf-ws', 'f5', ['{ port: 443, protocol: ssl, backend: { port: 80, protocol: tcp } }']).replace('  listeners:\n', '  hostnames: [doppler.sys.example.com, loggregator.sys.example.com, "*.ws.sys.example.com"]\n  listeners:\n'),
    },
    {
      name: 'Ops Manager: .properties.router_enable_proxy true behind a classic ELB that sends PROXY',
      manifest: opsManagerTas().replace('product-properties:\n', 'product-properties:\n  .properties.router_enable_proxy:\n    value: true\n'),
      lb: lbOf('aws-elb-classic', '{ port: 443, protocol: ssl, proxyProtocol: v1, backend: { port: 443, protocol: ssl } }'),
    },
  ],
  invalid: [
    {
      name: "bbl's 2025 NLB (TCP 80, TLS 443, TLS 4443 -> TCP 80): the client IP is kept, but XFP is http on 443; suggestion only",
      manifest: cfDeployment(),
      lb: lbOf('aws-nlb', '{ port: 80, protocol: tcp, backend: { port: 80, protocol: tcp } }', tls443, tls4443),
      errors: [{ messageId: 'layer4Proto', line: 8, file: 'lb.yml', severity: 'warn' }],
      opsFile: null,
    },
    {
      name: 'TLS-only NLB: every request arrives over TLS, so gorouter may force X-Forwarded-Proto https',
      manifest: cfDeployment(),
      lb: lbOf('aws-nlb', tls443, tls4443),
      errors: [{ messageId: 'layer4Proto', line: 7, file: 'lb.yml', path: '/instance_groups/name=router/jobs/name=gorouter/properties/router/force_forwarded_proto_https?' }],
      opsFile: yaml`
        # CFWS005 forwarded-headers: every request reaches the gorouter through TLS terminated at the LB, so tell it the scheme was https
        - type: replace
          path: /instance_groups/name=router/jobs/name=gorouter/properties/router/force_forwarded_proto_https?
          value: true
      `,
    },
    {
      // AWS network/edit-target-group-attributes.html: "IP type target groups (TCP, TLS): Disabled".
      name: 'Terraform NLB, target_type = "ip" over TCP: the gorouter sees the NLB\'s address',
      manifest: cfDeployment(),
      lb: nlbTerraform('TCP', 'target_type = "ip"'),
      errors: [{ messageId: 'nlbClientIpLost', line: 6, file: 'lb.yml', severity: 'warn', related: ['lb.yml:16'] }],
      opsFile: null,
    },
    {
      name: 'Terraform NLB, instance targets with preserve_client_ip = "false"',
      manifest: cfDeployment(),
      lb: nlbTerraform('TCP', 'preserve_client_ip = "false"'),
      errors: [{ messageId: 'nlbClientIpLost', line: 6, file: 'lb.yml', severity: 'warn', related: ['lb.yml:16'] }],
      opsFile: null,
    },
    {
      name: 'Terraform NLB, target_type = "alb": the ALB behind names the NLB in X-Forwarded-For',
      manifest: cfDeployment(),
      lb: nlbTerraform('TCP', 'target_type = "alb"'),
      errors: [{ messageId: 'nlbClientIpLost', line: 6, file: 'lb.yml', severity: 'warn', related: ['lb.yml:16'] }],
      opsFile: null,
    },
    {
      name: 'Terraform NLB, preserve_client_ip from a variable without a default: a note',
      manifest: cfDeployment(),
      lb: nlbTerraform('TCP', 'target_type        = "ip"', 'preserve_client_ip = var.preserve_client_ip'),
      errors: [{ messageId: 'unknownClientAddress', line: 6, file: 'lb.yml', severity: 'info', related: ['lb.yml:17'] }],
      opsFile: null,
    },
    {
      // PROXY v2 is not read by the gorouter, so whether the NLB sends it does not matter here.
      name: 'Terraform NLB, ip targets and proxy_protocol_v2 not known: the client address is lost either way',
      manifest: cfDeployment(),
      lb: nlbTerraform('TCP', 'target_type       = "ip"', 'proxy_protocol_v2 = var.proxy_protocol_v2'),
      errors: [{ messageId: 'nlbClientIpLost', line: 6, file: 'lb.yml', severity: 'warn', related: ['lb.yml:16'] }],
      opsFile: null,
    },
    {
      name: 'CloudFormation NLB, TargetType ip',
      manifest: cfDeployment(),
      lb: nlbCloudFormation('TargetType: ip'),
      errors: [{ messageId: 'nlbClientIpLost', line: 11, file: 'lb.yml', severity: 'warn', related: ['lb.yml:20'] }],
      opsFile: null,
    },
    {
      name: 'CloudFormation NLB, TargetType from a parameter without a default: a note',
      manifest: cfDeployment(),
      lb: nlbCloudFormation('TargetType: !Ref RouterTargetType'),
      errors: [{ messageId: 'unknownClientAddress', line: 11, file: 'lb.yml', severity: 'info', related: ['lb.yml:20'] }],
      opsFile: null,
    },
    {
      name: 'classic ELB TCP 443 -> TCP 443 without PROXY: the ELB opens its own connection, the client address is lost',
      manifest: cfDeployment(),
      lb: lbOf('aws-elb-classic', '{ port: 443, protocol: tcp, backend: { port: 443, protocol: tcp } }'),
      errors: [{ messageId: 'layer4NoProxy', line: 7, file: 'lb.yml', severity: 'warn' }],
      opsFile: null,
    },
    {
      name: 'Ops Manager: a classic ELB sends PROXY to the TAS router, but .properties.router_enable_proxy is not set',
      manifest: opsManagerTas(),
      lb: lbOf('aws-elb-classic', '{ port: 443, protocol: ssl, proxyProtocol: v1, backend: { port: 443, protocol: ssl } }'),
      errors: [{ messageId: 'layer4NoProxy', line: 7, file: 'lb.yml', severity: 'warn' }],
      opsFile: null,
    },
    {
      name: 'an appliance TCP listener on 443: whether it keeps the client address is not known, a note',
      manifest: cfDeployment(),
      lb: lbOf('f5', '{ port: 443, protocol: tcp, proxyProtocol: none, backend: { port: 443, protocol: tcp } }'),
      errors: [{ messageId: 'unknownClientAddress', line: 7, file: 'lb.yml', severity: 'info' }],
      opsFile: null,
    },
    {
      name: 'appliance HTTP listener configured not to add X-Forwarded-For',
      manifest: cfDeployment(),
      lb: lbOf('f5', '{ port: 80, protocol: http, xForwardedFor: false, xForwardedProto: true, backend: { port: 80, protocol: http } }'),
      errors: [{ messageId: 'missingHeaders', line: 7, file: 'lb.yml', severity: 'error' }],
      opsFile: null,
    },
    {
      name: 'appliance HTTPS listener whose header handling is not stated: a note',
      manifest: cfDeployment(),
      lb: lbOf('f5', '{ port: 443, protocol: https, backend: { port: 80, protocol: http } }'),
      errors: [{ messageId: 'unknownHeaders', line: 7, file: 'lb.yml', severity: 'info' }],
      opsFile: null,
    },
  ],
});
