/**
 * Fixture texts and builders shared by the rule tests. Each is modelled on a real file, named
 * in its comment; line numbers the cases rely on are given there too. A case that needs a
 * slightly different text builds it here with the options, or keeps its own variant.
 */
import { yaml } from './rule-tester.js';

export interface CfDeploymentParts {
  /** Lines under a haproxy-boshrelease group's `ha_proxy:` (line 8, so from line 9); no haproxy group when absent. */
  haproxy?: string[];
  /** Lines under cloud_controller_ng's `doppler:`, which follows its system_domain; none when empty. */
  doppler?: string[];
  /** Lines under gorouter's `router:`; `['enable_ssl: true']` when absent, no router group when null. */
  router?: string[] | null;
}

/**
 * cf-deployment's instance groups, trimmed to the ones the rules read: an optional haproxy
 * group (operations/use-haproxy.yml), api (cloud_controller_ng) and router (gorouter).
 * Without haproxy, the api job is line 5 and `doppler:` line 9; the router group follows.
 */
export function cfDeploymentWith({ haproxy, doppler = [], router = ['enable_ssl: true'] }: CfDeploymentParts): string {
  return [
    'name: cf',
    'instance_groups:',
    ...(haproxy !== undefined
      ? ['- name: haproxy', '  jobs:', '  - name: haproxy', '    release: haproxy', '    properties:', '      ha_proxy:', ...haproxy.map((l) => `        ${l}`)]
      : []),
    '- name: api',
    '  jobs:',
    '  - name: cloud_controller_ng',
    '    release: capi',
    '    properties:',
    '      system_domain: sys.example.com',
    ...(doppler.length > 0 ? ['      doppler:', ...doppler.map((l) => `        ${l}`)] : []),
    ...(router !== null ? ['- name: router', '  jobs:', '  - name: gorouter', '    release: routing', '    properties:', '      router:', ...router.map((l) => `        ${l}`)] : []),
    '',
  ].join('\n');
}

// cf-deployment's api and router groups: doppler.port is not set, so Cloud Controller
// advertises capi-release's default, 443. Line 5 is the job.
export const cfDeployment = cfDeploymentWith({});

// cf-deployment operations/use-haproxy.yml's ha_proxy properties (line 9 is backend_ca_file, 12 ssl_pem).
export const useHaproxyProperties = [
  'backend_ca_file: ((router_ssl.ca))',
  'backend_port: 443',
  'backend_ssl: verify',
  'ssl_pem: ((haproxy_ssl.certificate))((haproxy_ssl.private_key))',
  'tcp_link_port: 2222',
];

/**
 * cf-deployment with operations/use-haproxy.yml, trimmed to TLS to gorouter (backend_ssl
 * verify) and the https-in :443 certificate: the haproxy job is line 5, ssl_pem line 11;
 * `haProxy` lines follow from line 12.
 */
export const cfDeploymentWithHaproxy = (...haProxy: string[]) =>
  cfDeploymentWith({ haproxy: ['backend_port: 443', 'backend_ssl: verify', 'ssl_pem: ((haproxy_ssl.certificate))((haproxy_ssl.private_key))', ...haProxy] });

// cf-deployment operations/aws.yml (the part that matters): doppler.port 4443, value on line 3.
export const awsOps = yaml`
  - type: replace
    path: /instance_groups/name=api/jobs/name=cloud_controller_ng/properties/doppler?/port
    value: 4443
`;

export interface CfReleaseParts {
  /** The jobs, in order: api_z1 (cloud_controller_ng), ha_proxy_z1 (the built-in haproxy), router_z1 (gorouter). */
  jobs: ('api' | 'haproxy' | 'router')[];
  /** Lines under ha_proxy_z1's `properties:`; none (and no `properties:`) when empty. */
  haproxy?: string[];
  /** Lines of the global `properties:` after `system_domain`. */
  global?: string[];
}

/**
 * A cf-release v1 manifest (cf-release example_manifests): top-level `jobs:` with
 * `templates:`, global `properties:`. Each job takes three lines, plus `properties:` and its
 * lines for a ha_proxy_z1 with `haproxy` lines; `properties:` follows the last job.
 */
export function cfRelease({ jobs, haproxy = [], global = [] }: CfReleaseParts): string {
  const job = {
    api: ['- name: api_z1', '  templates:', '  - {name: cloud_controller_ng, release: cf}'],
    haproxy: ['- name: ha_proxy_z1', '  templates:', '  - {name: haproxy, release: cf}', ...(haproxy.length > 0 ? ['  properties:', ...haproxy.map((l) => `    ${l}`)] : [])],
    router: ['- name: router_z1', '  templates:', '  - {name: gorouter, release: cf}'],
  };
  return ['name: cf', 'jobs:', ...jobs.flatMap((j) => job[j]), 'properties:', '  system_domain: sys.example.com', ...global.map((l) => `  ${l}`), ''].join('\n');
}

// cf-release's built-in HAProxy with a certificate: https-in :443 and ssl-in :4443 (mode tcp).
export const cfReleaseHaproxyWithCert = ['ha_proxy:', '  ssl_pem: ((ssl_pem))'];

/**
 * Ops Manager's staged config of the TAS (cf) product, as `om staged-config` prints it; the
 * Loggregator Port (line 6) is left out when undefined and blank when null.
 */
export const opsManagerTas = (loggregatorPort?: number | null) =>
  [
    'product-name: cf',
    'product-properties:',
    '  .cloud_controller.system_domain:',
    '    value: sys.example.com',
    ...(loggregatorPort !== undefined ? ['  .properties.logger_endpoint_port:', loggregatorPort === null ? '    value:' : `    value: ${loggregatorPort}`] : []),
    '',
  ].join('\n');

/** A neutral LB file (reference/lb-formats.md) with one load balancer; its listeners start at line 7. */
export const lbFile = (name: string, kind: string, listeners: string[]) =>
  ['apiVersion: cf-ws-lint/v1alpha1', 'kind: LoadBalancers', 'loadBalancers:', `- name: ${name}`, `  kind: ${kind}`, '  listeners:', ...listeners.map((l) => `  - ${l}`), ''].join('\n');

/** A neutral LB file with one load balancer, cf-router (as bosh-bootloader names it), of the given kind. */
export const lbOf = (kind: string, ...listeners: string[]) => lbFile('cf-router', kind, listeners);

// bosh-bootloader terraform/aws/templates/cf_lb.tf's classic ELB listeners: HTTP 80, HTTPS 443, SSL 4443, all to gorouter port 80.
export const bblElbListeners = [
  '{ port: 80, protocol: http, backend: { port: 80, protocol: http } }',
  '{ port: 443, protocol: https, backend: { port: 80, protocol: http } }',
  '{ port: 4443, protocol: ssl, backend: { port: 80, protocol: tcp } }',
];

// bosh-bootloader terraform/aws/templates/cf_lb.tf: the classic ELB (listeners on lines 7, 8 and 9).
export const bblElb = lbOf('aws-elb-classic', ...bblElbListeners);

// bosh-bootloader terraform/aws/templates/cf_lb.tf with the *.<sys> DNS record: 443 is HTTPS (line 9), 4443 SSL (line 10).
export const bblElbWithHostnames = bblElb.replace('  listeners:\n', '  hostnames: ["*.sys.example.com"]\n  listeners:\n');

// bosh-bootloader's classic ELB without its SSL 4443 listener: HTTP 80 and HTTPS 443 only (lines 7 and 8).
export const elbHttpOnly = lbOf('aws-elb-classic', ...bblElbListeners.slice(0, 2));
