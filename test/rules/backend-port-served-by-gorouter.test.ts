import rule from '../../src/rules/backend-port-served-by-gorouter.js';
import { bblElb, cfDeploymentWith, cfRelease, lbOf } from './fixtures.js';
import { ruleTester } from './rule-tester.js';

/** cf-deployment with doppler.port (line 10) when given; `router` lines go under gorouter's `router:`. */
const cfDeployment = (dopplerPort: number | undefined, ...router: string[]) => cfDeploymentWith({ doppler: dopplerPort !== undefined ? [`port: ${dopplerPort}`] : [], router });

// haproxy-boshrelease as cf-deployment operations/use-haproxy.yml adds it, with or without backend_ssl (ssl_pem on line 12).
const useHaproxy = (backendSsl: boolean) =>
  cfDeploymentWith({ haproxy: ['backend_ca_file: ((router_ssl.ca))', 'backend_port: 443', backendSsl ? 'backend_ssl: verify' : 'tcp_link_port: 2222', 'ssl_pem: ((haproxy_ssl.certificate))((haproxy_ssl.private_key))'] });

/** A cloud config whose vm_extension (line 2) puts the LB cf-router (line 5) on the instance groups that use it. */
const cloudConfigLinking = (extension: string) => `vm_extensions:\n- name: ${extension}\n  cloud_properties:\n    elbs:\n    - cf-router\n`;

/** cf-deployment plus a group `name` using vm_extension `extension`, running `jobs`. */
const withGroup = (name: string, extension: string, jobs: string[]) =>
  cfDeployment(undefined, 'enable_ssl: true') + [`- name: ${name}`, `  vm_extensions: [${extension}]`, '  jobs:', ...jobs, ''].join('\n');

/** cf-deployment with a log-api group running the traffic controller (default outgoing_dropsonde_port 8081), plus `extra` groups. */
const withTrafficController = (extra: string[]) =>
  cfDeployment(undefined, 'enable_ssl: true') + ['- name: log-api', '  jobs:', '  - name: loggregator_trafficcontroller', '    release: loggregator', ...extra, ''].join('\n');

ruleTester(rule, {
  valid: [
    { name: 'bbl classic ELB: SSL 4443 -> TCP 80, gorouter serves plain HTTP on 80', manifest: cfDeployment(4443, 'enable_ssl: true'), lb: bblElb },
    { name: 'NLB TCP 443 passed through to gorouter TLS port 443 (enable_ssl)', manifest: cfDeployment(undefined, 'enable_ssl: true'), lb: lbOf('aws-nlb', '{ port: 443, protocol: tcp, backend: { port: 443, protocol: tcp } }') },
    { name: 'GCP HTTP(S) LB: HTTPS to the named port https:443', manifest: cfDeployment(undefined, 'enable_ssl: true'), lb: lbOf('gcp-http', '{ port: 443, protocol: https, backend: { port: 443, protocol: https } }') },
    { name: 'cf-deployment operations/use-haproxy.yml: TLS (backend_ssl verify) to gorouter 443', manifest: useHaproxy(true) },
    {
      name: 'an appliance in front of the manifest HAProxy forwards to a HAProxy frontend, not to gorouter',
      manifest: useHaproxy(true),
      lb: lbOf('f5', '{ port: 443, protocol: tcp, backend: { port: 443, protocol: tcp } }'),
    },
    {
      name: 'cloud config: the ELB is on the log-api group, whose traffic controller serves 8081',
      manifest: withGroup('log-api', 'log-lb', ['  - name: loggregator_trafficcontroller', '    release: loggregator']),
      cloudConfig: cloudConfigLinking('log-lb'),
      lb: lbOf('aws-elb-classic', '{ port: 443, protocol: ssl, backend: { port: 8081, protocol: tcp } }'),
    },
    {
      // A layout real foundations use to keep log traffic off the routers (paas-cf 2017 elbs.tf: cf_doppler SSL 443 -> TCP 8081).
      name: 'an ELB for doppler.<sys> forwards SSL 443 to TCP 8081, straight to the traffic controllers',
      manifest: withTrafficController([]),
      lb: lbOf('aws-elb-classic', '{ port: 443, protocol: ssl, backend: { port: 8081, protocol: tcp } }'),
    },
    {
      name: 'cf-release: the legacy endpoint forwarded to traffic_controller.outgoing_port 8080',
      manifest: cfRelease({ jobs: ['api', 'router'], global: ['doppler:', '  port: 4443', 'logger_endpoint:', '  port: 4443'] }).replace('jobs:\n', 'jobs:\n- name: loggregator_trafficcontroller_z1\n  templates:\n  - {name: loggregator_trafficcontroller, release: cf}\n'),
      lb: lbOf('aws-elb-classic', '{ port: 4443, protocol: ssl, backend: { port: 8080, protocol: tcp } }'),
    },
    {
      name: 'a proxy job of the manifest listens on the backend port (its listen_port property)',
      manifest: withTrafficController(['- name: ws-proxy', '  jobs:', '  - name: nginx', '    release: nginx', '    properties:', '      nginx:', '        listen_port: 9443']),
      lb: lbOf('aws-elb-classic', '{ port: 443, protocol: ssl, backend: { port: 9443, protocol: tcp } }'),
    },
  ],
  invalid: [
    {
      name: 'bbl alb-aws plan-patch: HTTPS 4443 -> target group port 4443, where gorouter does not listen',
      manifest: cfDeployment(4443, 'enable_ssl: true'),
      lb: lbOf(
        'aws-alb',
        '{ port: 80, protocol: http, backend: { port: 80, protocol: http } }',
        '{ port: 443, protocol: https, backend: { port: 443, protocol: https } }',
        '{ port: 4443, protocol: https, backend: { port: 4443, protocol: https } }',
      ),
      errors: [{ messageId: 'notServed', line: 9, file: 'lb.yml', severity: 'error' }],
      opsFile: null,
    },
    {
      name: 'NLB TCP 443 pass-through, but gorouter has no TLS listener (enable_ssl defaults to false)',
      manifest: cfDeployment(undefined, 'status:', '  tls:', '    port: 8443'),
      lb: lbOf('aws-nlb', '{ port: 443, protocol: tcp, backend: { port: 443, protocol: tcp } }'),
      errors: [{ messageId: 'notServed', line: 7, file: 'lb.yml' }],
      opsFile: null,
    },
    {
      name: 'gorouter disable_http: the ELB SSL listener forwards to port 80, which is closed',
      manifest: cfDeployment(4443, 'enable_ssl: true', 'disable_http: true'),
      lb: bblElb,
      errors: [{ messageId: 'notServed', line: 9, file: 'lb.yml' }],
      opsFile: null,
    },
    {
      name: 'ALB sends plain HTTP to gorouter TLS port 443',
      manifest: cfDeployment(undefined, 'enable_ssl: true'),
      lb: lbOf('aws-alb', '{ port: 443, protocol: https, backend: { port: 443, protocol: http } }'),
      errors: [{ messageId: 'tlsMismatch', line: 7, file: 'lb.yml' }],
      opsFile: null,
    },
    {
      name: 'use-haproxy.yml without backend_ssl: the HAProxy sends plain HTTP to gorouter 443',
      manifest: useHaproxy(false),
      // At ha_proxy.backend_port (line 10), the value that sends plain HTTP to the TLS port.
      errors: [{ messageId: 'tlsMismatch', line: 10, column: 23 }],
      opsFile: null,
    },
    {
      name: 'cf-release v1 with doppler and logger_endpoint both on 4443: the listener is reported once',
      manifest: cfRelease({ jobs: ['api', 'router'], global: ['doppler:', '  port: 4443', 'logger_endpoint:', '  port: 4443'] }),
      lb: lbOf('aws-elb-classic', '{ port: 4443, protocol: ssl, backend: { port: 4443, protocol: tcp } }'),
      errors: [{ messageId: 'notServed', line: 7, file: 'lb.yml' }],
      opsFile: null,
    },
    {
      name: 'cloud config: the ELB is on the log-api group, whose traffic controller does not listen on 9999',
      manifest: withGroup('log-api', 'log-lb', ['  - name: loggregator_trafficcontroller', '    release: loggregator']),
      cloudConfig: cloudConfigLinking('log-lb'),
      lb: lbOf('aws-elb-classic', '{ port: 443, protocol: ssl, backend: { port: 9999, protocol: tcp } }'),
      errors: [{ messageId: 'notServedLinked', line: 7, file: 'lb.yml', related: ['cloud-config.yml:5'] }],
      opsFile: null,
    },
    {
      name: 'cloud config: the ELB is on a group of jobs cf-ws-lint does not model: a note naming the port',
      manifest: withGroup('proxies', 'proxy-lb', ['  - name: envoy', '    release: envoy']),
      cloudConfig: cloudConfigLinking('proxy-lb'),
      lb: lbOf('aws-elb-classic', '{ port: 443, protocol: ssl, backend: { port: 9999, protocol: tcp } }'),
      errors: [{ messageId: 'cannotVerifyLinked', line: 7, file: 'lb.yml', severity: 'info' }],
      opsFile: null,
    },
    {
      name: 'no gorouter in the manifest and nothing listens on the backend port: a note naming the port',
      manifest: cfDeploymentWith({ router: null }),
      lb: lbOf('aws-elb-classic', '{ port: 443, protocol: ssl, backend: { port: 9999, protocol: tcp } }'),
      errors: [{ messageId: 'cannotVerify', line: 7, file: 'lb.yml', severity: 'info' }],
      opsFile: null,
    },
  ],
});
