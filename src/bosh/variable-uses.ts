/**
 * Where each `((variable))` is used: `--var-errs` in a lint lists the missing variables one
 * per line with the place each is used, where bosh-cli prints their names on one line.
 */
import type { ErrorDetail } from '../util/errors.js';
import { InputError } from '../util/errors.js';
import type { SourcePos, YNode } from '../yaml/node.js';
import { PLACEHOLDER } from './interpolate.js';

/** Every place a placeholder of one of `names` (the first segment, as looked up) is written, in document order. */
export function variableUses(doc: YNode, names: ReadonlySet<string>): Map<string, Array<SourcePos | undefined>> {
  const uses = new Map<string, Array<SourcePos | undefined>>();
  const visit = (node: YNode): void => {
    if (node.kind === 'map') {
      for (const entry of node.entries) {
        visit(entry.key);
        visit(entry.value);
      }
    } else if (node.kind === 'seq') {
      node.items.forEach(visit);
    } else if (typeof node.value === 'string' && node.value.includes('((')) {
      for (const [, raw] of node.value.matchAll(PLACEHOLDER)) {
        const name = raw!.replace(/^!/, '').split('.')[0]!;
        if (!names.has(name)) continue;
        const list = uses.get(name);
        if (list) list.push(node.pos);
        else uses.set(name, [node.pos]);
      }
    }
  };
  visit(doc);
  return uses;
}

/** `--var-errs`: one line per missing variable, at its first use, with how many more there are. */
export function missingVariablesError(doc: YNode, missing: readonly string[], manifest: string): InputError {
  const uses = variableUses(doc, new Set(missing));
  const details: ErrorDetail[] = missing.map((name) => {
    const [first, ...more] = uses.get(name) ?? [];
    const message = `((${name}))${more.length > 0 ? ` (and ${more.length} more use${more.length === 1 ? '' : 's'})` : ''}`;
    return first ? { message, at: first } : { message };
  });
  const count = `${missing.length} variable${missing.length === 1 ? ' is' : 's are'}`;
  return new InputError(`${count} not given (--var-errs)`, { file: manifest }, details);
}
