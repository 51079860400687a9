/**
 * go-patch's errors, word for word (cppforlife/go-patch v0.2.0 `errs.go` and friends):
 * users search for these texts, and `bosh int` prints exactly them.
 */
import { InputError } from '../../util/errors.js';
import { sortedGoStrings } from '../../util/go-sort.js';
import { goTypeName, isMap, isSeq, type MapNode, type SeqNode, type SourcePos, type YNode } from '../../yaml/node.js';

/** A go-patch failure; `pos` is the op (or ops-file entry) it came from, when known. */
export class PatchError extends InputError {
  readonly pos?: SourcePos;

  constructor(message: string, pos?: SourcePos) {
    super(message, pos);
    this.name = 'PatchError';
    this.pos = pos;
  }
}

/**
 * `OpMissingIndexErr` / `OpMissingMapKeyErr`: the only failures a `test` with `absent: true`
 * accepts, and only when they happen at its very path.
 */
export class MissingError extends PatchError {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'MissingError';
  }
}

/* Paths arrive printed (`Pointer.String()`), as go-patch prints them into every message. */

/** The array a token needs, or go-patch's type-mismatch error. */
export function expectSeq(found: YNode, path: string): SeqNode {
  if (isSeq(found)) return found;
  throw new PatchError(`Expected to find an array at path '${path}' but found '${goTypeName(found)}'`);
}

/** The map a key token needs, or go-patch's type-mismatch error. */
export function expectMap(found: YNode, path: string): MapNode {
  if (isMap(found)) return found;
  throw new PatchError(`Expected to find a map at path '${path}' but found '${goTypeName(found)}'`);
}

export function missingKey(key: string, path: string, map: MapNode): MissingError {
  // Go lists only string keys, but says "no other keys" only when the map is empty.
  const siblings =
    map.entries.length === 0
      ? 'found no other map keys'
      : `found map keys: '${sortedGoStrings(map.entries.flatMap((e) => (e.key.type === 'str' ? [e.key.value as string] : []))).join("', '")}'`;
  return new MissingError(`Expected to find a map key '${key}' for path '${path}' (${siblings})`, path);
}

export function missingIndex(index: number, length: number, path: string): MissingError {
  return new MissingError(`Expected to find array index '${index}' but found array of length '${length}' for path '${path}'`, path);
}

export function notExactlyOneMatch(path: string, count: number): PatchError {
  return new PatchError(`Expected to find exactly one matching array item for path '${path}' but found ${count}`);
}

/** `DescriptiveOp`: the op's `error:` text in front of what went wrong. */
export function describedError(description: string, error: PatchError, pos?: SourcePos): PatchError {
  return new PatchError(`Error '${description}': ${error.message}`, pos ?? error.pos);
}
