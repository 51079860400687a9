import rule from '../../src/rules/haproxy-4443-needs-tls.js';
import { awsOps, cfDeploymentWith, useHaproxyProperties } from './fixtures.js';
import { ruleTester, yaml } from './rule-tester.js';

/** cf-deployment with a haproxy group (`haProxy` lines from line 9) and cloud_controller_ng's `doppler` lines. */
const cfDeployment = (haproxy: string[], doppler: string[] = []) => cfDeploymentWith({ haproxy, doppler, router: null });

const port4443 = ['port: 4443'];

ruleTester(rule, {
  valid: [
    // An advertised 4443 HAProxy does not serve is websocket-port-has-listener's finding (one fix, not two).
    { name: 'use-haproxy.yml with operations/aws.yml: not this rule', manifest: cfDeployment(useHaproxyProperties), ops: awsOps },
    { name: 'Cloud Controller advertises 4443, the HAProxy has neither enable_4443 nor a certificate: not this rule', manifest: cfDeployment(['backend_port: 80'], port4443) },
    { name: 'cf-deployment operations/use-haproxy.yml with the default doppler.port 443: no 4443 needed', manifest: cfDeployment(useHaproxyProperties) },
    { name: 'enable_4443 with ssl_pem, and Cloud Controller advertises 4443', manifest: cfDeployment([...useHaproxyProperties, 'enable_4443: true'], port4443) },
    { name: 'enable_4443 with crt_list instead of ssl_pem', manifest: cfDeployment(['crt_list:', '- snifilter: [sys.example.com]', '  ssl_pem: ((haproxy_ssl.certificate))((haproxy_ssl.private_key))', 'enable_4443: true'], port4443) },
    { name: "the spec's own example: a tcp entry `wss` on 4443 with ssl", manifest: cfDeployment(['ssl_pem: ((haproxy_ssl.certificate))((haproxy_ssl.private_key))', 'tcp:', '- name: wss', '  port: 4443', '  backend_port: 80', '  ssl: true'], port4443) },
    {
      name: 'HAProxy behind a given LB that owns 4443: not the entry point',
      manifest: cfDeployment(useHaproxyProperties, port4443),
      lb: yaml`
        apiVersion: cf-ws-lint/v1alpha1
        kind: LoadBalancers
        loadBalancers:
        - name: f5-cf
          kind: f5
          listeners:
          - { port: 4443, protocol: ssl, backend: { port: 443, protocol: tcp } }
      `,
    },
  ],
  invalid: [
    {
      name: 'enable_4443 without ssl_pem or crt_list: the job template aborts',
      manifest: cfDeployment(['backend_port: 80', 'enable_4443: true']),
      errors: [{ messageId: 'noTls', line: 10, column: 22, severity: 'error' }],
      opsFile: null,
    },
  ],
});
