/**
 * YAML text -> positioned node tree, read as BOSH reads it (Go yaml.v2): YAML 1.1 scalar
 * types, duplicate keys where the last wins, positional `<<` merge keys, aliases expanded
 * into independent copies, only the first document of a stream.
 *
 * eemeli/yaml does the syntax (with the failsafe schema, so every scalar arrives as text);
 * typing, merging and alias expansion are done here to match yaml.v2 exactly.
 */
import { LineCounter } from 'yaml';
import { type YNode } from './node.js';
/** Real manifests nest about 15 levels; far deeper input is hostile or broken. */
export declare const MAX_DEPTH = 1000;
export interface ParsedYaml {
    root: YNode;
    lineCounter: LineCounter;
}
/** Parses YAML text the way BOSH does; throws InputError with file:line on bad input. */
export declare function parseYaml(text: string, file: string): YNode;
export declare function parseYamlWithLines(text: string, file: string): ParsedYaml;
