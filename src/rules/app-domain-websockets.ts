import { scalar } from '../yaml/node.js';
import type { AppDomain } from '../model/app-domains.js';
import type { Deployment, RouterFacts } from '../model/deployment.js';
import { booleanProperty } from '../model/jobs.js';
import { answersFor, labelsBelow, listenersForHost, loadBalancersForHost, sameName } from '../model/lb-selection.js';
import { loadBalancersOfSegmentRouter, mainRouter, namesSegmentRouter, segmentRouters, type SegmentRouter, type SegmentRouterLoadBalancers } from '../model/segment-routers.js';
import { listenerCoversPort, type Listener, type LoadBalancer } from '../lb/listener.js';
import { DEFAULT_IDLE_SECONDS } from '../lb/provider-facts.js';
import type { Location, RelatedLocation } from './finding.js';
import { defineRule, type Report, type ReportFix, type RuleContext } from './rule.js';
import { clientSpeaksTls, describeListener, lbLinkRelated, listenerLocation, listenerRelated } from './support.js';

/**
 * Apps' own WebSockets. The CF guide "Supporting WebSockets" (docs-cf-admin
 * supporting-websockets.html.md.erb) names two victims of a load balancer that does not pass
 * them: Loggregator, and "developers cannot use WebSockets in their applications". App routes
 * are hosts under the app domains; browsers and most WebSocket clients dial
 * `wss://<host>.<domain>` on 443 (`ws://` on 80), so the load balancers that answer for
 * `*.<domain>` must pass the Upgrade to the gorouter on those ports (docs-cloudfoundry-concepts
 * http-routing: "The Gorouter supports this upgrade handshake and holds the TCP connection
 * open with the selected app instance").
 */

type MessageId = 'otherPort' | 'nowhere' | 'plainDropped' | 'unknownUpgrade' | 'unknownPort' | 'idleTimeout' | 'dedicatedHost' | 'unmatchedRouter' | 'segmentDnsContradicted' | 'notServed' | 'segmentLbsOnly';

interface Options {
  idleNoteBelowSeconds: number;
}

/** One place apps' WebSockets arrive: a domain, the LBs that answer for it, the router behind them. */
interface Target {
  /** The domain as messages show it. */
  label: string;
  domain?: AppDomain;
  /** The name app routes have (`*.<domain>`): listeners that name hosts (nginx server_name) must answer for it. */
  routeHost?: string;
  loadBalancers: LoadBalancer[];
  router: RouterFacts | undefined;
  /** Where a cloud config puts the router's VMs behind these LBs, when that is what linked them. */
  link?: RelatedLocation[];
  /**
   * Set when every load balancer has DNS names and none answers for `*.<domain>`: the LB of
   * this domain was not given (a foundation may keep doppler on an LB of its own), so nothing
   * here can be judged for it.
   */
  notServed?: boolean;
  /**
   * Set when the only LBs that could serve the domain are ones a cloud config puts segment
   * routers alone behind: those do not register the domain's routes, so its LB was not given.
   */
  segmentLbsOnly?: LoadBalancer[];
}

type Ctx = RuleContext<MessageId, Options>;

const rule = defineRule<MessageId, Options>({
  id: 'CFWS013',
  name: 'app-domain-websockets',
  description: "Apps' WebSocket clients need the load balancers of each app domain to pass WebSockets to the gorouter on 443 (and 80 for ws://).",
  severity: 'error',
  fixable: true,
  messages: {
    otherPort: "Apps' WebSocket clients cannot use wss://<host>.{domain} on port 443: {why}. WebSockets reach the gorouter only on port {ports}, so they must use wss://<host>.{domain}:{port}.{plain}{idle}",
    nowhere: "No listener of {lbs} passes WebSockets to the gorouter, so apps' WebSocket clients on {domain} fail at the handshake: {why}.{plain}",
    plainDropped: "Apps' WebSocket clients using ws://<host>.{domain} fail: the {listener} does not pass the Upgrade header to the gorouter (wss:// on port 443 works).",
    unknownUpgrade: 'Cannot verify that the {listener} passes WebSockets for apps on {domain}.',
    unknownPort: "Cannot verify apps' WebSockets on {domain}: no listener of {lbs} is known to be on port 443, and the port of the {listener} is not known.",
    segmentLbsOnly: "Cannot verify apps' WebSockets on {domain}: the cloud config puts only the isolation segment routers of {groups} behind {lbs}, and those routers register no routes of {domain} (routing_table_sharding_mode: segments); pass the load balancer of {domain}.",
    notServed: "Cannot verify apps' WebSockets on {domain}: no load balancer given answers for *.{domain} by its DNS names ({names}); pass the load balancer of that domain, or its DNS records.",
    idleTimeout: "The {listener} carries apps' WebSockets on {domain} and closes them after {seconds} s without traffic ({why}): an app whose WebSocket sends nothing for that long is cut, unlike log streams, which the traffic controller pings every ~15 s.",
    dedicatedHost: '{pattern} leads to the {listener}, which passes WebSockets to the gorouter: apps can use WebSockets on routes of {domain}, which {among}.',
    unmatchedRouter: "The gorouter of instance group {group} (isolation segments {segments}) could not be matched to a load balancer, so its apps' WebSockets are not checked: pass the cloud config whose vm_extension puts {group} behind its load balancer (--cloud-config), the DNS records that name the segment (as bosh-bootloader's iso_segments.tf and cf_dns.tf do), or the segment's domain with --app-domain.",
    segmentDnsContradicted: "The DNS name {names} of {lb} names the isolation segment router of instance group {group}, but {why}: {lb} was not checked for that router's apps, and requests for {names} through it reach another router, not {group}.",
  },
  optionsSchema: {
    type: 'object',
    properties: {
      idleNoteBelowSeconds: { type: 'integer', minimum: 1, description: "Report a note when the listener carrying apps' WebSockets closes idle connections sooner than this." },
    },
    additionalProperties: false,
  },
  defaultOptions: { idleNoteBelowSeconds: 300 },
  check(ctx) {
    if (ctx.loadBalancers.length === 0) return;
    const segments = segmentLinksOf(ctx.deployment, ctx.loadBalancers);
    const targets = targetsOf(ctx.deployment, ctx.loadBalancers, segments);
    for (const target of targets) checkTarget(ctx, target);
    reportDedicatedHosts(ctx, targets, segments);
    reportSegmentLinks(ctx, segments);
  },
});

export default rule;

/** Every external app domain by DNS, then each segment router's LBs that no app domain reached. */
function targetsOf(deployment: Deployment, loadBalancers: LoadBalancer[], segments: SegmentLink[]): Target[] {
  const segmentOf = (lbs: LoadBalancer[]) => segments.find((s) => s.loadBalancers.some((lb) => lbs.includes(lb)));
  const segmentOnly = segmentOnlyLoadBalancers(segments);
  const targets: Target[] = deployment.appDomains.map((domain) => {
    const host = domain.name === 'unknown' ? domain.label : domain.name;
    const candidates = loadBalancersForHost(loadBalancers, `*.${host}`).loadBalancers;
    // An LB a cloud config puts segment routers alone behind serves their segments' domains: this one only if DNS or the domain's name says so.
    const serves = (lb: LoadBalancer) => !segmentOnly.has(lb) || answersFor(lb, `*.${host}`) || segments.some((s) => s.loadBalancers.includes(lb) && namesSegmentRouter(s.segment, host));
    const lbs = candidates.filter(serves);
    if (lbs.length === 0 && candidates.length > 0) return { label: domain.label, domain, loadBalancers: [], router: undefined, segmentLbsOnly: candidates };
    // A domain held in a variable is matched as doppler's is; a literal one must be answered for.
    const notServed = domain.name !== 'unknown' && lbs.every((lb) => lb.hostnames.length > 0 && !answersFor(lb, `*.${host}`));
    const segment = segmentOf(lbs);
    const link = segment?.linkedBy === 'cloud-config' ? lbs.filter((lb) => segment.loadBalancers.includes(lb)).flatMap(lbLinkRelated) : [];
    return { label: domain.label, domain, routeHost: `*.${host}`, loadBalancers: notServed ? [] : lbs, router: segment?.segment.router ?? mainRouter(deployment), ...(link.length > 0 ? { link } : {}), ...(notServed ? { notServed } : {}) };
  });
  const reached = new Set(targets.flatMap((t) => t.loadBalancers));
  for (const { segment, loadBalancers: lbs, linkedBy } of segments) {
    for (const lb of lbs.filter((l) => !reached.has(l))) {
      const wildcard = lb.hostnames.find((h) => h.startsWith('*.'));
      const label = wildcard ? wildcard.slice(2) : `<domain of ${segment.segments.join(', ') || segment.router.job?.instanceGroup || lb.id}>`;
      targets.push({ label, loadBalancers: [lb], router: segment.router, ...(linkedBy === 'cloud-config' ? { link: lbLinkRelated(lb) } : {}) });
      reached.add(lb);
    }
  }
  return targets;
}

type SegmentLink = SegmentRouterLoadBalancers & { segment: SegmentRouter };

function segmentLinksOf(deployment: Deployment, loadBalancers: LoadBalancer[]): SegmentLink[] {
  return segmentRouters(deployment).map((segment) => ({ segment, ...loadBalancersOfSegmentRouter(segment, loadBalancers) }));
}

/** LBs a cloud config sends to segment routers' instance groups and to no other. */
function segmentOnlyLoadBalancers(segments: SegmentLink[]): Set<LoadBalancer> {
  const groups = new Set(segments.map((s) => s.segment.router.job?.instanceGroup));
  const linked = segments.filter((s) => s.linkedBy === 'cloud-config').flatMap((s) => s.loadBalancers);
  return new Set(linked.filter((lb) => (lb.instanceGroups ?? []).every((g) => groups.has(g))));
}

/** The gorouter's ports a listener's backend may name; unknown facts admit any port. */
function reachesRouter(listener: Listener, router: RouterFacts | undefined): boolean {
  if (listener.frontendPort === 'unknown' || listener.frontendPortEnd !== undefined) return false;
  const backend = listener.backend.port === 'same-as-frontend' ? listener.frontendPort : listener.backend.port;
  if (backend === 'unknown') return true;
  const ports = [router?.port.value ?? 80, router?.tlsPort.value ?? 443];
  return ports.includes('unknown') || ports.includes(backend);
}

/** Passes the Upgrade and reaches the gorouter over HTTP/1.1 (routing-release#230: no WebSockets over h2). */
function carriesWebsockets(listener: Listener): boolean {
  return listener.passesUpgrade === true && listener.backend.http2 !== true;
}

function checkTarget(ctx: Ctx, target: Target): void {
  if (target.segmentLbsOnly) {
    const lbs = target.segmentLbsOnly;
    const groups = [...new Set(lbs.flatMap((lb) => lb.instanceGroups ?? []))].join(', ');
    ctx.report({ messageId: 'segmentLbsOnly', data: { domain: target.label, groups, lbs: lbIds(lbs) }, ...(target.domain?.pos ? { at: { file: target.domain.pos.file, line: target.domain.pos.line, col: target.domain.pos.col } } : {}), related: lbs.flatMap(lbLinkRelated), note: true });
    return;
  }
  if (target.notServed) {
    const names = [...new Set(ctx.loadBalancers.flatMap((lb) => lb.hostnames))].join(', ');
    ctx.report({ messageId: 'notServed', data: { domain: target.label, names }, ...(target.domain?.pos ? { at: { file: target.domain.pos.file, line: target.domain.pos.line, col: target.domain.pos.col } } : {}), note: true });
    return;
  }
  const lbs = target.loadBalancers;
  const all = lbs.flatMap((lb) => lb.listeners);
  const forHost = target.routeHost ? listenersForHost(all, target.routeHost) : all;
  const listeners = forHost.filter((l) => reachesRouter(l, target.router));
  const tls = (l: Listener) => clientSpeaksTls(l, target.router);
  const on443 = listeners.filter((l) => listenerCoversPort(l, 443) && tls(l) !== false);
  const wss443 = on443.filter((l) => carriesWebsockets(l) && tls(l) === true);
  const domainRelated = domainRelatedOf(target);

  const unknown443 = on443.filter((l) => l.passesUpgrade === 'unknown' || tls(l) === 'unknown' || (l.passesUpgrade === true && l.backend.http2 === 'unknown'));
  if (wss443.length === 0 && unknown443.length > 0) {
    for (const l of unknown443) ctx.report({ messageId: 'unknownUpgrade', data: { listener: describeListener(l, lbs), domain: target.label }, at: listenerLocation(l), related: domainRelated, note: true });
    return;
  }
  const plain = plainVerdict(listeners, target, tls);
  const data = { domain: target.label };
  if (wss443.length > 0) {
    if (plain.dropped) ctx.report({ messageId: 'plainDropped', data: { ...data, listener: describeListener(plain.dropped, lbs) }, at: listenerLocation(plain.dropped), related: domainRelated, severity: 'warn' });
    const idle = idleOf(wss443[0]!, lbs, ctx.options.idleNoteBelowSeconds);
    if (idle) ctx.report({ messageId: 'idleTimeout', data: { ...data, listener: describeListener(wss443[0]!, lbs), seconds: idle.seconds, why: idle.why }, at: listenerLocation(wss443[0]!), related: domainRelated, note: true });
    return;
  }

  // A listener whose port nobody can know may be the one on 443: that is not a failure.
  const portUnknown = on443.length === 0 ? forHost.find((l) => l.frontendPort === 'unknown') : undefined;
  if (portUnknown) {
    ctx.report({ messageId: 'unknownPort', data: { domain: target.label, lbs: lbIds(lbs), listener: describeListener(portUnknown, lbs) }, at: listenerLocation(portUnknown), related: domainRelated, note: true });
    return;
  }
  const why = on443.length === 0 ? `no listener of ${lbIds(lbs)} listens on port 443` : on443.map((l) => whyNot(l, lbs)).join('; ');
  const at = on443[0] ? listenerLocation(on443[0]) : lbLocation(lbs[0]);
  const alternatives = listeners.filter((l) => carriesWebsockets(l) && tls(l) === true && l.frontendPort !== 443);
  const plainText = plain.dropped ? ' ws:// on port 80 fails too.' : plain.passes ? ' ws:// on port 80 works.' : '';
  const fix = haproxyHttp2Fix(ctx.deployment, on443);
  if (alternatives.length > 0) {
    const ports = [...new Set(alternatives.map((l) => l.frontendPort as number))];
    const idle = idleOf(alternatives[0]!, lbs, ctx.options.idleNoteBelowSeconds);
    const idleText = idle ? ` The ${describeListener(alternatives[0]!, lbs)} closes them after ${idle.seconds} s without traffic (${idle.why}), so an app must send something more often.` : '';
    report(ctx, {
      messageId: 'otherPort',
      data: { ...data, why, ports: ports.join(', '), port: ports[0]!, plain: plainText, idle: idleText },
      at,
      related: [...domainRelated, ...listenerRelated(alternatives, lbs)],
      severity: 'warn',
    }, fix, `For wss:// on 443, make port 443 pass WebSockets: a TCP/SSL listener on 443 to the gorouter, an ALB or NLB instead of a classic ELB, or a dedicated WebSocket load balancer on 443 with its own hostname (the CF guide's ws.cf.example.com) whose domain apps map routes to.`);
    return;
  }
  report(ctx, { messageId: 'nowhere', data: { ...data, lbs: lbIds(lbs), why, plain: plainText }, at, related: domainRelated }, fix, 'Give the load balancer of this domain a listener on 443 that passes WebSockets to the gorouter: a TCP/SSL listener, or an HTTP(S) listener that supports them (ALB, GCP, Azure Application Gateway, HAProxy mode http, nginx with the Upgrade headers).');
}

function report(ctx: Ctx, base: Report<MessageId>, fix: ReportFix | undefined, suggestion: string): void {
  ctx.report({ ...base, ...(fix ? { fix } : { suggestion }) });
}

/** ws:// on port 80, unless gorouter's HTTP listener is off or nothing listens on 80 in plain HTTP. */
function plainVerdict(listeners: Listener[], target: Target, tls: (l: Listener) => boolean | 'unknown'): { passes: boolean; dropped?: Listener } {
  if (target.router?.disableHttp.value === true) return { passes: false };
  const on80 = listeners.filter((l) => listenerCoversPort(l, 80) && tls(l) === false && !answersItself(l));
  if (on80.length === 0 || on80.some(carriesWebsockets)) return { passes: on80.length > 0 };
  const dropped = on80.find((l) => l.passesUpgrade === false);
  return dropped ? { passes: false, dropped } : { passes: false };
}

/** An ALB listener whose default action redirects (HTTP to HTTPS) forwards nothing: ws:// there is not offered. */
function answersItself(listener: Listener): boolean {
  return listener.evidence.some((e) => e.field === 'passesUpgrade' && /default action (redirect|fixed-response)/.test(e.note ?? ''));
}

function whyNot(listener: Listener, lbs: LoadBalancer[]): string {
  const described = describeListener(listener, lbs);
  if (listener.passesUpgrade === true && listener.backend.http2 === true) return `the ${described} sends WebSockets to the gorouter over HTTP/2, which cannot carry them (routing-release#230)`;
  return `the ${described} does not pass the WebSocket Upgrade header`;
}

/** haproxy-boshrelease: `disable_backend_http2_websockets` sends WebSockets over HTTP/1.1 even with enable_http2. */
function haproxyHttp2Fix(deployment: Deployment, on443: Listener[]): ReportFix | undefined {
  const h2 = on443.find((l) => l.passesUpgrade === true && l.backend.http2 === true && l.source.format === 'haproxy-boshrelease-props');
  const job = h2 && deployment.haproxies.find((j) => `haproxy (${j.instanceGroup})` === h2.lbId);
  if (!job) return undefined;
  const fact = booleanProperty(job, ['ha_proxy', 'disable_backend_http2_websockets'], false);
  return { description: 'send WebSockets to the gorouter over HTTP/1.1 (haproxy-boshrelease disable_backend_http2_websockets)', changes: [{ kind: 'set', path: fact.path, value: scalar('bool', true) }] };
}

/** The idle timeout of a listener carrying app WebSockets, when it is short enough to matter. */
function idleOf(listener: Listener, lbs: LoadBalancer[], below: number): { seconds: number; why: string } | undefined {
  const cap = listener.maxConnectionSeconds;
  if (cap !== undefined && cap < below) return { seconds: cap, why: 'a cap on the connection lifetime, idle or not' };
  const idle = listener.idleTimeoutSeconds;
  if (typeof idle !== 'number' || idle >= below) return undefined;
  const kind = lbs.find((lb) => lb.id === listener.lbId)?.kind;
  // AWS classic/config-idle-timeout.html and application/edit-load-balancer-attributes.html: 60 s by default.
  const fallback = kind === 'aws-elb-classic' || kind === 'aws-alb' ? `${kind} default: ${DEFAULT_IDLE_SECONDS[kind]} s` : undefined;
  return { seconds: idle, why: fallback ?? 'its idle timeout' };
}

function lbIds(lbs: LoadBalancer[]): string {
  return lbs.map((lb) => lb.id).join(', ') || 'the load balancers';
}

function lbLocation(lb: LoadBalancer | undefined): Location | undefined {
  if (!lb || lb.source.line === undefined) return undefined;
  return { file: lb.source.file, line: lb.source.line, col: lb.source.col ?? 1 };
}

/** The app domain's line, or the cloud config's line that links a segment router to the LB. */
function domainRelatedOf(target: Target): RelatedLocation[] {
  const pos = target.domain?.pos;
  const domain = pos ? [{ location: { file: pos.file, line: pos.line, col: pos.col }, message: `app domain ${target.label}` }] : [];
  return [...domain, ...(target.link ?? [])];
}

/**
 * A wildcard below a CF domain on an LB no app domain reached, whose 443 carries WebSockets:
 * a dedicated WebSocket hostname (bosh-bootloader GCP cf_dns.tf `*.ws.<sys>` -> the cf-ws TCP
 * pool; the CF guide's `ws.cf.example.com`). Apps use it only on routes of that domain.
 */
function reportDedicatedHosts(ctx: Ctx, targets: Target[], segments: SegmentLink[]): void {
  const domains = ctx.deployment.appDomains;
  const router = mainRouter(ctx.deployment);
  // A segment's LB (or one whose DNS names name a segment router) carries the segment's domain, not a dedicated WebSocket name.
  const ofSegments = new Set(segments.flatMap((s) => [...s.loadBalancers, ...s.contradicted.map((c) => c.loadBalancer)]));
  for (const lb of ctx.loadBalancers.filter((l) => !ofSegments.has(l))) {
    const carrying = lb.listeners.filter((l) => listenerCoversPort(l, 443) && reachesRouter(l, router) && carriesWebsockets(l) && clientSpeaksTls(l, router) === true);
    if (carrying.length === 0) continue;
    for (const pattern of lb.hostnames.filter((h) => h.startsWith('*.'))) {
      const name = pattern.slice(2);
      // Below an app domain, on an LB other than the one that domain's own routes reach.
      const parent = domains.find((d) => labelsBelow(name, d.label) !== undefined && !targets.some((t) => t.domain === d && t.loadBalancers.includes(lb)));
      if (!parent) continue;
      const shown = `${labelsBelow(name, parent.label)}.${parent.label}`;
      const among = domains.some((d) => sameName(d.label, name))
        ? 'is among the app domains'
        : `is not among the app domains: create it with \`cf create-shared-domain ${shown}\` and map the apps' routes there`;
      const evidence = lb.hostnameEvidence?.find((e) => (Array.isArray(e.value) ? e.value.includes(pattern) : e.value === pattern))?.source;
      const at = evidence?.line !== undefined ? { file: evidence.file, line: evidence.line, col: evidence.col ?? 1 } : listenerLocation(carrying[0]!);
      ctx.report({ messageId: 'dedicatedHost', data: { pattern: `*.${shown}`, listener: describeListener(carrying[0]!, [lb]), domain: shown, among }, at, related: listenerRelated(carrying, [lb]), note: true });
    }
  }
}

/** Segment routers no load balancer was linked to, and DNS names the cloud config contradicts. */
function reportSegmentLinks(ctx: Ctx, segments: SegmentLink[]): void {
  for (const link of segments) {
    const group = link.segment.router.job?.instanceGroup ?? '(TAS)';
    for (const { loadBalancer: lb, hostnames } of link.contradicted) {
      const why = link.linkedBy === 'cloud-config' ? `the cloud config puts ${group}'s VMs behind ${lbIds(link.loadBalancers)}` : `the cloud config sends ${lb.id}'s traffic to ${lb.instanceGroups?.join(', ') || 'no instance group'}`;
      const related = link.linkedBy === 'cloud-config' ? link.loadBalancers.flatMap(lbLinkRelated) : lbLinkRelated(lb);
      const evidence = lb.hostnameEvidence?.find((e) => (Array.isArray(e.value) ? e.value.includes(hostnames[0]!) : e.value === hostnames[0]))?.source;
      const at = evidence?.line !== undefined ? { file: evidence.file, line: evidence.line, col: evidence.col ?? 1 } : lbLocation(lb);
      ctx.report({ messageId: 'segmentDnsContradicted', data: { names: hostnames.join(', '), lb: lb.id, group, why }, ...(at ? { at } : {}), related, note: true });
    }
    if (link.loadBalancers.length > 0) continue;
    const pos = link.segment.router.job?.node.pos;
    ctx.report({
      messageId: 'unmatchedRouter',
      data: { group, segments: link.segment.segments.join(', ') || '(none named)' },
      ...(pos ? { at: { file: pos.file, line: pos.line, col: pos.col } } : {}),
      note: true,
    });
  }
}
