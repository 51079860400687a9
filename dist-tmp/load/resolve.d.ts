/**
 * How yaml.v2 (what BOSH uses) types a plain scalar: a port of its `resolve.go`, which is
 * YAML 1.1-like. `yes`/`on`/`y` are bools, `0755` is octal 493, `1_000` is 1000, `08` is the
 * float 8, timestamps and `12:30` stay strings.
 */
import type { ScalarNode } from './node.js';
type Resolved = Pick<ScalarNode, 'type' | 'value'>;
/** The type and value yaml.v2 gives a plain (unquoted, untagged) scalar. */
export declare function resolvePlainScalar(text: string): Resolved;
/** Would a string written plain come back as something other than that string? */
export declare function plainScalarChangesType(text: string): boolean;
export {};
