/**
 * yaml.v2's parser (libyaml's parserc, LL(1) over the scanner's tokens) fused with its
 * decode.go `parser`, which turns the events of the first document into a node tree. The
 * recursion below visits tokens in the order libyaml's state machine does, so the first
 * error met is the one yaml.v2 reports.
 */
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
}

const DEFAULT_TAG_HANDLES: readonly [string, string][] = [
  ['!', '!'],
  ['!!', 'tag:yaml.org,2002:'],
];

const NO_CHILDREN: RawNode[] = [];

export class Parser {
  private readonly scanner: Scanner;
  private tagDirectives: [string, string][] = [];
  private readonly anchors = new Map<string, RawNode>();
  /** Nesting depth of collections being parsed (guards the recursion). */
  private depth = 0;

  constructor(
    text: string,
    private readonly maxDepth: number,
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
    const type = s.type[t]!;
    let root: RawNode;
    if (type !== T_VERSION_DIRECTIVE && type !== T_TAG_DIRECTIVE && type !== T_DOCUMENT_START && type !== T_STREAM_END) {
      this.processDirectives();
      root = this.parseNode(true, false);
    } else if (type !== T_STREAM_END) {
      this.processDirectives();
      t = s.peek();
      if (s.type[t] !== T_DOCUMENT_START) this.fail('did not find expected <document start>', t);
      const [startEnd, startEndLine, startEndColumn] = this.endOf(t);
      s.skipToken();
      t = s.peek();
      const next = s.type[t]!;
      if (next === T_VERSION_DIRECTIVE || next === T_TAG_DIRECTIVE || next === T_DOCUMENT_START || next === T_DOCUMENT_END || next === T_STREAM_END) {
        root = this.emptyScalar(s.startPos[t]!, s.startLine[t]!, s.startCol[t]!);
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
    throw new YamlV2Error('parser', problem, s.startPos[token]!, s.startLine[token]!, s.startCol[token]!, context, cPos, cLine, cCol);
  }

  private failAt(problem: string, [pos, line, col]: [number, number, number], context: string, [cPos, cLine, cCol]: [number, number, number]): never {
    throw new YamlV2Error('parser', problem, pos, line, col, context, cPos, cLine, cCol);
  }

  private processDirectives(): void {
    const s = this.scanner;
    let version = false;
    const directives: [string, string][] = [];
    for (let t = s.peek(); s.type[t] === T_VERSION_DIRECTIVE || s.type[t] === T_TAG_DIRECTIVE; t = s.peek()) {
      if (s.type[t] === T_VERSION_DIRECTIVE) {
        if (version) this.fail('found duplicate %YAML directive', t);
        if (s.value[t] !== '1.1') this.fail('found incompatible YAML document', t);
        version = true;
      } else {
        const handle = s.value[t]!;
        if (directives.some(([h]) => h === handle)) this.fail('found duplicate %TAG directive', t);
        directives.push([handle, s.suffix[t]!]);
      }
      s.skipToken();
    }
    for (const [handle, prefix] of DEFAULT_TAG_HANDLES) {
      if (!directives.some(([h]) => h === handle)) directives.push([handle, prefix]);
    }
    this.tagDirectives = directives;
  }

  private node(kind: number, offset: number, line: number, column: number): RawNode {
    return { kind, tag: '', value: '', implicit: false, style: 0, offset, line, column, contentLine: line, contentColumn: column, children: NO_CHILDREN, alias: null };
  }

  private emptyScalar(offset: number, line: number, column: number): RawNode {
    const node = this.node(SCALAR_NODE, offset, line, column);
    node.contentColumn = this.scanner.columnAfterBlanks(offset, column);
    node.implicit = true;
    node.style = STYLE_PLAIN;
    return node;
  }

  /** A token's end mark, taken before the token is skipped (the queue may be reused after). */
  private endOf(t: number): [number, number, number] {
    const s = this.scanner;
    return [s.endPos[t]!, s.endLine[t]!, s.endCol[t]!];
  }

  private emptyAt([offset, line, column]: [number, number, number]): RawNode {
    return this.emptyScalar(offset, line, column);
  }

  /**
   * A value with no `:` or nothing after it: where libyaml puts it (the next token), shown
   * after what came last (the key, or the `:`), as a reader of the file would look for it.
   */
  private emptyAfterLast(t: number): RawNode {
    const s = this.scanner;
    const node = this.emptyScalar(s.startPos[t]!, s.startLine[t]!, s.startCol[t]!);
    node.contentLine = s.lastEndLine;
    node.contentColumn = s.columnAfterBlanks(s.lastEndPos, s.lastEndCol);
    return node;
  }

  /** yaml_parser_parse_node, with decode.go's anchors and aliases. */
  private parseNode(block: boolean, indentlessSequence: boolean): RawNode {
    const s = this.scanner;
    let t = s.peek();
    if (s.type[t] === T_ALIAS) {
      const node = this.node(ALIAS_NODE, s.startPos[t]!, s.startLine[t]!, s.startCol[t]!);
      node.value = s.value[t]!;
      s.skipToken();
      const anchored = this.anchors.get(node.value);
      if (!anchored) throw new YamlV2Error('decoder', `unknown anchor '${node.value}' referenced`, node.offset, node.line, node.column);
      node.alias = anchored;
      return node;
    }
    const start: [number, number, number] = [s.startPos[t]!, s.startLine[t]!, s.startCol[t]!];
    let end: [number, number, number] = start;
    let anchor: string | null = null;
    let hasTag = false;
    let handle = '';
    let suffix = '';
    let tagMark: [number, number, number] = start;
    const takeTag = (): void => {
      hasTag = true;
      handle = s.value[t]!;
      suffix = s.suffix[t]!;
      tagMark = this.markOf(t);
    };
    if (s.type[t] === T_ANCHOR) {
      anchor = s.value[t]!;
      end = [s.endPos[t]!, s.endLine[t]!, s.endCol[t]!];
      s.skipToken();
      t = s.peek();
      if (s.type[t] === T_TAG) {
        takeTag();
        end = [s.endPos[t]!, s.endLine[t]!, s.endCol[t]!];
        s.skipToken();
        t = s.peek();
      }
    } else if (s.type[t] === T_TAG) {
      takeTag();
      end = [s.endPos[t]!, s.endLine[t]!, s.endCol[t]!];
      s.skipToken();
      t = s.peek();
      if (s.type[t] === T_ANCHOR) {
        anchor = s.value[t]!;
        end = [s.endPos[t]!, s.endLine[t]!, s.endCol[t]!];
        s.skipToken();
        t = s.peek();
      }
    }
    let tag = '';
    if (hasTag) {
      if (handle === '') tag = suffix;
      else {
        const directive = this.tagDirectives.find(([h]) => h === handle);
        if (directive) tag = directive[1] + suffix;
        if (tag === '') this.failAt('found undefined tag handle', tagMark, 'while parsing a node', start);
      }
    }
    const implicit = tag === '';
    const type = s.type[t]!;
    const [offset, line, column] = start;
    // With properties, the content starts at the next token (or, with none, after them).
    const content: [number, number] = anchor !== null || hasTag ? (this.isContent(type, block, indentlessSequence) ? [s.startLine[t]!, s.startCol[t]!] : [end[1], end[2]]) : [line, column];
    if (indentlessSequence && type === T_BLOCK_ENTRY) {
      const node = this.collection(SEQUENCE_NODE, start, tag, anchor, content);
      this.parseIndentlessSequence(node);
      return this.leave(node);
    }
    if (type === T_SCALAR) {
      const node = this.node(SCALAR_NODE, offset, line, column);
      [node.contentLine, node.contentColumn] = content;
      node.tag = tag;
      node.value = s.value[t]!;
      node.style = s.style[t]!;
      node.implicit = (tag === '' && node.style === STYLE_PLAIN) || tag === '!';
      if (anchor !== null) this.anchors.set(anchor, node);
      s.skipToken();
      return node;
    }
    if (type === T_FLOW_SEQUENCE_START) {
      const node = this.collection(SEQUENCE_NODE, start, tag, anchor, content);
      this.parseFlowSequence(node);
      return this.leave(node);
    }
    if (type === T_FLOW_MAPPING_START) {
      const node = this.collection(MAPPING_NODE, start, tag, anchor, content);
      this.parseFlowMapping(node);
      return this.leave(node);
    }
    if (block && type === T_BLOCK_SEQUENCE_START) {
      const node = this.collection(SEQUENCE_NODE, start, tag, anchor, content);
      this.parseBlockSequence(node);
      return this.leave(node);
    }
    if (block && type === T_BLOCK_MAPPING_START) {
      const node = this.collection(MAPPING_NODE, start, tag, anchor, content);
      this.parseBlockMapping(node);
      return this.leave(node);
    }
    if (anchor !== null || hasTag) {
      // Properties without content: an empty scalar.
      const node = this.node(SCALAR_NODE, offset, line, column);
      [node.contentLine, node.contentColumn] = content;
      node.tag = tag;
      node.implicit = implicit;
      node.style = STYLE_PLAIN;
      if (anchor !== null) this.anchors.set(anchor, node);
      return node;
    }
    return this.fail('did not find expected node content', t, block ? 'while parsing a block node' : 'while parsing a flow node', start);
  }

  private isContent(type: number, block: boolean, indentlessSequence: boolean): boolean {
    return (
      type === T_SCALAR ||
      type === T_FLOW_SEQUENCE_START ||
      type === T_FLOW_MAPPING_START ||
      (block && (type === T_BLOCK_SEQUENCE_START || type === T_BLOCK_MAPPING_START)) ||
      (indentlessSequence && type === T_BLOCK_ENTRY)
    );
  }

  /** A collection node, anchored before its content is parsed (as decode.go does). */
  private collection(kind: number, [offset, line, column]: [number, number, number], tag: string, anchor: string | null, content?: [number, number]): RawNode {
    const node = this.node(kind, offset, line, column);
    if (content) [node.contentLine, node.contentColumn] = content;
    node.tag = tag;
    node.children = [];
    if (anchor !== null) this.anchors.set(anchor, node);
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
    return [s.startPos[t]!, s.startLine[t]!, s.startCol[t]!];
  }

  private parseBlockSequence(node: RawNode): void {
    const s = this.scanner;
    const context = this.markOf(s.peek());
    s.skipToken();
    for (;;) {
      let t = s.peek();
      if (s.type[t] === T_BLOCK_ENTRY) {
        const at = this.endOf(t);
        s.skipToken();
        t = s.peek();
        if (s.type[t] !== T_BLOCK_ENTRY && s.type[t] !== T_BLOCK_END) node.children.push(this.parseNode(true, false));
        else node.children.push(this.emptyAt(at));
      } else if (s.type[t] === T_BLOCK_END) {
        s.skipToken();
        return;
      } else this.fail("did not find expected '-' indicator", t, 'while parsing a block collection', context);
    }
  }

  private parseIndentlessSequence(node: RawNode): void {
    const s = this.scanner;
    for (;;) {
      let t = s.peek();
      if (s.type[t] !== T_BLOCK_ENTRY) return;
      const at = this.endOf(t);
      s.skipToken();
      t = s.peek();
      const type = s.type[t];
      if (type !== T_BLOCK_ENTRY && type !== T_KEY && type !== T_VALUE && type !== T_BLOCK_END) node.children.push(this.parseNode(true, false));
      else node.children.push(this.emptyAt(at));
    }
  }

  private parseBlockMapping(node: RawNode): void {
    const s = this.scanner;
    const context = this.markOf(s.peek());
    s.skipToken();
    for (;;) {
      let t = s.peek();
      if (s.type[t] === T_KEY) {
        const at = this.endOf(t);
        s.skipToken();
        t = s.peek();
        const type = s.type[t];
        if (type !== T_KEY && type !== T_VALUE && type !== T_BLOCK_END) node.children.push(this.parseNode(true, true));
        else node.children.push(this.emptyAt(at));
      } else if (s.type[t] === T_BLOCK_END) {
        s.skipToken();
        return;
      } else this.fail('did not find expected key', t, 'while parsing a block mapping', context);
      // The value.
      t = s.peek();
      if (s.type[t] === T_VALUE) {
        const at = this.endOf(t);
        s.skipToken();
        t = s.peek();
        const type = s.type[t];
        if (type !== T_KEY && type !== T_VALUE && type !== T_BLOCK_END) node.children.push(this.parseNode(true, true));
        else node.children.push(this.emptyAt(at));
      } else node.children.push(this.emptyAfterLast(t));
    }
  }

  private parseFlowSequence(node: RawNode): void {
    const s = this.scanner;
    const context = this.markOf(s.peek());
    s.skipToken();
    for (let first = true; ; first = false) {
      let t = s.peek();
      if (s.type[t] !== T_FLOW_SEQUENCE_END) {
        if (!first) {
          if (s.type[t] !== T_FLOW_ENTRY) this.fail("did not find expected ',' or ']'", t, 'while parsing a flow sequence', context);
          s.skipToken();
          t = s.peek();
        }
        if (s.type[t] === T_KEY) {
          node.children.push(this.parseFlowSequencePair(t));
          continue;
        }
        if (s.type[t] !== T_FLOW_SEQUENCE_END) {
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
    let type = s.type[t];
    if (type !== T_VALUE && type !== T_FLOW_ENTRY && type !== T_FLOW_SEQUENCE_END) pair.children.push(this.parseNode(false, false));
    else {
      // libyaml consumes the token that follows an empty key here.
      pair.children.push(this.emptyAt(this.endOf(t)));
      s.skipToken();
    }
    t = s.peek();
    if (s.type[t] === T_VALUE) {
      const valueStart = this.markOf(t);
      s.skipToken();
      t = s.peek();
      type = s.type[t];
      if (type !== T_FLOW_ENTRY && type !== T_FLOW_SEQUENCE_END) pair.children.push(this.parseNode(false, false));
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
      if (s.type[t] !== T_FLOW_MAPPING_END) {
        if (!first) {
          if (s.type[t] !== T_FLOW_ENTRY) this.fail("did not find expected ',' or '}'", t, 'while parsing a flow mapping', context);
          s.skipToken();
          t = s.peek();
        }
        if (s.type[t] === T_KEY) {
          s.skipToken();
          t = s.peek();
          const type = s.type[t];
          if (type !== T_VALUE && type !== T_FLOW_ENTRY && type !== T_FLOW_MAPPING_END) node.children.push(this.parseNode(false, false));
          else node.children.push(this.emptyAfterLast(t));
          this.parseFlowMappingValue(node);
          continue;
        }
        if (s.type[t] !== T_FLOW_MAPPING_END) {
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
    if (s.type[t] === T_VALUE) {
      s.skipToken();
      t = s.peek();
      const type = s.type[t];
      if (type !== T_FLOW_ENTRY && type !== T_FLOW_MAPPING_END) {
        node.children.push(this.parseNode(false, false));
        return;
      }
    }
    node.children.push(this.emptyAfterLast(t));
  }
}
