import rule from '../../src/rules/idle-timeouts.js';
import { awsOps, bblElb, cfDeploymentWith, lbOf } from './fixtures.js';
import { afterAll, describe, expect, it } from 'vitest';
import { lintCase, removeScratch, ruleTester, yaml } from './rule-tester.js';

/** cf-deployment's api and router groups; `router` lines go under gorouter's `router:` (line 15 on). */
const cfDeployment = (...router: string[]) => cfDeploymentWith({ router });

// bosh-bootloader's classic ELB (idle_timeout = var.elb_idle_timeout, default 60) with the WebSocket listener's (line 9) stated.
const bblElbIdle = (seconds: number) => bblElb.replace('{ port: 4443, protocol: ssl, ', `{ port: 4443, protocol: ssl, idleTimeoutSeconds: ${seconds}, `);

// An Azure Load Balancer (L4, drops idle flows after 240 s without a reset).
const azureLb = lbOf('azure-lb', '{ port: 80, protocol: tcp, backend: { port: 80, protocol: tcp } }', '{ port: 443, protocol: tcp, backend: { port: 443, protocol: tcp } }');

// bosh-bootloader on GCP: the HTTP(S) LB for *.<sys>, the cf-ws TCP pool for doppler.<sys>; same routers behind both.
const bblGcp = yaml`
  apiVersion: cf-ws-lint/v1alpha1
  kind: LoadBalancers
  loadBalancers:
  - name: cf-router
    kind: gcp-http
    hostnames: ["*.sys.example.com"]
    listeners:
    - { port: 443, protocol: https, backend: { port: 443, protocol: https } }
  - name: cf-ws
    kind: gcp-tcp
    hostnames: [doppler.sys.example.com, loggregator.sys.example.com]
    listeners:
    - { port: 80, protocol: tcp, backend: { port: 80, protocol: tcp } }
    - { port: 443, protocol: tcp, backend: { port: 443, protocol: tcp } }
`;

const ROUTER_IDLE = '/instance_groups/name=router/jobs/name=gorouter/properties/router/frontend_idle_timeout';

ruleTester(rule, {
  valid: [
    {
      // cf-deployment with add-persistent-isolation-segment-router.yml, the segment's router group
      // listed first: doppler goes through the shared router, whose 900 s default outlasts the ELB.
      name: 'an isolation-segment router listed before the shared one is not the one doppler goes through',
      manifest: cfDeployment('enable_ssl: true').replace(
        '- name: api',
        ['- name: iso-seg-router', '  jobs:', '  - name: gorouter', '    release: routing', '    properties:', '      router:', '        routing_table_sharding_mode: segments', '        isolation_segments: [persistent_isolation_segment]', '        frontend_idle_timeout: 60', '- name: api'].join('\n'),
      ),
      ops: awsOps,
      lb: bblElb,
    },
    // A target pool re-hashes a flow idle past its tracking entry to the same gorouter (GCP target-pools docs), so 900 s behind it is harmless.
    { name: 'bbl on GCP: the same routers behind a 600 s HTTP(S) LB and the cf-ws target pool', manifest: cfDeployment('enable_ssl: true'), lb: bblGcp },
    { name: 'bbl classic ELB defaults (60 s) and gorouter default 900 s', manifest: cfDeployment('enable_ssl: true'), ops: awsOps, lb: bblElb },
    { name: 'cf-deployment operations/azure.yml: frontend_idle_timeout 180, below the Azure LB 240 s', manifest: cfDeployment('enable_ssl: true', 'frontend_idle_timeout: 180'), lb: azureLb },
    {
      name: 'manifest HAProxy (http-server-close, no backend reuse) with the gorouter default 900 s',
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
        - name: router
          jobs:
          - name: gorouter
            release: routing
            properties:
              router:
                enable_ssl: true
      `,
    },
    { name: 'minWebsocketIdleSeconds 60 and the ELB default 60 s', manifest: cfDeployment('enable_ssl: true'), ops: awsOps, lb: bblElb, options: { minWebsocketIdleSeconds: 60 } },
  ],
  invalid: [
    {
      name: 'an ALB listener with host rules is one connection: one finding for its idle timeout, not one per route',
      manifest: cfDeployment('enable_ssl: true'),
      lb: [
        'resource "aws_lb" "cf" {\n  idle_timeout = 3600\n}',
        'resource "aws_lb_target_group" "routers" {\n  port = 443\n  protocol = "HTTPS"\n}',
        'resource "aws_lb_listener" "https" {\n  load_balancer_arn = aws_lb.cf.arn\n  port = 443\n  protocol = "HTTPS"\n  default_action {\n    type = "fixed-response"\n  }\n}',
        'resource "aws_lb_listener_rule" "system" {\n  listener_arn = aws_lb_listener.https.arn\n  priority = 1\n  action {\n    type = "forward"\n    target_group_arn = aws_lb_target_group.routers.arn\n  }\n  condition {\n    host_header {\n      values = ["*.sys.example.com"]\n    }\n  }\n}',
        '',
      ].join('\n'),
      // At the ALB's idle_timeout (line 2), the value the finding is about.
      errors: [{ messageId: 'routerNotLonger', line: 2, file: 'lb.yml', path: `${ROUTER_IDLE}?` }],
      opsFile: yaml`
        # CFWS009 idle-timeouts: outlast the LB's 3600 s idle timeout
        - type: replace
          path: ${ROUTER_IDLE}?
          value: 3601
      `,
    },
    {
      name: 'ELB idle timeout 20 s on the WebSocket listener: quiet `cf logs` streams drop',
      manifest: cfDeployment('enable_ssl: true'),
      ops: awsOps,
      lb: bblElbIdle(20),
      errors: [{ messageId: 'tooShort', line: 9, file: 'lb.yml', severity: 'warn' }],
      opsFile: null,
    },
    {
      name: 'minWebsocketIdleSeconds 120 and the ELB default 60 s',
      manifest: cfDeployment('enable_ssl: true'),
      ops: awsOps,
      lb: bblElb,
      options: { minWebsocketIdleSeconds: 120 },
      errors: [{ messageId: 'tooShort', line: 9, file: 'lb.yml' }],
      opsFile: null,
    },
    {
      name: 'GCP HTTP(S) LB backend timeout_sec 30 caps every WebSocket at 30 s',
      manifest: cfDeployment('enable_ssl: true'),
      lb: lbOf('gcp-http', '{ port: 443, protocol: https, maxConnectionSeconds: 30, backend: { port: 443, protocol: https } }'),
      errors: [{ messageId: 'lifetimeCap', line: 7, file: 'lb.yml' }],
      opsFile: null,
    },
    {
      name: 'frontend_idle_timeout 60 equals the ELB idle timeout: raise it to 61 (pcf-pipelines)',
      manifest: cfDeployment('enable_ssl: true', 'frontend_idle_timeout: 60'),
      ops: awsOps,
      lb: bblElb,
      errors: [
        { messageId: 'routerNotLonger', line: 7, file: 'lb.yml', path: ROUTER_IDLE, related: ['manifest.yml:16'] },
        { messageId: 'routerNotLonger', line: 8, file: 'lb.yml' },
      ],
      opsFile: yaml`
        # CFWS009 idle-timeouts: outlast the LB's 60 s idle timeout
        - type: replace
          path: ${ROUTER_IDLE}
          value: 61
      `,
    },
    {
      name: 'Azure LB with the gorouter default 900 s: go below 240 s, as operations/azure.yml does',
      manifest: cfDeployment('enable_ssl: true'),
      lb: azureLb,
      errors: [
        { messageId: 'routerNotShorter', line: 7, file: 'lb.yml', path: `${ROUTER_IDLE}?`, related: ['manifest.yml:14'] },
        { messageId: 'routerNotShorter', line: 8, file: 'lb.yml' },
      ],
      opsFile: yaml`
        # CFWS009 idle-timeouts: close idle connections before the azure-lb LB drops them silently
        - type: replace
          path: ${ROUTER_IDLE}?
          value: 180
      `,
    },
    {
      name: 'the manifest HAProxy closes WebSockets (websocket_timeout) before the LB in front of it',
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
                websocket_timeout: 300
        - name: api
          jobs:
          - name: cloud_controller_ng
            release: capi
            properties:
              system_domain: sys.example.com
      `,
      lb: lbOf('aws-nlb', '{ port: 443, protocol: tcp, idleTimeoutSeconds: 600, backend: { port: 443, protocol: tcp } }'),
      errors: [{ messageId: 'haproxyShorter', line: 12, column: 28 }],
      opsFile: null,
    },
  ],
});

describe('when no single router.frontend_idle_timeout fits', () => {
  afterAll(removeScratch);
  it('names the LBs that disagree, and never an impossible range', () => {
    const lb = yaml`
      apiVersion: cf-ws-lint/v1alpha1
      kind: LoadBalancers
      loadBalancers:
      - name: cf-alb
        kind: aws-alb
        listeners:
        - { port: 443, protocol: https, idleTimeoutSeconds: 300, backend: { port: 443, protocol: https } }
      - name: cf-azure
        kind: azure-lb
        listeners:
        - { port: 443, protocol: tcp, backend: { port: 443, protocol: tcp } }
    `;
    const findings = lintCase(rule, { name: 'disagree', manifest: cfDeployment('enable_ssl: true'), lb });
    expect(findings.map((f) => f.messageId)).toEqual(['routerNotShorter']);
    expect(findings[0]!.fix).toBeUndefined();
    expect(findings[0]!.suggestion).toContain('cf-alb (aws-alb, which reuses connections idle up to 300 s, so it must be above that)');
    expect(findings[0]!.suggestion).toContain('cf-azure (azure-lb, which drops flows idle for 240 s, so it must be below that)');
  });
});
