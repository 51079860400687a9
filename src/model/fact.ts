import type { SourcePos, YNode } from '../yaml/node.js';

/** A step into the document: a map key or an array index (the fix writer names items). */
export type PathSeg = string | number;

/**
 * One setting of the deployment as BOSH would render it, with where it lives. A value
 * still holding a `((variable))` is 'unknown': rules say "cannot verify", never guess.
 */
export interface Fact<T> {
  value: T | 'unknown';
  /** true when the manifest does not set it and the job spec's default applies. */
  isDefault: boolean;
  /** Where it is written; for a default, the job (or properties block) it would go in. */
  pos?: SourcePos;
  /** Where an alias copied it from its anchor, when it did. */
  aliasPos?: SourcePos;
  /** Where it is set, or where a fix should set it. */
  path: PathSeg[];
  /** The unresolved placeholder text, when the value is unknown because of one. */
  placeholder?: string;
}

const PLACEHOLDER = /\(\([^()]*\)\)/;

/** The `((variable))` text in a node left uninterpolated, if any. */
export function placeholderIn(node: YNode | undefined): string | undefined {
  if (node?.kind !== 'scalar' || node.type !== 'str') return undefined;
  return PLACEHOLDER.exec(node.value as string)?.[0];
}

/** Reads a number the way the job templates would: an int, or a string of digits. */
export function asNumber(node: YNode | undefined): number | 'unknown' | undefined {
  if (node === undefined || node.kind !== 'scalar' || node.type === 'null') return undefined;
  if (node.type === 'int' || node.type === 'float') return Number(node.value);
  if (node.type === 'str' && /^\s*\d+(\.\d+)?\s*$/.test(node.value as string)) return Number(node.value);
  return 'unknown';
}

/** Reads a boolean as Ruby ERB templates see it: only `false`/`nil` are false. */
export function asBoolean(node: YNode | undefined): boolean | 'unknown' | undefined {
  if (node === undefined || node.kind !== 'scalar' || node.type === 'null') return undefined;
  if (placeholderIn(node)) return 'unknown';
  if (node.type === 'bool') return node.value as boolean;
  if (node.type === 'str' && /^(true|false)$/i.test(node.value as string)) return (node.value as string).toLowerCase() === 'true';
  return true;
}
