import rule from '../../src/rules/proxy-protocol-agrees.js';
import { ruleTester } from './rule-tester.js';

/** cf-deployment's api and router groups; `router` lines go under gorouter's `router:`. */
const cfDeployment = (...router: string[]) =>
  [
    'name: cf',
    'instance_groups:',
    '- name: api',
    '  jobs:',
    '  - name: cloud_controller_ng',
    '    release: capi',
    '    properties:',
    '      system_domain: sys.example.com',
    '- name: router',
    '  jobs:',
    '  - name: gorouter',
    '    release: routing',
    '    properties:',
    '      router:',
    '        enable_ssl: true',
    ...router.map((l) => `        ${l}`),
    '',
  ].join('\n');

/**
 * cf-deployment with operations/use-haproxy.yml: haproxy-boshrelease in front of gorouter.
 * The haproxy job is line 5, ssl_pem (the https-in :443 frontend) line 11; `haProxy` lines
 * follow from line 12.
 */
const useHaproxy = (...haProxy: string[]) =>
  [
    'name: cf',
    'instance_groups:',
    '- name: haproxy',
    '  jobs:',
    '  - name: haproxy',
    '    release: haproxy',
    '    properties:',
    '      ha_proxy:',
    '        backend_port: 443',
    '        backend_ssl: verify',
    '        ssl_pem: ((haproxy_ssl.certificate))((haproxy_ssl.private_key))',
    ...haProxy.map((l) => `        ${l}`),
    '- name: api',
    '  jobs:',
    '  - name: cloud_controller_ng',
    '    release: capi',
    '    properties:',
    '      system_domain: sys.example.com',
    '- name: router',
    '  jobs:',
    '  - name: gorouter',
    '    release: routing',
    '    properties:',
    '      router:',
    '        enable_ssl: true',
    '',
  ].join('\n');

const lbOf = (kind: string, ...listeners: string[]) =>
  ['apiVersion: cf-ws-lint/v1alpha1', 'kind: LoadBalancers', 'loadBalancers:', '- name: cf-lb', `  kind: ${kind}`, '  listeners:', ...listeners.map((l) => `  - ${l}`), ''].join('\n');

const nlbProxy = lbOf('aws-nlb', '{ port: 443, protocol: tcp, proxyProtocol: v2, backend: { port: 443, protocol: tcp } }');
const nlbPlain = lbOf('aws-nlb', '{ port: 443, protocol: tcp, backend: { port: 443, protocol: tcp } }');

ruleTester(rule, {
  valid: [
    {
      name: 'bosh-bootloader and cf-deployment enable PROXY nowhere',
      manifest: cfDeployment(),
      lb: lbOf('aws-elb-classic', '{ port: 443, protocol: https, backend: { port: 80, protocol: http } }', '{ port: 4443, protocol: ssl, backend: { port: 80, protocol: tcp } }'),
    },
    { name: 'NLB sends PROXY v2 and gorouter has enable_proxy', manifest: cfDeployment('enable_proxy: true'), lb: nlbProxy },
    { name: 'NLB sends PROXY v2 to the manifest HAProxy, which has accept_proxy', manifest: useHaproxy('accept_proxy: true'), lb: nlbProxy },
    { name: 'expect_proxy_cidrs only takes PROXY from the listed sources: cf CLI clients connect plainly', manifest: useHaproxy('expect_proxy_cidrs:', '- 10.0.0.0/24') },
    { name: 'an empty expect_proxy_cidrs list enables nothing', manifest: useHaproxy('expect_proxy_cidrs: []') },
  ],
  invalid: [
    {
      name: 'NLB sends PROXY v2 but router.enable_proxy is false',
      manifest: cfDeployment(),
      lb: nlbProxy,
      errors: [{ messageId: 'routerRefuses', line: 7, file: 'lb.yml', severity: 'error' }],
      opsFile: null,
    },
    {
      name: 'manifest HAProxy has accept_proxy, the NLB in front does not send PROXY',
      manifest: useHaproxy('accept_proxy: true'),
      lb: nlbPlain,
      errors: [{ messageId: 'haproxyExpects', line: 11, related: ['lb.yml:7'] }],
      opsFile: null,
    },
    {
      name: 'manifest HAProxy is the entry point and has accept_proxy: `cf logs` clients send no PROXY header',
      manifest: useHaproxy('accept_proxy: true'),
      errors: [{ messageId: 'entryExpectsProxy', line: 11, column: 18, severity: 'error' }],
      opsFile: null,
    },
    {
      name: 'accept_proxy with expect_proxy_cidrs: the haproxy template aborts',
      manifest: useHaproxy('accept_proxy: true', 'expect_proxy_cidrs:', '- 10.0.0.0/24'),
      lb: nlbProxy,
      errors: [{ messageId: 'exclusive', line: 14 }],
      opsFile: null,
    },
    {
      name: 'accept_proxy with an empty expect_proxy_cidrs list still aborts (Ruby [] is true)',
      manifest: useHaproxy('accept_proxy: true', 'expect_proxy_cidrs: []'),
      lb: nlbProxy,
      errors: [{ messageId: 'exclusive', line: 13, column: 29 }],
      opsFile: null,
    },
    {
      name: 'disable_tcp_accept_proxy without accept_proxy does nothing',
      manifest: useHaproxy('disable_tcp_accept_proxy: true'),
      errors: [{ messageId: 'noOpDisable', line: 12, severity: 'warn' }],
      opsFile: null,
    },
  ],
});
