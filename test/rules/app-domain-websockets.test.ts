import rule from '../../src/rules/app-domain-websockets.js';
import { bblElbWithHostnames, cfDeploymentWithHaproxy, cfRelease, lbOf, useHaproxyProperties, cfDeploymentWith } from './fixtures.js';
import { ruleTester, yaml } from './rule-tester.js';

/**
 * cf-deployment.yml's api and router groups with its app_domains (lines 851-854 there):
 * `sys.example.com` (line 10) and the internal `apps.internal`, which is skipped. `router`
 * lines go under the router's `router:` (from line 20).
 */
const withAppDomains = (...router: string[]) => yaml`
  name: cf
  instance_groups:
  - name: api
    jobs:
    - name: cloud_controller_ng
      release: capi
      properties:
        system_domain: sys.example.com
        app_domains:
        - sys.example.com
        - name: apps.internal
          internal: true
  - name: router
    jobs:
    - name: gorouter
      release: routing
      properties:
        router:
          enable_ssl: true
  ${router.map((l) => `        ${l}`).join('\n')}
`;
const cfDeployment = withAppDomains();

/**
 * cf-deployment with operations/add-persistent-isolation-segment-router.yml's iso-seg-router
 * (its gorouter job on line 23; `segments` mode) and the main router switched to shared-and-segments.
 */
const withIsoSegRouter = withAppDomains('routing_table_sharding_mode: shared-and-segments').concat(yaml`
  - name: iso-seg-router
    jobs:
    - name: gorouter
      release: routing
      properties:
        router:
          enable_ssl: true
          isolation_segments: [persistent_isolation_segment]
          routing_table_sharding_mode: segments
`);

/**
 * The same, with add-persistent-isolation-segment-router.yml's `vm_extensions` on iso-seg-router
 * (gorouter job on line 25), and the bosh-bootloader AWS cloud config that goes with it: its
 * vm_extension names the ELB by the Terraform output `cf_iso_router_lb_name`
 * (iso_segments.tf, `aws_elb.iso_router_lb`) on line 9, the main router's on line 4.
 */
const withLinkedIsoSegRouter = withAppDomains('routing_table_sharding_mode: shared-and-segments').concat(yaml`
  - name: iso-seg-router
    vm_extensions:
    - iso-seg-cf-router-network-properties
    jobs:
    - name: gorouter
      release: routing
      properties:
        router:
          enable_ssl: true
          isolation_segments: [persistent_isolation_segment]
          routing_table_sharding_mode: segments
`);
const bblCloudConfig = yaml`
  vm_extensions:
  - name: cf-router-network-properties
    cloud_properties:
      elbs: [((cf_router_lb_name))]
      security_groups: [((cf_router_lb_internal_security_group))]
  - name: iso-seg-cf-router-network-properties
    cloud_properties:
      elbs:
      - ((cf_iso_router_lb_name))
      security_groups: [((iso_security_group_id))]
`;
/** cf-deployment's router group joins cf-router-network-properties too (for the cloud config to send the ELB elsewhere). */
const routerJoinsCfRouterLb = yaml`
  - type: replace
    path: /instance_groups/name=router/vm_extensions?
    value: [cf-router-network-properties]
`;

/** An ALB for `*.sys.example.com` (WebSockets natively) with a long idle timeout. */
const albLongIdle = (hostnames = '["*.sys.example.com"]') => yaml`
  apiVersion: cf-ws-lint/v1alpha1
  kind: LoadBalancers
  loadBalancers:
  - name: cf-router
    kind: aws-alb
    hostnames: ${hostnames}
    listeners:
    - { port: 80, protocol: http, backend: { port: 80, protocol: http }, idleTimeoutSeconds: 3600 }
    - { port: 443, protocol: https, backend: { port: 443, protocol: https }, idleTimeoutSeconds: 3600 }
`;

/** bosh-bootloader terraform/aws/templates/iso_segments.tf's ELB (listeners on lines 14-16) behind `*.iso-seg.<sys>` (cf_dns.tf). */
const albAndIsoElb = albLongIdle().concat(yaml`
  - name: iso-router-lb
    kind: aws-elb-classic
    hostnames: ["*.iso-seg.sys.example.com"]
    listeners:
    - { port: 80, protocol: http, backend: { port: 80, protocol: http } }
    - { port: 443, protocol: https, backend: { port: 80, protocol: http } }
    - { port: 4443, protocol: ssl, backend: { port: 80, protocol: tcp }, idleTimeoutSeconds: 3600 }
`);

/** iso_segments.tf's ELB with no DNS name (its 443 on line 14, 4443 on line 15), beside the ALB for `*.<sys>` (hostnames on line 6, or none). */
const albAndUnnamedIsoElb = (albHostnames = '["*.sys.example.com"]') => albLongIdle(albHostnames).concat(yaml`
  - name: iso-router-lb
    kind: aws-elb-classic
    listeners:
    - { port: 80, protocol: http, backend: { port: 80, protocol: http } }
    - { port: 443, protocol: https, backend: { port: 80, protocol: http } }
    - { port: 4443, protocol: ssl, backend: { port: 80, protocol: tcp }, idleTimeoutSeconds: 3600 }
`);

/** The same ELB with SSL on 443 to the gorouter's TLS port, and TCP on 80: WebSockets on both. */
const albAndUnnamedIsoElbPassing = albLongIdle().concat(yaml`
  - name: iso-router-lb
    kind: aws-elb-classic
    listeners:
    - { port: 80, protocol: tcp, backend: { port: 80, protocol: tcp }, idleTimeoutSeconds: 3600 }
    - { port: 443, protocol: ssl, backend: { port: 443, protocol: ssl }, idleTimeoutSeconds: 3600 }
`);

/**
 * DNS and the cloud config disagree: `*.iso-seg.<sys>` (line 12) still names an older ELB that
 * passes WebSockets, while the cloud config puts iso-seg-router behind iso-router-lb (443 on line 19).
 */
const oldIsoElbByDns = albLongIdle().concat(yaml`
  - name: old-iso-router-elb
    kind: aws-elb-classic
    hostnames: ["*.iso-seg.sys.example.com"]
    listeners:
    - { port: 443, protocol: ssl, backend: { port: 443, protocol: ssl }, idleTimeoutSeconds: 3600 }
  - name: iso-router-lb
    kind: aws-elb-classic
    listeners:
    - { port: 80, protocol: http, backend: { port: 80, protocol: http } }
    - { port: 443, protocol: https, backend: { port: 80, protocol: http } }
`);

/** Only iso_segments.tf's ELB is given, without a DNS name (its 443 on line 8). */
const isoElbOnly = yaml`
  apiVersion: cf-ws-lint/v1alpha1
  kind: LoadBalancers
  loadBalancers:
  - name: iso-router-lb
    kind: aws-elb-classic
    listeners:
    - { port: 80, protocol: http, backend: { port: 80, protocol: http } }
    - { port: 443, protocol: https, backend: { port: 80, protocol: http } }
`;

/** bosh-bootloader GCP: `*.<sys>` on the global HTTP(S) LB, `*.ws.<sys>` on the cf-ws TCP pool (line 12 is its hostnames). */
const gcpLbs = yaml`
  apiVersion: cf-ws-lint/v1alpha1
  kind: LoadBalancers
  loadBalancers:
  - name: cf-https-lb
    kind: gcp-http
    hostnames: ["*.sys.example.com"]
    listeners:
    - { port: 80, protocol: http, backend: { port: 443, protocol: https } }
    - { port: 443, protocol: https, backend: { port: 443, protocol: https } }
  - name: cf-ws
    kind: gcp-tcp
    hostnames: ["doppler.sys.example.com", "*.ws.sys.example.com"]
    listeners:
    - { port: 443, protocol: tcp, backend: { port: 443, protocol: tcp } }
    - { port: 80, protocol: tcp, backend: { port: 80, protocol: tcp } }
`;

/** nginx, two server blocks on 443 chosen by Host (fixtures/truth/nginx/https-apps-server-*.conf); the apps block's `listen` is line 9. */
const nginxWs = 'location / { proxy_pass http://10.0.16.4; proxy_read_timeout 3600s; proxy_http_version 1.1; proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection "upgrade"; }';
const nginxPlain = 'location / { proxy_pass http://10.0.16.4; }';
const nginxAppsApart = (doppler: string, apps: string) => yaml`
  http {
    server {
      listen 443 ssl;
      server_name doppler.sys.example.com;
      ${doppler}
    }
    server {
      server_name *.apps.example.com;
      listen 443 ssl;
      ${apps}
    }
  }
`;

ruleTester(rule, {
  valid: [
    { name: 'nginx: the server block of *.<apps domain> proxies WebSockets, doppler\'s does not', manifest: cfDeployment, appDomains: ['apps.example.com'], lb: nginxAppsApart(nginxPlain, nginxWs) },
    { name: 'an ALB passes WebSockets on 443 and 80 (AWS: "native support for WebSockets")', manifest: cfDeployment, lb: albLongIdle() },
    { name: 'an NLB passes TCP through to gorouter 443 and 80 (350 s idle)', manifest: cfDeployment, lb: lbOf('aws-nlb', '{ port: 443, protocol: tcp, backend: { port: 443, protocol: tcp } }', '{ port: 80, protocol: tcp, backend: { port: 80, protocol: tcp } }') },
    { name: 'cf-deployment operations/use-haproxy.yml: https-in and http-in are mode http', manifest: cfDeploymentWith({ haproxy: useHaproxyProperties }), appDomains: ['sys.example.com'] },
    { name: 'internal and TCP-routing domains do not go through the gorouter: nothing to check', manifest: cfDeploymentWith({ doppler: [] }).replace('      system_domain: sys.example.com\n', '      system_domain: sys.example.com\n      app_domains:\n      - {name: apps.internal, internal: true}\n      - {name: tcp.sys.example.com, router_group_name: default-tcp}\n'), lb: bblElbWithHostnames },
    { name: "gorouter's HTTP listener is off (router.disable_http): ws:// on 80 is not offered", manifest: withAppDomains('disable_http: true'), lb: lbOf('aws-elb-classic', '{ port: 80, protocol: http, backend: { port: 80, protocol: http } }', '{ port: 443, protocol: ssl, backend: { port: 443, protocol: ssl }, idleTimeoutSeconds: 3600 }') },
    { name: 'no load balancer given: nothing to check (CFWS001 says so for doppler)', manifest: cfDeployment },
    { name: 'an app domain behind the ALB, with the ELB of another domain beside it', manifest: cfDeployment, lb: albAndIsoElb },
    { name: 'isolation segment: the cloud config puts iso-seg-router behind an ELB without DNS names whose 443 and 80 pass WebSockets', manifest: withLinkedIsoSegRouter, cloudConfig: bblCloudConfig, lb: albAndUnnamedIsoElbPassing },
  ],
  invalid: [
    {
      name: "nginx: doppler's server block proxies WebSockets, but the one for *.<apps domain> answers app hosts and does not",
      manifest: cfDeployment,
      appDomains: ['apps.example.com'],
      lb: nginxAppsApart(nginxWs, nginxPlain),
      errors: [{ messageId: 'nowhere', line: 9, file: 'lb.yml', severity: 'error' }],
      opsFile: null,
    },
    {
      name: 'bosh-bootloader classic ELB: wss:// only on the SSL listener on 4443, ws:// fails, 60 s idle',
      manifest: cfDeployment,
      lb: bblElbWithHostnames,
      errors: [{ messageId: 'otherPort', line: 9, file: 'lb.yml', severity: 'warn', related: ['manifest.yml:10', 'lb.yml:10'] }],
      opsFile: null,
    },
    {
      name: 'a classic ELB with HTTP/HTTPS listeners only: apps get WebSockets nowhere',
      manifest: cfDeployment,
      lb: lbOf('aws-elb-classic', '{ port: 80, protocol: http, backend: { port: 80, protocol: http } }', '{ port: 443, protocol: https, backend: { port: 80, protocol: http } }'),
      errors: [{ messageId: 'nowhere', line: 8, file: 'lb.yml', severity: 'error', related: ['manifest.yml:10'] }],
      opsFile: null,
    },
    {
      name: 'no listener on 443 at all, WebSockets only on 4443',
      manifest: cfDeployment,
      lb: lbOf('aws-elb-classic', '{ port: 4443, protocol: ssl, backend: { port: 80, protocol: tcp }, idleTimeoutSeconds: 3600 }'),
      errors: [{ messageId: 'otherPort', line: 4, file: 'lb.yml', severity: 'warn' }],
      opsFile: null,
    },
    {
      name: 'wss:// passes on 443 (SSL to gorouter TLS), ws:// dropped by the HTTP listener on 80',
      manifest: cfDeployment,
      lb: lbOf('aws-elb-classic', '{ port: 80, protocol: http, backend: { port: 80, protocol: http } }', '{ port: 443, protocol: ssl, backend: { port: 443, protocol: ssl }, idleTimeoutSeconds: 3600 }'),
      errors: [{ messageId: 'plainDropped', line: 7, file: 'lb.yml', severity: 'warn' }],
      opsFile: null,
    },
    {
      name: 'the only listener takes its port from a Terraform variable without a value: a note, not "no listener on 443"',
      manifest: cfDeployment,
      lb: [
        'variable "ws_port" {}',
        'resource "aws_elb" "cf_router" {',
        '  listener {',
        '    lb_port           = var.ws_port',
        '    lb_protocol       = "ssl"',
        '    instance_port     = 80',
        '    instance_protocol = "tcp"',
        '  }',
        '}',
        '',
      ].join('\n'),
      errors: [{ messageId: 'unknownPort', line: 4, file: 'lb.yml', severity: 'info', related: ['manifest.yml:10'] }],
      opsFile: null,
    },
    {
      name: 'an appliance on 443 whose Upgrade handling is not stated: a note',
      manifest: cfDeployment,
      lb: lbOf('f5', '{ port: 443, protocol: https, backend: { port: 80, protocol: http } }'),
      errors: [{ messageId: 'unknownUpgrade', line: 7, file: 'lb.yml', severity: 'info' }],
      opsFile: null,
    },
    {
      name: "an ALB at its 60 s default idle timeout: a note with the figure on the listener carrying apps' WebSockets",
      manifest: cfDeployment,
      lb: lbOf('aws-alb', '{ port: 443, protocol: https, backend: { port: 443, protocol: https } }'),
      errors: [{ messageId: 'idleTimeout', line: 7, file: 'lb.yml', severity: 'info' }],
      opsFile: null,
    },
    {
      name: 'bosh-bootloader GCP: *.ws.<sys> leads to the cf-ws TCP pool, a domain apps do not have yet',
      manifest: cfDeployment,
      lb: gcpLbs,
      errors: [{ messageId: 'dedicatedHost', line: 12, file: 'lb.yml', severity: 'info' }],
      opsFile: null,
    },
    {
      name: 'the dedicated WebSocket domain is among the app domains (--app-domain ws.sys.example.com)',
      manifest: cfDeployment,
      lb: gcpLbs,
      appDomains: ['ws.sys.example.com'],
      errors: [{ messageId: 'dedicatedHost', line: 12, file: 'lb.yml', severity: 'info' }],
      opsFile: null,
    },
    {
      name: 'HAProxy sends WebSockets to gorouter over HTTP/2 (enable_http2, backend_ssl): the fix sets disable_backend_http2_websockets',
      manifest: cfDeploymentWithHaproxy('enable_http2: true'),
      appDomains: ['sys.example.com'],
      errors: [{ messageId: 'nowhere', line: 11, severity: 'error' }],
      opsFile: yaml`
        # CFWS013 app-domain-websockets: send WebSockets to the gorouter over HTTP/1.1 (haproxy-boshrelease disable_backend_http2_websockets)
        - type: replace
          path: /instance_groups/name=haproxy/jobs/name=haproxy/properties/ha_proxy/disable_backend_http2_websockets?
          value: true
      `,
    },
    {
      name: 'cf-release v1: the global properties.app_domains',
      manifest: cfRelease({ jobs: ['api', 'router'], global: ['app_domains: [apps.example.com]'] }),
      lb: bblElb('*.apps.example.com'),
      errors: [{ messageId: 'otherPort', line: 9, file: 'lb.yml', related: ['manifest.yml:11', 'lb.yml:10'] }],
      opsFile: null,
    },
    {
      name: "Ops Manager: the apps domain and the system domain (the system org's apps)",
      manifest: 'product-name: cf\nproduct-properties:\n  .cloud_controller.system_domain:\n    value: sys.example.com\n  .cloud_controller.apps_domain:\n    value: apps.example.com\n',
      lb: bblElb('*.apps.example.com').concat('- name: sys-router\n  kind: aws-alb\n  hostnames: ["*.sys.example.com"]\n  listeners:\n  - { port: 443, protocol: https, backend: { port: 443, protocol: https } }\n'),
      errors: [
        { messageId: 'otherPort', line: 9, file: 'lb.yml', related: ['manifest.yml:6', 'lb.yml:10'] },
        { messageId: 'idleTimeout', line: 15, file: 'lb.yml', related: ['manifest.yml:4'] },
      ],
      opsFile: null,
    },
    {
      name: 'a domain made with cf create-domain, given with --app-domain',
      manifest: cfDeploymentWith({}),
      appDomains: ['apps.example.com'],
      lb: bblElb('*.apps.example.com'),
      errors: [{ messageId: 'otherPort', line: 9, file: 'lb.yml', related: ['lb.yml:10'] }],
      opsFile: null,
    },
    {
      name: "isolation segment: iso-seg-router's LB is found by its DNS name (*.iso-seg.<sys>) and checked",
      manifest: withIsoSegRouter,
      lb: albAndIsoElb,
      errors: [{ messageId: 'otherPort', line: 15, file: 'lb.yml', related: ['lb.yml:16'] }],
      opsFile: null,
    },
    {
      name: 'only the LB of doppler.<sys> is given (SSL 443 to the traffic controllers on 8081): no LB answers for *.<sys>, a note',
      manifest: cfDeployment,
      lb: lbOf('aws-elb-classic', '{ port: 443, protocol: ssl, backend: { port: 8081, protocol: tcp } }').replace('  listeners:\n', '  hostnames: ["doppler.sys.example.com"]\n  listeners:\n'),
      errors: [{ messageId: 'notServed', line: 10, severity: 'info' }],
      opsFile: null,
    },
    {
      name: 'isolation segment: no DNS name or cloud-config links iso-seg-router to a load balancer: a note',
      manifest: withIsoSegRouter,
      lb: albLongIdle(),
      errors: [{ messageId: 'unmatchedRouter', line: 23, severity: 'info' }],
      opsFile: null,
    },
    {
      name: "isolation segment: iso-seg-router has no DNS name, but the cloud config's vm_extension puts it behind iso-router-lb: checked, the link is related",
      manifest: withLinkedIsoSegRouter,
      cloudConfig: bblCloudConfig,
      lb: albAndUnnamedIsoElb(),
      errors: [{ messageId: 'otherPort', line: 14, file: 'lb.yml', severity: 'warn', related: ['cloud-config.yml:9', 'lb.yml:15'] }],
      opsFile: null,
    },
    {
      name: 'isolation segment: no LB has DNS names; the one the cloud config puts only iso-seg-router behind is not taken for the shared domain',
      manifest: withLinkedIsoSegRouter,
      cloudConfig: bblCloudConfig,
      lb: albAndUnnamedIsoElb('[]'),
      errors: [{ messageId: 'otherPort', line: 14, file: 'lb.yml', severity: 'warn', related: ['cloud-config.yml:9', 'lb.yml:15'] }],
      opsFile: null,
    },
    {
      name: 'isolation segment: DNS names an older ELB, the cloud config puts iso-seg-router behind another: the cloud config wins, a note at the DNS name',
      manifest: withLinkedIsoSegRouter,
      cloudConfig: bblCloudConfig,
      lb: oldIsoElbByDns,
      errors: [
        { messageId: 'segmentDnsContradicted', line: 12, file: 'lb.yml', severity: 'info', related: ['cloud-config.yml:9'] },
        { messageId: 'nowhere', line: 19, file: 'lb.yml', severity: 'error', related: ['cloud-config.yml:9'] },
      ],
      opsFile: null,
    },
    {
      name: "isolation segment: *.iso-seg.<sys> names an ELB the cloud config sends to the main router's group: not iso-seg-router's, a note, and the router unmatched",
      manifest: withIsoSegRouter,
      ops: routerJoinsCfRouterLb,
      cloudConfig: bblCloudConfig.replace('((cf_router_lb_name))', 'iso-router-lb'),
      lb: albAndIsoElb,
      errors: [
        { messageId: 'segmentDnsContradicted', line: 12, file: 'lb.yml', severity: 'info', related: ['cloud-config.yml:4'] },
        { messageId: 'unmatchedRouter', line: 23, severity: 'info' },
      ],
      opsFile: null,
    },
    {
      name: "isolation segment: the only LB given is the one the cloud config puts iso-seg-router alone behind: the shared domain is not judged by it, a note",
      manifest: withLinkedIsoSegRouter,
      cloudConfig: bblCloudConfig,
      lb: isoElbOnly,
      errors: [
        { messageId: 'segmentLbsOnly', line: 10, severity: 'info', related: ['cloud-config.yml:9'] },
        { messageId: 'nowhere', line: 8, file: 'lb.yml', severity: 'error', related: ['cloud-config.yml:9'] },
      ],
      opsFile: null,
    },
    {
      name: "isolation segment: the segment's domain (add-persistent-isolation-segment-router.yml's iso-seg.<sys>) is judged by the LB the cloud config puts iso-seg-router behind",
      manifest: withLinkedIsoSegRouter,
      cloudConfig: bblCloudConfig,
      lb: isoElbOnly,
      appDomains: ['iso-seg.sys.example.com'],
      errors: [
        { messageId: 'segmentLbsOnly', line: 10, severity: 'info', related: ['cloud-config.yml:9'] },
        { messageId: 'nowhere', line: 8, file: 'lb.yml', severity: 'error', related: ['cloud-config.yml:9'] },
      ],
      opsFile: null,
    },
  ],
});

/** bosh-bootloader's classic ELB (80 line 8, 443 line 9, 4443 line 10) answering for `hostname`. */
function bblElb(hostname: string): string {
  return bblElbWithHostnames.replace('*.sys.example.com', hostname);
}
