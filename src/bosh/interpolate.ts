/**
 * `((variable))` interpolation, a port of bosh-cli's director/template/template.go
 * (`interpolateRoot`, `interpolator`, `varsTracker`): go-patch.md §2.2–§2.6.
 */
import { InputError } from '../util/errors.js';
import { sortedGoStrings } from '../util/go-sort.js';
import { cloneNode, withEntries, withItems, withValue, goTypeName, isMap, keyIdentity, type MapEntry, type ScalarNode, type SourcePos, type YNode } from '../yaml/node.js';
import { applyOp } from './patch/apply.js';
import { formatGoFloat } from '../yaml/emit-yaml.js';
import { lookupVariable, type Variables } from './vars.js';
import { variableDefinitions, type VariableDefinition } from './variable-definitions.js';
import { formattedWithoutOperands } from './flag-error.js';

export interface InterpolateOptions {
  /** `--var-errs`: fail when a variable is not given. */
  expectAllKeys?: boolean;
  /** `--var-errs-unused`: fail when a given variable is never used. */
  expectAllVarsUsed?: boolean;
}

export interface InterpolateResult {
  doc: YNode;
  /** Variables looked up but not given (first name segment), sorted. */
  missing: string[];
  /** Variables given but never looked up, sorted. */
  unused: string[];
}

/**
 * A `(( name ))` placeholder. One optional space inside each pair of parentheses is
 * bosh-cli v7.6.1+; names are `\w`, `-`, `/`, `.` and Unicode letters, with an optional `!`.
 */
export const PLACEHOLDER = /\(\( ?(!?[-/.\w\p{L}]+) ?\)\)/gu;
const WHOLE_PLACEHOLDER = /^\(\( ?(!?[-/.\w\p{L}]+) ?\)\)$/u;

/**
 * Substitutes variables into a copy of `doc` (the input is not changed). Throws for the
 * errors bosh-cli stops on; missing variables stay as text unless `expectAllKeys`.
 */
export function interpolate(doc: YNode, vars: Variables, opts: InterpolateOptions = {}): InterpolateResult {
  const definitions = variableDefinitions(doc);
  // By name, the first definition winning as bosh-cli's linear search does; cf-deployment
  // has ~200 definitions and ~800 placeholders.
  const byName = new Map<string, VariableDefinition>();
  for (const definition of definitions) if (!byName.has(definition.name)) byName.set(definition.name, definition);
  const tracker = new VarsTracker(vars, byName, new Set());

  // ExtractDefinitions: typed definitions are looked up first, in order (with a
  // --vars-store that generates them).
  for (const definition of definitions) {
    if (definition.type !== '') lookUpDefinition(tracker, definition.name);
  }
  // Removing found definitions changes the root map's entries in place (go-patch does), so
  // it gets entries of its own (the interpolated tree shares the input's): the input is never changed.
  const interpolated = new Interpolator(tracker).node(doc);
  const root = isMap(interpolated) ? withEntries(interpolated, interpolated.entries.map((e) => ({ ...e }))) : interpolated;
  const result = withoutFoundDefinitions(root, definitions, tracker);

  const missing = sortedGoStrings(tracker.missing);
  const unused = sortedGoStrings(vars.names().filter((name) => !tracker.visitedAll.has(name)));
  const problems: Error[] = [];
  if (opts.expectAllKeys && missing.length > 0) problems.push(new WrappedError('Expected to find variables', nameList(missing)));
  if (opts.expectAllVarsUsed && unused.length > 0) problems.push(new WrappedError('Expected to use variables', nameList(unused)));
  if (problems.length > 0) throw new ErrorList(problems);
  return { doc: result, missing, unused };
}

/**
 * `varsTracker`: looks up top-level names, recording which were asked for and which were
 * missing. A definition's `options` are interpolated first (in a scope that detects
 * recursion); if they need a missing variable, the variable itself counts as not found.
 */
class VarsTracker {
  readonly missing = new Set<string>();
  readonly visitedAll = new Set<string>();

  constructor(
    private readonly vars: Variables,
    private readonly definitions: ReadonlyMap<string, VariableDefinition>,
    private readonly visited: ReadonlySet<string>,
  ) {}

  get(name: string): YNode | undefined {
    this.visitedAll.add(name);
    if (this.visited.has(name)) throw new InputError('Detected recursion');
    const options = this.definitions.get(name)?.options;
    if (options) {
      const scoped = new VarsTracker(this.vars, this.definitions, new Set([...this.visited, name]));
      try {
        new Interpolator(scoped).node(options);
      } catch (error) {
        throw wrapped(`Interpolating variable '${name}' definition options`, error);
      }
      if (scoped.missing.size > 0) return undefined;
    }
    const value = this.vars.get(name);
    if (value === undefined) this.missing.add(name);
    return value;
  }
}

/**
 * `interpolator.Interpolate`: builds the interpolated document. Subtrees without a
 * substitution are shared with the input rather than copied (most of a manifest has none).
 */
class Interpolator {
  constructor(private readonly tracker: VarsTracker) {}

  node(node: YNode): YNode {
    switch (node.kind) {
      case 'seq': {
        const items = this.items(node.items);
        return items === node.items ? node : withItems(node, items);
      }
      case 'map': {
        const entries = this.entries(node.entries);
        return entries === node.entries ? node : withEntries(node, entries);
      }
      case 'scalar':
        return this.scalar(node);
    }
  }

  /** Most scalars hold no placeholder: they are passed over without a call more. */
  private scalar(node: ScalarNode): YNode {
    return node.type === 'str' && (node.value as string).includes('((') ? this.string(node) : node;
  }

  /** The same array when no item changed (no copy on the common path). */
  private items(items: YNode[]): YNode[] {
    let out: YNode[] | undefined;
    for (let i = 0; i < items.length; i++) {
      const original = items[i]!;
      const item = original.kind === 'scalar' ? this.scalar(original) : this.node(original);
      if (item === items[i]) continue;
      // A copy of the exact size (pushing would leave growth room in each of many copies).
      out ??= items.slice();
      out[i] = item;
    }
    return out ?? items;
  }

  /**
   * The value first, then the key; the same array when nothing changed. A key that becomes
   * an existing one replaces that entry's value.
   */
  private entries(entries: MapEntry[]): MapEntry[] {
    let out: MapEntry[] | undefined;
    let keyChanged = false;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      const value = entry.value.kind === 'scalar' ? this.scalar(entry.value) : this.node(entry.value);
      const key = this.scalar(entry.key);
      if (key.kind !== 'scalar') {
        throw new InputError(`Expected map key '${String(entry.key.value)}' to interpolate to a scalar but found '${goTypeName(key)}'`, entry.key.pos);
      }
      keyChanged ||= key !== entry.key;
      if (value === entry.value && key === entry.key) continue;
      // Unchanged entries are shared with the input (entries are never changed in place).
      out ??= entries.slice();
      out[i] = { key, value };
    }
    if (!out) return entries;
    return keyChanged ? lastKeyWins(out) : out;
  }

  private string(node: ScalarNode): YNode {
    const original = node.value as string;
    let text = original;
    for (const [, rawName] of original.matchAll(PLACEHOLDER)) {
      const name = rawName!.replace(/^!/, '');
      let found: YNode | undefined;
      try {
        found = lookupVariable(name, (first) => this.tracker.get(first));
      } catch (error) {
        throw wrapped(`Finding variable '${name}'`, error, node.pos);
      }
      if (found === undefined) continue;
      // A placeholder that is the whole value is replaced by the value, type and all.
      if (WHOLE_PLACEHOLDER.test(text)) return substituted(found, node.pos);
      if (found.kind !== 'scalar' || (found.type !== 'str' && found.type !== 'int')) {
        // bosh-cli passes this text through a second Sprintf: `%` verbs in it come out as Go's `%!d(MISSING)`.
        throw new InputError(
          formattedWithoutOperands(
            `Invalid type '${goTypeName(found)}' for value '${goValueText(found)}' and variable '${name}'. Supported types for interpolation within a string are integers and strings.`,
          ),
          node.pos,
        );
      }
      // Only the exact `((name))`/`((!name))` spellings are replaced, so a partial
      // `(( name ))` stays as it is (a bosh-cli quirk).
      const replacement = String(found.value);
      text = text.replaceAll(`((${name}))`, replacement).replaceAll(`((!${name}))`, replacement);
    }
    return text === original ? node : withValue(node, node.type, text);
  }
}

/** Entries whose keys were interpolated: a repeated key keeps its first place and takes the later value. */
function lastKeyWins(entries: MapEntry[]): MapEntry[] {
  const byKey = new Map<string, MapEntry>();
  for (const entry of entries) {
    const existing = byKey.get(keyIdentity(entry.key));
    if (existing) existing.value = entry.value;
    else byKey.set(keyIdentity(entry.key), { ...entry });
  }
  return [...byKey.values()];
}

/** The variable's value, positioned at the placeholder it replaces (where a user would edit). */
function substituted(value: YNode, at: SourcePos | undefined): YNode {
  const copy = cloneNode(value);
  if (at) copy.pos = at;
  return copy;
}

function lookUpDefinition(tracker: VarsTracker, name: string): YNode | undefined {
  try {
    return tracker.get(name);
  } catch (error) {
    throw wrapped('Getting all variables from variable definitions sections', error);
  }
}

/** `FoundVars`: definitions whose value was found are removed (an emptied list stays `[]`). */
function withoutFoundDefinitions(doc: YNode, definitions: readonly VariableDefinition[], tracker: VarsTracker): YNode {
  const found = definitions.filter((definition) => lookUpDefinition(tracker, definition.name) !== undefined);
  return found.reduce(
    (current, { name }) =>
      applyOp(current, {
        type: 'remove',
        path: [
          { kind: 'key', key: 'variables', optional: false },
          { kind: 'match', key: 'name', value: name, optional: false, modifiers: [] },
        ],
      }),
    doc,
  );
}

/**
 * Go's `%v` of a yaml.v2 value, for the `Invalid type` message. Map keys are sorted as
 * strings (fmt sorts mixed-type keys by type identity, which cannot be reproduced).
 */
function goValueText(node: YNode): string {
  switch (node.kind) {
    case 'seq':
      return `[${node.items.map(goValueText).join(' ')}]`;
    case 'map': {
      const pairs = node.entries.map((e) => [goValueText(e.key), goValueText(e.value)] as const);
      pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return `map[${pairs.map(([k, v]) => `${k}:${v}`).join(' ')}]`;
    }
    case 'scalar':
      if (node.type === 'null') return '<nil>';
      if (node.type !== 'float') return String(node.value);
      return { '.inf': '+Inf', '-.inf': '-Inf', '.nan': 'NaN' }[formatGoFloat(node.value as number)] ?? formatGoFloat(node.value as number);
  }
}

function nameList(names: readonly string[]): ErrorList {
  return new ErrorList(names.map((name) => new InputError(name)));
}

/** Wraps a failure in bosh-cli's context; it stays where the cause was, unless told. */
function wrapped(context: string, error: unknown, where?: SourcePos): WrappedError {
  if (!(error instanceof Error)) throw error;
  const causeAt = error instanceof InputError ? { file: error.file, line: error.line, col: error.col } : undefined;
  return new WrappedError(context, error, where ?? causeAt);
}

/**
 * bosh-utils `WrapError`. The message is laid out as bosh-cli prints errors
 * (ui/fmt.MultilineError): `context:` and the cause indented below it.
 */
export class WrappedError extends InputError {
  constructor(
    readonly context: string,
    readonly cause: Error,
    where?: Partial<SourcePos>,
  ) {
    super('', where);
    this.name = 'WrappedError';
    this.message = multilineError(this);
  }
}

/** bosh-utils `MultiError`: several errors, printed as a `- ` list. */
export class ErrorList extends InputError {
  constructor(readonly errors: readonly Error[]) {
    super('');
    this.name = 'ErrorList';
    this.message = multilineError(this);
  }
}

/** bosh-cli ui/fmt `prefixingMultilineError`. */
function multilineError(error: Error, prefix = '', bullet = ''): string {
  const inner = prefix + ' '.repeat(bullet.length);
  if (error instanceof WrappedError) return `${prefix}${bullet}${error.context}:\n${multilineError(error.cause, `${inner}  `)}`;
  if (error instanceof ErrorList) return error.errors.map((e) => multilineError(e, inner, '- ')).join('\n');
  return `${prefix}${bullet}${error.message}`;
}
