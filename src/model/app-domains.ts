/**
 * Where apps' own WebSockets arrive: the app domains. Every route of an app is a host under
 * one of them, served by the gorouter behind the load balancers that answer for `*.<domain>`.
 *
 * - capi-release jobs/cloud_controller_ng/spec `app_domains`: "Array of domain hashes for user
 *   apps"; cloud_controller_ng lib/cloud_controller/seeds.rb keeps a hash as it is and turns
 *   anything else into `{name: <it>}`. cf-deployment.yml lists `"((system_domain))"` and
 *   `{name: apps.internal, internal: true}`.
 * - cf-release v1: the global `properties.app_domains` (templates/cf.yml: `[system_domain]`).
 * - Ops Manager (TAS): `.cloud_controller.apps_domain` becomes CC `app_domains: [<it>]`
 *   (tile-config-generator pas_2_2.yml); the system domain carries the system org's apps
 *   (Apps Manager) and is served by the same routers.
 * - Domains made with `cf create-domain` / `cf create-shared-domain` are in no manifest: the
 *   user names them (`--app-domain`, `appDomains:` in `.cf-ws-lint.yml`).
 */
import { get, getIn, isMap, isSeq, type SourcePos, type YNode } from '../yaml/node.js';
import { asBoolean, placeholderIn, type PathSeg } from './fact.js';
import { propertyNode, type JobInstance } from './jobs.js';

export interface AppDomain {
  /** The domain, or 'unknown' while it holds a `((variable))`. */
  name: string | 'unknown';
  /** As written (`((system_domain))` when unresolved): for messages and matching DNS names. */
  label: string;
  /** `manifest`: app_domains / apps_domain; `system-domain`: Ops Manager's system domain; `option`: --app-domain or appDomains:. */
  origin: 'manifest' | 'system-domain' | 'option';
  /** Where it is written; absent for a domain given on the command line. */
  pos?: SourcePos;
  /** Its path in the document; empty for a domain given on the command line. */
  path: PathSeg[];
}

/** A domain given on the command line or in the config: `apps.example.com`, no wildcard, no scheme. */
export const DOMAIN_NAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

function domainOf(node: YNode | undefined, path: PathSeg[], origin: AppDomain['origin']): AppDomain | undefined {
  if (node?.kind !== 'scalar' || node.type !== 'str' || (node.value as string).trim() === '') return undefined;
  const label = (node.value as string).trim();
  return { name: placeholderIn(node) ? 'unknown' : label.toLowerCase(), label, origin, ...(node.pos ? { pos: node.pos } : {}), path };
}

/**
 * One `app_domains` entry: a string, or a hash with `name`. Internal domains (`internal: true`)
 * are reached only over the container network (C2C), and a `router_group_name` makes a TCP
 * domain served by the TCP router: neither goes through the gorouter's HTTP listeners.
 */
function appDomainEntry(item: YNode, path: PathSeg[]): AppDomain | undefined {
  if (!isMap(item)) return domainOf(item, path, 'manifest');
  if (asBoolean(get(item, 'internal')) === true) return undefined;
  if (get(item, 'router_group_name') !== undefined) return undefined;
  return domainOf(get(item, 'name'), [...path, 'name'], 'manifest');
}

/** cf-deployment / cf-release: `app_domains` as cloud_controller_ng sees it (job, then global properties). */
export function boshAppDomains(cc: JobInstance | undefined, root: YNode): AppDomain[] {
  const found = cc ? propertyNode(cc, ['app_domains']) : undefined;
  const node = found?.node ?? (isMap(root) ? getIn(root, ['properties', 'app_domains']) : undefined);
  const path = found?.path ?? ['properties', 'app_domains'];
  if (!isSeq(node)) return [];
  return node.items.flatMap((item, i) => appDomainEntry(item, [...path, i]) ?? []);
}

/** Ops Manager product config: the apps domain and the system domain. */
export function opsManagerAppDomains(root: YNode): AppDomain[] {
  const props = isMap(root) ? get(root, 'product-properties') : undefined;
  const valueOf = (key: string, origin: AppDomain['origin']) => {
    const holder = isMap(props) ? get(props, key) : undefined;
    return domainOf(isMap(holder) ? get(holder, 'value') : undefined, ['product-properties', key, 'value'], origin);
  };
  return [valueOf('.cloud_controller.apps_domain', 'manifest'), valueOf('.cloud_controller.system_domain', 'system-domain')].flatMap((d) => d ?? []);
}

/** Adds the user's domains to the manifest's, once each (a manifest domain keeps its position). */
export function withOptionDomains(fromManifest: AppDomain[], given: readonly string[]): AppDomain[] {
  const all = [...fromManifest];
  for (const name of given) {
    const lower = name.toLowerCase();
    if (all.some((d) => d.name === lower || d.label.toLowerCase() === lower)) continue;
    all.push({ name: lower, label: name, origin: 'option', path: [] });
  }
  // Ops Manager's apps domain may equal its system domain: one check is enough.
  return all.filter((d, i) => all.findIndex((other) => other.label.toLowerCase() === d.label.toLowerCase()) === i);
}
