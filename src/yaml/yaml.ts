/**
 * YAML text -> positioned node tree, read as BOSH reads it (Go yaml.v2): YAML 1.1 scalar
 * types, duplicate keys where the last wins, positional `<<` merge keys, aliases expanded
 * into independent copies, only the first document of a stream.
 *
 * eemeli/yaml's lexer and parser do the syntax. Its CST is composed straight into these
 * nodes rather than through its Document model: building that model and then converting it
 * was a third of a cold lint (README, Performance). The composition follows eemeli/yaml's
 * composer step by step, with its checks (yaml-syntax.ts), so the same input is refused with
 * the same message; test/yaml/yaml.test.ts holds the two side by side.
 */
import { CST, Document, LineCounter, Parser } from 'yaml';
import { InputError } from '../util/errors.js';
import { keyIdentity, sameKey, scalar, type MapEntry, type MapNode, type ScalarNode, type SeqNode, type SourcePos, type YNode } from './node.js';
import { resolvePlainScalar } from './resolve.js';
import { Anchors } from './yaml-aliases.js';
import { containsNewline, emptyScalarPosition, resolveEnd, resolveProps, syntaxError, YamlSyntaxError, type Props } from './yaml-syntax.js';

/** Real manifests nest about 15 levels; far deeper input is hostile or broken. */
export const MAX_DEPTH = 1000;

const TAG = 'tag:yaml.org,2002:';

/** Parses YAML text the way BOSH does; throws InputError with file:line on bad input. */
export function parseYaml(text: string, file: string): YNode {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = new LineCounter();
  const composer = new BoshComposer(file, lines);
  try {
    return composer.stream(new Parser(lines.addNewLine).parse(source));
  } catch (error) {
    if (error instanceof YamlSyntaxError) throw new InputError(`invalid YAML: ${error.message}`, composer.at(error.offset));
    if (error instanceof RangeError && error.message.includes('call stack')) throw new InputError('YAML nesting is too deep to parse', { file });
    throw error;
  }
}

/** A map under construction: yaml.v2 decodes into a Go map, so a repeated key replaces the earlier value. */
class MapBuilder {
  readonly node: MapNode;
  /** Entries by key identity, once the map is too large for a linear search. */
  private index: Map<string, MapEntry> | undefined;

  constructor(pos: SourcePos) {
    this.node = { kind: 'map', entries: [], pos };
  }

  set(key: ScalarNode, value: YNode): void {
    const existing = this.entryOf(key);
    if (existing) {
      existing.key = key;
      existing.value = value;
      return;
    }
    const entry = { key, value };
    this.node.entries.push(entry);
    this.index?.set(keyIdentity(key), entry);
  }

  private entryOf(key: ScalarNode): MapEntry | undefined {
    const { entries } = this.node;
    if (this.index) return this.index.get(keyIdentity(key));
    if (entries.length < 16) return entries.find((entry) => sameKey(entry.key, key));
    this.index = new Map(entries.map((entry) => [keyIdentity(entry.key), entry]));
    return this.index.get(keyIdentity(key));
  }
}

const BLOCK_SCALAR_NEEDS_INDENT = 'Block scalar values in collections must be indented';
const START_COLUMN = 'All mapping items must start at the same column';
const BLOCK_IN_FLOW = 'Block collections are not allowed within flow collections';

type ScalarToken = CST.FlowScalar | CST.BlockScalar;
type CollectionToken = CST.BlockMap | CST.BlockSequence | CST.FlowCollection;
type TagDirectives = NonNullable<Document['directives']>;

const isBlockCollection = (token: CST.Token | null | undefined): boolean => token?.type === 'block-map' || token?.type === 'block-seq';

/**
 * Composes the CST of the stream's first document. Each method mirrors its namesake in
 * eemeli/yaml's compose/ (composeDoc, composeNode, resolveBlockMap, ...), keeping every
 * check that refuses input; anchors, aliases and merges are resolved as yaml.v2 does.
 */
class BoshComposer {
  private readonly anchors = new Anchors();
  private tagDirectives: TagDirectives | undefined;
  /** True until the first collection is entered (block scalars at the root need no indent). */
  private atRoot = true;
  /** The range of the node composed last, as eemeli/yaml's `node.range`: value end, and end after trailing comments. */
  private valueEnd = 0;
  private end = 0;

  constructor(
    private readonly file: string,
    private readonly lines: LineCounter,
  ) {}

  /** LineCounter.linePos, without the intermediate object (one position per node). */
  at(offset: number): SourcePos {
    const starts = this.lines.lineStarts;
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (starts[mid]! <= offset) low = mid + 1;
      else high = mid;
    }
    return { file: this.file, line: low, col: offset - starts[low - 1]! + 1 };
  }

  private checkDepth(depth: number, offset: number): void {
    if (depth > MAX_DEPTH) throw new InputError(`YAML nesting is deeper than ${MAX_DEPTH} levels`, this.at(offset));
  }

  /**
   * Composer.next/end: the first document, with the stream-level errors eemeli/yaml gives
   * it. Errors met before a document (or after directives) wait for the next document; if
   * none follows, they belong to the last one.
   */
  stream(tokens: Iterable<CST.Token>): YNode {
    let root: YNode | undefined;
    let pending: YamlSyntaxError | undefined;
    let atDirectives = false;
    const keep = (offset: number, message: string): void => {
      pending ??= new YamlSyntaxError(offset, message);
    };
    for (const token of tokens) {
      switch (token.type) {
        case 'directive':
          this.directives().add(token.source, (offset, message, warning) => {
            if (!warning) keep(token.offset + offset, message);
          });
          atDirectives = true;
          break;
        case 'document':
          if (root) return root;
          if (pending) throw pending;
          root = this.document(token, atDirectives);
          atDirectives = false;
          break;
        case 'error': {
          const message = token.source ? `${token.message}: ${JSON.stringify(token.source)}` : token.message;
          if (atDirectives || !root) keep(token.offset, message);
          else syntaxError(token.offset, message);
          break;
        }
        case 'doc-end':
          if (!root) {
            keep(token.offset, 'Unexpected doc-end without preceding document');
            break;
          }
          if (pending) throw pending;
          resolveEnd(token.end, token.offset + token.source.length, true);
          break;
        case 'byte-order-mark':
        case 'space':
        case 'comment':
        case 'newline':
          break;
        default:
          keep(token.offset, `Unsupported token ${token.type}`);
      }
    }
    if (!root) return scalar('null', null, this.at(0));
    if (pending) throw pending;
    return root;
  }

  private directives(): TagDirectives {
    this.tagDirectives ??= new Document().directives!;
    return this.tagDirectives;
  }

  private document({ offset, start, value, end }: CST.Document, afterDirectives: boolean): YNode {
    const props = resolveProps(start, { indicator: 'doc-start', next: value ?? end?.[0], offset, parentIndent: 0, startOnNewline: true });
    if (props.found && isBlockCollection(value) && !props.hasNewline) {
      syntaxError(props.end, 'Block collection cannot start on same line with directives-end marker');
    }
    const root = value ? this.node(value, props, 0) : this.emptyNode(props.end, start, props, 0);
    resolveEnd(end, this.end, false);
    if (afterDirectives && !props.found) syntaxError(offset, 'Missing directives-end/doc-start indicator line');
    return root;
  }

  /**
   * composeNode, and a node as yaml.v2 decodes it: counted for the alias-bomb guard, and
   * remembered under its anchor. Kept to one stack frame per level of nesting.
   */
  private node(token: CST.Token, props: Props, depth: number): YNode {
    this.checkDepth(depth, token.offset);
    this.anchors.count();
    let node: YNode;
    switch (token.type) {
      case 'alias':
        return this.alias(token, props);
      case 'scalar':
      case 'single-quoted-scalar':
      case 'double-quoted-scalar':
      case 'block-scalar':
        node = this.scalar(token, props);
        break;
      case 'block-map':
        this.collectionProps(token, props);
        node = this.blockMap(token, depth);
        break;
      case 'block-seq':
        this.collectionProps(token, props);
        node = this.blockSeq(token, depth);
        break;
      case 'flow-collection':
        node = this.flowCollection(token, depth, this.collectionProps(token, props));
        break;
      default:
        syntaxError(token.offset, token.type === 'error' ? token.message : `Unsupported token (type: ${token.type})`);
    }
    checkAnchorName(props);
    if (props.anchor) this.anchors.set(props.anchor.source.substring(1), node);
    return node;
  }

  /** composeEmptyNode: the null of `key:` with nothing after it. */
  private emptyNode(offset: number, before: CST.SourceToken[] | undefined, props: Props, depth: number): YNode {
    const at = emptyScalarPosition(offset, before);
    this.checkDepth(depth, at);
    this.anchors.count();
    const node = this.scalar({ type: 'scalar', offset: at, indent: -1, source: '' }, props);
    if (props.hasComment) this.end = props.end;
    checkAnchorName(props);
    if (props.anchor) this.anchors.set(props.anchor.source.substring(1), node);
    return node;
  }

  private alias(token: CST.FlowScalar, props: Props): YNode {
    const name = token.source.substring(1);
    if (name === '') syntaxError(token.offset, 'Alias cannot be an empty string');
    this.valueEnd = token.offset + token.source.length;
    this.end = resolveEnd(token.end, this.valueEnd, true);
    if (props.anchor || props.tag) syntaxError(token.offset, 'An alias node must not specify any properties');
    return this.anchors.expand(name, this.at(token.offset));
  }

  /** composeScalar, typed as yaml.v2 types it. */
  private scalar(token: ScalarToken, props: Props): ScalarNode {
    const resolved = CST.resolveAsScalar(token, true, this.scalarError)!;
    [, this.valueEnd, this.end] = resolved.range;
    const pos = this.at(resolved.range[0]);
    const tag = props.tag ? this.tagName(props.tag) : null;
    const { type, value } = typedScalar(resolved.value, token.type === 'scalar', tag, pos);
    return { kind: 'scalar', type, value, pos };
  }

  /** resolveAsScalar does not know where a scalar is; at the root, block scalars need no indent. */
  private readonly scalarError = (offset: number, _code: string, message: string): void => {
    if (!(this.atRoot && message === BLOCK_SCALAR_NEEDS_INDENT)) syntaxError(offset, message);
  };

  private tagName(token: CST.SourceToken): string | null {
    return this.directives().tagName(token.source, (message) => syntaxError(token.offset, message));
  }

  /** composeCollection's checks of a collection's tag and anchor; says whether it is the root. */
  private collectionProps(token: CollectionToken, props: Props): boolean {
    const { anchor, tag, newlineAfterProp } = props;
    if (tag) this.tagName(tag);
    if (token.type === 'block-seq') {
      const lastProp = anchor && tag ? (anchor.offset > tag.offset ? anchor : tag) : (anchor ?? tag);
      if (lastProp && (!newlineAfterProp || newlineAfterProp.offset < lastProp.offset)) syntaxError(lastProp.offset, 'Missing newline after block sequence props');
    }
    const atRoot = this.atRoot;
    this.atRoot = false;
    return atRoot;
  }

  private blockMap(bm: CST.BlockMap, depth: number): MapNode {
    const map = new MapBuilder(this.at(bm.offset));
    let offset = bm.offset;
    let commentEnd: number | null = null;
    for (const { start, key, sep, value } of bm.items) {
      const keyProps = resolveProps(start, { indicator: 'explicit-key-ind', next: key ?? sep?.[0], offset, parentIndent: bm.indent, startOnNewline: true });
      const implicitKey = !keyProps.found;
      if (implicitKey) {
        if (key?.type === 'block-seq') syntaxError(offset, 'A block sequence may not be used as an implicit map key');
        else if (key && 'indent' in key && key.indent !== bm.indent) syntaxError(offset, START_COLUMN);
        if (!keyProps.anchor && !keyProps.tag && !sep) {
          commentEnd = keyProps.end;
          continue;
        }
        if (keyProps.newlineAfterProp || containsNewline(key)) syntaxError((key ?? start[start.length - 1]!).offset, 'Implicit keys need to be on a single line');
      } else if (keyProps.found!.indent !== bm.indent) syntaxError(offset, START_COLUMN);

      const pairKey = this.pairKey(key, keyProps, start, depth);
      const valueProps = resolveProps(sep ?? [], { indicator: 'map-value-ind', next: value, offset: this.end, parentIndent: bm.indent, startOnNewline: !key || key.type === 'block-scalar' });
      offset = valueProps.end;
      let valueNode: YNode | undefined;
      if (valueProps.found) {
        if (implicitKey) {
          if (value?.type === 'block-map' && !valueProps.hasNewline) syntaxError(offset, 'Nested mappings are not allowed in compact mappings');
          if (keyProps.start < valueProps.found.offset - 1024) syntaxError(pairKey.offset, 'The : indicator must be at most 1024 chars after the start of an implicit block mapping key');
        }
        valueNode = this.pairValue(value, valueProps, sep, offset, pairKey.isMerge, depth);
        offset = this.end;
      } else if (implicitKey) syntaxError(pairKey.offset, 'Implicit map keys need to be followed by map values');
      this.addPair(map, pairKey, valueNode, depth);
    }
    if (commentEnd && commentEnd < offset) syntaxError(commentEnd, 'Map comment with trailing content');
    this.valueEnd = offset;
    this.end = commentEnd ?? offset;
    return map.node;
  }

  private blockSeq(bs: CST.BlockSequence, depth: number): SeqNode {
    const seq: SeqNode = { kind: 'seq', items: [], pos: this.at(bs.offset) };
    let offset = bs.offset;
    let commentEnd: number | null = null;
    for (const { start, value } of bs.items) {
      const props = resolveProps(start, { indicator: 'seq-item-ind', next: value, offset, parentIndent: bs.indent, startOnNewline: true });
      if (!props.found) {
        if (props.anchor || props.tag || value) {
          if (value?.type === 'block-seq') syntaxError(props.end, 'All sequence items must start at the same column');
          syntaxError(offset, 'Sequence item without - indicator');
        }
        commentEnd = props.end;
        continue;
      }
      seq.items.push(value ? this.node(value, props, depth + 1) : this.emptyNode(props.end, start, props, depth + 1));
      offset = this.end;
    }
    this.valueEnd = offset;
    this.end = commentEnd ?? offset;
    return seq;
  }

  private flowCollection(fc: CST.FlowCollection, depth: number, atRoot: boolean): YNode {
    const isMap = fc.start.source === '{';
    const flow = isMap ? 'flow map' : 'flow sequence';
    const pos = this.at(fc.offset);
    const map = isMap ? new MapBuilder(pos) : undefined;
    const seq: SeqNode = { kind: 'seq', items: [], pos };
    let offset = fc.offset + fc.start.source.length;
    for (let i = 0; i < fc.items.length; ++i) {
      const { start, key, sep, value } = fc.items[i]!;
      const props = resolveProps(start, { flow, indicator: 'explicit-key-ind', next: key ?? sep?.[0], offset, parentIndent: fc.indent, startOnNewline: false });
      if (!props.found) {
        if (!props.anchor && !props.tag && !sep && !value) {
          if (i === 0 && props.comma) syntaxError(props.comma.offset, `Unexpected , in ${flow}`);
          else if (i < fc.items.length - 1) syntaxError(props.start, `Unexpected empty item in ${flow}`);
          offset = props.end;
          continue;
        }
        if (!isMap && containsNewline(key)) syntaxError(key!.offset, 'Implicit keys of flow sequence pairs need to be on a single line');
      }
      if (i === 0 && props.comma) syntaxError(props.comma.offset, `Unexpected , in ${flow}`);
      if (i > 0 && !props.comma) syntaxError(props.start, `Missing , between ${flow} items`);

      if (!isMap && !sep && !props.found) {
        // A value in a sequence.
        seq.items.push(value ? this.node(value, props, depth + 1) : this.emptyNode(props.end, sep, props, depth + 1));
        if (isBlockCollection(value)) syntaxError(value!.offset, BLOCK_IN_FLOW);
        offset = this.end;
        continue;
      }
      // A key and its value.
      const pairKey = this.pairKey(key, props, start, depth);
      if (isBlockCollection(key)) syntaxError(key!.offset, BLOCK_IN_FLOW);
      const valueProps = resolveProps(sep ?? [], { flow, indicator: 'map-value-ind', next: value, offset: this.end, parentIndent: fc.indent, startOnNewline: false });
      if (valueProps.found) {
        if (!isMap && !props.found) {
          for (const st of sep ?? []) {
            if (st === valueProps.found) break;
            if (st.type === 'newline') syntaxError(st.offset, 'Implicit keys of flow sequence pairs need to be on a single line');
          }
          if (props.start < valueProps.found.offset - 1024) syntaxError(valueProps.found.offset, 'The : indicator must be at most 1024 chars after the start of an implicit flow sequence key');
        }
      } else if (value) {
        if ('source' in value && value.source[0] === ':') syntaxError(value.offset, `Missing space after : in ${flow}`);
        syntaxError(valueProps.start, `Missing , or : between ${flow} items`);
      }
      const valueNode = value || valueProps.found ? this.pairValue(value, valueProps, sep, valueProps.end, pairKey.isMerge, depth) : undefined;
      if (isBlockCollection(value)) syntaxError(value!.offset, BLOCK_IN_FLOW);
      offset = valueNode ? this.end : valueProps.end;
      if (map) this.addPair(map, pairKey, valueNode, depth);
      else {
        // `[a: 1]` is a sequence holding the one-pair map {a: 1}.
        const pair = new MapBuilder(pairKey.node.pos!);
        this.addPair(pair, pairKey, valueNode, depth);
        seq.items.push(pair.node);
      }
    }
    const expectedEnd = isMap ? '}' : ']';
    const [ce, ...rest] = fc.end;
    let endAt = offset;
    if (ce?.source === expectedEnd) endAt = ce.offset + ce.source.length;
    else {
      const name = flow[0]!.toUpperCase() + flow.substring(1);
      syntaxError(offset, atRoot ? `${name} must end with a ${expectedEnd}` : `${name} in block collection must be sufficiently indented and end with a ${expectedEnd}`);
    }
    this.valueEnd = endAt;
    this.end = rest.length > 0 ? resolveEnd(rest, endAt, true) : endAt;
    return map ? map.node : seq;
  }

  /**
   * A pair's key. A plain, untagged `<<` is a merge key: checked like any key, but neither
   * counted nor anchored (yaml.v2 never decodes it as a value).
   */
  private pairKey(key: CST.Token | null | undefined, props: Props, before: CST.SourceToken[], depth: number): PairKey {
    if (!key) {
      const offset = emptyScalarPosition(props.end, before);
      return { node: this.emptyNode(props.end, before, props, depth + 1), isMerge: false, offset, valueEnd: this.valueEnd };
    }
    const isMerge = key.type === 'scalar' && key.source === '<<' && !props.tag;
    const node = isMerge ? this.mergeKey(key, props) : this.node(key, props, depth + 1);
    return { node, isMerge, offset: key.offset, valueEnd: this.valueEnd };
  }

  /**
   * A pair's value. The list of maps a merge key takes is not a value of its own: yaml.v2
   * decodes the maps in it one by one, so the list is neither counted nor anchored.
   */
  private pairValue(value: CST.Token | undefined, props: Props, sep: CST.SourceToken[] | undefined, emptyAt: number, isMerge: boolean, depth: number): YNode {
    if (!value) return this.emptyNode(emptyAt, sep, props, depth + 1);
    if (isMerge && (value.type === 'block-seq' || (value.type === 'flow-collection' && value.start.source === '['))) {
      const atRoot = this.collectionProps(value, props);
      const list = value.type === 'block-seq' ? this.blockSeq(value, depth) : this.flowCollection(value, depth, atRoot);
      checkAnchorName(props);
      return list;
    }
    return this.node(value, props, depth + 1);
  }

  private mergeKey(key: CST.FlowScalar, props: Props): YNode {
    const node = this.scalar(key, props);
    checkAnchorName(props);
    return node;
  }

  /**
   * Adds a pair to a map as yaml.v2 decodes it: a missing value is null (where the key
   * ends); `<<` merges a map, or a list of maps where earlier ones win.
   */
  private addPair(map: MapBuilder, key: PairKey, value: YNode | undefined, depth: number): void {
    const resolvedValue = value ?? this.nullAt(key.valueEnd, depth + 1);
    if (key.isMerge) {
      for (const entry of mergeSources(resolvedValue, key.node.pos!)) map.set(entry.key, entry.value);
      return;
    }
    if (key.node.kind !== 'scalar') throw new InputError('map keys must be scalars (BOSH cannot address complex keys)', key.node.pos);
    map.set(key.node, resolvedValue);
  }

  /** A value that is not there at all (`? key` alone, `{key}`): counted, as yaml.v2 decodes it. */
  private nullAt(offset: number, depth: number): YNode {
    this.checkDepth(depth, offset);
    this.anchors.count();
    return scalar('null', null, this.at(offset));
  }
}

interface PairKey {
  node: YNode;
  isMerge: boolean;
  /** Where the key starts, for errors that eemeli/yaml reports at the key. */
  offset: number;
  /** Where the key's text ends: a missing value is placed there. */
  valueEnd: number;
}

/** eemeli/yaml refuses `& value` (an anchor without a name) once the node is composed. */
function checkAnchorName({ anchor }: Props): void {
  if (anchor?.source === '&') syntaxError(anchor.offset, 'Anchor cannot be an empty string');
}

/** The entries a `<<` merge contributes, in the order that makes earlier sources win. */
function mergeSources(value: YNode, where: SourcePos): MapEntry[] {
  const wantMap = (): never => {
    throw new InputError('map merge requires map or sequence of maps as the value', where);
  };
  // A list written in place holds maps; an alias to a list is not merged (yaml.v2's failWantMap).
  if (value.kind === 'seq' && value.aliasPos === undefined) {
    // yaml.v2 steps backwards: earlier maps in the list take precedence.
    return [...value.items].reverse().flatMap((m) => (m.kind === 'map' ? m.entries : wantMap()));
  }
  return value.kind === 'map' ? value.entries : wantMap();
}

/** The type and value yaml.v2 gives a scalar: by its tag, else by its style and text. */
function typedScalar(text: string, plain: boolean, tag: string | null, pos: SourcePos): Pick<ScalarNode, 'type' | 'value'> {
  if (tag === `${TAG}str` || tag === '!') return { type: 'str', value: text };
  if (tag === `${TAG}binary`) return { type: 'str', value: decodeBinary(text, pos) };
  if (tag?.startsWith(TAG)) {
    const resolved = resolvePlainScalar(text);
    const wanted = tag.slice(TAG.length);
    if (resolved.type !== wanted) throw new InputError(`cannot decode !!str \`${text}\` as a !!${wanted}`, pos);
    return resolved;
  }
  // Quoted and block scalars are strings; so is anything under a tag yaml.v2 does not resolve.
  if (!plain || tag) return { type: 'str', value: text };
  return resolvePlainScalar(text);
}

/** yaml.v2 decodes `!!binary` with Go's base64.StdEncoding, which skips line breaks. */
function decodeBinary(text: string, pos: SourcePos): string {
  const base64 = text.replace(/[\r\n]/g, '');
  if (base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw new InputError('!!binary value contains invalid base64 data', pos);
  return Buffer.from(base64, 'base64').toString('utf8');
}
