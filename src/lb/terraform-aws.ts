/**
 * AWS load balancers in Terraform: `aws_elb` (classic, with `aws_proxy_protocol_policy`), and
 * `aws_lb` with the `aws_lb_listener`s and `aws_lb_target_group`s it is joined to by
 * reference; `aws_security_group` ingress says which ports clients can reach.
 */
import type { Listener, ListenerRoute, LoadBalancer, SourceRef, Tri } from './listener.js';
import { classicElbListener, elbv2Listener, type TargetGroupInput } from './aws-listeners.js';
import { booleanValue, portNumber, secondsValue, stringValue, type Sourced } from './listener-builder.js';
import { DEFAULT_IDLE_SECONDS } from './provider-facts.js';
import { addressesOf, argument, conditionOf, isKnown, knownString, knownStrings, UNKNOWN, type MappedLb, type TfBlock, type TfConfiguration, type TfResource } from './terraform-config.js';

/** The resource types this mapper reads. */
export const AWS_TYPES = ['aws_elb', 'aws_lb', 'aws_alb', 'aws_lb_listener', 'aws_alb_listener', 'aws_lb_listener_rule', 'aws_alb_listener_rule', 'aws_lb_target_group', 'aws_alb_target_group', 'aws_lb_target_group_attachment', 'aws_alb_target_group_attachment', 'aws_proxy_protocol_policy', 'aws_security_group', 'aws_security_group_rule', 'aws_lb_listener_certificate', 'aws_load_balancer_policy', 'aws_load_balancer_listener_policy', 'aws_lb_cookie_stickiness_policy', 'aws_elb_attachment'];

const required = { value: 'unknown' as const, note: 'a required argument is missing' };

export function awsLoadBalancers(config: TfConfiguration): MappedLb[] {
  const classic = config.resources.filter((r) => r.type === 'aws_elb').map((r) => classicElb(config, r));
  const v2 = config.resources.filter((r) => r.type === 'aws_lb' || r.type === 'aws_alb').map((r) => elbv2(config, r));
  return [...classic, ...v2];
}

function classicElb(config: TfConfiguration, elb: TfResource): MappedLb {
  const idle = argument(elb, elb, 'idle_timeout', { read: secondsValue, absent: { value: DEFAULT_IDLE_SECONDS['aws-elb-classic'], note: 'classic ELB default idle timeout' } });
  const policies = config.resources.filter((p) => p.type === 'aws_proxy_protocol_policy' && config.referenced(p.attr('load_balancer'), 'aws_elb').includes(elb));
  const firewall = securityGroupCheck(config, elb);
  const listeners = elb.blocks('listener').map((block) => {
    const instancePort = argument(elb, block, 'instance_port', { read: portNumber, absent: required });
    const lbPort = argument(elb, block, 'lb_port', { read: portNumber, absent: required });
    return classicElbListener({
      lbId: elb.address,
      source: block.source,
      lbPort,
      lbProtocol: argument(elb, block, 'lb_protocol', { read: stringValue, absent: required }),
      instancePort,
      instanceProtocol: argument(elb, block, 'instance_protocol', { read: stringValue, absent: required }),
      proxySends: proxyPolicy(elb, policies, instancePort),
      idleTimeoutSeconds: idle,
      ...firewallFor(firewall, lbPort.value),
      ...conditionField(conditionOf(elb)),
    });
  });
  return { lb: { id: elb.address, kind: 'aws-elb-classic', hostnames: [], listeners: mergePortRuns(listeners), source: elb.source }, addressedBy: new Set(addressesOf(elb)) };
}

const conditionField = (condition: Sourced<string> | undefined) => (condition ? { condition } : {});

/** PROXY v1 to an instance port named by an `aws_proxy_protocol_policy` of this ELB. */
function proxyPolicy(elb: TfResource, policies: TfResource[], instancePort: Sourced<number | 'unknown'>): Sourced<Tri> {
  for (const policy of policies) {
    const ports = knownStrings(policy.attr('instance_ports'));
    const source = policy.attr('instance_ports')?.source ?? policy.source;
    if (!ports || instancePort.value === 'unknown') return { value: 'unknown', source, note: `${policy.address}: instance_ports not known` };
    if (ports.map(Number).includes(instancePort.value)) return { value: true, source, note: `${policy.address} enables PROXY on instance port ${instancePort.value}` };
  }
  const note = elb.fragment ? 'no aws_proxy_protocol_policy in the files given' : 'no aws_proxy_protocol_policy names this instance port';
  return { value: elb.fragment ? 'unknown' : false, source: elb.source, note };
}

function elbv2(config: TfConfiguration, lb: TfResource): MappedLb {
  const type = argument(lb, lb, 'load_balancer_type', { read: stringValue, absent: { value: 'application', note: 'aws_lb defaults to an Application Load Balancer' } });
  const kind = type.value === 'network' ? 'aws-nlb' : type.value === 'application' ? 'aws-alb' : undefined;
  const loadBalancer: LoadBalancer = { id: lb.address, kind: kind ?? 'other', hostnames: [], listeners: [], source: lb.source };
  const mapped = { lb: loadBalancer, addressedBy: new Set(addressesOf(lb)) };
  if (!kind) return mapped;
  const firewall = securityGroupCheck(config, lb);
  const idle = kind === 'aws-alb' ? argument(lb, lb, 'idle_timeout', { read: secondsValue, absent: { value: DEFAULT_IDLE_SECONDS['aws-alb'], note: 'ALB default idle timeout' } }) : undefined;
  const xff = lb.attr('xff_header_processing_mode') ? argument(lb, lb, 'xff_header_processing_mode', { read: stringValue, absent: { value: 'append', note: '' } }) : undefined;
  const listenerResources = config.resources.filter((l) => (l.type === 'aws_lb_listener' || l.type === 'aws_alb_listener') && config.referenced(l.attr('load_balancer_arn'), lb.type).includes(lb));
  loadBalancer.listeners = mergePortRuns(listenerResources.flatMap((listener) => {
    const port = argument(listener, listener, 'port', { read: portNumber, absent: required });
    const protocol = argument(listener, listener, 'protocol', { read: stringValue, absent: { value: kind === 'aws-alb' ? 'HTTP' : 'TCP', note: kind === 'aws-alb' ? 'HTTP for an ALB' : 'TCP for an NLB' } });
    // NLB: TCP flows idle out after 350 s unless the listener sets tcp_idle_timeout_seconds; TLS is fixed at 350.
    const nlbIdle = argument(listener, listener, 'tcp_idle_timeout_seconds', { read: secondsValue, absent: { value: DEFAULT_IDLE_SECONDS['aws-nlb'], note: 'NLB default TCP idle timeout' } });
    const rules = kind === 'aws-alb' ? config.resources.filter((r) => LISTENER_RULES.includes(r.type) && config.referenced(r.attr('listener_arn'), 'aws_lb_listener', 'aws_alb_listener').includes(listener)) : [];
    const routed = (source: SourceRef, targets: ActionTarget[], route?: Sourced<ListenerRoute>) =>
      targets.map((target) =>
        elbv2Listener({
          kind,
          lbId: lb.address,
          source,
          port,
          protocol,
          idleTimeoutSeconds: idle ?? nlbIdle,
          ...('group' in target ? { targetGroup: target.group } : { otherAction: target.other }),
          ...(xff ? { xffMode: xff } : {}),
          ...(route ? { route } : {}),
          ...firewallFor(firewall, port.value),
          ...conditionField(conditionOf(listener, lb)),
        }),
      );
    const defaults = routed(listener.source, actionTargets(config, listener, listener.blocks('default_action')), rules.length > 0 ? { value: { frontend: listener.address }, source: listener.source, note: 'the default action: hosts no rule matches' } : undefined);
    return [...rules.flatMap((rule) => routed(rule.source, actionTargets(config, rule, rule.blocks('action')), ruleRoute(listener, rule))), ...defaults];
  }));
  return mapped;
}

const LISTENER_RULES = ['aws_lb_listener_rule', 'aws_alb_listener_rule'];
const TARGET_GROUPS = ['aws_lb_target_group', 'aws_alb_target_group'];

/** Where an action sends requests: a target group, or something else (redirect, fixed-response, unknown). */
type ActionTarget = { group: TargetGroupInput } | { other: Sourced<string> };

/**
 * The targets of a listener's `default_action` or a rule's `action`: the target group of a
 * forward, every target group of a weighted `forward { target_group {…} target_group {…} }`
 * (each gets its share of requests), or the non-forward action.
 */
function actionTargets(config: TfConfiguration, owner: TfResource, actions: TfBlock[]): ActionTarget[] {
  const forward = actions.find((a) => knownString(a.attr('type')) === 'forward' || a.blocks('forward').length > 0);
  if (!forward) {
    // authenticate-* actions come first; the last action decides where the request goes.
    const last = actions.find((a) => ['redirect', 'fixed-response'].includes(knownString(a.attr('type')) ?? '')) ?? actions[actions.length - 1];
    const type = last?.attr('type');
    return [{ other: { value: knownString(type) ?? 'unknown', source: type?.source ?? last?.source ?? owner.source, ...(type && type.value === UNKNOWN ? { note: `${type.text}: not known` } : {}) } }];
  }
  const single = forward.attr('target_group_arn');
  const arns = single ? [single] : forward.blocks('forward').flatMap((f) => f.blocks('target_group')).map((t) => t.attr('arn'));
  if (arns.length === 0) return [{ other: { value: 'forward', source: forward.source, note: 'a forward action without a target group' } }];
  return arns.map((arn): ActionTarget => {
    const group = config.referenced(arn, ...TARGET_GROUPS)[0];
    if (!group) return { other: { value: 'forward', source: arn?.source ?? forward.source, note: `target group ${arn?.text ?? '?'} is not in this configuration` } };
    return {
      group: {
        port: argument(group, group, 'port', { read: portNumber, absent: { value: 'unknown', note: 'no port on the target group (Lambda or per-target ports)' } }),
        protocol: argument(group, group, 'protocol', { read: stringValue, absent: { value: 'unknown', note: 'no protocol on the target group' } }),
        protocolVersion: argument(group, group, 'protocol_version', { read: stringValue, absent: { value: 'HTTP1', note: 'HTTP1 by default' } }),
        proxyProtocolV2: argument(group, group, 'proxy_protocol_v2', { read: booleanValue, absent: { value: false, note: 'proxy_protocol_v2 is off by default' } }),
        targetType: argument(group, group, 'target_type', { read: stringValue, absent: { value: 'instance', note: 'instance by default' } }),
        ...preserveClientIp(group),
      },
    };
  });
}

/**
 * `preserve_client_ip` ("true"/"false", a string in the provider's schema) when it is written;
 * absent, AWS's default for the target type applies (provider-facts.ts), unless the group is an
 * override fragment whose base may set it.
 */
function preserveClientIp(group: TfResource): { preserveClientIp?: Sourced<Tri> } {
  const written = group.attr('preserve_client_ip');
  // In a plan an unset preserve_client_ip is "known after apply": AWS fills in its default.
  if ((!written || written.computed) && !group.fragment) return {};
  return { preserveClientIp: argument(group, group, 'preserve_client_ip', { read: booleanValue, absent: { value: 'unknown', note: 'not set' } }) };
}

/** A path condition every request matches (a WebSocket's path included). */
const catchAllPath = (pattern: string) => pattern === '*' || pattern === '/*';

/**
 * A listener rule's place among the routes: its priority, the hosts of its `host_header`
 * conditions (or provider v1's `field = "host-header"`), and what keeps it undecided (a
 * path other than `*`, header/method/source conditions, values not known before apply).
 */
function ruleRoute(listener: TfResource, rule: TfResource): Sourced<ListenerRoute> {
  const hosts: string[] = [];
  const undecided: string[] = [];
  let hostSource = rule.source;
  for (const condition of rule.blocks('condition')) {
    const field = knownString(condition.attr('field'));
    const kinds: [string, TfBlock | undefined, ReturnType<TfBlock['attr']>][] = [
      ['host_header', condition.blocks('host_header')[0], condition.blocks('host_header')[0]?.attr('values')],
      ['path_pattern', condition.blocks('path_pattern')[0], condition.blocks('path_pattern')[0]?.attr('values')],
    ];
    if (field) kinds.push([field.replace('-', '_'), condition, condition.attr('values')]);
    let understood = false;
    for (const [kind, block, values] of kinds) {
      if (!block || (kind !== 'host_header' && kind !== 'path_pattern')) continue;
      understood = true;
      // Unknown parts stay as `${…}`: a `${var.system_domain}` still compares with the manifest's.
      const list = knownStrings(values) ?? values?.elements;
      if (!list) undecided.push(`${kind} ${values?.text ?? '?'} is not known`);
      else if (kind === 'host_header') {
        hosts.push(...list);
        hostSource = values?.source ?? block.source;
      } else if (!list.every(catchAllPath)) undecided.push(`path_pattern ${list.join(', ')}: only requests on those paths match`);
    }
    if (!understood) undecided.push(`a condition other than host_header and path_pattern (${condition.source.file}:${condition.source.line})`);
  }
  const priority = argument(rule, rule, 'priority', { read: portNumber, absent: { value: 'unknown', note: 'no priority: after every rule with one' } });
  if (priority.value === 'unknown') undecided.push(`${rule.address} has no known priority`);
  const route: ListenerRoute = {
    frontend: listener.address,
    // Without a priority Terraform gives the next free one, after every rule that has one.
    priority: priority.value === 'unknown' ? 50_001 : priority.value,
    ...(hosts.length > 0 ? { hosts } : {}),
    ...(undecided.length > 0 ? { undecided: undecided.join('; ') } : {}),
  };
  return { value: route, source: hostSource, note: `${rule.address} (priority ${priority.value}): host_header ${hosts.join(', ') || 'any'}` };
}

interface Ingress {
  from: number | undefined;
  to: number | undefined;
  protocol: string | undefined;
  source: TfBlock['source'];
}

/** The ingress rules of the security groups an LB uses, or undefined when that is not known. */
function securityGroupCheck(config: TfConfiguration, lb: TfResource): { rules: Ingress[]; groups: string[] } | undefined {
  const value = lb.attr('security_groups');
  if (!value) return undefined;
  const groups = config.referenced(value, 'aws_security_group');
  if (groups.length === 0) return undefined;
  const rules: Ingress[] = groups.flatMap((g) => g.blocks('ingress').map((i) => ingressOf(i)));
  for (const rule of config.resources.filter((r) => r.type === 'aws_security_group_rule' && knownString(r.attr('type')) === 'ingress')) {
    if (groups.some((g) => config.referenced(rule.attr('security_group_id'), 'aws_security_group').includes(g))) rules.push(ingressOf(rule));
  }
  return { rules, groups: groups.map((g) => g.address) };
}

function ingressOf(block: TfBlock): Ingress {
  const num = (name: string) => {
    const v = block.attr(name);
    return isKnown(v) ? portNumber(v.value) : undefined;
  };
  return { from: num('from_port'), to: num('to_port'), protocol: knownString(block.attr('protocol'))?.toLowerCase(), source: block.source };
}

function firewallFor(check: ReturnType<typeof securityGroupCheck>, port: number | 'unknown'): { firewallAllows?: Sourced<Tri> } {
  if (!check || port === 'unknown') return {};
  const tcp = (p: string | undefined) => p === 'tcp' || p === '6' || p === '-1' || p === 'all';
  const allowing = check.rules.find((r) => tcp(r.protocol) && (r.protocol === '-1' || r.protocol === 'all' || (r.from !== undefined && r.to !== undefined && r.from <= port && port <= r.to)));
  if (allowing) return { firewallAllows: { value: true, source: allowing.source, note: `ingress admits tcp ${port}` } };
  if (check.rules.some((r) => r.from === undefined || r.to === undefined || r.protocol === undefined)) return { firewallAllows: { value: 'unknown', source: check.rules[0]!.source, note: 'some ingress rules are not known' } };
  return { firewallAllows: { value: false, source: check.rules[0]?.source ?? { format: 'terraform-hcl', file: '?' }, note: `no ingress rule of ${check.groups.join(', ')} admits tcp ${port}` } };
}

/**
 * `dynamic "listener" { for_each = range(1024, 1124) … lb_port = listener.value; instance_port =
 * listener.value }` (bbl's cf_tcp_lb), or an `aws_lb_listener` with `for_each` over ports, becomes
 * one listener per port; a run of them from the same block that differs only in that port is one
 * range listener whose backend port is the client's port.
 */
function mergePortRuns(listeners: Listener[]): Listener[] {
  const out: Listener[] = [];
  // What a listener is apart from its ports: the run's first listener's, taken once.
  const withoutPorts = (x: Listener) => JSON.stringify({ ...x, frontendPort: 0, frontendPortEnd: 0, evidence: [], backend: { ...x.backend, port: 0 } });
  let runKey = '';
  for (const l of listeners) {
    const prev = out[out.length - 1];
    const echoes = (x: Listener) => x.backend.port === x.frontendPort || x.backend.port === 'same-as-frontend';
    const key = withoutPorts(l);
    if (prev && typeof l.frontendPort === 'number' && typeof prev.frontendPort === 'number' && (prev.frontendPortEnd ?? prev.frontendPort) + 1 === l.frontendPort && echoes(l) && echoes(prev) && prev.source.line === l.source.line && prev.source.file === l.source.file && key === runKey) {
      prev.frontendPortEnd = l.frontendPort;
      prev.backend.port = 'same-as-frontend';
      prev.evidence = prev.evidence.map((e) =>
        e.field === 'frontendPort' ? { ...e, value: `${prev.frontendPort}-${l.frontendPort}`, note: 'one listener per element of the dynamic block, merged into a range' } : e.field === 'backend.port' ? { ...e, value: 'same-as-frontend', note: 'instance port equals the LB port in every element' } : e,
      );
      continue;
    }
    out.push({ ...l, backend: { ...l.backend } });
    runKey = key;
  }
  return out;
}
