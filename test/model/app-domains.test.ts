/**
 * App domains from every manifest kind (issue 14 part 1), and routers of isolation segments
 * (part 3), read through the same model lint uses.
 */
import { describe, expect, it } from 'vitest';
import { buildDeployment } from '../../src/model/deployment.js';
import { mainRouter, segmentRouters } from '../../src/model/segment-routers.js';
import { parseConfig } from '../../src/engine/config/load.js';
import type { InputError } from '../../src/util/errors.js';
import { parseYaml } from '../../src/yaml/yaml.js';
import { rules } from '../report/fixtures.js';
import { yaml } from '../rules/rule-tester.js';

const deploymentOf = (text: string, appDomains: string[] = []) => buildDeployment(parseYaml(text, 'manifest.yml'), 'manifest.yml', { appDomains });
const domains = (text: string, appDomains: string[] = []) => deploymentOf(text, appDomains).appDomains.map((d) => ({ name: d.name, label: d.label, origin: d.origin, line: d.pos?.line ?? null }));

const cfDeployment = yaml`
  name: cf
  instance_groups:
  - name: api
    jobs:
    - name: cloud_controller_ng
      release: capi
      properties:
        system_domain: ((system_domain))
        app_domains:
        - "((system_domain))"
        - name: apps.internal
          internal: true
        - name: Apps.Example.com
        - {name: tcp.example.com, router_group_name: default-tcp}
`;

describe('app domains', () => {
  it('cf-deployment: strings and {name} hashes on cloud_controller_ng; internal and TCP domains skipped', () => {
    expect(domains(cfDeployment)).toEqual([
      { name: 'unknown', label: '((system_domain))', origin: 'manifest', line: 10 },
      { name: 'apps.example.com', label: 'Apps.Example.com', origin: 'manifest', line: 13 },
    ]);
  });

  it('cf-release v1: the global properties.app_domains', () => {
    const v1 = yaml`
      name: cf
      jobs:
      - name: api_z1
        templates:
        - {name: cloud_controller_ng, release: cf}
      properties:
        system_domain: sys.example.com
        app_domains: [apps.example.com, sys.example.com]
    `;
    expect(domains(v1)).toEqual([
      { name: 'apps.example.com', label: 'apps.example.com', origin: 'manifest', line: 8 },
      { name: 'sys.example.com', label: 'sys.example.com', origin: 'manifest', line: 8 },
    ]);
  });

  it("Ops Manager: .cloud_controller.apps_domain, and the system domain (the system org's apps)", () => {
    const om = yaml`
      product-name: cf
      product-properties:
        .cloud_controller.system_domain:
          value: sys.example.com
        .cloud_controller.apps_domain:
          value: apps.example.com
    `;
    expect(domains(om)).toEqual([
      { name: 'apps.example.com', label: 'apps.example.com', origin: 'manifest', line: 6 },
      { name: 'sys.example.com', label: 'sys.example.com', origin: 'system-domain', line: 4 },
    ]);
  });

  it('--app-domain and appDomains: add domains no manifest shows, once each', () => {
    expect(domains(cfDeployment, ['shared.example.com', 'apps.example.com'])).toEqual([
      { name: 'unknown', label: '((system_domain))', origin: 'manifest', line: 10 },
      { name: 'apps.example.com', label: 'Apps.Example.com', origin: 'manifest', line: 13 },
      { name: 'shared.example.com', label: 'shared.example.com', origin: 'option', line: null },
    ]);
  });

  it('a manifest without app_domains has none of its own', () => {
    expect(domains('name: cf\ninstance_groups:\n- name: api\n  jobs:\n  - name: cloud_controller_ng\n    properties: {system_domain: sys.example.com}\n')).toEqual([]);
  });

  it('appDomains: in a .cf-ws-lint.yml deployment is read, and a wildcard refused with its line', () => {
    const config = parseConfig('deployments:\n  prod:\n    manifest: cf.yml\n    appDomains: [apps.example.com]\n', '/repo/.cf-ws-lint.yml', rules);
    expect(config.deployments.get('prod')?.appDomains).toEqual(['apps.example.com']);
    let rendered = '';
    try {
      parseConfig('deployments:\n  prod:\n    manifest: cf.yml\n    appDomains: ["*.apps.example.com"]\n', '/repo/.cf-ws-lint.yml', rules);
    } catch (error) {
      rendered = (error as InputError).render();
    }
    expect(rendered).toMatch(/^\/repo\/\.cf-ws-lint\.yml:4:\d+: deployments\.prod\.appDomains\[0\]: expected a domain name such as apps\.example\.com/);
  });
});

describe('routers of isolation segments', () => {
  const routers = (mode: string | undefined, segments = '[persistent_isolation_segment]') => yaml`
    name: cf
    instance_groups:
    - name: router
      jobs:
      - name: gorouter
        properties:
          router: {routing_table_sharding_mode: shared-and-segments}
    - name: iso-seg-router
      jobs:
      - name: gorouter
        properties:
          router:
            isolation_segments: ${segments}
            ${mode === undefined ? 'enable_ssl: true' : `routing_table_sharding_mode: ${mode}`}
  `;

  it('a router in segments mode is a router of its own; shared-and-segments is a main router', () => {
    const deployment = deploymentOf(routers('segments'));
    expect(segmentRouters(deployment).map((s) => [s.router.job?.instanceGroup, s.segments, s.mode])).toEqual([['iso-seg-router', ['persistent_isolation_segment'], 'segments']]);
    expect(mainRouter(deployment)?.job?.instanceGroup).toBe('router');
  });

  it("in the default mode (all) isolation_segments are not used: no segment router", () => {
    expect(segmentRouters(deploymentOf(routers(undefined)))).toEqual([]);
  });

  it('a mode held in a variable, with segments named: taken as a segment router', () => {
    expect(segmentRouters(deploymentOf(routers('((iso_mode))'))).map((s) => s.mode)).toEqual(['unknown']);
  });
});
