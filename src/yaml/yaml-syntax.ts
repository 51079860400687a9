/**
 * The checks eemeli/yaml's composer makes on CST tokens before it builds a node, ported from
 * its `compose/` folder (v2.9: resolve-props, resolve-end, util-contains-newline,
 * util-empty-scalar-position) so that `yaml.ts` can compose BOSH nodes straight from the CST
 * and still refuse exactly the input eemeli/yaml refuses, with its messages. What only
 * builds comments or its Document model is left out; warnings are not reported (the
 * Document model never turned them into errors either).
 */
import type { CST } from 'yaml';

/** A syntax error: the offset it is at and eemeli/yaml's message. */
export class YamlSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

export function syntaxError(offset: number, message: string): never {
  throw new YamlSyntaxError(offset, message);
}

type PropIndicator = 'doc-start' | 'explicit-key-ind' | 'map-value-ind' | 'seq-item-ind';

export interface PropsContext {
  /** Set inside flow collections: 'flow map' or 'flow sequence'. */
  flow?: string;
  indicator: PropIndicator;
  next: CST.Token | null | undefined;
  offset: number;
  parentIndent: number;
  startOnNewline: boolean;
}

/** What comes before a node: its indicator, anchor and tag (resolve-props.ts). */
export interface Props {
  found: CST.SourceToken | null;
  anchor: CST.SourceToken | null;
  tag: CST.SourceToken | null;
  comma: CST.SourceToken | null;
  hasComment: boolean;
  hasNewline: boolean;
  newlineAfterProp: CST.SourceToken | null;
  /** Offset after the last token (or the context's offset when there are none). */
  end: number;
  /** Offset of the first anchor or tag, else `end`. */
  start: number;
}

const TAB_AS_INDENT = 'Tabs are not allowed as indentation';
const PROPS_NEED_SPACE = 'Tags and anchors must be separated from the next token by white space';

export function resolveProps(tokens: readonly CST.SourceToken[], ctx: PropsContext): Props {
  const { flow, indicator, next, offset, parentIndent } = ctx;
  let atNewline = ctx.startOnNewline;
  let hasSpace = ctx.startOnNewline;
  let hasComment = false;
  let hasNewline = false;
  let reqSpace = false;
  let tab: CST.SourceToken | null = null;
  let anchor: CST.SourceToken | null = null;
  let tag: CST.SourceToken | null = null;
  let newlineAfterProp: CST.SourceToken | null = null;
  let comma: CST.SourceToken | null = null;
  let found: CST.SourceToken | null = null;
  let start: number | null = null;
  for (const token of tokens) {
    if (reqSpace) {
      if (token.type !== 'space' && token.type !== 'newline' && token.type !== 'comma') syntaxError(token.offset, PROPS_NEED_SPACE);
      reqSpace = false;
    }
    if (tab) {
      if (atNewline && token.type !== 'comment' && token.type !== 'newline') syntaxError(tab.offset, TAB_AS_INDENT);
      tab = null;
    }
    switch (token.type) {
      case 'space':
        // At the document level, tabs at line start may be leading white space before a flow
        // collection; inside one, only the parser handles indentation.
        if (!flow && (indicator !== 'doc-start' || next?.type !== 'flow-collection') && token.source.includes('\t')) tab = token;
        hasSpace = true;
        break;
      case 'comment':
        if (!hasSpace) syntaxError(token.offset, 'Comments must be separated from other tokens by white space characters');
        hasComment = true;
        atNewline = false;
        break;
      case 'newline':
        atNewline = true;
        hasNewline = true;
        if (anchor || tag) newlineAfterProp = token;
        hasSpace = true;
        break;
      case 'anchor':
        if (anchor) syntaxError(token.offset, 'A node can have at most one anchor');
        anchor = token;
        start ??= token.offset;
        atNewline = false;
        hasSpace = false;
        reqSpace = true;
        break;
      case 'tag':
        if (tag) syntaxError(token.offset, 'A node can have at most one tag');
        tag = token;
        start ??= token.offset;
        atNewline = false;
        hasSpace = false;
        reqSpace = true;
        break;
      case indicator:
        if (anchor || tag) syntaxError(token.offset, `Anchors and tags must be after the ${token.source} indicator`);
        if (found) syntaxError(token.offset, `Unexpected ${token.source} in ${flow ?? 'collection'}`);
        found = token;
        atNewline = indicator === 'seq-item-ind' || indicator === 'explicit-key-ind';
        hasSpace = false;
        break;
      case 'comma':
        if (!flow) syntaxError(token.offset, 'Unexpected comma token');
        if (comma) syntaxError(token.offset, `Unexpected , in ${flow}`);
        comma = token;
        atNewline = false;
        hasSpace = false;
        break;
      default:
        syntaxError(token.offset, `Unexpected ${token.type} token`);
    }
  }
  const last = tokens[tokens.length - 1];
  const end = last ? last.offset + last.source.length : offset;
  if (reqSpace && next && next.type !== 'space' && next.type !== 'newline' && next.type !== 'comma' && (next.type !== 'scalar' || next.source !== '')) {
    syntaxError(next.offset, PROPS_NEED_SPACE);
  }
  if (tab && ((atNewline && tab.indent <= parentIndent) || next?.type === 'block-map' || next?.type === 'block-seq')) syntaxError(tab.offset, TAB_AS_INDENT);
  return { found, anchor, tag, comma, hasComment, hasNewline, newlineAfterProp, end, start: start ?? end };
}

/** Checks what follows a node on its line (resolve-end.ts); returns the offset after it. */
export function resolveEnd(end: readonly CST.SourceToken[] | undefined, offset: number, reqSpace: boolean): number {
  if (!end) return offset;
  let hasSpace = false;
  for (const token of end) {
    switch (token.type) {
      case 'space':
      case 'newline':
        hasSpace = true;
        break;
      case 'comment':
        if (reqSpace && !hasSpace) syntaxError(token.offset, 'Comments must be separated from other tokens by white space characters');
        break;
      default:
        syntaxError(token.offset, `Unexpected ${token.type} at node end`);
    }
    offset += token.source.length;
  }
  return offset;
}

/** Does a key span lines (util-contains-newline.ts)? Implicit keys may not. */
export function containsNewline(key: CST.Token | null | undefined): boolean {
  if (!key) return false;
  switch (key.type) {
    case 'alias':
    case 'scalar':
    case 'double-quoted-scalar':
    case 'single-quoted-scalar':
      return key.source.includes('\n') || (key.end?.some((st) => st.type === 'newline') ?? false);
    case 'flow-collection':
      return key.items.some(
        (it) => it.start.some((st) => st.type === 'newline') || (it.sep?.some((st) => st.type === 'newline') ?? false) || containsNewline(it.key) || containsNewline(it.value),
      );
    default:
      return true;
  }
}

/**
 * Where an empty value is (util-empty-scalar-position.ts): after the last token before it
 * that is not white space or a comment, and after the spaces that follow that token.
 */
export function emptyScalarPosition(offset: number, before: readonly CST.SourceToken[] | undefined): number {
  if (!before) return offset;
  for (let i = before.length - 1; i >= 0; --i) {
    const token = before[i]!;
    if (token.type === 'space' || token.type === 'comment' || token.type === 'newline') {
      offset -= token.source.length;
      continue;
    }
    for (let j = i + 1; before[j]?.type === 'space'; j++) offset += before[j]!.source.length;
    break;
  }
  return offset;
}
