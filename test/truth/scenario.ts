/**
 * One matrix row made concrete: the manifest and the load-balancer config with ports and
 * the test's certificate filled in, written to a directory. A row is written twice: with
 * free loopback ports for the live run, and with its real-world ports for the linter, whose
 * rules depend on the numbers (CFWS005 looks at 80 and 443 only). The two differ in nothing
 * else.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TruthRow } from './matrix.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/truth/', import.meta.url));

export interface ScenarioPorts {
  /** What the load balancer binds. */
  lb: number;
  /** What the manifest advertises as doppler.port: `lb`, or a port nothing binds. */
  advertised: number;
  /** The gorouter (router.port), where the load balancer sends its traffic. */
  router: number;
  /** Where an app row's client connects when the listener does not stand for 443: nothing binds it. */
  app?: number;
}

export interface ScenarioFiles {
  manifest: string;
  lbConfig: string;
}

/** The row's ports as deployed: the listener on its real port, gorouter on 80. */
export function realWorldPorts(row: TruthRow): ScenarioPorts {
  const unbound = row.realPort === 443 ? 4443 : 443;
  return { lb: row.realPort, advertised: row.manifest.advertises === 'unbound port' ? unbound : row.realPort, router: 80 };
}

export function writeScenario(row: TruthRow, dir: string, ports: ScenarioPorts, certPem: string): ScenarioFiles {
  mkdirSync(dir, { recursive: true });
  const manifest = path.join(dir, 'cf-deployment.yml');
  writeFileSync(
    manifest,
    fill(readFileSync(path.join(FIXTURES, 'cf-deployment.yml'), 'utf8'), /\(\((\w+)\)\)/g, {
      doppler_port: ports.advertised,
      doppler_use_ssl: row.manifest.useSsl,
      router_port: ports.router,
      router_enable_proxy: row.manifest.routerEnableProxy === true,
    }),
  );
  const lbConfig = path.join(dir, row.config);
  writeFileSync(
    lbConfig,
    fill(readFileSync(path.join(FIXTURES, row.lb, row.config), 'utf8'), /\{\{(\w+)\}\}/g, {
      LB_PORT: ports.lb,
      ROUTER: `127.0.0.1:${ports.router}`,
      CERT: certPem,
    }),
  );
  return { manifest, lbConfig };
}

/** Replaces each placeholder; one without a value is a broken fixture. */
function fill(template: string, placeholder: RegExp, values: Record<string, string | number | boolean>): string {
  return template.replace(placeholder, (whole, name: string) => {
    if (!(name in values)) throw new Error(`fixture placeholder ${whole} has no value`);
    return String(values[name]);
  });
}
