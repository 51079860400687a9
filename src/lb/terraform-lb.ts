/**
 * Load balancers of a Terraform configuration (AWS, GCP, Azure), with the DNS names its
 * records point at them: bbl's cf_dns.tf puts `*.<sys>` on one LB and `doppler.<sys>` on
 * another (bosh-bootloader terraform/gcp/templates/cf_dns.tf).
 */
import type { LoadBalancer } from './listener.js';
import { AWS_TYPES, awsLoadBalancers } from './terraform-aws.js';
import { AZURE_TYPES, azureLoadBalancers } from './terraform-azure.js';
import { knownString, type TfConfiguration, type TfResource, type TfValue } from './terraform-config.js';
import { GCP_TYPES, gcpLoadBalancers } from './terraform-gcp.js';
import { NSXT_TYPES, nsxtLoadBalancers } from './terraform-nsxt.js';
import { OPENSTACK_TYPES, openstackLoadBalancers } from './terraform-openstack.js';

/** The load balancers of a configuration, and what was read to find them. */
export interface TerraformRead {
  loadBalancers: LoadBalancer[];
  /** Local modules read besides the root. */
  modules: number;
  resources: number;
  /** Resource types that look like load-balancer parts but that this reader does not map. */
  notUnderstood: string[];
  /** Modules not read (remote sources, missing directories), and other gaps. */
  notes: string[];
}

const RECORD_TYPES = ['aws_route53_record', 'google_dns_record_set', 'azurerm_dns_a_record', 'azurerm_dns_cname_record', 'azurerm_dns_aaaa_record'];

const UNDERSTOOD = new Set([...AWS_TYPES, ...GCP_TYPES, ...AZURE_TYPES, ...NSXT_TYPES, ...OPENSTACK_TYPES, ...RECORD_TYPES]);

/** Names of resource types that are, or configure, a load balancer in some provider. */
const LB_LIKE = /(^|_)(lb|lbaas|elb|alb|nlb|loadbalancer|load_balancer|listener|virtual_server|forwarding_rule|target_pool|backend_service|url_map|application_gateway|target_(http|https|tcp|ssl)_proxy|slb|clb)(_|$)/;

export function loadBalancersFromTerraform(config: TfConfiguration): TerraformRead {
  const mapped = [...awsLoadBalancers(config), ...gcpLoadBalancers(config), ...azureLoadBalancers(config), ...nsxtLoadBalancers(config), ...openstackLoadBalancers(config)];
  for (const record of dnsRecords(config)) {
    for (const { lb, addressedBy } of mapped) {
      const via = record.targets.find((t) => addressedBy.has(t));
      if (!via || lb.hostnames.includes(record.name)) continue;
      lb.hostnames.push(record.name);
      const conditional = record.resource.condition ? `; exists only if ${record.resource.condition.text}` : '';
      (lb.hostnameEvidence ??= []).push({ field: 'hostnames', value: record.name, source: record.source.source, note: `${record.resource.address} points at ${via}${record.source.note ? ` (${record.source.note})` : ''}${conditional}` });
    }
  }
  const notUnderstood = [...new Set(config.resources.map((r) => r.type).filter((t) => !UNDERSTOOD.has(t) && LB_LIKE.test(t)))].sort();
  return { loadBalancers: mapped.map((m) => m.lb), modules: config.modulesRead ?? 0, resources: config.resources.length, notUnderstood, notes: config.notes ?? [] };
}

interface DnsRecord {
  resource: TfResource;
  /** The DNS name, trailing dot removed; unknown parts kept as `${…}`. */
  name: string;
  source: TfValue;
  /** Addresses of the resources the record's data names. */
  targets: string[];
}

function dnsRecords(config: TfConfiguration): DnsRecord[] {
  return config.resources
    .filter((r) => RECORD_TYPES.includes(r.type))
    .flatMap((r) => {
      const nameValue = r.attr('name');
      if (!nameValue) return [];
      let name = nameValue.display.replace(/\.$/, '');
      // Azure record names are relative to their zone ("*" in "sys.example.com").
      if (r.type.startsWith('azurerm_')) {
        const zone = r.attr('zone_name');
        name = name === '@' ? (zone?.display ?? name) : `${name}.${zone?.display ?? '${zone_name}'}`;
      }
      if (r.type === 'aws_route53_record') name = route53Name(config, r, name);
      const data = [r.attr('records'), r.attr('rrdatas'), r.attr('record'), r.attr('target_resource_id'), ...r.blocks('alias').map((a) => a.attr('name'))];
      const targets = data.flatMap((v) => (v ? [...v.refs, ...config.referenced(v).map((t) => t.address)] : []));
      return [{ resource: r, name, source: nameValue, targets: [...new Set(targets)] }];
    });
}

/**
 * Route53 takes a record name relative to its zone: terraform-provider-aws appends the zone's
 * name unless the record's name already ends with it ("www" in example.com is www.example.com).
 * Without the zone's name, a literal name of fewer than three labels (`doppler`, `*.sys`) can
 * only be relative, and stays a name with an unknown part; one that holds a variable
 * (`*.${var.system_domain}`) is taken as written.
 */
function route53Name(config: TfConfiguration, record: TfResource, name: string): string {
  const zoneId = record.attr('zone_id');
  const zone = config.referenced(zoneId, 'aws_route53_zone')[0] ?? config.referencedData?.(zoneId, 'aws_route53_zone')[0];
  const zoneName = knownString(zone?.attr('name'))?.replace(/\.$/, '');
  if (zoneName !== undefined) return name === zoneName || name.endsWith(`.${zoneName}`) ? name : `${name}.${zoneName}`;
  if (name.includes('${') || name.split('.').length >= 3) return name;
  return `${name}.\${zone name of ${zoneId?.text ?? 'zone_id'}}`;
}
