/**
 * AWS listener semantics shared by every AWS input (Terraform, CloudFormation, AWS CLI):
 * a classic ELB listener and an ELBv2 (ALB/NLB) listener with its target group, turned into
 * the listener model (shared/reference/lb-formats.md §2.2; cf-domain.md §7).
 */
import type { BackProtocol, FrontProtocol, Listener, ListenerRoute, SourceRef, Tri } from './listener.js';
import { ListenerBuilder, protocolTerminatesTls, type Sourced } from './listener-builder.js';
import { listenerFacts, nlbPreservesClientIp } from './provider-facts.js';

export interface CommonInput {
  lbId: string;
  source: SourceRef;
  idleTimeoutSeconds: Sourced<number | 'unknown'>;
  /** The LB's security group admits clients on the port (AWS inputs that say so). */
  firewallAllows?: Sourced<Tri>;
  /** The listener exists only under a condition (count/for_each, CFN Condition). */
  condition?: Sourced<string>;
}

const CLASSIC_FRONT: Record<string, FrontProtocol> = { http: 'http', https: 'https', tcp: 'tcp', ssl: 'ssl' };
const CLASSIC_BACK: Record<string, BackProtocol> = { http: 'http', https: 'https', tcp: 'tcp', ssl: 'ssl' };

function common(b: ListenerBuilder, input: CommonInput): void {
  b.set('idleTimeoutSeconds', input.idleTimeoutSeconds.value, input.idleTimeoutSeconds.source, input.idleTimeoutSeconds.note);
  if (input.firewallAllows) b.set('firewallAllows', input.firewallAllows.value, input.firewallAllows.source, input.firewallAllows.note);
  if (input.condition) b.set('conditional', true, input.condition.source, input.condition.value);
}

function frontFacts(b: ListenerBuilder, kind: 'aws-elb-classic' | 'aws-alb' | 'aws-nlb', protocol: Sourced<FrontProtocol>): void {
  b.set('protocol', protocol.value, protocol.source, protocol.note);
  b.set('terminatesTls', protocolTerminatesTls(protocol.value), protocol.source, `${protocol.value} listener`);
  if (protocol.value === 'unknown') {
    for (const field of ['passesUpgrade', 'addsXForwardedFor', 'addsXForwardedProto'] as const) b.set(field, 'unknown', protocol.source, 'the listener protocol is not known');
    b.set('proxyProtocol.accepts', false, protocol.source, `${kind} takes plain connections from clients`);
    return;
  }
  const facts = listenerFacts(kind, protocol.value);
  b.set('passesUpgrade', facts.passesUpgrade.value, protocol.source, facts.passesUpgrade.why);
  b.set('addsXForwardedFor', facts.addsXForwardedFor.value, protocol.source, facts.addsXForwardedFor.why);
  b.set('addsXForwardedProto', facts.addsXForwardedProto.value, protocol.source, facts.addsXForwardedProto.why);
  b.set('proxyProtocol.accepts', facts.proxyAccepts.value, protocol.source, facts.proxyAccepts.why);
}

export interface ClassicInput extends CommonInput {
  lbPort: Sourced<number | 'unknown'>;
  lbProtocol: Sourced<string | 'unknown'>;
  instancePort: Sourced<number | 'unknown'>;
  instanceProtocol: Sourced<string | 'unknown'>;
  /** PROXY v1 to the instance port (a ProxyProtocolPolicyType policy covers it). */
  proxySends: Sourced<Tri>;
}

/** A classic ELB listener: HTTP/HTTPS (L7, no Upgrade) or TCP/SSL (L4). */
export function classicElbListener(input: ClassicInput): Listener {
  const b = new ListenerBuilder(input.lbId, input.source);
  b.set('frontendPort', input.lbPort.value, input.lbPort.source, input.lbPort.note);
  const front = input.lbProtocol.value === 'unknown' ? 'unknown' : (CLASSIC_FRONT[input.lbProtocol.value.toLowerCase()] ?? 'unknown');
  // Protocols are case-insensitive (terraform-provider-aws: "protocols are case insensitive").
  frontFacts(b, 'aws-elb-classic', { ...input.lbProtocol, value: front });
  b.set('backend.port', input.instancePort.value, input.instancePort.source, input.instancePort.note);
  const back = input.instanceProtocol.value === 'unknown' ? 'unknown' : (CLASSIC_BACK[input.instanceProtocol.value.toLowerCase()] ?? 'unknown');
  b.set('backend.protocol', back, input.instanceProtocol.source, input.instanceProtocol.note);
  b.set('backend.tls', back === 'unknown' ? 'unknown' : back === 'https' || back === 'ssl', input.instanceProtocol.source, `instance protocol ${back}`);
  b.set('backend.http2', false, input.instanceProtocol.source, 'classic ELB speaks HTTP/1.1 to instances');
  b.set('proxyProtocol.sends', input.proxySends.value, input.proxySends.source, input.proxySends.note);
  if (input.proxySends.value === true) b.set('proxyProtocol.version', 1, input.proxySends.source, 'ProxyProtocolPolicyType sends PROXY v1');
  common(b, input);
  return b.build();
}

export interface TargetGroupInput {
  port: Sourced<number | 'unknown'>;
  protocol: Sourced<string | 'unknown'>;
  /** HTTP1 (default), HTTP2, GRPC. */
  protocolVersion?: Sourced<string | 'unknown'>;
  proxyProtocolV2: Sourced<Tri>;
  /** `target_type` / `TargetType`: instance (the default), ip, alb, lambda. */
  targetType: Sourced<string | 'unknown'>;
  /** NLB `preserve_client_ip(.enabled)` as written; undefined when it is not. */
  preserveClientIp?: Sourced<Tri>;
}

export interface Elbv2Input extends CommonInput {
  kind: 'aws-alb' | 'aws-nlb';
  port: Sourced<number | 'unknown'>;
  protocol: Sourced<string | 'unknown'>;
  /** The forward target; undefined when the default action does not forward (or is not known). */
  targetGroup?: TargetGroupInput;
  /** The default action when it is not `forward` (redirect, fixed-response), or unknown. */
  otherAction?: Sourced<string>;
  /** ALB `xff_header_processing_mode` / `routing.http.xff_header_processing.mode`. */
  xffMode?: Sourced<string | 'unknown'>;
  /** One route of a frontend that routes by host (a listener rule, or the default action beside rules). */
  route?: Sourced<ListenerRoute>;
}

const V2_FRONT: Record<string, FrontProtocol> = { HTTP: 'http', HTTPS: 'https', TCP: 'tcp', TLS: 'tls', UDP: 'udp', TCP_UDP: 'tcp' };
const V2_BACK: Record<string, BackProtocol> = { HTTP: 'http', HTTPS: 'https', TCP: 'tcp', TLS: 'tls', TCP_UDP: 'tcp' };

/** An ALB or NLB listener (or one route of it) and where its action sends requests. */
export function elbv2Listener(input: Elbv2Input): Listener {
  const listener = elbv2ListenerFacts(input);
  if (input.route) listener.route = input.route.value;
  return listener;
}

function elbv2ListenerFacts(input: Elbv2Input): Listener {
  const b = new ListenerBuilder(input.lbId, input.source);
  b.set('frontendPort', input.port.value, input.port.source, input.port.note);
  const front = input.protocol.value === 'unknown' ? 'unknown' : (V2_FRONT[input.protocol.value.toUpperCase()] ?? 'unknown');
  frontFacts(b, input.kind, { ...input.protocol, value: front });
  if (input.kind === 'aws-alb' && input.xffMode && front !== 'unknown') {
    const mode = input.xffMode.value;
    b.set('addsXForwardedFor', mode === 'unknown' ? 'unknown' : mode === 'append', input.xffMode.source, mode === 'preserve' ? 'xff_header_processing_mode preserve: the client header is passed unchanged' : `xff_header_processing_mode ${mode}`);
  }
  common(b, input);
  const tg = input.targetGroup;
  if (!tg) {
    const action = input.otherAction ?? { value: 'unknown', source: input.source, note: 'no forward action found' };
    const answered = action.value === 'redirect' || action.value === 'fixed-response';
    if (answered) b.set('passesUpgrade', false, action.source, `default action ${action.value}: the LB answers every request itself`);
    const why = answered ? `default action ${action.value}: nothing is forwarded` : (action.note ?? `default action ${action.value}`);
    for (const field of ['backend.port', 'backend.protocol', 'backend.tls', 'backend.http2'] as const) b.set(field, 'unknown', action.source, why);
    if (input.kind === 'aws-alb') b.set('proxyProtocol.sends', false, action.source, 'ALB cannot send PROXY');
    else {
      b.set('proxyProtocol.sends', 'unknown', action.source, why);
      b.set('backend.preservesClientIp', 'unknown', action.source, `no target group says whether the client IP is kept (${why})`);
    }
    return b.build();
  }
  b.set('backend.port', tg.port.value, tg.port.source, tg.port.note);
  const back = tg.protocol.value === 'unknown' ? 'unknown' : (V2_BACK[tg.protocol.value.toUpperCase()] ?? 'unknown');
  const version = tg.protocolVersion?.value;
  const h2 = back === 'http' || back === 'https' ? (version === undefined || version.toUpperCase() === 'HTTP1' ? false : version === 'unknown' ? 'unknown' : true) : false;
  b.set('backend.protocol', h2 === true ? 'h2' : back, tg.protocol.source, tg.protocol.note);
  b.set('backend.tls', back === 'unknown' ? 'unknown' : back === 'https' || back === 'tls', tg.protocol.source, `target group protocol ${tg.protocol.value}`);
  const versionSource = tg.protocolVersion?.source ?? tg.protocol.source;
  b.set('backend.http2', h2, versionSource, version === undefined ? (back === 'http' || back === 'https' ? 'protocol_version not set: HTTP1' : 'a TCP/TLS target group relays bytes') : `protocol_version ${version}`);
  if (input.kind === 'aws-alb') b.set('proxyProtocol.sends', false, tg.proxyProtocolV2.source, 'ALB cannot send PROXY');
  else {
    b.set('proxyProtocol.sends', tg.proxyProtocolV2.value, tg.proxyProtocolV2.source, tg.proxyProtocolV2.note);
    if (tg.proxyProtocolV2.value === true) b.set('proxyProtocol.version', 2, tg.proxyProtocolV2.source);
  }
  b.set('backend.targetType', tg.targetType.value, tg.targetType.source, tg.targetType.note);
  if (input.kind === 'aws-nlb') clientIpFacts(b, tg);
  return b.build();
}

/** Whether the NLB's target group keeps the client IP, with the value that decided it as evidence. */
function clientIpFacts(b: ListenerBuilder, tg: TargetGroupInput): void {
  const attribute = tg.preserveClientIp;
  const kept = nlbPreservesClientIp(tg.targetType.value, tg.protocol.value, attribute?.value);
  const decider = kept.decidedBy === 'attribute' && attribute ? attribute : kept.decidedBy === 'protocol' ? tg.protocol : tg.targetType;
  const unknownWhy = decider.value === 'unknown' && decider.note ? `: ${decider.note}` : '';
  b.set('backend.preservesClientIp', kept.value, decider.source, `${kept.why}${unknownWhy}`);
}
