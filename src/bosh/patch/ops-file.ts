/**
 * Reading an ops-file the way bosh-cli does (`cmd/opts/ops_file_arg.go`): yaml.v2 decodes
 * the document into `[]patch.OpDefinition`, every op gets the error text
 * `operation [N] in <file> failed`, then go-patch builds the ops.
 */
import type { ScalarNode, YNode } from '../../yaml/node.js';
import { ALIAS_NODE, MAPPING_NODE, SCALAR_NODE, SEQUENCE_NODE, TypedDecoder, YamlDocument, type GoType, type RawNode } from '../../yaml/yaml.js';
import { InputError } from '../../util/errors.js';
import { PatchError } from './errors.js';
import type { Op } from './op.js';
import { opsFromDefinitions, type OpDefinition } from './op-definition.js';

/** The ops of one `-o` file; errors read as bosh-cli prints them (`Building ops:\n  …`). */
export function opsFromFile(doc: YamlDocument | YNode, file: string): Op[] {
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
  if (error instanceof PatchError) return new PatchError(`${context}:\n  ${error.message}`, error.pos);
  if (error instanceof InputError) return new PatchError(`${context}:\n  ${error.message}`, error.file !== undefined && error.line !== undefined ? { file: error.file, line: error.line, col: error.col ?? 1 } : undefined);
  return error;
}

/**
 * yaml.v2 `Unmarshal` into `[]patch.OpDefinition`: null is no ops, unknown keys are ignored,
 * and type mismatches are collected into one `yaml: unmarshal errors:` PatchError. The
 * fields are go-patch's (`Type string`, `Path *string`, `Value *interface{}`, `Absent *bool`,
 * `Error *string`, keyed by their lower-cased names): only a plain `null`, `~` or empty value
 * leaves a pointer field nil; `Null` is a present null, and a quoted `'null'` value is refused.
 */
export function opDefinitionsFromDocument(doc: YamlDocument | YNode): OpDefinition[] {
  if (!(doc instanceof YamlDocument)) return opDefinitionsFromNode(doc);
  const decoder = new TypedDecoder(doc);
  const definitions = doc.root ? opDefinitions(decoder, doc.root) : [];
  const message = decoder.typeErrorMessage();
  if (message !== undefined) throw new PatchError(message, doc.pos(decoder.typeErrors[0]!.node));
  return definitions;
}

const FIELDS: ReadonlyMap<string, GoType> = new Map([
  ['type', 'string'],
  ['path', '*string'],
  ['value', '*interface {}'],
  ['absent', '*bool'],
  ['error', '*string'],
]);

/** The document into `[]patch.OpDefinition`; the document node counts, as in yaml.v2. */
function opDefinitions(decoder: TypedDecoder, root: RawNode): OpDefinition[] {
  const { doc } = decoder;
  doc.count(root);
  const list = (node: RawNode): OpDefinition[] => {
    doc.count(node);
    if (node.kind === ALIAS_NODE) return doc.throughAlias(node, list);
    if (node.kind === SEQUENCE_NODE) {
      // An item that cannot be decoded is left out of the list (its error is reported).
      return node.children.map((item) => definition(decoder, item)).filter((d): d is OpDefinition => d !== undefined);
    }
    if (node.kind === SCALAR_NODE && isNull(doc.decodeCounted(node))) return [];
    decoder.typeError(node, node.kind === MAPPING_NODE ? `${TAG}map` : scalarTag(doc, node), '[]patch.OpDefinition');
    return [];
  };
  return list(root);
}

const TAG = 'tag:yaml.org,2002:';

function scalarTag(doc: YamlDocument, node: RawNode): string {
  if (node.tag !== '') return node.tag;
  if (!node.implicit) return `${TAG}str`;
  const value = doc.decodeCounted(node);
  return `${TAG}${value.kind === 'scalar' ? value.type : value.kind}`;
}

function definition(decoder: TypedDecoder, node: RawNode): OpDefinition | undefined {
  const { doc } = decoder;
  doc.count(node);
  if (node.kind === ALIAS_NODE) return doc.throughAlias(node, (target) => definition(decoder, target));
  const decoded: OpDefinition = { type: '', pos: doc.pos(node) };
  if (node.kind === SCALAR_NODE && isNull(doc.decodeCounted(node))) return decoded;
  if (node.kind !== MAPPING_NODE) {
    decoder.typeError(node, node.kind === SEQUENCE_NODE ? `${TAG}seq` : scalarTag(doc, node), 'patch.OpDefinition');
    return undefined;
  }
  fields(decoder, node, decoded);
  return decoded;
}

/** mappingStruct: each known key sets its field; a `<<` merge sets fields from its maps. */
function fields(decoder: TypedDecoder, node: RawNode, definition: OpDefinition): void {
  decoder.pairs(
    node,
    (key, value) => {
      const name = decoder.unmarshal(key, 'string');
      const type = name.ok ? FIELDS.get(name.value as string) : undefined;
      if (type === undefined) return;
      const field = decoder.unmarshal(value, type).value;
      switch (name.value) {
        case 'type':
          definition.type = field as string;
          break;
        case 'path':
          setOptional(definition, 'path', field as string | undefined);
          break;
        case 'value':
          setOptional(definition, 'value', field as YNode | undefined);
          break;
        case 'absent':
          setOptional(definition, 'absent', field as boolean | undefined);
          break;
        case 'error':
          setOptional(definition, 'error', field as string | undefined);
          break;
      }
    },
    (source) => {
      decoder.doc.count(source);
      if (source.kind === ALIAS_NODE) {
        decoder.doc.throughAlias(source, (target) => {
          decoder.doc.count(target);
          fields(decoder, target, definition);
        });
      } else fields(decoder, source, definition);
    },
  );
}

function setOptional<K extends 'path' | 'value' | 'absent' | 'error'>(definition: OpDefinition, key: K, value: OpDefinition[K] | undefined): void {
  if (value === undefined) delete definition[key];
  else definition[key] = value;
}

function isNull(node: YNode): boolean {
  return node.kind === 'scalar' && node.type === 'null';
}

/**
 * Op definitions already decoded into nodes (JSON data, or a document built in memory):
 * a null field is as good as missing, any scalar fits a string field by its canonical text.
 */
function opDefinitionsFromNode(doc: YNode): OpDefinition[] {
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
