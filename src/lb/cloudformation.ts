/**
 * CloudFormation templates (JSON, or YAML with `!Ref`/`!GetAtt`/`!Sub` short tags):
 * AWS::ElasticLoadBalancing::LoadBalancer, AWS::ElasticLoadBalancingV2::LoadBalancer with its
 * ::Listener and ::TargetGroup (joined by Ref/GetAtt), AWS::EC2::SecurityGroup ingress and
 * AWS::Route53::RecordSet names. A `Ref` to a Parameter resolves to its `Default`, marked
 * "parameter default"; every other intrinsic is 'unknown' with its text kept.
 * Ports are often strings in templates (bbl's 2017 fixture: "LoadBalancerPort": "4443").
 */
import type { Tags } from 'yaml';
import type { LoadBalancer, SourceRef, Tri } from './listener.js';
import { classicElbListener, elbv2Listener, type TargetGroupInput } from './aws-listeners.js';
import { jsonPointer, type JsonPath } from './json-positions.js';
import { booleanValue, portNumber, secondsValue, stringValue, type Sourced } from './listener-builder.js';
import { DEFAULT_IDLE_SECONDS } from './provider-facts.js';
import { parsePositionedYaml } from './yaml-positions.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

const INTRINSICS = ['Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform', 'If', 'Equals', 'Not', 'And', 'Or', 'Length', 'ToJsonString'];

/** The short-form tags, each resolved to its long form (`!Ref X` -> `{Ref: X}`), for every node kind. */
const CLOUDFORMATION_TAGS: Tags = [
  ...['Ref', 'Condition'].map((name) => ({ tag: `!${name}`, resolve: (value: string) => ({ [name]: value }) })),
  ...INTRINSICS.flatMap((name) => {
    const key = `Fn::${name}`;
    return [
      { tag: `!${name}`, resolve: (value: string) => ({ [key]: name === 'GetAtt' ? value.split('.') : value }) },
      { tag: `!${name}`, collection: 'seq' as const, resolve: (seq: { toJSON(): unknown }) => ({ [key]: seq.toJSON() }) },
      { tag: `!${name}`, collection: 'map' as const, resolve: (map: { toJSON(): unknown }) => ({ [key]: map.toJSON() }) },
    ];
  }),
];

export function looksLikeCloudFormationJson(data: unknown): boolean {
  if (!isObject(data)) return false;
  if ('AWSTemplateFormatVersion' in data) return true;
  return isObject(data.Resources) && Object.values(data.Resources).some((r) => isObject(r) && typeof r.Type === 'string' && r.Type.startsWith('AWS::'));
}

export function looksLikeCloudFormationYaml(text: string): boolean {
  return /^AWSTemplateFormatVersion:/m.test(text) || (/^Resources:\s*$/m.test(text) && /^\s+Type:\s*["']?AWS::/m.test(text));
}

export function readCloudFormationYaml(text: string, file: string): LoadBalancer[] {
  const yaml = parsePositionedYaml(text, file, CLOUDFORMATION_TAGS);
  return readCloudFormation(yaml.data, file, yaml.lineOf);
}

/** Resolved value of a template expression. */
interface Resolved {
  value: unknown;
  known: boolean;
  note?: string;
  /** Logical IDs it refers to. */
  refs: string[];
}

export function readCloudFormation(data: unknown, file: string, lineOf: (path: JsonPath) => number): LoadBalancer[] {
  const template = isObject(data) ? data : {};
  const resources = isObject(template.Resources) ? template.Resources : {};
  const parameters = isObject(template.Parameters) ? template.Parameters : {};
  const ref = (path: JsonPath, object: string): SourceRef => ({ format: 'cloudformation', file, line: lineOf(path), pointer: jsonPointer(path), object });

  const resolve = (raw: unknown): Resolved => {
    const refs: string[] = [];
    const collect = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(collect);
      else if (isObject(v)) {
        if (typeof v.Ref === 'string') refs.push(v.Ref);
        const getAtt = v['Fn::GetAtt'];
        if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') refs.push(getAtt[0]);
        else if (typeof getAtt === 'string') refs.push(getAtt.split('.')[0]!);
        Object.values(v).forEach(collect);
      }
    };
    collect(raw);
    if (isObject(raw) && typeof raw.Ref === 'string' && Object.keys(raw).length === 1) {
      const parameter = parameters[raw.Ref];
      if (isObject(parameter) && 'Default' in parameter) return { value: parameter.Default, known: true, note: `parameter default: ${raw.Ref} = ${JSON.stringify(parameter.Default)}`, refs };
    }
    const intrinsic = isObject(raw) && Object.keys(raw).some((k) => k === 'Ref' || k.startsWith('Fn::'));
    return intrinsic ? { value: raw, known: false, refs } : { value: raw, known: true, refs };
  };

  /** A property as a Sourced model value: 'unknown' for intrinsics, `absent` when missing. */
  const property = <T>(props: Json, path: JsonPath, name: string, object: string, read: (raw: unknown) => T | undefined, absent: { value: T | 'unknown'; note: string }): Sourced<T | 'unknown'> => {
    if (!(name in props)) return { value: absent.value, source: ref(path, object), note: `${name} not set: ${absent.note}` };
    const at = ref([...path, name], object);
    const r = resolve(props[name]);
    if (!r.known) return { value: 'unknown', source: at, note: `${JSON.stringify(props[name])}: not known until the stack is created` };
    const v = read(r.value);
    return v === undefined ? { value: 'unknown', source: at, note: `cannot read ${name} = ${JSON.stringify(r.value)}` } : { value: v, source: at, ...(r.note ? { note: r.note } : {}) };
  };
  const required = { value: 'unknown' as const, note: 'a required property is missing' };

  const entries = Object.entries(resources).filter((e): e is [string, Json] => isObject(e[1]));
  const propsOf = (r: Json): Json => (isObject(r.Properties) ? r.Properties : {});
  const conditionOf = (id: string, r: Json): { condition?: Sourced<string> } => (typeof r.Condition === 'string' ? { condition: { value: `${id} exists only if condition ${r.Condition} holds`, source: ref(['Resources', id, 'Condition'], id) } } : {});
  const referencing = (type: string, property: string, id: string) =>
    entries.filter(([, r]) => r.Type === type && resolve(propsOf(r)[property]).refs.includes(id));

  const firewall = (id: string, props: Json, port: number | 'unknown'): { firewallAllows?: Sourced<Tri> } => {
    if (!('SecurityGroups' in props) || port === 'unknown') return {};
    const groups = resolve(props.SecurityGroups).refs.filter((g) => isObject(resources[g]) && (resources[g] as Json).Type === 'AWS::EC2::SecurityGroup');
    if (groups.length === 0) return {};
    for (const g of groups) {
      const ingress = propsOf(resources[g] as Json).SecurityGroupIngress;
      if (!Array.isArray(ingress)) continue;
      for (const [i, rule] of ingress.entries()) {
        if (!isObject(rule)) continue;
        const [proto, from, to] = [rule.IpProtocol, rule.FromPort, rule.ToPort].map((v) => resolve(v));
        const at = ref(['Resources', g, 'Properties', 'SecurityGroupIngress', i], g);
        if (![proto, from, to].every((v) => v!.known)) return { firewallAllows: { value: 'unknown', source: at, note: 'an ingress rule is not known' } };
        const p = String(proto!.value).toLowerCase();
        if ((p === 'tcp' || p === '6' || p === '-1') && (p === '-1' || (Number(from!.value) <= port && port <= Number(to!.value)))) return { firewallAllows: { value: true, source: at, note: `ingress admits tcp ${port}` } };
      }
    }
    return { firewallAllows: { value: false, source: ref(['Resources', id, 'Properties', 'SecurityGroups'], id), note: `no ingress rule of ${groups.join(', ')} admits tcp ${port}` } };
  };

  const lbs: LoadBalancer[] = [];
  for (const [id, r] of entries) {
    const props = propsOf(r);
    const base: JsonPath = ['Resources', id, 'Properties'];
    if (r.Type === 'AWS::ElasticLoadBalancing::LoadBalancer') {
      const connection = isObject(props.ConnectionSettings) ? props.ConnectionSettings : undefined;
      const idle = connection ? property(connection, [...base, 'ConnectionSettings'], 'IdleTimeout', id, secondsValue, { value: DEFAULT_IDLE_SECONDS['aws-elb-classic'], note: 'classic ELB default idle timeout' }) : { value: DEFAULT_IDLE_SECONDS['aws-elb-classic'], source: ref(['Resources', id], id), note: 'ConnectionSettings not set: classic ELB default idle timeout' };
      const policies = (Array.isArray(props.Policies) ? props.Policies : []).map((p, i) => ({ p, i })).filter(({ p }) => isObject(p) && p.PolicyType === 'ProxyProtocolPolicyType');
      const listeners = (Array.isArray(props.Listeners) ? props.Listeners : []).flatMap((l, i) => {
        if (!isObject(l)) return [];
        const path: JsonPath = [...base, 'Listeners', i];
        const instancePort = property(l, path, 'InstancePort', id, portNumber, required);
        const lbPort = property(l, path, 'LoadBalancerPort', id, portNumber, required);
        const covering = policies.find(({ p }) => Array.isArray((p as Json).InstancePorts) && ((p as Json).InstancePorts as unknown[]).map(Number).includes(Number(instancePort.value)));
        const proxySends: Sourced<Tri> = covering ? { value: true, source: ref([...base, 'Policies', covering.i], id), note: 'ProxyProtocolPolicyType on this instance port' } : { value: false, source: ref([...base], id), note: 'no ProxyProtocolPolicyType policy names this instance port' };
        return [
          classicElbListener({
            lbId: id,
            source: ref(path, id),
            lbPort,
            lbProtocol: property(l, path, 'Protocol', id, stringValue, required),
            instancePort,
            instanceProtocol: property(l, path, 'InstanceProtocol', id, stringValue, { value: 'unknown', note: 'not given' }),
            proxySends,
            idleTimeoutSeconds: idle,
            ...firewall(id, props, lbPort.value),
            ...conditionOf(id, r),
          }),
        ];
      });
      lbs.push({ id, kind: 'aws-elb-classic', hostnames: [], listeners, source: ref(['Resources', id], id) });
    } else if (r.Type === 'AWS::ElasticLoadBalancingV2::LoadBalancer') {
      const type = property(props, base, 'Type', id, stringValue, { value: 'application', note: 'application by default' });
      const kind = type.value === 'network' ? 'aws-nlb' : type.value === 'application' ? 'aws-alb' : undefined;
      const attribute = (list: unknown, key: string) => (Array.isArray(list) ? list.findIndex((a) => isObject(a) && a.Key === key) : -1);
      const lbAttrs = props.LoadBalancerAttributes;
      const idleAt = attribute(lbAttrs, 'idle_timeout.timeout_seconds');
      const xffAt = attribute(lbAttrs, 'routing.http.xff_header_processing.mode');
      const listeners = kind
        ? referencing('AWS::ElasticLoadBalancingV2::Listener', 'LoadBalancerArn', id).map(([listenerId, listener]) => {
            const lprops = propsOf(listener);
            const lbase: JsonPath = ['Resources', listenerId, 'Properties'];
            const port = property(lprops, lbase, 'Port', listenerId, portNumber, required);
            const tcpIdleAt = attribute(lprops.ListenerAttributes, 'tcp.idle_timeout.seconds');
            const idle =
              kind === 'aws-alb'
                ? idleAt >= 0
                  ? property((lbAttrs as Json[])[idleAt]!, [...base, 'LoadBalancerAttributes', idleAt], 'Value', id, secondsValue, required)
                  : { value: DEFAULT_IDLE_SECONDS['aws-alb'], source: ref(base, id), note: 'idle_timeout.timeout_seconds not set: ALB default idle timeout' }
                : tcpIdleAt >= 0
                  ? property((lprops.ListenerAttributes as Json[])[tcpIdleAt]!, [...lbase, 'ListenerAttributes', tcpIdleAt], 'Value', listenerId, secondsValue, required)
                  : { value: DEFAULT_IDLE_SECONDS['aws-nlb'], source: ref(lbase, listenerId), note: 'NLB default TCP idle timeout' };
            const actions = Array.isArray(lprops.DefaultActions) ? lprops.DefaultActions : [];
            const forwardAt = actions.findIndex((a) => isObject(a) && a.Type === 'forward');
            let targetGroup: TargetGroupInput | undefined;
            let otherAction: Sourced<string> | undefined;
            if (forwardAt >= 0) {
              const action = actions[forwardAt] as Json;
              const arn = action.TargetGroupArn ?? (isObject(action.ForwardConfig) && Array.isArray(action.ForwardConfig.TargetGroups) ? (action.ForwardConfig.TargetGroups[0] as Json | undefined)?.TargetGroupArn : undefined);
              const tgId = resolve(arn).refs.find((g) => isObject(resources[g]) && (resources[g] as Json).Type === 'AWS::ElasticLoadBalancingV2::TargetGroup');
              if (tgId) {
                const tg = propsOf(resources[tgId] as Json);
                const tbase: JsonPath = ['Resources', tgId, 'Properties'];
                const ppAt = attribute(tg.TargetGroupAttributes, 'proxy_protocol_v2.enabled');
                const preserveAt = attribute(tg.TargetGroupAttributes, 'preserve_client_ip.enabled');
                targetGroup = {
                  port: property(tg, tbase, 'Port', tgId, portNumber, { value: 'unknown', note: 'no port on the target group' }),
                  protocol: property(tg, tbase, 'Protocol', tgId, stringValue, { value: 'unknown', note: 'no protocol on the target group' }),
                  protocolVersion: property(tg, tbase, 'ProtocolVersion', tgId, stringValue, { value: 'HTTP1', note: 'HTTP1 by default' }),
                  proxyProtocolV2:
                    ppAt >= 0
                      ? property((tg.TargetGroupAttributes as Json[])[ppAt]!, [...tbase, 'TargetGroupAttributes', ppAt], 'Value', tgId, booleanValue, required)
                      : { value: false, source: ref(tbase, tgId), note: 'proxy_protocol_v2.enabled not set: off' },
                  targetType: property(tg, tbase, 'TargetType', tgId, stringValue, { value: 'instance', note: 'instance by default' }),
                  // Absent, AWS's default for the target type applies (provider-facts.ts nlbPreservesClientIp).
                  ...(preserveAt >= 0 ? { preserveClientIp: property((tg.TargetGroupAttributes as Json[])[preserveAt]!, [...tbase, 'TargetGroupAttributes', preserveAt], 'Value', tgId, booleanValue, required) } : {}),
                };
              } else otherAction = { value: 'forward', source: ref([...lbase, 'DefaultActions', forwardAt], listenerId), note: `target group ${JSON.stringify(arn)} is not in this template` };
            } else {
              const first = actions[0];
              otherAction = { value: isObject(first) && typeof first.Type === 'string' ? first.Type : 'unknown', source: ref([...lbase, 'DefaultActions', 0], listenerId) };
            }
            return elbv2Listener({
              kind,
              lbId: id,
              source: ref(lbase, listenerId),
              port,
              protocol: property(lprops, lbase, 'Protocol', listenerId, stringValue, { value: kind === 'aws-alb' ? 'HTTP' : 'TCP', note: 'protocol not set' }),
              idleTimeoutSeconds: idle,
              ...(targetGroup ? { targetGroup } : {}),
              ...(otherAction ? { otherAction } : {}),
              ...(xffAt >= 0 ? { xffMode: property((lbAttrs as Json[])[xffAt]!, [...base, 'LoadBalancerAttributes', xffAt], 'Value', id, stringValue, required) } : {}),
              ...firewall(id, props, port.value),
              ...(conditionOf(listenerId, listener).condition ? conditionOf(listenerId, listener) : conditionOf(id, r)),
            });
          })
        : [];
      lbs.push({ id, kind: kind ?? 'other', hostnames: [], listeners, source: ref(['Resources', id], id) });
    }
  }

  // Route53 names: a record whose values or alias refer to an LB names it.
  for (const [id, r] of entries.filter(([, x]) => x.Type === 'AWS::Route53::RecordSet')) {
    const props = propsOf(r);
    const name = resolve(props.Name);
    const targets = [...resolve(props.ResourceRecords).refs, ...resolve(props.AliasTarget).refs];
    // `!Sub "*.${SystemDomain}"` keeps its placeholders, as Terraform names keep `${var.x}`.
    const sub = isObject(props.Name) ? props.Name['Fn::Sub'] : undefined;
    const display = name.known ? String(name.value) : typeof sub === 'string' ? sub : JSON.stringify(props.Name);
    for (const lb of lbs.filter((l) => targets.includes(l.id))) {
      const hostname = display.replace(/\.$/, '');
      if (lb.hostnames.includes(hostname)) continue;
      lb.hostnames.push(hostname);
      (lb.hostnameEvidence ??= []).push({ field: 'hostnames', value: hostname, source: ref(['Resources', id, 'Properties', 'Name'], id), note: `${id} points at ${lb.id}` });
    }
  }
  return lbs;
}
