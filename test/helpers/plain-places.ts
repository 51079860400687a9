import type { YNode } from '../../src/yaml/node.js';

/**
 * A node tree with each node's place as a plain `pos` property (and `aliasPos` where it has
 * one): nodes read from a file keep their place packed, which deep equality cannot see.
 */
export function withPlainPlaces(node: YNode): YNode {
  const placed = { pos: node.pos, ...(node.aliasPos ? { aliasPos: node.aliasPos } : {}) };
  switch (node.kind) {
    case 'scalar':
      return { kind: 'scalar', type: node.type, value: node.value, ...placed };
    case 'seq':
      return { kind: 'seq', items: node.items.map(withPlainPlaces), ...placed };
    case 'map':
      return { kind: 'map', entries: node.entries.map((e) => ({ key: withPlainPlaces(e.key) as typeof e.key, value: withPlainPlaces(e.value) })), ...placed };
  }
}
