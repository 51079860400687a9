/**
 * AWS CLI output, read together so the pieces join: `aws elb describe-load-balancers`
 * (classic), and `aws elbv2 describe-load-balancers`, `describe-listeners`,
 * `describe-target-groups` (joined by ARN). Idle timeouts, the ALB X-Forwarded-For mode,
 * PROXY v2 and an NLB's client IP preservation live in the `describe-*-attributes` outputs,
 * which carry no ARN to join on, so those stay 'unknown' here: a live LB may differ from the
 * provider defaults.
 */
import type { LoadBalancer, SourceRef, Tri } from './listener.js';
import { classicElbListener, elbv2Listener, type TargetGroupInput } from './aws-listeners.js';
import { jsonPointer, type JsonPath, type PositionedJson } from './json-positions.js';
import { portNumber, stringValue, type Sourced } from './listener-builder.js';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

export function looksLikeAwsCliJson(data: unknown): boolean {
  if (!isObject(data)) return false;
  return Array.isArray(data.LoadBalancerDescriptions) || list(data.Listeners).some((l) => 'ListenerArn' in l) || list(data.TargetGroups).some((t) => 'TargetGroupArn' in t) || list(data.LoadBalancers).some((l) => 'LoadBalancerArn' in l);
}

export interface AwsCliDocument {
  json: PositionedJson;
  file: string;
}

interface Located<T> {
  item: T;
  path: JsonPath;
  doc: AwsCliDocument;
}

/** `app/NAME/ID` or `net/NAME/ID` from an ELBv2 load balancer ARN. */
function nameFromArn(arn: string): string {
  return /:loadbalancer\/(?:app|net|gwy)\/([^/]+)\//.exec(arn)?.[1] ?? arn;
}

export function readAwsCli(docs: AwsCliDocument[]): LoadBalancer[] {
  const ref = (l: Located<unknown>, tail: JsonPath, object: string): SourceRef => {
    const path = [...l.path, ...tail];
    return { format: 'aws-cli-json', file: l.doc.file, line: l.doc.json.lineOf(path), pointer: jsonPointer(path), object };
  };
  const collect = (key: string): Located<Json>[] => docs.flatMap((doc) => list((doc.json.value as Json)[key]).map((item, i) => ({ item, path: [key, i], doc })));
  const field = <T>(l: Located<Json>, tail: JsonPath, object: string, read: (raw: unknown) => T | undefined): Sourced<T | 'unknown'> => {
    let raw: unknown = l.item;
    for (const k of tail) raw = isObject(raw) || Array.isArray(raw) ? (raw as Record<string | number, unknown>)[k] : undefined;
    const value = read(raw);
    return value === undefined ? { value: 'unknown', source: ref(l, tail, object), note: raw === undefined ? 'not in the output' : `cannot read ${JSON.stringify(raw)}` } : { value, source: ref(l, tail, object) };
  };
  const lbs: LoadBalancer[] = [];

  for (const d of collect('LoadBalancerDescriptions')) {
    const id = String(d.item.LoadBalancerName ?? '?');
    const backends = list(d.item.BackendServerDescriptions);
    const listeners = list(d.item.ListenerDescriptions).map((_, i) => {
      const at: JsonPath = ['ListenerDescriptions', i, 'Listener'];
      const instancePort = field(d, [...at, 'InstancePort'], id, portNumber);
      const backendAt = backends.findIndex((b) => Number(b.InstancePort) === instancePort.value);
      const policies = backendAt >= 0 ? list([backends[backendAt]]).flatMap((b) => (Array.isArray(b.PolicyNames) ? b.PolicyNames : [])) : [];
      const proxySends: Sourced<Tri> =
        policies.length > 0
          ? { value: 'unknown', source: ref(d, ['BackendServerDescriptions', backendAt], id), note: `policies ${policies.join(', ')} on this instance port; their types are in describe-load-balancer-policies` }
          : { value: false, source: ref(d, at, id), note: 'no backend server policy on this instance port, so no PROXY protocol' };
      return classicElbListener({
        lbId: id,
        source: ref(d, at, id),
        lbPort: field(d, [...at, 'LoadBalancerPort'], id, portNumber),
        lbProtocol: field(d, [...at, 'Protocol'], id, stringValue),
        instancePort,
        instanceProtocol: field(d, [...at, 'InstanceProtocol'], id, stringValue),
        proxySends,
        idleTimeoutSeconds: { value: 'unknown', source: ref(d, [], id), note: 'the idle timeout is in describe-load-balancer-attributes, not in this output' },
      });
    });
    lbs.push({ id, kind: 'aws-elb-classic', hostnames: [], listeners, source: ref(d, [], id) });
  }

  const described = new Map(collect('LoadBalancers').map((l) => [String(l.item.LoadBalancerArn), l]));
  const groups = new Map(collect('TargetGroups').map((t) => [String(t.item.TargetGroupArn), t]));
  const byLb = new Map<string, LoadBalancer>();
  for (const [arn, l] of described) {
    const kind = l.item.Type === 'network' ? 'aws-nlb' : l.item.Type === 'application' ? 'aws-alb' : 'other';
    const id = typeof l.item.LoadBalancerName === 'string' ? l.item.LoadBalancerName : nameFromArn(arn);
    byLb.set(arn, { id, kind, hostnames: [], listeners: [], source: ref(l, [], id) });
  }
  for (const l of collect('Listeners')) {
    const arn = String(l.item.LoadBalancerArn ?? '?');
    const protocol = field(l, ['Protocol'], nameFromArn(arn), stringValue);
    let lb = byLb.get(arn);
    if (!lb) {
      // Without describe-load-balancers the listener protocol says which kind it is.
      const inferred = protocol.value === 'HTTP' || protocol.value === 'HTTPS' ? 'aws-alb' : protocol.value === 'unknown' ? 'other' : 'aws-nlb';
      lb = { id: nameFromArn(arn), kind: inferred, hostnames: [], listeners: [], source: ref(l, ['LoadBalancerArn'], nameFromArn(arn)) };
      byLb.set(arn, lb);
    }
    if (lb.kind !== 'aws-alb' && lb.kind !== 'aws-nlb') continue;
    const actions = list(l.item.DefaultActions);
    const forwardAt = actions.findIndex((a) => a.Type === 'forward');
    let targetGroup: TargetGroupInput | undefined;
    let otherAction: Sourced<string> | undefined;
    if (forwardAt >= 0) {
      const action = actions[forwardAt]!;
      const tgArn = action.TargetGroupArn ?? (isObject(action.ForwardConfig) ? list(action.ForwardConfig.TargetGroups)[0]?.TargetGroupArn : undefined);
      const tg = groups.get(String(tgArn));
      if (tg) {
        const tgId = String(tg.item.TargetGroupName ?? tgArn);
        targetGroup = {
          port: field(tg, ['Port'], tgId, portNumber),
          protocol: field(tg, ['Protocol'], tgId, stringValue),
          protocolVersion: 'ProtocolVersion' in tg.item ? field(tg, ['ProtocolVersion'], tgId, stringValue) : { value: 'HTTP1', source: ref(tg, [], tgId), note: 'HTTP1 by default' },
          proxyProtocolV2: lb.kind === 'aws-nlb' ? { value: 'unknown', source: ref(tg, [], tgId), note: 'proxy_protocol_v2.enabled is in describe-target-group-attributes, not in this output' } : { value: false, source: ref(tg, [], tgId), note: 'ALB cannot send PROXY' },
          targetType: field(tg, ['TargetType'], tgId, stringValue),
          // Its default for the target type does not tell what a live target group was set to.
          ...(lb.kind === 'aws-nlb' ? { preserveClientIp: { value: 'unknown' as const, source: ref(tg, [], tgId), note: 'preserve_client_ip.enabled is in describe-target-group-attributes, not in this output' } } : {}),
        };
      } else otherAction = { value: 'forward', source: ref(l, ['DefaultActions', forwardAt], lb.id), note: `target group ${String(tgArn)} is not in the describe-target-groups output given` };
    } else otherAction = { value: typeof actions[0]?.Type === 'string' ? (actions[0].Type as string) : 'unknown', source: ref(l, ['DefaultActions'], lb.id) };
    lb.listeners.push(
      elbv2Listener({
        kind: lb.kind,
        lbId: lb.id,
        source: ref(l, [], lb.id),
        port: field(l, ['Port'], lb.id, portNumber),
        protocol,
        idleTimeoutSeconds: { value: 'unknown', source: ref(l, [], lb.id), note: 'idle timeouts are in describe-*-attributes, not in this output' },
        ...(lb.kind === 'aws-alb' ? { xffMode: { value: 'unknown' as const, source: ref(l, [], lb.id), note: 'routing.http.xff_header_processing.mode is in describe-load-balancer-attributes, not in this output' } } : {}),
        ...(targetGroup ? { targetGroup } : {}),
        ...(otherAction ? { otherAction } : {}),
      }),
    );
  }
  return [...lbs, ...byLb.values()];
}
