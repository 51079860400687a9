import rule from '../../src/rules/proxy-protocol-agrees.js';
import { cfDeploymentWith, cfDeploymentWithHaproxy, lbFile } from './fixtures.js';
import { ruleTester } from './rule-tester.js';

/** cf-deployment's api and router groups; `router` lines follow gorouter's enable_ssl. */
const cfDeployment = (...router: string[]) => cfDeploymentWith({ router: ['enable_ssl: true', ...router] });

// These cases' LB is named cf-lb.
const lbOf = (kind: string, ...listeners: string[]) => lbFile('cf-lb', kind, listeners);

const nlbProxy = lbOf('aws-nlb', '{ port: 443, protocol: tcp, proxyProtocol: v2, backend: { port: 443, protocol: tcp } }');
const nlbPlain = lbOf('aws-nlb', '{ port: 443, protocol: tcp, backend: { port: 443, protocol: tcp } }');

ruleTester(rule, {
  valid: [
    {
      name: 'bosh-bootloader and cf-deployment enable PROXY nowhere',
      manifest: cfDeployment(),
      lb: lbOf('aws-elb-classic', '{ port: 443, protocol: https, backend: { port: 80, protocol: http } }', '{ port: 4443, protocol: ssl, backend: { port: 80, protocol: tcp } }'),
    },
    { name: 'NLB sends PROXY v2 to the manifest HAProxy, which has accept_proxy', manifest: cfDeploymentWithHaproxy('accept_proxy: true'), lb: nlbProxy },
    { name: 'expect_proxy_cidrs only takes PROXY from the listed sources: cf CLI clients connect plainly', manifest: cfDeploymentWithHaproxy('expect_proxy_cidrs:', '- 10.0.0.0/24') },
    { name: 'an empty expect_proxy_cidrs list enables nothing', manifest: cfDeploymentWithHaproxy('expect_proxy_cidrs: []') },
  ],
  invalid: [
    {
      // routing-release v0.317.0 vendors armon/go-proxyproto v0.1.0, which reads PROXY v1 only (cf-domain.md §9.4).
      name: 'NLB sends PROXY v2 and gorouter has enable_proxy: gorouter cannot read v2',
      manifest: cfDeployment('enable_proxy: true'),
      lb: nlbProxy,
      errors: [{ messageId: 'routerV2', line: 7, file: 'lb.yml' }],
      opsFile: null,
    },
    {
      name: 'NLB sends PROXY v2 but router.enable_proxy is false',
      manifest: cfDeployment(),
      lb: nlbProxy,
      errors: [{ messageId: 'routerRefuses', line: 7, file: 'lb.yml', severity: 'error' }],
      opsFile: null,
    },
    {
      name: 'manifest HAProxy has accept_proxy, the NLB in front does not send PROXY',
      manifest: cfDeploymentWithHaproxy('accept_proxy: true'),
      lb: nlbPlain,
      errors: [{ messageId: 'haproxyExpects', line: 11, related: ['lb.yml:7'] }],
      opsFile: null,
    },
    {
      name: 'manifest HAProxy is the entry point and has accept_proxy: `cf logs` clients send no PROXY header',
      manifest: cfDeploymentWithHaproxy('accept_proxy: true'),
      errors: [{ messageId: 'entryExpectsProxy', line: 11, column: 18, severity: 'error' }],
      opsFile: null,
    },
    {
      name: 'accept_proxy with expect_proxy_cidrs: the haproxy template aborts',
      manifest: cfDeploymentWithHaproxy('accept_proxy: true', 'expect_proxy_cidrs:', '- 10.0.0.0/24'),
      lb: nlbProxy,
      errors: [{ messageId: 'exclusive', line: 14 }],
      opsFile: null,
    },
    {
      name: 'accept_proxy with an empty expect_proxy_cidrs list still aborts (Ruby [] is true)',
      manifest: cfDeploymentWithHaproxy('accept_proxy: true', 'expect_proxy_cidrs: []'),
      lb: nlbProxy,
      errors: [{ messageId: 'exclusive', line: 13, column: 29 }],
      opsFile: null,
    },
    {
      name: 'disable_tcp_accept_proxy without accept_proxy does nothing',
      manifest: cfDeploymentWithHaproxy('disable_tcp_accept_proxy: true'),
      errors: [{ messageId: 'noOpDisable', line: 12, severity: 'warn' }],
      opsFile: null,
    },
  ],
});
