/**
 * Reading an ops-file the way bosh-cli does (`cmd/opts/ops_file_arg.go`): yaml.v2 decodes
 * the document into `[]patch.OpDefinition`, every op gets the error text
 * `operation [N] in <file> failed`, then go-patch builds the ops.
 */
import type { ScalarNode, YNode } from '../../yaml/node.js';
import { PatchError } from './errors.js';
import type { Op } from './op.js';
import { opsFromDefinitions, type OpDefinition } from './op-definition.js';

/** The ops of one `-o` file; errors read as bosh-cli prints them (`Building ops:\n  …`). */
export function opsFromFile(doc: YNode, file: string): Op[] {
  let definitions: OpDefinition[];
  try {
    definitions = opDefinitionsFromDocument(doc);
  } catch (error) {
    throw rewrapped(error, `Deserializing ops file '${file}'`);
  }
  // bosh-cli overwrites any `error:` the file gives.
  const named = definitions.map((definition, i) => ({ ...definition, error: `operation [${i}] in ${file} failed` }));
  try {
    return opsFromDefinitions(named);
  } catch (error) {
    throw rewrapped(error, 'Building ops');
  }
}

/** bosh-cli's `WrapErrorf`, laid out as its UI prints a wrapped error. */
function rewrapped(error: unknown, context: string): unknown {
  if (!(error instanceof PatchError)) return error;
  return new PatchError(`${context}:\n  ${error.message}`, error.pos);
}

/**
 * yaml.v2 `Unmarshal` into `[]patch.OpDefinition`: null is no ops, unknown keys are ignored,
 * and type mismatches are collected into one `yaml: unmarshal errors:` PatchError.
 */
export function opDefinitionsFromDocument(doc: YNode): OpDefinition[] {
  const decoder = new Decoder();
  const definitions = decoder.definitions(doc);
  const [first] = decoder.problems;
  if (first) throw new PatchError(`yaml: unmarshal errors:\n  ${decoder.problems.map((p) => p.text).join('\n  ')}`, first.node.pos);
  return definitions;
}

class Decoder {
  readonly problems: { text: string; node: YNode }[] = [];

  definitions(doc: YNode): OpDefinition[] {
    if (isNull(doc)) return [];
    if (doc.kind !== 'seq') return this.mismatch(doc, '[]patch.OpDefinition', []);
    return doc.items.map((item) => this.definition(item));
  }

  private definition(node: YNode): OpDefinition {
    const definition: OpDefinition = { type: '', ...(node.pos && { pos: node.pos }) };
    if (isNull(node)) return definition;
    if (node.kind !== 'map') return this.mismatch(node, 'patch.OpDefinition', definition);
    // Field names are yaml.v2's lower-cased ones; other keys are ignored, and a null field
    // is as good as missing (`value: ~` gives "Missing value", bosh-cli#541).
    for (const { key, value } of node.entries) {
      if (isNull(value)) continue;
      switch (key.value) {
        case 'type':
          definition.type = this.text(value) ?? '';
          break;
        case 'path':
          definition.path = this.text(value);
          break;
        case 'value':
          definition.value = value;
          break;
        case 'absent':
          definition.absent = this.bool(value);
          break;
        case 'error':
          definition.error = this.text(value);
          break;
      }
    }
    return definition;
  }

  /** Into a Go string: yaml.v2 takes any scalar's text. */
  private text(node: YNode): string | undefined {
    return node.kind === 'scalar' ? scalarText(node) : this.mismatch(node, 'string', undefined);
  }

  private bool(node: YNode): boolean | undefined {
    return node.kind === 'scalar' && node.type === 'bool' ? (node.value as boolean) : this.mismatch(node, 'bool', undefined);
  }

  /** yaml.v2's `terror`; decoding goes on and the target keeps its zero value. */
  private mismatch<T>(node: YNode, goType: string, zero: T): T {
    const tag = node.kind === 'scalar' ? `!!${node.type}` : `!!${node.kind}`;
    let shown = '';
    if (node.kind === 'scalar') {
      const text = scalarText(node);
      shown = text.length > 10 ? ` \`${text.slice(0, 7)}...\`` : ` \`${text}\``;
    }
    const line = node.pos ? `line ${node.pos.line}: ` : '';
    this.problems.push({ text: `${line}cannot unmarshal ${tag}${shown} into ${goType}`, node });
    return zero;
  }
}

function isNull(node: YNode): boolean {
  return node.kind === 'scalar' && node.type === 'null';
}

/**
 * The scalar as text. yaml.v2 uses the source text (`0755`, `yes`); nodes keep only the
 * value, so non-strings print in canonical form (`493`, `true`).
 */
function scalarText(node: ScalarNode): string {
  if (node.type !== 'float') return String(node.value);
  const value = node.value as number;
  if (Number.isNaN(value)) return '.nan';
  if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
  return String(value);
}
