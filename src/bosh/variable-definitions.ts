/**
 * The manifest's `variables:` section as bosh-cli reads it (director/template): it marshals
 * the patched document with yaml.v2 and unmarshals that text into
 * `struct { Variables []VariableDefinition }`, whose `Name` and `Type` are strings and
 * `Options` is `interface{}`. Read from nodes here; when a definition does not fit, the
 * error is worked out on the marshalled text, as bosh-cli meets it, so that its line numbers
 * are bosh's (lines of the re-emitted manifest, not of the file).
 */
import { InputError } from '../util/errors.js';
import type { YNode } from '../yaml/node.js';
import { isMap } from '../yaml/node.js';
import { emitYaml } from '../yaml/emit-yaml.js';
import { MAPPING_NODE, readYamlDocument, SCALAR_NODE, SEQUENCE_NODE, TypedDecoder, type RawNode } from '../yaml/yaml.js';
import { goStringOf, isNull } from './vars.js';

/** An entry of the manifest's `variables:` section, as bosh-cli decodes it. */
export interface VariableDefinition {
  name: string;
  type: string;
  options?: YNode;
}

/** Not a definition bosh-cli can decode: the exact error comes from the marshalled text. */
class DoesNotFit extends Error {}

export function variableDefinitions(doc: YNode): VariableDefinition[] {
  try {
    return definitionsOfNodes(doc);
  } catch (error) {
    if (!(error instanceof DoesNotFit)) throw error;
    throw unmarshalErrorOfMarshalled(doc);
  }
}

function definitionsOfNodes(doc: YNode): VariableDefinition[] {
  if (!isMap(doc)) return [];
  const section = doc.entries.find((e) => e.key.type === 'str' && e.key.value === 'variables')?.value;
  if (!section || isNull(section)) return [];
  if (section.kind !== 'seq') throw new DoesNotFit();
  return section.items.map((item) => {
    if (isNull(item)) return { name: '', type: '' };
    if (item.kind !== 'map') throw new DoesNotFit();
    const field = (name: string): YNode | undefined => item.entries.find((e) => e.key.type === 'str' && e.key.value === name)?.value;
    const options = field('options');
    return {
      name: definitionText(field('name')),
      type: definitionText(field('type')),
      ...(options && !isNull(options) && { options }),
    };
  });
}

/** A Go string field: any scalar decodes as its (marshalled) text. */
function definitionText(node: YNode | undefined): string {
  if (!node) return '';
  if (node.kind !== 'scalar') throw new DoesNotFit();
  return goStringOf(node);
}

/** yaml.v2's `unmarshal errors` for the marshalled document, as bosh-cli reports them. */
function unmarshalErrorOfMarshalled(doc: YNode): InputError {
  const file = 'manifest (marshalled)';
  const marshalled = readYamlDocument(emitYaml(doc), file);
  const decoder = new TypedDecoder(marshalled);
  const root = marshalled.root!;
  marshalled.count(root);
  const definition = (item: RawNode): void => {
    marshalled.count(item);
    if (item.kind === SCALAR_NODE) {
      if (!isNull(marshalled.decodeCounted(item))) decoder.typeError(item, scalarTag(marshalled.decodeCounted(item)), 'template.VariableDefinition');
      return;
    }
    if (item.kind === SEQUENCE_NODE) return decoder.typeError(item, 'tag:yaml.org,2002:seq', 'template.VariableDefinition');
    decoder.pairs(item, (key, value) => {
      const name = decoder.unmarshal(key, 'string');
      if (name.ok && (name.value === 'name' || name.value === 'type')) decoder.unmarshal(value, 'string');
      else if (name.ok && name.value === 'options') decoder.unmarshal(value, 'interface {}');
    }, () => undefined);
  };
  if (root.kind === MAPPING_NODE) {
    decoder.pairs(root, (key, value) => {
      const name = decoder.unmarshal(key, 'string');
      if (!name.ok || name.value !== 'variables') return;
      marshalled.count(value);
      if (value.kind === SEQUENCE_NODE) value.children.forEach(definition);
      else if (value.kind === MAPPING_NODE) decoder.typeError(value, 'tag:yaml.org,2002:map', '[]template.VariableDefinition');
      else if (!isNull(marshalled.decodeCounted(value))) decoder.typeError(value, scalarTag(marshalled.decodeCounted(value)), '[]template.VariableDefinition');
    }, () => undefined);
  }
  const message = decoder.typeErrorMessage() ?? 'yaml: unmarshal errors';
  return new InputError(message);
}

function scalarTag(node: YNode): string {
  return `tag:yaml.org,2002:${node.kind === 'scalar' ? node.type : node.kind}`;
}
