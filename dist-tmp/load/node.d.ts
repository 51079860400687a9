/**
 * The positioned document tree every stage shares.
 *
 * BOSH reads YAML with Go's yaml.v2 into `map[interface{}]interface{}`: keys keep their
 * type (`1` and `"1"` differ, `yes:` is the bool `true`), ints and floats are distinct
 * (go-patch's `test` and its `%T` error texts depend on it). Plain JS objects lose all of
 * that, so documents are trees of these nodes, each carrying where it came from.
 */
/** Where a node was read: 1-based line and column. */
export interface SourcePos {
    file: string;
    line: number;
    col: number;
}
export type ScalarType = 'str' | 'int' | 'float' | 'bool' | 'null';
interface NodeBase {
    /** Where the value was written (through an alias: the anchor). */
    pos?: SourcePos;
    /** Set when the value was copied from an anchor: where the alias was used. */
    aliasPos?: SourcePos;
}
export interface ScalarNode extends NodeBase {
    kind: 'scalar';
    type: ScalarType;
    /** `int` is a number, or a bigint beyond 2^53 (yaml.v2 keeps int64/uint64 exact). */
    value: string | number | bigint | boolean | null;
}
export interface MapEntry {
    key: ScalarNode;
    value: YNode;
}
export interface MapNode extends NodeBase {
    kind: 'map';
    entries: MapEntry[];
}
export interface SeqNode extends NodeBase {
    kind: 'seq';
    items: YNode[];
}
export type YNode = ScalarNode | MapNode | SeqNode;
export declare function scalar(type: ScalarType, value: ScalarNode['value'], pos?: SourcePos): ScalarNode;
export declare function str(value: string, pos?: SourcePos): ScalarNode;
export declare function isMap(node: YNode | undefined): node is MapNode;
export declare function isSeq(node: YNode | undefined): node is SeqNode;
export declare function isScalar(node: YNode | undefined): node is ScalarNode;
/** The entry under a string key (path tokens only ever address string keys). */
export declare function entryOf(map: MapNode, key: string): MapEntry | undefined;
export declare function get(map: MapNode, key: string): YNode | undefined;
/** Follows string keys; undefined as soon as a step is missing or not a map. */
export declare function getIn(node: YNode | undefined, keys: readonly string[]): YNode | undefined;
/** Identity of a map key as yaml.v2 compares it: type and value. */
export declare function keyIdentity(key: ScalarNode): string;
/** Sets a string key, replacing an existing entry in place or appending a new one. */
export declare function setKey(map: MapNode, key: string, value: YNode): void;
/** Go's `%T` of the value yaml.v2 would have produced; go-patch quotes it in errors. */
export declare function goTypeName(node: YNode | undefined): string;
/** A deep copy; positions are shared (they are immutable). */
export declare function cloneNode<T extends YNode>(node: T): T;
/** Type-strict deep equality, as Go's reflect.DeepEqual on yaml.v2 values (map order ignored). */
export declare function nodesEqual(a: YNode | undefined, b: YNode | undefined): boolean;
/** Plain JS for JSON output and tests: maps become objects (keys stringified), ints stay numbers. */
export declare function toPlain(node: YNode | undefined): unknown;
/**
 * Plain JS (JSON) to nodes, as the conformance data asks: integral numbers are ints,
 * other numbers floats, object keys strings.
 */
export declare function fromPlain(value: unknown, pos?: SourcePos): YNode;
export {};
