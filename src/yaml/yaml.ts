/**
 * YAML text -> positioned node tree, read exactly as BOSH reads it: Go's gopkg.in/yaml.v2
 * v2.4.0 (libyaml's scanner and parser, then its decoder into `interface{}`). Only the first
 * document of a stream is read; what follows it is not looked at, as in yaml.v2. Errors carry
 * yaml.v2's own text (`yaml: line 3: mapping values are not allowed in this context`) and the
 * place they are at.
 *
 * cf-ws-lint's own files (configuration, baseline, neutral LB files, CloudFormation) are read
 * with eemeli/yaml instead: they are YAML 1.2 and want its richer errors (README, YAML).
 */
import { InputError } from '../util/errors.js';
import type { SourcePos, YNode } from './node.js';
import { scalar } from './node.js';
import { Decoder, settleAsParsed } from './v2/decode.js';
import { YamlV2Error } from './v2/error.js';
import { Parser, type RawNode, type Settle } from './v2/parser.js';

export type { RawNode } from './v2/parser.js';
export { ALIAS_NODE, MAPPING_NODE, SCALAR_NODE, SEQUENCE_NODE } from './v2/parser.js';
export { isMergeKey } from './v2/decode.js';
export { TypedDecoder, isNullShortcut, type GoType, type GoValue } from './v2/typed.js';

/**
 * Real manifests nest about 15 levels; yaml.v2 allows 10,000, which would overflow the
 * stack of a recursive reader. Far deeper input is hostile or broken.
 */
export const MAX_DEPTH = 1000;

/** Parses YAML text the way BOSH does (into Go's `interface{}`); throws InputError with file:line on bad input. */
export function parseYaml(text: string, file: string): YNode {
  // Decoded as it is parsed: only one tree of a large manifest is ever held.
  const doc = readYamlDocument(text, file, settleAsParsed(file));
  return doc.root ? doc.decodeDocument() : scalar('null', null, { file, line: 1, col: 1 });
}

/**
 * The first document as yaml.v2's parser leaves it, for decoding into Go types other than
 * `interface{}` (go-patch's op definitions, bosh-cli's variables): their rules differ.
 */
export function readYamlDocument(text: string, file: string, settle?: Settle): YamlDocument {
  const parser = new Parser(text, MAX_DEPTH, settle);
  const control = controlCharacterAt(text);
  let root: RawNode | null;
  try {
    root = parser.parseFirstDocument();
  } catch (error) {
    if (control && control.triggerIndex <= parser.scannedTo + 3) throw control.error(file);
    if (error instanceof YamlV2Error) throw yamlInputError(error, file);
    if (error instanceof RangeError && error.message.includes('call stack')) throw new InputError('YAML nesting is too deep to parse', { file });
    throw error;
  }
  if (control && control.triggerIndex <= parser.scannedTo + 3) throw control.error(file);
  return new YamlDocument(root, file);
}

/** A parsed document and the decoder that turns its nodes into values. */
export class YamlDocument {
  private readonly decoder: Decoder;

  constructor(
    readonly root: RawNode | null,
    readonly file: string,
  ) {
    this.decoder = new Decoder(file);
  }

  /** The whole document into `interface{}`; the document node counts, as in yaml.v2. */
  decodeDocument(): YNode {
    return this.guard(() => this.decoder.document(this.root!));
  }

  /** One node into `interface{}`, counted as yaml.v2 counts it. */
  decode(node: RawNode): YNode {
    return this.guard(() => this.decoder.unmarshal(node));
  }

  /** A node already counted (by a typed decode) into `interface{}`. */
  decodeCounted(node: RawNode): YNode {
    return this.guard(() => this.decoder.content(node));
  }

  /** A decoding failure at a node, as yaml.v2 reports it (`yaml: map merge requires …`). */
  fail(node: RawNode, message: string): never {
    return this.guard(() => this.decoder.fail(node, message));
  }

  /** Counts a node decoded into a Go type of its own (a struct, a string field). */
  count(node: RawNode): void {
    this.guard(() => this.decoder.count(node));
  }

  /** An alias decoded into a Go type of its own: `decode` gets the anchored node. */
  throughAlias<T>(alias: RawNode, decode: (target: RawNode) => T): T {
    return this.guard(() => this.decoder.throughAlias(alias, decode));
  }

  pos(node: RawNode): SourcePos {
    return this.decoder.pos(node);
  }

  private guard<T>(decode: () => T): T {
    try {
      return decode();
    } catch (error) {
      if (error instanceof YamlV2Error) throw yamlInputError(error, this.file);
      if (error instanceof RangeError && error.message.includes('call stack')) throw new InputError('YAML nesting is too deep to parse', { file: this.file });
      throw error;
    }
  }
}

/** Problems found only at the end of what they are about: they are shown where that starts. */
const SHOWN_AT_CONTEXT = new Set(["could not find expected ':'", 'found unexpected end of stream', 'found unexpected document indicator']);

/** yaml.v2's message, placed where the problem is. */
function yamlInputError(error: YamlV2Error, file: string): InputError {
  if (error.stage === 'scanner' && SHOWN_AT_CONTEXT.has(error.problem)) {
    return new InputError(error.message, { file, line: error.contextLine + 1, col: error.contextColumn + 1 });
  }
  return new InputError(error.message, { file, line: error.line + 1, col: error.column + 1 });
}

/**
 * yaml.v2's reader refuses control characters (and U+FFFE/U+FFFF) as it decodes the input,
 * 512 bytes at a time: a syntax error before the block that holds one wins over it.
 */
function controlCharacterAt(text: string): { triggerIndex: number; error: (file: string) => InputError } | undefined {
  const bad = /[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\ud800-\udfff]/.exec(text);
  if (!bad) return undefined;
  const index = bad.index;
  // The block of raw bytes in which the reader decodes the character, and the first
  // character of that block: the scanner reaches for it when it needs that far.
  let byte = 0;
  let blockStart = 0;
  let triggerIndex = 0;
  for (let i = 0; i <= index; i++) {
    const c = text.charCodeAt(i);
    const width = c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 4 : c >= 0xdc00 && c <= 0xdfff ? 0 : 3;
    while (byte + width > blockStart + 512) {
      blockStart = byte;
      triggerIndex = i;
    }
    byte += width;
  }
  const before = text.slice(0, index);
  const line = before.split(/\r\n|\r|\n/).length;
  const col = index - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) ;
  return { triggerIndex, error: (file) => new InputError('yaml: control characters are not allowed', { file, line, col }) };
}
