import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node as YamlNode } from 'yaml';

/** `/overrides/0/rules/CFWS001` → `overrides`, `0`, `rules`, `CFWS001` (JSON Pointer, as ajv's instancePath). */
export function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Where the value at `segments` (or with `atKey`, its key) was written, 1-based. Falls back
 * to the nearest ancestor that exists, so a missing key points at the map that lacks it.
 */
export function nodePosition(
  doc: Document,
  lineCounter: LineCounter,
  segments: readonly string[],
  file: string,
  atKey = false,
): { file: string; line: number; col: number } {
  let node: YamlNode | null = doc.contents;
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    let next: unknown = null;
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === segment);
      if (pair) next = last && atKey ? pair.key : pair.value;
    } else if (isSeq(node)) {
      next = node.items[Number(segment)];
    }
    if (!next) break;
    node = next as YamlNode;
  }
  const offset = node?.range?.[0];
  return offset === undefined ? { file, line: 1, col: 1 } : { file, ...lineCounter.linePos(offset) };
}
