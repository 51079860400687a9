/**
 * Load balancers of a Terraform configuration (AWS, GCP, Azure), with the DNS names its
 * records point at them: bbl's cf_dns.tf puts `*.<sys>` on one LB and `doppler.<sys>` on
 * another (bosh-bootloader terraform/gcp/templates/cf_dns.tf).
 */
import type { LoadBalancer } from './listener.js';
import { awsLoadBalancers } from './terraform-aws.js';
import { azureLoadBalancers } from './terraform-azure.js';
import type { TfConfiguration, TfResource, TfValue } from './terraform-config.js';
import { gcpLoadBalancers } from './terraform-gcp.js';

export function loadBalancersFromTerraform(config: TfConfiguration): LoadBalancer[] {
  const mapped = [...awsLoadBalancers(config), ...gcpLoadBalancers(config), ...azureLoadBalancers(config)];
  for (const record of dnsRecords(config)) {
    for (const { lb, addressedBy } of mapped) {
      const via = record.targets.find((t) => addressedBy.has(t));
      if (!via || lb.hostnames.includes(record.name)) continue;
      lb.hostnames.push(record.name);
      const conditional = record.resource.condition ? `; exists only if ${record.resource.condition.text}` : '';
      (lb.hostnameEvidence ??= []).push({ field: 'hostnames', value: record.name, source: record.source.source, note: `${record.resource.address} points at ${via}${record.source.note ? ` (${record.source.note})` : ''}${conditional}` });
    }
  }
  return mapped.map((m) => m.lb);
}

interface DnsRecord {
  resource: TfResource;
  /** The DNS name, trailing dot removed; unknown parts kept as `${…}`. */
  name: string;
  source: TfValue;
  /** Addresses of the resources the record's data names. */
  targets: string[];
}

const RECORD_TYPES = ['aws_route53_record', 'google_dns_record_set', 'azurerm_dns_a_record', 'azurerm_dns_cname_record', 'azurerm_dns_aaaa_record'];

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
      const data = [r.attr('records'), r.attr('rrdatas'), r.attr('record'), r.attr('target_resource_id'), ...r.blocks('alias').map((a) => a.attr('name'))];
      const targets = data.flatMap((v) => (v ? [...v.refs, ...config.referenced(v).map((t) => t.address)] : []));
      return [{ resource: r, name, source: nameValue, targets: [...new Set(targets)] }];
    });
}
