/**
 * A Terraform configuration as the LB mappers see it, whether it was read from `.tf` source
 * (terraform-hcl.ts) or from `terraform show -json` / state (terraform-json.ts): resources
 * with arguments, nested blocks, and references between resources.
 */
import type { LoadBalancer, SourceRef } from './listener.js';
import { booleanValue, type Sourced } from './listener-builder.js';

/** A value Terraform only knows at apply time, or this reader cannot work out. */
export const UNKNOWN: unique symbol = Symbol('unknown');

export interface TfValue {
  /** Plain data (string, number, boolean, null, arrays, objects), or UNKNOWN. */
  value: unknown;
  /** As written: the HCL expression, or the JSON value. */
  text: string;
  source: SourceRef;
  /** How a value not written literally was found ("variable default: var.x (file:line)"). */
  note?: string;
  /** Addresses (`TYPE.NAME`) of the resources the value refers to. */
  refs: string[];
  /**
   * A template with unknown parts rendered as `${…}`: `*.${var.system_domain}`. DNS names
   * keep these, so a reader (or a later `--var`) can still see what they stand for.
   */
  display: string;
  /** Of a list written literally (`["doppler.${var.system_domain}"]`), each element's display. */
  elements?: string[];
  /**
   * Known after apply only because the configuration leaves it to the provider (a plan whose
   * `configuration` does not write it): the provider's default, not an expression.
   */
  computed?: true;
}

export interface TfBlock {
  source: SourceRef;
  attr(name: string): TfValue | undefined;
  blocks(type: string): TfBlock[];
}

export interface TfResource extends TfBlock {
  type: string;
  name: string;
  /** `aws_elb.cf_router_lb`, `module.lb.aws_lb.x`, `aws_elb.iso[0]`. */
  address: string;
  /** Set when the resource exists only if a `count`/`for_each` this reader cannot evaluate allows. */
  condition?: { text: string; source: SourceRef; note?: string };
  /**
   * Declared only in an override file whose base was not given: arguments it leaves out may be
   * set in that base, so provider defaults are not facts for it.
   */
  fragment?: boolean;
}

export interface TfConfiguration {
  resources: TfResource[];
  /** The resources of the given types a value refers to. */
  referenced(value: TfValue | undefined, ...types: string[]): TfResource[];
  /** The data sources (`data "T" "N"`) of the given types a value refers to, where the input has them. */
  referencedData?(value: TfValue | undefined, ...types: string[]): TfResource[];
  /** Local modules read besides the root. */
  modulesRead?: number;
  /** What could not be read, and why (remote module sources, missing module directories). */
  notes?: string[];
}

export function isKnown(value: TfValue | undefined): value is TfValue {
  return value !== undefined && value.value !== UNKNOWN;
}

export function knownString(value: TfValue | undefined): string | undefined {
  return isKnown(value) && typeof value.value === 'string' ? value.value : undefined;
}

export function knownBoolean(value: TfValue | undefined): boolean | undefined {
  // Terraform 0.11 state keeps booleans as strings.
  return isKnown(value) ? booleanValue(value.value) : undefined;
}

function knownList(value: TfValue | undefined): unknown[] | undefined {
  return isKnown(value) && Array.isArray(value.value) ? value.value : undefined;
}

/** "the expression, and how it was resolved" for evidence notes. */
export function describeValue(value: TfValue): string {
  return value.note ? `${value.text}: ${value.note}` : value.text;
}

export interface ArgumentReading<T> {
  /** Plain value -> model value; undefined when it cannot be read as one. */
  read: (raw: unknown) => T | undefined;
  /** What the provider does when the argument is absent. */
  absent: { value: T | 'unknown'; note: string };
}

/**
 * An argument as a model value with its evidence: as written (or resolved), 'unknown' when only
 * known at apply time, the provider default when absent. In a fragment (an override file whose
 * base was not given) an absent argument may be set in the base, so it is 'unknown' instead.
 */
export function argument<T>(resource: TfResource, block: TfBlock, name: string, reading: ArgumentReading<T>): Sourced<T | 'unknown'> {
  const value = block.attr(name);
  if (!value) {
    if (resource.fragment) return { value: 'unknown', source: block.source, note: `${name} is not set in this override file, and its base configuration was not given` };
    return { value: reading.absent.value, source: block.source, note: `${name} not set: ${reading.absent.note}` };
  }
  if (value.value === UNKNOWN) return { value: 'unknown', source: value.source, note: `${describeValue(value)}: not known before apply` };
  const read = reading.read(value.value);
  if (read === undefined) return { value: 'unknown', source: value.source, note: `cannot read ${name} = ${value.text}` };
  return { value: read, source: value.source, ...(value.note ? { note: describeValue(value) } : {}) };
}

/** An LB and the resources a DNS record may name to reach it (itself, its addresses, its rules). */
export interface MappedLb {
  lb: LoadBalancer;
  addressedBy: Set<string>;
}

/** How DNS records and references name a resource: with and without its instance key. */
export function addressesOf(r: TfResource): string[] {
  return [...new Set([r.address, r.address.replace(/\[[^\]]*\]$/, ''), `${r.type}.${r.name}`])];
}

/** A known list of strings (or one string), else undefined. */
export function knownStrings(value: TfValue | undefined): string[] | undefined {
  const list = knownList(value);
  if (list) return list.map(String);
  return isKnown(value) && typeof value.value === 'string' ? [value.value] : undefined;
}

/** The first condition among resources (a listener, then its LB), as listener evidence. */
export function conditionOf(...resources: (TfResource | undefined)[]): Sourced<string> | undefined {
  const r = resources.find((x) => x?.condition);
  return r?.condition ? { value: `${r.address}: ${r.condition.text}${r.condition.note ? ` (${r.condition.note})` : ''}`, source: r.condition.source } : undefined;
}
