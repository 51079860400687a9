/**
 * A pass-through (layer 4) cloud listener: GCP target pools and passthrough network LBs,
 * Azure Load Balancer rules. Bytes are relayed, TLS (if any) is the backend's, and the
 * provider facts decide the rest (provider-facts.ts).
 */
import type { LbKind, Listener, SourceRef } from './listener.js';
import { ListenerBuilder, type Sourced } from './listener-builder.js';
import { listenerFacts } from './provider-facts.js';

export interface Layer4Input {
  kind: LbKind;
  lbId: string;
  source: SourceRef;
  ports: Sourced<{ start: number; end: number } | 'unknown'>;
  /** tcp or udp, as the client speaks it. */
  protocol: Sourced<'tcp' | 'udp' | 'unknown'>;
  /** A number, or the client's port (target pools forward to the port the client used). */
  backendPort: Sourced<number | 'same-as-frontend' | 'unknown'>;
  idleTimeoutSeconds: Sourced<number | 'unknown'>;
  proxySends?: Sourced<boolean | 'unknown'>;
  condition?: Sourced<string>;
}

export function layer4Listener(input: Layer4Input): Listener {
  const b = new ListenerBuilder(input.lbId, input.source);
  const { ports, protocol } = input;
  b.setPorts(ports);
  b.set('protocol', protocol.value, protocol.source, protocol.note);
  b.set('terminatesTls', false, protocol.source, 'a pass-through listener leaves TLS to the backend');
  const facts = listenerFacts(input.kind, protocol.value === 'unknown' ? 'tcp' : protocol.value);
  const upgradeNote = protocol.value === 'unknown' ? 'protocol not known' : facts.passesUpgrade.why;
  b.set('passesUpgrade', protocol.value === 'unknown' ? 'unknown' : facts.passesUpgrade.value, protocol.source, upgradeNote);
  b.set('addsXForwardedFor', facts.addsXForwardedFor.value, protocol.source, facts.addsXForwardedFor.why);
  b.set('addsXForwardedProto', facts.addsXForwardedProto.value, protocol.source, facts.addsXForwardedProto.why);
  b.set('proxyProtocol.accepts', facts.proxyAccepts.value, protocol.source, facts.proxyAccepts.why);
  const sends = input.proxySends ?? { value: facts.proxySends.value, source: protocol.source, note: facts.proxySends.why };
  b.set('proxyProtocol.sends', sends.value, sends.source, sends.note);
  if (sends.value === true) b.set('proxyProtocol.version', 1, sends.source);
  b.set('idleTimeoutSeconds', input.idleTimeoutSeconds.value, input.idleTimeoutSeconds.source, input.idleTimeoutSeconds.note);
  b.set('backend.port', input.backendPort.value, input.backendPort.source, input.backendPort.note);
  b.set('backend.protocol', protocol.value === 'tcp' ? 'tcp' : 'unknown', protocol.source, 'relayed as it came');
  b.set('backend.tls', false, protocol.source, "the LB adds no TLS of its own; a client's TLS passes through to the backend");
  b.set('backend.http2', false, protocol.source, 'the LB does not speak HTTP to the backend');
  if (input.condition) b.set('conditional', true, input.condition.source, input.condition.value);
  const built = b.build();
  built.evidence.push({ field: 'passThrough', value: true, source: input.source, note: 'the LB forwards the client\'s packets; the backend sees the client address' });
  return { ...built, passThrough: true };
}
