import type { Deployment } from '../model/deployment.js';
import type { LoadBalancer } from '../model/listener.js';
import type { Fix, Location, RelatedLocation, Severity } from './finding.js';
/** Where the rule pages live; every rule's docs URL is built from its name. */
export declare const DOCS_BASE = "https://github.com/cf-ws-lint/cf-ws-lint/blob/main/docs/rules/";
/** What a rule may ask: the deployment's WebSocket facts and the load balancers. */
export interface RuleContext<MessageId extends string, Options> {
    deployment: Deployment;
    loadBalancers: LoadBalancer[];
    options: Options;
    report(report: Report<MessageId>): void;
}
export interface Report<MessageId extends string> {
    messageId: MessageId;
    data?: Record<string, string | number>;
    at?: Location;
    /** The go-patch path of the manifest value concerned. */
    path?: string;
    related?: RelatedLocation[];
    fix?: Fix;
    suggestion?: string;
    /** A "cannot verify" note is reported at info severity whatever the rule's severity. */
    note?: boolean;
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
export declare function defineRule<MessageId extends string, Options = Record<string, never>>(definition: RuleDefinition<MessageId, Options>): Rule<MessageId, Options>;
