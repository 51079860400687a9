import rule from '../../src/rules/websocket-http2-backend.js';
import { cfDeployment, cfDeploymentWithHaproxy, lbFile } from './fixtures.js';
import { ruleTester } from './rule-tester.js';

// These cases' LB is named cf-lb.
const lbOf = (kind: string, ...listeners: string[]) => lbFile('cf-lb', kind, listeners);

ruleTester(rule, {
  valid: [
    { name: 'cf-deployment operations/use-haproxy.yml: enable_http2 is off', manifest: cfDeploymentWithHaproxy() },
    { name: 'enable_http2 with disable_backend_http2_websockets (the routing-release#230 workaround)', manifest: cfDeploymentWithHaproxy('enable_http2: true', 'disable_backend_http2_websockets: true') },
    { name: 'enable_http2 with backend_match_http_protocol: HTTP/1.1 WebSocket clients get the HTTP/1.1 backend', manifest: cfDeploymentWithHaproxy('enable_http2: true', 'backend_match_http_protocol: true') },
    {
      name: 'enable_http2 without backend_ssl: plain HTTP/1.1 to gorouter',
      manifest: cfDeploymentWithHaproxy('enable_http2: true').replace('        backend_ssl: verify\n', '').replace('backend_port: 443', 'backend_port: 80'),
    },
    { name: 'ALB to gorouter over HTTPS: its protocol version is not stated, so nothing is claimed', manifest: cfDeployment, lb: lbOf('aws-alb', '{ port: 443, protocol: https, backend: { port: 443, protocol: https } }') },
    { name: 'an HTTP/2 backend on a port that is not the WebSocket port', manifest: cfDeployment, lb: lbOf('f5', '{ port: 443, protocol: tcp, backend: { port: 443, protocol: tcp } }', '{ port: 8443, protocol: https, backend: { port: 443, protocol: h2 } }') },
  ],
  invalid: [
    {
      name: 'enable_http2 with backend_ssl: WebSockets go to gorouter over HTTP/2',
      manifest: cfDeploymentWithHaproxy('enable_http2: true'),
      errors: [{ messageId: 'http2', line: 11, column: 18, severity: 'error' }],
      opsFile: null,
    },
    {
      name: 'an appliance forwarding the WebSocket port to gorouter over h2',
      manifest: cfDeployment,
      lb: lbOf('f5', '{ port: 443, protocol: https, websocketUpgrade: true, backend: { port: 443, protocol: h2 } }'),
      errors: [{ messageId: 'http2', line: 7, file: 'lb.yml' }],
      opsFile: null,
    },
    {
      name: 'the manifest HAProxy behind a given LB still speaks HTTP/2 to gorouter',
      manifest: cfDeploymentWithHaproxy('enable_http2: true'),
      lb: lbOf('aws-nlb', '{ port: 443, protocol: tcp, backend: { port: 443, protocol: tcp } }'),
      errors: [{ messageId: 'http2', line: 11 }],
      opsFile: null,
    },
  ],
});
