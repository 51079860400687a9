import { InputError } from '../util/errors.js';
import type { Formatter } from './formatter.js';

export type { Formatter, FormatterContext } from './formatter.js';

/** Built-in formats, each loaded only when asked for (stylelint's lazy formatter map). */
const loaders = {
  stylish: () => import('./stylish.js'),
  json: () => import('./json.js'),
  sarif: () => import('./sarif.js'),
  github: () => import('./github.js'),
  junit: () => import('./junit.js'),
  unix: () => import('./unix.js'),
  markdown: () => import('./markdown.js'),
} satisfies Record<string, () => Promise<{ default: Formatter }>>;

export type FormatterName = keyof typeof loaders;

export const formatterNames = Object.keys(loaders) as FormatterName[];

export function isFormatterName(name: string): name is FormatterName {
  return Object.hasOwn(loaders, name);
}

/** The formatter called `name`; an unknown name is a usage error (exit 2) that lists the valid ones. */
export async function loadFormatter(name: string): Promise<Formatter> {
  if (!isFormatterName(name)) {
    throw new InputError(`unknown format "${name}"; valid formats: ${formatterNames.join(', ')}`);
  }
  return (await loaders[name]()).default;
}
