/**
 * What Terraform's language does with values this reader can work out: traversals of an
 * expression, the operators, and the built-in functions LB configurations use on literals
 * (developer.hashicorp.com/terraform/language/functions). Anything else is UNKNOWN.
 */
import type { Expr } from './hcl.js';
import { UNKNOWN } from './terraform-config.js';

/** The index right after `TYPE.NAME` in a traversal (`x.y[each.key].arn`), if any. */
export function instanceKey(expr: Expr): Expr | undefined {
  const links: Expr[] = [];
  for (let e: Expr | undefined = expr; e; e = e.kind === 'getattr' || e.kind === 'index' || e.kind === 'splat' ? e.target : undefined) links.unshift(e);
  const third = links[2];
  return links[0]?.kind === 'variable' && links[1]?.kind === 'getattr' && third?.kind === 'index' ? third.key : undefined;
}

/** `a.b[0].c` as names (index numbers kept as strings), or undefined for anything else. */
export function traversal(expr: Expr): string[] | undefined {
  switch (expr.kind) {
    case 'variable':
      return [expr.name];
    case 'getattr': {
      const t = traversal(expr.target);
      return t ? [...t, expr.name] : undefined;
    }
    case 'index': {
      const t = traversal(expr.target);
      return t && expr.key.kind === 'literal' ? [...t, String(expr.key.value)] : t;
    }
    case 'splat':
      return traversal(expr.target);
    default:
      return undefined;
  }
}

export function walk(expr: Expr, visit: (e: Expr) => void): void {
  visit(expr);
  const children: Expr[] = [];
  switch (expr.kind) {
    case 'template':
      children.push(...expr.parts.filter((p): p is Expr => typeof p !== 'string'));
      break;
    case 'tuple':
      children.push(...expr.items);
      break;
    case 'object':
      children.push(...expr.items.flatMap((i) => [i.key, i.value]));
      break;
    case 'getattr':
    case 'splat':
      children.push(expr.target);
      break;
    case 'index':
      children.push(expr.target, expr.key);
      break;
    case 'call':
      children.push(...expr.args);
      break;
    case 'conditional':
      children.push(expr.condition, expr.then, expr.else);
      break;
    case 'binary':
      children.push(expr.left, expr.right);
      break;
    case 'unary':
      children.push(expr.operand);
      break;
    case 'paren':
      children.push(expr.inner);
      break;
    case 'for':
      children.push(expr.collection, expr.value, ...(expr.key ? [expr.key] : []), ...(expr.condition ? [expr.condition] : []));
      break;
    default:
      break;
  }
  // A getattr chain is one traversal: visiting inner links again would add partial addresses.
  if (expr.kind === 'getattr' || expr.kind === 'index' || expr.kind === 'splat') {
    if (expr.kind === 'index') walk(expr.key, visit);
    return;
  }
  children.forEach((c) => walk(c, visit));
}

/** [key, value] pairs of a list/set (index keys) or object. */
export function collectionEntries(value: unknown): [unknown, unknown][] {
  if (Array.isArray(value)) return value.map((v, i) => [i, v]);
  if (value !== null && typeof value === 'object') return Object.entries(value);
  return [];
}

export function binaryOp(op: string, l: unknown, r: unknown): unknown {
  switch (op) {
    case '+':
      return Number(l) + Number(r);
    case '-':
      return Number(l) - Number(r);
    case '*':
      return Number(l) * Number(r);
    case '/':
      return Number(l) / Number(r);
    case '%':
      return Number(l) % Number(r);
    case '==':
      return JSON.stringify(l) === JSON.stringify(r);
    case '!=':
      return JSON.stringify(l) !== JSON.stringify(r);
    case '<':
      return Number(l) < Number(r);
    case '>':
      return Number(l) > Number(r);
    case '<=':
      return Number(l) <= Number(r);
    case '>=':
      return Number(l) >= Number(r);
    case '&&':
      return Boolean(l) && Boolean(r);
    default:
      return Boolean(l) || Boolean(r);
  }
}

/** The few functions LB configurations use on literals; UNKNOWN for the rest. */
export function callFunction(name: string, args: unknown[]): unknown {
  const [a, b, c] = args;
  switch (name) {
    case 'range': {
      const [start, end, step] = args.length === 1 ? [0, Number(a), 1] : [Number(a), Number(b), args.length > 2 ? Number(c) : 1];
      if (![start, end, step].every(Number.isFinite) || step === 0 || Math.abs((end - start) / step) > 70000) return UNKNOWN;
      const out: number[] = [];
      for (let i = start; step > 0 ? i < end : i > end; i += step) out.push(i);
      return out;
    }
    case 'tostring':
      return typeof a === 'object' ? UNKNOWN : String(a);
    case 'tonumber':
      return Number.isFinite(Number(a)) ? Number(a) : UNKNOWN;
    case 'tolist':
    case 'toset':
      return Array.isArray(a) ? (name === 'toset' ? [...new Set(a)] : a) : UNKNOWN;
    case 'lower':
      return String(a).toLowerCase();
    case 'upper':
      return String(a).toUpperCase();
    case 'length':
      return Array.isArray(a) ? a.length : typeof a === 'string' ? a.length : a && typeof a === 'object' ? Object.keys(a).length : UNKNOWN;
    case 'concat':
      return args.every(Array.isArray) ? args.flat() : UNKNOWN;
    case 'flatten':
      return Array.isArray(a) ? a.flat(Infinity) : UNKNOWN;
    case 'element':
      return Array.isArray(a) && a.length > 0 ? a[Number(b) % a.length] : UNKNOWN;
    case 'join':
      return Array.isArray(b) ? b.join(String(a)) : UNKNOWN;
    case 'one':
      return Array.isArray(a) && a.length <= 1 ? (a[0] ?? null) : UNKNOWN;
    case 'split':
      return typeof a === 'string' && typeof b === 'string' ? b.split(a) : UNKNOWN;
    case 'lookup':
      return isRecord(a) && typeof b === 'string' ? (Object.hasOwn(a, b) ? a[b] : args.length > 2 ? c : UNKNOWN) : UNKNOWN;
    case 'merge':
      return args.every(isRecord) ? Object.assign({}, ...args) : UNKNOWN;
    case 'keys':
      return isRecord(a) ? Object.keys(a).sort() : UNKNOWN;
    case 'values':
      return isRecord(a) ? Object.keys(a).sort().map((k) => a[k]) : UNKNOWN;
    case 'contains':
      return Array.isArray(a) ? a.some((x) => JSON.stringify(x) === JSON.stringify(b)) : UNKNOWN;
    case 'coalesce':
      return args.find((x) => x !== null && x !== '') ?? UNKNOWN;
    case 'compact':
      return Array.isArray(a) ? a.filter((x) => x !== null && x !== '') : UNKNOWN;
    case 'distinct':
      return Array.isArray(a) ? [...new Map(a.map((x) => [JSON.stringify(x), x])).values()] : UNKNOWN;
    case 'trimsuffix':
      return typeof a === 'string' && typeof b === 'string' ? (a.endsWith(b) ? a.slice(0, a.length - b.length) : a) : UNKNOWN;
    case 'trimprefix':
      return typeof a === 'string' && typeof b === 'string' ? (a.startsWith(b) ? a.slice(b.length) : a) : UNKNOWN;
    case 'replace':
      // A "/regex/" pattern is Terraform's RE2 syntax; only literal substrings are replaced here.
      return typeof a === 'string' && typeof b === 'string' && typeof c === 'string' && !/^\/.*\/$/.test(b) ? a.split(b).join(c) : UNKNOWN;
    case 'format':
      return typeof a === 'string' ? formatString(a, args.slice(1)) : UNKNOWN;
    default:
      return UNKNOWN;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `format("%s-%d", a, b)` for the verbs %s, %d, %v and %%; UNKNOWN for any other verb. */
function formatString(spec: string, args: unknown[]): unknown {
  let next = 0;
  let unsupported = false;
  const out = spec.replace(/%([%sdv]|.)/g, (_, verb: string) => {
    if (verb === '%') return '%';
    if (!'sdv'.includes(verb) || next >= args.length || typeof args[next] === 'object') {
      unsupported = true;
      return '';
    }
    return String(args[next++]);
  });
  return unsupported ? UNKNOWN : out;
}
