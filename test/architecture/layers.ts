/**
 * The folders of src/ in the order they stand on each other (ARCHITECTURE.md): a file may
 * import its own folder and folders of a lower rank; folders of one rank are peers that do
 * not import each other. Files directly in src/ (cli.ts, index.ts) are the top.
 */
import path from 'node:path';

export const LAYERS: readonly (readonly string[])[] = [
  ['util'],
  ['yaml'],
  ['bosh'],
  ['lb'],
  ['model'],
  ['rules'],
  ['engine'],
  ['report', 'probe'],
  ['commands'],
  ['.'],
];

export interface ImportLine {
  file: string;
  line: number;
  specifier: string;
}

export interface UpwardImport extends ImportLine {
  from: string;
  to: string;
}

/** The folder of src/ a path lies in ('.' for a file directly in src/). */
export function folderOf(srcRoot: string, file: string): string {
  const relative = path.relative(srcRoot, file);
  const parts = relative.split(path.sep);
  return parts.length === 1 ? '.' : parts[0]!;
}

function rankOf(folder: string): number {
  const rank = LAYERS.findIndex((layer) => layer.includes(folder));
  if (rank < 0) throw new Error(`src/${folder}/ is in no layer of test/architecture/layers.ts: give it a place`);
  return rank;
}

// `import … from '…'`, `export … from '…'`, `import '…'` and `import('…')`, across lines.
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\1/g;

/** The relative imports of one source text, with their line numbers. */
export function relativeImports(file: string, text: string): ImportLine[] {
  const found: ImportLine[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const line = text.slice(0, match.index).split('\n').length;
    found.push({ file, line, specifier: match[2]! });
  }
  return found;
}

/** Imports that reach a folder of the same rank or above the importing file's own. */
export function upwardImports(srcRoot: string, imports: ImportLine[]): UpwardImport[] {
  const bad: UpwardImport[] = [];
  for (const entry of imports) {
    const from = folderOf(srcRoot, entry.file);
    const target = path.resolve(path.dirname(entry.file), entry.specifier);
    const to = folderOf(srcRoot, target);
    if (to === from) continue;
    if (rankOf(to) >= rankOf(from)) bad.push({ ...entry, from, to });
  }
  return bad;
}
