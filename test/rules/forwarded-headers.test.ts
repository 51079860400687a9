import rule from '../../src/rules/forwarded-headers.js';
import { bblElb, cfDeploymentWith, lbOf } from './fixtures.js';
import { ruleTester, yaml } from './rule-tester.js';

/** cf-deployment's api and router groups; `router` lines follow gorouter's enable_ssl. */
const cfDeployment = (...router: string[]) => cfDeploymentWith({ router: ['enable_ssl: true', ...router] });

// Listener lines of lbOf: the first listener is on line 7, the second on 8, the third on 9.
const tls443 = '{ port: 443, protocol: tls, backend: { port: 80, protocol: tcp } }';
const tls4443 = '{ port: 4443, protocol: tls, backend: { port: 80, protocol: tcp } }';

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
  ],
  invalid: [
    {
      name: "bbl's 2025 NLB (TCP 80, TLS 443, TLS 4443 -> TCP 80): no XFF anywhere, XFP http on 443; suggestion only",
      manifest: cfDeployment(),
      lb: lbOf('aws-nlb', '{ port: 80, protocol: tcp, backend: { port: 80, protocol: tcp } }', tls443, tls4443),
      errors: [
        { messageId: 'layer4NoProxy', line: 7, file: 'lb.yml', severity: 'warn' },
        { messageId: 'layer4NoProxy', line: 8, file: 'lb.yml', severity: 'warn' },
        { messageId: 'layer4Proto', line: 8, file: 'lb.yml', severity: 'warn' },
      ],
      opsFile: null,
    },
    {
      name: 'TLS-only NLB: every request arrives over TLS, so gorouter may force X-Forwarded-Proto https',
      manifest: cfDeployment(),
      lb: lbOf('aws-nlb', tls443, tls4443),
      errors: [
        { messageId: 'layer4NoProxy', line: 7, file: 'lb.yml' },
        { messageId: 'layer4Proto', line: 7, file: 'lb.yml', path: '/instance_groups/name=router/jobs/name=gorouter/properties/router/force_forwarded_proto_https?' },
      ],
      opsFile: yaml`
        # CFWS005 forwarded-headers: every request reaches the gorouter through TLS terminated at the LB, so tell it the scheme was https
        - type: replace
          path: /instance_groups/name=router/jobs/name=gorouter/properties/router/force_forwarded_proto_https?
          value: true
      `,
    },
    {
      name: 'NLB sends PROXY v2 but gorouter does not read it: the client address is still lost',
      manifest: cfDeployment(),
      lb: lbOf('aws-nlb', '{ port: 443, protocol: tcp, proxyProtocol: v2, backend: { port: 443, protocol: tcp } }'),
      errors: [{ messageId: 'layer4NoProxy', line: 7, file: 'lb.yml' }],
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
