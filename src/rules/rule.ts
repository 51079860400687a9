import type { Deployment } from '../model/deployment.js';
import type { LoadBalancer } from '../lb/listener.js';
import type { YNode } from '../yaml/node.js';
import type { PathSeg } from '../model/fact.js';
import type { WebSocketPath } from '../model/websocket-path.js';
import type { Location, RelatedLocation, Severity } from './finding.js';

/** Where the rule pages live; every rule's docs URL is built from its name. */
export const DOCS_BASE = 'https://github.com/cf-ws-lint/cf-ws-lint/blob/main/docs/rules/';

/** What a rule may ask: the deployment's WebSocket facts and the load balancers. */
export interface RuleContext<MessageId extends string, Options> {
  deployment: Deployment;
  /** The load balancers clients reach: the --lb files, or else the manifest's own HAProxy. */
  loadBalancers: LoadBalancer[];
  /** The manifest's HAProxy when --lb files front it (their backends point at it). */
  backendLoadBalancers: LoadBalancer[];
  options: Options;
  report(report: Report<MessageId>): void;
}

/** A wanted change to the manifest; the engine writes it as go-patch ops (name= selectors). */
export type Change = { kind: 'set'; path: PathSeg[]; value: YNode } | { kind: 'remove'; path: PathSeg[] };

export interface ReportFix {
  /** Why this change fixes the finding: written as a comment above the op. */
  description: string;
  changes: Change[];
}

export interface Report<MessageId extends string> {
  messageId: MessageId;
  data?: Record<string, string | number>;
  at?: Location;
  /** The manifest value concerned (the engine writes it as a go-patch path). */
  path?: PathSeg[];
  related?: RelatedLocation[];
  fix?: ReportFix;
  suggestion?: string;
  /** This report's own default severity, when it differs from the rule's (config still overrides). */
  severity?: Severity;
  /** A "cannot verify" note is reported at info severity whatever the rule's severity. */
  note?: boolean;
  /** The WebSocket path checked, with the hop that fails (or cannot be verified) marked. */
  websocketPath?: WebSocketPath;
}

/** JSON Schema of a rule's options (feeds the generated config schema). */
export type OptionsSchema = Record<string, unknown>;

export interface RuleDefinition<MessageId extends string = string, Options = Record<string, never>> {
  id: `CFWS${number}`;
  name: string;
  description: string;
  severity: Severity;
  fixable: boolean;
  messages: Record<MessageId, string>;
  optionsSchema?: OptionsSchema;
  defaultOptions: Options;
  check(ctx: RuleContext<MessageId, Options>): void;
}

export interface Rule<MessageId extends string = string, Options = unknown> extends RuleDefinition<MessageId, Options> {
  docsUrl: string;
}

/** Typed rule definition; the docs URL comes from the name, never hand-written. */
export function defineRule<MessageId extends string, Options = Record<string, never>>(
  definition: RuleDefinition<MessageId, Options>,
): Rule<MessageId, Options> {
  return { ...definition, docsUrl: `${DOCS_BASE}${definition.name}.md` };
}

/** Fills `{name}` placeholders of a message template; unknown ones stay as written. */
export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}
