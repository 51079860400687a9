/** What a listener does: the same fields in `defaults` and in each listener. */
const LISTENER_BEHAVIOUR = {
  protocol: { $ref: '#/definitions/protocol' },
  terminatesTls: { $ref: '#/definitions/tri' },
  websocketUpgrade: { $ref: '#/definitions/tri' },
  xForwardedFor: { $ref: '#/definitions/tri' },
  xForwardedProto: { $ref: '#/definitions/tri' },
  proxyProtocol: { $ref: '#/definitions/proxyProtocol' },
  idleTimeoutSeconds: { $ref: '#/definitions/seconds' },
  maxConnectionSeconds: { type: 'integer', minimum: 0 },
  backend: { $ref: '#/definitions/backend' },
};

/**
 * JSON Schema of the neutral LB file (shared/reference/lb-formats.md §7). The source of truth:
 * schemas/lb-file.schema.json is this object written out (a test keeps the two equal), so the
 * validator needs no file at run time.
 */
export const LB_FILE_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/cf-ws-lint/cf-ws-lint/blob/main/schemas/lb-file.schema.json',
  title: 'cf-ws-lint load balancers',
  description: 'Load balancers described by hand, for appliances and IaaS LBs cf-ws-lint cannot read (F5, NSX-T, Avi, Citrix, vSphere and OpenStack setups), or to add what a parsed configuration leaves unknown (DNS names, idle timeouts).',
  type: 'object',
  additionalProperties: false,
  required: ['apiVersion', 'kind', 'loadBalancers'],
  properties: {
    apiVersion: { const: 'cf-ws-lint/v1alpha1' },
    kind: { const: 'LoadBalancers' },
    loadBalancers: { type: 'array', items: { $ref: '#/definitions/loadBalancer' } },
  },
  definitions: {
    tri: { description: 'true, false, or unknown.', oneOf: [{ type: 'boolean' }, { const: 'unknown' }] },
    port: { type: 'integer', minimum: 0, maximum: 65535 },
    protocol: { enum: ['http', 'https', 'tcp', 'ssl', 'tls', 'udp'] },
    hostnames: { type: 'array', items: { type: 'string', pattern: '^(\\*\\.)?[A-Za-z0-9_.${}-]+\\.?$' } },
    seconds: { oneOf: [{ type: 'integer', minimum: 0 }, { const: 'unknown' }] },
    backend: {
      type: 'object',
      additionalProperties: false,
      properties: {
        port: {
          description: 'The backend (gorouter or next hop) port; `same` = the port the client connected to.',
          oneOf: [{ $ref: '#/definitions/port' }, { enum: ['same', 'unknown'] }],
        },
        protocol: { enum: ['http', 'https', 'h2', 'tcp', 'ssl', 'tls', 'unknown'] },
        tls: { $ref: '#/definitions/tri' },
        http2: { $ref: '#/definitions/tri' },
      },
    },
    proxyProtocol: {
      oneOf: [
        { enum: ['v1', 'v2', 'none'], description: 'Shorthand for what the LB sends to its backend.' },
        {
          type: 'object',
          additionalProperties: false,
          properties: {
            accepts: { $ref: '#/definitions/tri' },
            sends: { $ref: '#/definitions/tri' },
            version: { enum: [1, 2] },
          },
        },
      ],
    },
    defaults: {
      type: 'object',
      additionalProperties: false,
      properties: {
        ...LISTENER_BEHAVIOUR,
      },
    },
    listener: {
      type: 'object',
      additionalProperties: false,
      oneOf: [{ required: ['port'] }, { required: ['ports'] }],
      properties: {
        port: { $ref: '#/definitions/port' },
        ports: {
          description: 'Comma-separated ports and ranges: \"80,443\", \"1024-1123\".',
          type: 'string',
          pattern: '^\\s*\\d+(\\s*-\\s*\\d+)?(\\s*,\\s*\\d+(\\s*-\\s*\\d+)?)*\\s*$',
        },
        ...LISTENER_BEHAVIOUR,
        hostnames: { $ref: '#/definitions/hostnames' },
        notes: { type: 'string' },
      },
    },
    loadBalancer: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: {
          description: 'Unique. A name equal to the id of a load balancer read from another file adds to that one instead.',
          type: 'string',
          minLength: 1,
        },
        kind: {
          enum: [
            'aws-elb-classic',
            'aws-alb',
            'aws-nlb',
            'gcp-http',
            'gcp-tcp',
            'azure-lb',
            'azure-app-gateway',
            'nsxt',
            'haproxy',
            'nginx',
            'f5',
            'other',
          ],
        },
        hostnames: { $ref: '#/definitions/hostnames' },
        addresses: { type: 'array', items: { type: 'string' } },
        defaults: { $ref: '#/definitions/defaults' },
        listeners: { type: 'array', items: { $ref: '#/definitions/listener' } },
      },
    },
  },
};
