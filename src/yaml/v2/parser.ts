/**
 * yaml.v2's parser (libyaml's parserc, LL(1) over the scanner's tokens) fused with its
 * decode.go `parser`, which turns the events of the first document into a node tree. The
 * recursion below visits tokens in the order libyaml's state machine does, so the first
 * error met is the one yaml.v2 reports.
 */
import type { YNode } from '../node.js';
import { YamlV2Error } from './error.js';
import {
  Scanner,
  STYLE_PLAIN,
  T_ALIAS,
  T_ANCHOR,
  T_BLOCK_END,
  T_BLOCK_ENTRY,
  T_BLOCK_MAPPING_START,
  T_BLOCK_SEQUENCE_START,
  T_DOCUMENT_END,
  T_DOCUMENT_START,
  T_FLOW_ENTRY,
  T_FLOW_MAPPING_END,
  T_FLOW_MAPPING_START,
  T_FLOW_SEQUENCE_END,
  T_FLOW_SEQUENCE_START,
  T_KEY,
  T_SCALAR,
  T_STREAM_END,
  T_TAG,
  T_TAG_DIRECTIVE,
  T_VALUE,
  T_VERSION_DIRECTIVE,
} from './scanner.js';

export const SCALAR_NODE = 1;
export const SEQUENCE_NODE = 2;
export const MAPPING_NODE = 3;
export const ALIAS_NODE = 4;
/** A collection already decoded while the document was being parsed (`decoded`, `weight`). */
export const DECODED_NODE = 5;

/** A node as yaml.v2's parser builds it, before decoding. */
export interface RawNode {
  kind: number;
  /** The resolved tag (`tag:yaml.org,2002:str`, `!`, `!foo`), or '' when none was written. */
  tag: string;
  /** A scalar's text; an alias's anchor name. */
  value: string;
  /** A plain scalar without tag (or with the non-specific `!`): its type comes from its text. */
  implicit: boolean;
  style: number;
  /** Where yaml.v2 says the node is (its anchor or tag, if it has them): 0-based. */
  offset: number;
  line: number;
  column: number;
  /** Where its content starts, after any anchor and tag: what a finding points at. 0-based. */
  contentLine: number;
  contentColumn: number;
  /** A collection's items; a map's keys and values alternate. */
  children: RawNode[];
  /** The node an alias stands for. */
  alias: RawNode | null;
  /** An anchor names it: aliases may decode it again. */
  anchored: boolean;
  /** A DECODED_NODE's value. */
  decoded: YNode | null;
  /** A DECODED_NODE's count of nodes, as yaml.v2's decoder counts them. */
  weight: number;
}

/**
 * Turns a collection the parser has just finished into a DECODED_NODE (or returns it as it
 * is), so a large document never exists as a whole tree of parsed nodes beside its decoded
 * one. The parser offers only collections no alias can reach and that hold no alias.
 */
export type Settle = (node: RawNode) => RawNode;

const DEFAULT_TAG_HANDLES: readonly [string, string][] = [
  ['!', '!'],
  ['!!', 'tag:yaml.org,2002:'],
];

/** Shared by nodes without children (never added to). */
export const NO_CHILDREN: RawNode[] = [];

export class Parser {
  private readonly scanner: Scanner;
  private tagDirectives: [string, string][] = [];
  private readonly anchors = new Map<string, RawNode>();
  /** Nesting depth of collections being parsed (guards the recursion). */
  private depth = 0;
  /**
   * Open collections whose parsed nodes must be kept for the decoder: anchored ones (an
   * alias decodes them again) and merge values (a merge reads their pairs).
   */
  private pinned = 0;
  /** Aliases parsed so far: a collection that saw this change holds one. */
  private aliasesSeen = 0;

  constructor(
    text: string,
    private readonly maxDepth: number,
    private readonly settle?: Settle,
  ) {
    this.scanner = new Scanner(text === '' ? '\n' : text);
  }

  /** How far the scanner read: what yaml.v2's reader had to decode. */
  get scannedTo(): number {
    return this.scanner.offset;
  }

  /** The first document's root, or null for a stream without documents. */
  parseFirstDocument(): RawNode | null {
    const s = this.scanner;
    s.peek();
    s.skipToken(); // STREAM-START
    let t = s.peek();
    const type = s.typeAt(t);
    let root: RawNode;
    if (type !== T_VERSION_DIRECTIVE && type !== T_TAG_DIRECTIVE && type !== T_DOCUMENT_START && type !== T_STREAM_END) {
      this.processDirectives();
      root = this.parseNode(true, false);
    } else if (type !== T_STREAM_END) {
      this.processDirectives();
      t = s.peek();
      if (s.typeAt(t) !== T_DOCUMENT_START) this.fail('did not find expected <document start>', t);
      const [startEnd, startEndLine, startEndColumn] = this.endOf(t);
      s.skipToken();
      t = s.peek();
      const next = s.typeAt(t);
      if (next === T_VERSION_DIRECTIVE || next === T_TAG_DIRECTIVE || next === T_DOCUMENT_START || next === T_DOCUMENT_END || next === T_STREAM_END) {
        root = this.emptyScalar(s.startPos(t), s.startLine(t), s.startCol(t));
        // An empty document is shown after its `---`.
        root.contentLine = startEndLine;
        root.contentColumn = this.scanner.columnAfterBlanks(startEnd, startEndColumn);
      } else root = this.parseNode(true, false);
    } else return null;
    // The document's end: yaml.v2 looks at the token after the root and stops there.
    s.peek();
    return root;
  }

  private fail(problem: string, token: number, context = '', contextToken?: [number, number, number]): never {
    const s = this.scanner;
    const [cPos, cLine, cCol] = contextToken ?? [0, 0, 0];
    throw new YamlV2Error('parser', problem, s.startPos(token), s.startLine(token), s.startCol(token), context, cPos, cLine, cCol);
  }

  private failAt(problem: string, [pos, line, col]: [number, number, number], context: string, [cPos, cLine, cCol]: [number, number, number]): never {
    throw new YamlV2Error('parser', problem, pos, line, col, context, cPos, cLine, cCol);
  }

  private processDirectives(): void {
    const s = this.scanner;
    let version = false;
    const directives: [string, string][] = [];
    for (let t = s.peek(); s.typeAt(t) === T_VERSION_DIRECTIVE || s.typeAt(t) === T_TAG_DIRECTIVE; t = s.peek()) {
      if (s.typeAt(t) === T_VERSION_DIRECTIVE) {
        if (version) this.fail('found duplicate %YAML directive', t);
        if (s.valueAt(t) !== '1.1') this.fail('found incompatible YAML document', t);
        version = true;
      } else {
        const handle = s.valueAt(t);
        if (directives.some(([h]) => h === handle)) this.fail('found duplicate %TAG directive', t);
        directives.push([handle, s.suffixAt(t)]);
      }
      s.skipToken();
    }
    for (const [handle, prefix] of DEFAULT_TAG_HANDLES) {
      if (!directives.some(([h]) => h === handle)) directives.push([handle, prefix]);
    }
    this.tagDirectives = directives;
  }

  private node(kind: number, offset: number, line: number, column: number): RawNode {
    return { kind, tag: '', value: '', implicit: false, style: 0, offset, line, column, contentLine: line, contentColumn: column, children: NO_CHILDREN, alias: null, anchored: false, decoded: null, weight: 0 };
  }

  private emptyScalar(offset: number, line: number, column: number): RawNode {
    const node = this.node(SCALAR_NODE, offset, line, column);
    node.contentColumn = this.scanner.columnAfterBlanks(offset, column);
    node.implicit = true;
    node.style = STYLE_PLAIN;
    return node;
  }

  private anchor(name: string, node: RawNode): void {
    node.anchored = true;
    this.anchors.set(name, node);
  }

  /** A token's end mark, taken before the token is skipped (the queue may be reused after). */
  private endOf(t: number): [number, number, number] {
    const s = this.scanner;
    return [s.endPos(t), s.endLine(t), s.endCol(t)];
  }

  private emptyAt([offset, line, column]: [number, number, number]): RawNode {
    return this.emptyScalar(offset, line, column);
  }

  /** An empty node where the token just skipped (a `-`, `?` or `:`) ended. */
  private emptyAfterSkipped(): RawNode {
    const s = this.scanner;
    return this.emptyScalar(s.lastEndPos, s.lastEndLine, s.lastEndCol);
  }

  /**
   * A value with no `:` or nothing after it: where libyaml puts it (the next token), shown
   * after what came last (the key, or the `:`), as a reader of the file would look for it.
   */
  private emptyAfterLast(t: number): RawNode {
    const s = this.scanner;
    const node = this.emptyScalar(s.startPos(t), s.startLine(t), s.startCol(t));
    node.contentLine = s.lastEndLine;
    node.contentColumn = s.columnAfterBlanks(s.lastEndPos, s.lastEndCol);
    return node;
  }

  /** yaml_parser_parse_node, with decode.go's anchors and aliases. */
  private parseNode(block: boolean, indentlessSequence: boolean): RawNode {
    const s = this.scanner;
    let t = s.peek();
    const first = s.typeAt(t);
    if (first === T_ALIAS) {
      const node = this.node(ALIAS_NODE, s.startPos(t), s.startLine(t), s.startCol(t));
      node.value = s.valueAt(t);
      s.skipToken();
      const anchored = this.anchors.get(node.value);
      if (!anchored) throw new YamlV2Error('decoder', `unknown anchor '${node.value}' referenced`, node.offset, node.line, node.column);
      node.alias = anchored;
      this.aliasesSeen++;
      return node;
    }
    const offset = s.startPos(t);
    const line = s.startLine(t);
    const column = s.startCol(t);
    let anchor: string | null = null;
    let tag = '';
    if (first === T_ANCHOR || first === T_TAG) {
      let hasTag = false;
      let handle = '';
      let suffix = '';
      let tagMark: [number, number, number] = [offset, line, column];
      // Anchor and tag, in either order.
      for (let i = 0; i < 2; i++) {
        if (anchor === null && s.typeAt(t) === T_ANCHOR) anchor = s.valueAt(t);
        else if (!hasTag && s.typeAt(t) === T_TAG) {
          hasTag = true;
          handle = s.valueAt(t);
          suffix = s.suffixAt(t);
          tagMark = this.markOf(t);
        } else break;
        s.skipToken();
        t = s.peek();
      }
      if (hasTag) {
        if (handle === '') tag = suffix;
        else {
          const directive = this.tagDirectives.find(([h]) => h === handle);
          if (directive) tag = directive[1] + suffix;
          if (tag === '') this.failAt('found undefined tag handle', tagMark, 'while parsing a node', [offset, line, column]);
        }
      }
      const type = s.typeAt(t);
      const node = this.content(type, t, block, indentlessSequence, offset, line, column, tag, anchor);
      if (node) return node;
      // Properties without content: an empty scalar, shown after them.
      const empty = this.node(SCALAR_NODE, offset, line, column);
      empty.contentLine = s.lastEndLine;
      empty.contentColumn = s.lastEndCol;
      empty.tag = tag;
      empty.implicit = tag === '';
      empty.style = STYLE_PLAIN;
      if (anchor !== null) this.anchor(anchor, empty);
      return empty;
    }
    const node = this.content(first, t, block, indentlessSequence, offset, line, column, '', null);
    if (node) return node;
    return this.fail('did not find expected node content', t, block ? 'while parsing a block node' : 'while parsing a flow node', [offset, line, column]);
  }

  /** The node's content, from the token `t`; null when it has none. */
  private content(type: number, t: number, block: boolean, indentlessSequence: boolean, offset: number, line: number, column: number, tag: string, anchor: string | null): RawNode | null {
    const s = this.scanner;
    let node: RawNode;
    if (type === T_SCALAR) {
      node = this.node(SCALAR_NODE, offset, line, column);
      node.tag = tag;
      node.value = s.valueAt(t);
      node.style = s.styleAt(t);
      node.implicit = (tag === '' && node.style === STYLE_PLAIN) || tag === '!';
    } else if (
      (indentlessSequence && type === T_BLOCK_ENTRY) ||
      type === T_FLOW_SEQUENCE_START ||
      type === T_FLOW_MAPPING_START ||
      (block && (type === T_BLOCK_SEQUENCE_START || type === T_BLOCK_MAPPING_START))
    ) {
      node = this.node(type === T_FLOW_MAPPING_START || type === T_BLOCK_MAPPING_START ? MAPPING_NODE : SEQUENCE_NODE, offset, line, column);
      node.tag = tag;
      node.children = [];
      if (++this.depth > this.maxDepth) throw new YamlV2Error('decoder', `nesting is deeper than ${this.maxDepth} levels`, offset, line, column);
    } else return null;
    // With properties, the content starts at its own token.
    node.contentLine = s.startLine(t);
    node.contentColumn = s.startCol(t);
    // A node is anchored before its content is parsed (decode.go), so it may alias itself.
    if (anchor !== null) this.anchor(anchor, node);
    if (type === T_SCALAR) {
      s.skipToken();
      return node;
    }
    const aliasesBefore = this.aliasesSeen;
    if (anchor !== null) this.pinned++;
    switch (type) {
      case T_BLOCK_ENTRY:
        this.parseIndentlessSequence(node);
        break;
      case T_FLOW_SEQUENCE_START:
        this.parseFlowSequence(node);
        break;
      case T_FLOW_MAPPING_START:
        this.parseFlowMapping(node);
        break;
      case T_BLOCK_SEQUENCE_START:
        this.parseBlockSequence(node);
        break;
      default:
        this.parseBlockMapping(node);
    }
    this.depth--;
    if (anchor !== null) this.pinned--;
    if (this.settle && this.pinned === 0 && anchor === null && this.aliasesSeen === aliasesBefore) return this.settle(node);
    return node;
  }

  /** A mapping's value: a merge's value is kept as parsed (the decoder reads its pairs). */
  private mappingValue(key: RawNode, block: boolean): RawNode {
    if (!mayBeMergeKey(key)) return this.parseNode(block, block);
    this.pinned++;
    try {
      return this.parseNode(block, block);
    } finally {
      this.pinned--;
    }
  }

  /** A collection node, anchored before its content is parsed (as decode.go does). */
  private collection(kind: number, [offset, line, column]: [number, number, number], tag: string, anchor: string | null, content?: [number, number]): RawNode {
    const node = this.node(kind, offset, line, column);
    if (content) [node.contentLine, node.contentColumn] = content;
    node.tag = tag;
    node.children = [];
    if (anchor !== null) this.anchor(anchor, node);
    if (++this.depth > this.maxDepth) {
      throw new YamlV2Error('decoder', `nesting is deeper than ${this.maxDepth} levels`, offset, line, column);
    }
    return node;
  }

  private leave(node: RawNode): RawNode {
    this.depth--;
    return node;
  }

  private markOf(t: number): [number, number, number] {
    const s = this.scanner;
    return [s.startPos(t), s.startLine(t), s.startCol(t)];
  }

  private parseBlockSequence(node: RawNode): void {
    const s = this.scanner;
    const context = this.markOf(s.peek());
    s.skipToken();
    for (;;) {
      const type = s.peekType();
      if (type === T_BLOCK_ENTRY) {
        s.skipToken();
        const next = s.peekType();
        if (next !== T_BLOCK_ENTRY && next !== T_BLOCK_END) node.children.push(this.parseNode(true, false));
        else node.children.push(this.emptyAfterSkipped());
      } else if (type === T_BLOCK_END) {
        s.skipToken();
        return;
      } else this.fail("did not find expected '-' indicator", s.peek(), 'while parsing a block collection', context);
    }
  }

  private parseIndentlessSequence(node: RawNode): void {
    const s = this.scanner;
    for (;;) {
      if (s.peekType() !== T_BLOCK_ENTRY) return;
      s.skipToken();
      const type = s.peekType();
      if (type !== T_BLOCK_ENTRY && type !== T_KEY && type !== T_VALUE && type !== T_BLOCK_END) node.children.push(this.parseNode(true, false));
      else node.children.push(this.emptyAfterSkipped());
    }
  }

  private parseBlockMapping(node: RawNode): void {
    const s = this.scanner;
    const context = this.markOf(s.peek());
    s.skipToken();
    for (;;) {
      const type = s.peekType();
      if (type === T_KEY) {
        s.skipToken();
        const next = s.peekType();
        if (next !== T_KEY && next !== T_VALUE && next !== T_BLOCK_END) node.children.push(this.parseNode(true, true));
        else node.children.push(this.emptyAfterSkipped());
      } else if (type === T_BLOCK_END) {
        s.skipToken();
        return;
      } else this.fail('did not find expected key', s.peek(), 'while parsing a block mapping', context);
      // The value.
      if (s.peekType() === T_VALUE) {
        s.skipToken();
        const next = s.peekType();
        if (next !== T_KEY && next !== T_VALUE && next !== T_BLOCK_END) node.children.push(this.mappingValue(node.children[node.children.length - 1]!, true));
        else node.children.push(this.emptyAfterSkipped());
      } else node.children.push(this.emptyAfterLast(s.peek()));
    }
  }

  private parseFlowSequence(node: RawNode): void {
    const s = this.scanner;
    const context = this.markOf(s.peek());
    s.skipToken();
    for (let first = true; ; first = false) {
      let t = s.peek();
      if (s.typeAt(t) !== T_FLOW_SEQUENCE_END) {
        if (!first) {
          if (s.typeAt(t) !== T_FLOW_ENTRY) this.fail("did not find expected ',' or ']'", t, 'while parsing a flow sequence', context);
          s.skipToken();
          t = s.peek();
        }
        if (s.typeAt(t) === T_KEY) {
          node.children.push(this.parseFlowSequencePair(t));
          continue;
        }
        if (s.typeAt(t) !== T_FLOW_SEQUENCE_END) {
          node.children.push(this.parseNode(false, false));
          continue;
        }
      }
      s.skipToken();
      return;
    }
  }

  /** `[a: b]`: a single-pair mapping inside a flow sequence. */
  private parseFlowSequencePair(keyToken: number): RawNode {
    const s = this.scanner;
    const pair = this.collection(MAPPING_NODE, this.markOf(keyToken), '', null);
    s.skipToken();
    let t = s.peek();
    let type = s.typeAt(t);
    if (type !== T_VALUE && type !== T_FLOW_ENTRY && type !== T_FLOW_SEQUENCE_END) pair.children.push(this.parseNode(false, false));
    else {
      // libyaml consumes the token that follows an empty key here.
      pair.children.push(this.emptyAt(this.endOf(t)));
      s.skipToken();
    }
    t = s.peek();
    if (s.typeAt(t) === T_VALUE) {
      const valueStart = this.markOf(t);
      s.skipToken();
      t = s.peek();
      type = s.typeAt(t);
      if (type !== T_FLOW_ENTRY && type !== T_FLOW_SEQUENCE_END) pair.children.push(this.mappingValue(pair.children[0]!, false));
      else pair.children.push(this.emptyAt(valueStart));
    } else pair.children.push(this.emptyAfterLast(t));
    return this.leave(pair);
  }

  private parseFlowMapping(node: RawNode): void {
    const s = this.scanner;
    const context = this.markOf(s.peek());
    s.skipToken();
    for (let first = true; ; first = false) {
      let t = s.peek();
      if (s.typeAt(t) !== T_FLOW_MAPPING_END) {
        if (!first) {
          if (s.typeAt(t) !== T_FLOW_ENTRY) this.fail("did not find expected ',' or '}'", t, 'while parsing a flow mapping', context);
          s.skipToken();
          t = s.peek();
        }
        if (s.typeAt(t) === T_KEY) {
          s.skipToken();
          t = s.peek();
          const type = s.typeAt(t);
          if (type !== T_VALUE && type !== T_FLOW_ENTRY && type !== T_FLOW_MAPPING_END) node.children.push(this.parseNode(false, false));
          else node.children.push(this.emptyAfterLast(t));
          this.parseFlowMappingValue(node);
          continue;
        }
        if (s.typeAt(t) !== T_FLOW_MAPPING_END) {
          node.children.push(this.parseNode(false, false));
          node.children.push(this.emptyAfterLast(s.peek()));
          continue;
        }
      }
      s.skipToken();
      return;
    }
  }

  private parseFlowMappingValue(node: RawNode): void {
    const s = this.scanner;
    let t = s.peek();
    if (s.typeAt(t) === T_VALUE) {
      s.skipToken();
      t = s.peek();
      const type = s.typeAt(t);
      if (type !== T_FLOW_ENTRY && type !== T_FLOW_MAPPING_END) {
        node.children.push(this.mappingValue(node.children[node.children.length - 1]!, false));
        return;
      }
    }
    node.children.push(this.emptyAfterLast(t));
  }
}

/** A key that may make its value a merge (isMergeKey's `<<`, however tagged). */
function mayBeMergeKey(key: RawNode): boolean {
  return key.kind === SCALAR_NODE && key.value === '<<';
}
