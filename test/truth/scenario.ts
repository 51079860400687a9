/**
 * One matrix row made concrete: the manifest and the HAProxy config with loopback ports and
 * the test's certificate filled in, written to a temp dir.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TruthRow } from './matrix.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/truth/', import.meta.url));

export interface ScenarioPorts {
  /** What HAProxy binds. */
  lb: number;
  /** What the manifest advertises as doppler.port: `lb`, or a port nothing binds. */
  advertised: number;
  /** The router stand-in (plain, or PROXY-accepting for router.enable_proxy rows). */
  router: number;
}

export interface ScenarioFiles {
  manifest: string;
  haproxyConfig: string;
}

export function writeScenario(row: TruthRow, dir: string, ports: ScenarioPorts, certPem: string): ScenarioFiles {
  const manifest = path.join(dir, `${row.id}.yml`);
  writeFileSync(
    manifest,
    fill(readFileSync(path.join(FIXTURES, 'cf-deployment.yml'), 'utf8'), /\(\((\w+)\)\)/g, {
      doppler_port: ports.advertised,
      doppler_use_ssl: row.manifest.useSsl,
      router_port: ports.router,
      router_enable_proxy: row.manifest.routerEnableProxy === true,
    }),
  );
  const haproxyConfig = path.join(dir, `${row.id}.cfg`);
  writeFileSync(
    haproxyConfig,
    fill(readFileSync(path.join(FIXTURES, 'haproxy', row.config), 'utf8'), /\{\{(\w+)\}\}/g, {
      LB_PORT: ports.lb,
      ROUTER: `127.0.0.1:${ports.router}`,
      CERT: certPem,
    }),
  );
  return { manifest, haproxyConfig };
}

/** Replaces each placeholder; one without a value is a broken fixture. */
function fill(template: string, placeholder: RegExp, values: Record<string, string | number | boolean>): string {
  return template.replace(placeholder, (whole, name: string) => {
    if (!(name in values)) throw new Error(`fixture placeholder ${whole} has no value`);
    return String(values[name]);
  });
}
