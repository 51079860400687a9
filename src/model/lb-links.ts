/**
 * Which instance groups receive each load balancer's traffic. A cloud config's vm_extension
 * names load balancers in its `cloud_properties` (the CPIs' keys: AWS `elbs`,
 * `lb_target_groups`; GCP `target_pool`, `backend_service`; Azure `load_balancer`,
 * `application_gateway`; vSphere NSX-T `nsxt.lb.server_pools`), and every instance group
 * listing that extension in `vm_extensions` joins those LBs (bosh-bootloader's
 * `cf-router-network-properties` on cf-deployment's router group).
 */
import { get, isMap, isSeq, type SourcePos, type YNode } from '../yaml/node.js';
import type { LoadBalancer } from '../lb/listener.js';

const LB_KEYS = ['elbs', 'lb_target_groups', 'target_pool', 'backend_service', 'load_balancer', 'load_balancers', 'application_gateway', 'application_gateways'];

/** Words that say what kind of thing a name is, not which one (`cf_router_lb_name`, `ws_target_pool`). */
const GENERIC = new Set(['name', 'names', 'lb', 'lbs', 'elb', 'elbs', 'alb', 'nlb', 'target', 'targets', 'pool', 'pools', 'group', 'groups', 'tg', 'backend', 'service', 'services', 'cf', 'aws', 'google', 'compute', 'azurerm', 'application', 'gateway', 'server', 'load', 'balancer', 'id']);

interface NamedLb {
  name: string;
  pos?: SourcePos;
}

function names(node: YNode | undefined): NamedLb[] {
  if (node === undefined) return [];
  if (node.kind === 'scalar') return node.type === 'str' ? [{ name: String(node.value), ...(node.pos ? { pos: node.pos } : {}) }] : [];
  if (isSeq(node)) return node.items.flatMap(names);
  return names(get(node, 'name'));
}

function lbNamesOf(cloudProperties: YNode | undefined): NamedLb[] {
  if (!isMap(cloudProperties)) return [];
  const found = LB_KEYS.flatMap((key) => names(get(cloudProperties, key)));
  // vSphere CPI with NSX-T: nsxt: { lb: { server_pools: [{name, port}] } }; also a bare lb: block.
  for (const holder of [get(cloudProperties, 'nsxt'), cloudProperties]) {
    const lb = isMap(holder) ? get(holder, 'lb') : undefined;
    if (isMap(lb)) found.push(...names(get(lb, 'server_pools')));
  }
  return found;
}

function tokens(name: string): string {
  const words = name.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w && !GENERIC.has(w));
  return [...new Set(words)].sort().join(' ');
}

/**
 * Does a name in the cloud config mean this LB? A literal name equals the LB's; a variable
 * (`((cf_router_lb_name))`, filled in by bbl from Terraform outputs) means the LB whose resource
 * name has the same distinguishing words (`aws_elb.cf_router_lb`: "router").
 */
function namesLb(lb: LoadBalancer, wanted: string): boolean {
  const variable = /^\(\(\s*([^()]+?)\s*\)\)$/.exec(wanted)?.[1];
  const resource = lb.id.split('.').at(-1) ?? lb.id;
  if (!variable && (wanted === lb.id || wanted === resource)) return true;
  const a = tokens(variable ?? wanted);
  return a !== '' && a === tokens(resource);
}

/** The load balancers with `instanceGroups` set where the cloud config links them. */
export function linkLoadBalancers(cloudConfig: YNode | undefined, manifest: YNode, lbs: LoadBalancer[]): LoadBalancer[] {
  const extensions = isMap(cloudConfig) ? get(cloudConfig, 'vm_extensions') : undefined;
  const groups = isMap(manifest) ? get(manifest, 'instance_groups') : undefined;
  if (!isSeq(extensions) || !isSeq(groups)) return lbs;
  const groupsUsing = (extension: string): string[] =>
    groups.items.filter(isMap).flatMap((g) => {
      const used = get(g, 'vm_extensions');
      const name = get(g, 'name');
      const uses = isSeq(used) && used.items.some((u) => u.kind === 'scalar' && String(u.value) === extension);
      return uses && name?.kind === 'scalar' ? [String(name.value)] : [];
    });
  return lbs.map((lb) => {
    const linked = new Set<string>();
    let evidence: LoadBalancer['instanceGroupEvidence'];
    for (const extension of extensions.items.filter(isMap)) {
      const extensionName = get(extension, 'name');
      if (extensionName?.kind !== 'scalar') continue;
      const named = lbNamesOf(get(extension, 'cloud_properties')).find((n) => namesLb(lb, n.name));
      if (!named) continue;
      groupsUsing(String(extensionName.value)).forEach((g) => linked.add(g));
      evidence ??= { field: 'instanceGroups', value: String(extensionName.value), source: { format: 'bosh-cloud-config', file: named.pos?.file ?? '', ...(named.pos ? { line: named.pos.line, col: named.pos.col } : {}) }, note: `vm_extension ${String(extensionName.value)} names ${named.name}` };
    }
    return evidence ? { ...lb, instanceGroups: [...linked], instanceGroupEvidence: evidence } : lb;
  });
}
