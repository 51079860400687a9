import { cloneNode, withValue, keyIdentity, type MapEntry, type ScalarNode, type YNode } from '../../yaml/node.js';

/**
 * What a replace inserts: go-patch clones its value with a yaml.v2 Marshal/Unmarshal round
 * trip. That round trip is lossless except for one thing: Marshal prints floats with Go's
 * `FormatFloat(f, 'g', -1, 64)`, which writes an integral float below 1e6 without a dot
 * (`1.0` -> `1`), and Unmarshal reads that back as an int. So `value: 1.0` lands as int 1.
 */
export function cloneValue(value: YNode): YNode {
  return roundTripped(cloneNode(value));
}

function roundTripped(node: YNode): YNode {
  switch (node.kind) {
    case 'scalar':
      return intFromFloat(node);
    case 'seq':
      node.items = node.items.map(roundTripped);
      return node;
    case 'map': {
      // Keys go through the same round trip, so `1.0:` and `1:` can collide; the later wins.
      const byKey = new Map<string, MapEntry>();
      for (const entry of node.entries) {
        const key = intFromFloat(entry.key);
        byKey.delete(keyIdentity(key));
        byKey.set(keyIdentity(key), { key, value: roundTripped(entry.value) });
      }
      node.entries = [...byKey.values()];
      return node;
    }
  }
}

function intFromFloat(node: ScalarNode): ScalarNode {
  if (node.type !== 'float' || typeof node.value !== 'number') return node;
  if (!Number.isInteger(node.value) || Math.abs(node.value) >= 1e6) return node;
  // `|| 0`: Go prints -0.0 as "-0", which reads back as the int 0.
  return withValue(node, 'int', node.value || 0);
}
