/**
 * go-patch `OpDefinition` and `NewOpsFromDefinitions` (op_definition.go): an op as an
 * ops-file states it, checked and turned into an op ready to apply.
 */
import type { SourcePos, YNode } from '../../yaml/node.js';
import { PatchError } from './errors.js';
import type { Op } from './op.js';
import { parsePointer, type Pointer } from './pointer.js';

/** Fields left out of the file stay undefined; `value: null` counts as left out (bosh-cli#541). */
export interface OpDefinition {
  /** yaml.v2 gives "" when `type:` is missing. */
  type: string;
  path?: string;
  value?: YNode;
  absent?: boolean;
  error?: string;
  /** Where the entry was written; build errors and the op carry it. */
  pos?: SourcePos;
}

/** A Map, not an object: `type: constructor` must be unknown, not Object.prototype's. */
const KIND: ReadonlyMap<string, string> = new Map([
  ['replace', 'Replace'],
  ['remove', 'Remove'],
  ['test', 'Test'],
]);

/** Throws PatchError with go-patch's text, e.g. `Replace operation [0]: Missing value within\n{…}`. */
export function opsFromDefinitions(definitions: readonly OpDefinition[]): Op[] {
  return definitions.map((definition, i) => {
    const kind = KIND.get(definition.type);
    if (!kind) {
      throw new PatchError(`Unknown operation [${i}] with type '${definition.type}' within\n${dumpDefinition(definition)}`, definition.pos);
    }
    try {
      return opFromDefinition(definition);
    } catch (error) {
      if (!(error instanceof PatchError)) throw error;
      throw new PatchError(`${kind} operation [${i}]: ${error.message} within\n${dumpDefinition(definition)}`, definition.pos);
    }
  });
}

/** go-patch's `newReplaceOp`/`newRemoveOp`/`newTestOp`, checks in their order. */
function opFromDefinition(definition: OpDefinition): Op {
  const { type, value, absent } = definition;
  if (definition.path === undefined) throw new PatchError('Missing path');
  if (type === 'replace' && !value) throw new PatchError('Missing value');
  if (type === 'remove' && value) throw new PatchError('Cannot specify value');
  if (type === 'test' && !value && absent === undefined) throw new PatchError('Missing value or absent');
  const path = pointerOf(definition.path);
  const where = {
    ...(definition.error !== undefined && { error: definition.error }),
    ...(definition.pos && { pos: definition.pos }),
  };
  if (type === 'replace') return { type: 'replace', path, value: value!, ...where };
  if (type === 'remove') return { type: 'remove', path, ...where };
  // `absent: false` without a value is a test for null: the only way to assert null in YAML.
  return { type: 'test', path, ...(value && { value }), ...(absent !== undefined && { absent }), ...where };
}

function pointerOf(path: string): Pointer {
  try {
    return parsePointer(path);
  } catch (error) {
    if (error instanceof PatchError) throw new PatchError(`Invalid path: ${error.message}`);
    throw error;
  }
}

/**
 * `fmtOpDef`: Go's `json.MarshalIndent` of the definition with the value redacted, then
 * `\u003c`/`\u003e` turned back into `<`/`>` (but `&` stays `\u0026`).
 */
function dumpDefinition(definition: OpDefinition): string {
  const fields: [string, string][] = [];
  if (definition.type !== '') fields.push(['Type', goJsonString(definition.type)]);
  if (definition.path !== undefined) fields.push(['Path', goJsonString(definition.path)]);
  if (definition.value) fields.push(['Value', goJsonString('<redacted>')]);
  if (definition.absent !== undefined) fields.push(['Absent', String(definition.absent)]);
  if (definition.error !== undefined) fields.push(['Error', goJsonString(definition.error)]);
  if (fields.length === 0) return '{}';
  const json = `{\n${fields.map(([name, value]) => `  "${name}": ${value}`).join(',\n')}\n}`;
  return json.replace(/\\u003([ce])/g, (_, c: string) => (c === 'c' ? '<' : '>'));
}

/** encoding/json's string form: HTML-safe escapes and escaped line/paragraph separators. */
function goJsonString(text: string): string {
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
