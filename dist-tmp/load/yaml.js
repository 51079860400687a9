/**
 * YAML text -> positioned node tree, read as BOSH reads it (Go yaml.v2): YAML 1.1 scalar
 * types, duplicate keys where the last wins, positional `<<` merge keys, aliases expanded
 * into independent copies, only the first document of a stream.
 *
 * eemeli/yaml does the syntax (with the failsafe schema, so every scalar arrives as text);
 * typing, merging and alias expansion are done here to match yaml.v2 exactly.
 */
import { Alias, LineCounter, Scalar, YAMLMap, YAMLSeq, parseAllDocuments } from 'yaml';
import { InputError } from '../errors.js';
import { cloneNode, keyIdentity, scalar } from './node.js';
import { resolvePlainScalar } from './resolve.js';
/** Real manifests nest about 15 levels; far deeper input is hostile or broken. */
export const MAX_DEPTH = 1000;
const TAG = 'tag:yaml.org,2002:';
/** Parses YAML text the way BOSH does; throws InputError with file:line on bad input. */
export function parseYaml(text, file) {
    return parseYamlWithLines(text, file).root;
}
export function parseYamlWithLines(text, file) {
    const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
    const lineCounter = new LineCounter();
    const docs = parseAllDocuments(source, { schema: 'failsafe', uniqueKeys: false, lineCounter, prettyErrors: false });
    const first = (Array.isArray(docs) ? docs[0] : undefined);
    const at = (offset) => {
        const { line, col } = lineCounter.linePos(offset);
        return { file, line, col };
    };
    if (!first)
        return { root: scalar('null', null, at(0)), lineCounter };
    const error = first.errors[0];
    if (error)
        throw new InputError(`invalid YAML: ${firstLine(error.message)}`, at(error.pos[0]));
    const converter = new Converter(first, at);
    return { root: converter.convert(first.contents, 0, 0), lineCounter };
}
function firstLine(message) {
    return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}
/**
 * yaml.v2's guard against alias bombs ("billion laughs"): the share of nodes decoded
 * through aliases may not exceed a ratio that shrinks as the document grows.
 */
function allowedAliasRatio(decodeCount) {
    if (decodeCount <= 400_000)
        return 0.99;
    if (decodeCount >= 4_000_000)
        return 0.1;
    return 0.99 - 0.89 * ((decodeCount - 400_000) / 3_600_000);
}
function countNodes(node) {
    if (node.kind === 'scalar')
        return 1;
    if (node.kind === 'seq')
        return node.items.reduce((n, item) => n + countNodes(item), 1);
    return node.entries.reduce((n, e) => n + 1 + countNodes(e.value), 1);
}
function markAliasUse(node, aliasPos) {
    node.aliasPos = aliasPos;
    if (node.kind === 'map')
        for (const e of node.entries)
            markAliasUse(e.value, aliasPos);
    if (node.kind === 'seq')
        for (const item of node.items)
            markAliasUse(item, aliasPos);
}
class Converter {
    doc;
    at;
    anchored = new Map();
    decodeCount = 0;
    aliasCount = 0;
    constructor(doc, at) {
        this.doc = doc;
        this.at = at;
    }
    convert(node, depth, fallbackOffset) {
        if (depth > MAX_DEPTH) {
            const offset = node?.range?.[0] ?? fallbackOffset;
            throw new InputError(`YAML nesting is deeper than ${MAX_DEPTH} levels`, this.at(offset));
        }
        this.decodeCount++;
        if (node === null || node === undefined)
            return scalar('null', null, this.at(fallbackOffset));
        if (node instanceof Alias)
            return this.expandAlias(node, depth);
        const result = this.convertNode(node, depth);
        if (node.anchor)
            this.anchored.set(node, result);
        return result;
    }
    convertNode(node, depth) {
        const pos = this.at(node.range?.[0] ?? 0);
        if (node instanceof Scalar)
            return { kind: 'scalar', ...this.scalarOf(node, pos), pos };
        if (node instanceof YAMLSeq) {
            return { kind: 'seq', items: node.items.map((item) => this.convert(item, depth + 1, node.range?.[0] ?? 0)), pos };
        }
        if (node instanceof YAMLMap)
            return this.convertMap(node, depth, pos);
        throw new InputError('unsupported YAML node', pos);
    }
    convertMap(node, depth, pos) {
        const map = { kind: 'map', entries: [], pos };
        const index = new Map();
        const set = (entry) => {
            const id = keyIdentity(entry.key);
            const existing = index.get(id);
            // yaml.v2 decodes into a Go map: a repeated key silently replaces the earlier value.
            if (existing) {
                existing.key = entry.key;
                existing.value = entry.value;
            }
            else {
                index.set(id, entry);
                map.entries.push(entry);
            }
        };
        for (const pair of node.items) {
            const keyNode = pair.key;
            const valueOffset = keyNode?.range?.[1] ?? node.range?.[0] ?? 0;
            if (keyNode instanceof Scalar && keyNode.type === 'PLAIN' && keyNode.value === '<<' && !keyNode.tag) {
                for (const entry of this.mergeSources(pair.value, depth, keyNode))
                    set({ key: entry.key, value: entry.value });
                continue;
            }
            const key = this.convert(keyNode, depth + 1, node.range?.[0] ?? 0);
            if (key.kind !== 'scalar')
                throw new InputError('map keys must be scalars (BOSH cannot address complex keys)', key.pos);
            set({ key, value: this.convert(pair.value, depth + 1, valueOffset) });
        }
        return map;
    }
    /** The entries a `<<` merge contributes, in the order that makes earlier sources win. */
    mergeSources(value, depth, keyNode) {
        const where = this.at(keyNode.range?.[0] ?? 0);
        const wantMap = () => {
            throw new InputError('map merge requires map or sequence of maps as the value', where);
        };
        if (value instanceof YAMLSeq) {
            const maps = value.items.map((item) => this.convert(item, depth + 1, keyNode.range?.[0] ?? 0));
            // yaml.v2 steps backwards: earlier maps in the list take precedence.
            return maps.reverse().flatMap((m) => (m.kind === 'map' ? m.entries : wantMap()));
        }
        const merged = this.convert(value, depth + 1, keyNode.range?.[0] ?? 0);
        return merged.kind === 'map' ? merged.entries : wantMap();
    }
    expandAlias(alias, depth) {
        const aliasPos = this.at(alias.range?.[0] ?? 0);
        const target = alias.resolve(this.doc);
        const converted = target && this.anchored.get(target);
        if (!converted)
            throw new InputError(`unknown anchor '${alias.source}' referenced`, aliasPos);
        const copy = cloneNode(converted);
        markAliasUse(copy, aliasPos);
        const size = countNodes(copy);
        this.decodeCount += size;
        this.aliasCount += size;
        if (this.aliasCount > 100 && this.decodeCount > 1000 && this.aliasCount / this.decodeCount > allowedAliasRatio(this.decodeCount)) {
            throw new InputError('document contains excessive aliasing (an alias bomb?)', aliasPos);
        }
        if (depth > MAX_DEPTH)
            throw new InputError(`YAML nesting is deeper than ${MAX_DEPTH} levels`, aliasPos);
        return copy;
    }
    scalarOf(node, pos) {
        const text = String(node.value);
        const tag = node.tag;
        if (tag === `${TAG}str` || tag === '!')
            return { type: 'str', value: text };
        if (tag && tag.startsWith(TAG) && tag !== `${TAG}binary`) {
            const resolved = resolvePlainScalar(text);
            const wanted = tag.slice(TAG.length);
            if (resolved.type !== wanted)
                throw new InputError(`cannot decode !!str \`${text}\` as a !!${wanted}`, pos);
            return resolved;
        }
        // Quoted and block scalars are strings; so is anything under a tag yaml.v2 does not resolve.
        if (node.type !== 'PLAIN' || tag)
            return { type: 'str', value: text };
        return resolvePlainScalar(text);
    }
}
