/**
 * Azure load balancers in Terraform: `azurerm_lb_rule` (layer 4, joined to its `azurerm_lb`
 * by `loadbalancer_id`) and `azurerm_application_gateway`, whose listeners, ports, routing
 * rules and backend settings are joined by name inside the one resource (bbl's Azure LB:
 * shared/reference/cf-domain.md §4).
 */
import type { LoadBalancer } from './listener.js';
import { layer4Listener } from './layer4-listener.js';
import { ListenerBuilder, portNumber, secondsValue } from './listener-builder.js';
import { DEFAULT_IDLE_SECONDS, listenerFacts } from './provider-facts.js';
import { addressesOf, argument, conditionOf, isKnown, type MappedLb, type TfBlock, type TfConfiguration, type TfResource, type TfValue } from './terraform-config.js';


/** The public IPs an LB's frontends use: what DNS A records name. */
function frontendAddresses(config: TfConfiguration, lb: TfResource): string[] {
  return lb.blocks('frontend_ip_configuration').flatMap((f) => {
    const ip = f.attr('public_ip_address_id');
    return ip ? [...ip.refs, ...config.referenced(ip).map((r) => r.address)] : [];
  });
}

/** The resource types this mapper reads (probes and pools are no listeners of their own). */
export const AZURE_TYPES = ['azurerm_lb', 'azurerm_lb_rule', 'azurerm_lb_probe', 'azurerm_lb_backend_address_pool', 'azurerm_lb_nat_rule', 'azurerm_lb_nat_pool', 'azurerm_lb_outbound_rule', 'azurerm_application_gateway', 'azurerm_public_ip'];

export function azureLoadBalancers(config: TfConfiguration): MappedLb[] {
  return [...lbRules(config), ...config.resources.filter((r) => r.type === 'azurerm_application_gateway').map((g) => applicationGateway(config, g))];
}

function lbRules(config: TfConfiguration): MappedLb[] {
  const byLb = new Map<string, MappedLb>();
  for (const rule of config.resources.filter((r) => r.type === 'azurerm_lb_rule')) {
    const lb = config.referenced(rule.attr('loadbalancer_id'), 'azurerm_lb')[0];
    const owner = lb ?? rule;
    let mapped = byLb.get(owner.address);
    if (!mapped) {
      const loadBalancer: LoadBalancer = { id: owner.address, kind: 'azure-lb', hostnames: [], listeners: [], source: owner.source };
      mapped = { lb: loadBalancer, addressedBy: new Set([...addressesOf(owner), ...(lb ? frontendAddresses(config, lb) : [])]) };
      byLb.set(owner.address, mapped);
    }
    const port = argument(rule, rule, 'frontend_port', { read: portNumber, absent: { value: 'unknown', note: 'a required argument is missing' } });
    const protocolArg = argument(rule, rule, 'protocol', { read: (r) => (typeof r === 'string' ? r.toLowerCase() : undefined), absent: { value: 'unknown', note: 'a required argument is missing' } });
    const minutes = argument(rule, rule, 'idle_timeout_in_minutes', { read: secondsValue, absent: { value: DEFAULT_IDLE_SECONDS['azure-lb'] / 60, note: 'Azure Load Balancer default idle timeout 4 minutes' } });
    const condition = conditionOf(rule, lb);
    mapped.lb.listeners.push(
      layer4Listener({
        kind: 'azure-lb',
        lbId: owner.address,
        source: rule.source,
        ports: { ...port, value: port.value === 'unknown' ? 'unknown' : { start: port.value, end: port.value } },
        // "All" forwards TCP and UDP alike; WebSockets use the TCP half.
        protocol: { ...protocolArg, value: protocolArg.value === 'udp' ? 'udp' : protocolArg.value === 'tcp' || protocolArg.value === 'all' ? 'tcp' : 'unknown' },
        backendPort: argument(rule, rule, 'backend_port', { read: portNumber, absent: { value: 'unknown', note: 'a required argument is missing' } }),
        idleTimeoutSeconds: { ...minutes, value: minutes.value === 'unknown' ? 'unknown' : minutes.value * 60, note: `idle_timeout_in_minutes ${minutes.value}${minutes.note ? `; ${minutes.note}` : ''}` },
        ...(condition ? { condition } : {}),
      }),
    );
  }
  return [...byLb.values()];
}

/**
 * Application Gateway parts name each other (`backend_http_settings_name = local.settings_name`).
 * Names are often expressions; two that cannot be worked out still match when written alike
 * (`"${var.env}-be-htst"` both times), as Terraform would find them equal whatever the value.
 */
function sameName(a: TfValue | undefined, b: TfValue | undefined): boolean {
  if (!a || !b) return false;
  if (isKnown(a) && isKnown(b)) return a.value === b.value;
  return a.text === b.text || a.display === b.display;
}

function byName(blocks: TfBlock[], name: TfValue | undefined): TfBlock | undefined {
  return name === undefined ? undefined : blocks.find((b) => sameName(b.attr('name'), name));
}

function applicationGateway(config: TfConfiguration, gateway: TfResource): MappedLb {
  const loadBalancer: LoadBalancer = { id: gateway.address, kind: 'azure-app-gateway', hostnames: [], listeners: [], source: gateway.source };
  const ports = gateway.blocks('frontend_port');
  const rules = gateway.blocks('request_routing_rule');
  const settings = gateway.blocks('backend_http_settings');
  const condition = conditionOf(gateway);
  for (const listener of gateway.blocks('http_listener')) {
    const name = listener.attr('name');
    const b = new ListenerBuilder(gateway.address, listener.source);
    const portBlock = byName(ports, listener.attr('frontend_port_name'));
    const port = portBlock ? argument(gateway, portBlock, 'port', { read: portNumber, absent: { value: 'unknown', note: 'frontend_port without port' } }) : { value: 'unknown' as const, source: listener.attr('frontend_port_name')?.source ?? listener.source, note: `no frontend_port named ${listener.attr('frontend_port_name')?.text ?? '?'}` };
    b.set('frontendPort', port.value, port.source, port.note);
    const protocolArg = argument(gateway, listener, 'protocol', { read: (r) => (typeof r === 'string' ? r.toLowerCase() : undefined), absent: { value: 'unknown', note: 'a required argument is missing' } });
    const protocol = protocolArg.value === 'https' ? 'https' : protocolArg.value === 'http' ? 'http' : 'unknown';
    b.set('protocol', protocol, protocolArg.source, protocolArg.note);
    b.set('terminatesTls', protocol === 'unknown' ? 'unknown' : protocol === 'https', protocolArg.source, `${protocol} listener`);
    const facts = listenerFacts('azure-app-gateway', protocol === 'unknown' ? 'http' : protocol);
    b.set('passesUpgrade', facts.passesUpgrade.value, listener.source, facts.passesUpgrade.why);
    b.set('addsXForwardedFor', facts.addsXForwardedFor.value, listener.source, facts.addsXForwardedFor.why);
    b.set('addsXForwardedProto', facts.addsXForwardedProto.value, listener.source, facts.addsXForwardedProto.why);
    b.set('proxyProtocol.accepts', false, listener.source, facts.proxyAccepts.why);
    b.set('proxyProtocol.sends', false, listener.source, facts.proxySends.why);
    const rule = rules.find((r) => sameName(r.attr('http_listener_name'), name));
    const setting = byName(settings, rule?.attr('backend_http_settings_name'));
    if (setting) {
      const backendPort = argument(gateway, setting, 'port', { read: portNumber, absent: { value: 'unknown', note: 'backend_http_settings without port' } });
      const backendProtocol = argument(gateway, setting, 'protocol', { read: (r) => (typeof r === 'string' ? r.toLowerCase() : undefined), absent: { value: 'unknown', note: 'a required argument is missing' } });
      const p = backendProtocol.value === 'https' ? 'https' : backendProtocol.value === 'http' ? 'http' : 'unknown';
      b.set('backend.port', backendPort.value, backendPort.source, backendPort.note);
      b.set('backend.protocol', p, backendProtocol.source, backendProtocol.note);
      b.set('backend.tls', p === 'unknown' ? 'unknown' : p === 'https', backendProtocol.source, `backend_http_settings protocol ${p}`);
      // Application Gateway talks HTTP/1.1 to backends.
      b.set('backend.http2', false, backendProtocol.source, 'Application Gateway speaks HTTP/1.1 to backends');
      // azurerm: request_timeout "Defaults to 30"; Microsoft documents none of it for an upgraded connection.
      const timeout = argument(gateway, setting, 'request_timeout', { read: secondsValue, absent: { value: 30, note: 'the azurerm default' } });
      b.set('idleTimeoutSeconds', 'unknown', timeout.source, `request_timeout ${timeout.value === 'unknown' ? 'not known' : `${timeout.value} s`}${timeout.note ? ` (${timeout.note})` : ''}: whether it bounds an upgraded WebSocket is not documented`);
    } else {
      const why = rule ? `no backend_http_settings named ${rule.attr('backend_http_settings_name')?.display ?? '?'} (a redirect?)` : `no request_routing_rule for listener ${name?.display ?? '?'}`;
      for (const field of ['backend.port', 'backend.protocol', 'backend.tls', 'backend.http2', 'idleTimeoutSeconds'] as const) b.set(field, 'unknown', rule?.source ?? listener.source, why);
    }
    const hosts = [listener.attr('host_name'), listener.attr('host_names')].flatMap((v) => (v && Array.isArray(v.value) ? v.value.map(String) : typeof v?.value === 'string' ? [v.value] : []));
    if (hosts.length > 0) b.set('hostnames', hosts, (listener.attr('host_name') ?? listener.attr('host_names'))!.source, 'listener host names (SNI / Host)');
    if (condition) b.set('conditional', true, condition.source, condition.value);
    loadBalancer.listeners.push(b.build());
  }
  return { lb: loadBalancer, addressedBy: new Set([...addressesOf(gateway), ...frontendAddresses(config, gateway)]) };
}
