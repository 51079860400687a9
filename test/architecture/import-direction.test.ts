import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { folderOf, LAYERS, relativeImports, upwardImports } from './layers.js';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('import direction', () => {
  it('no file in src/ imports a folder at or above its own rank', () => {
    const imports = sourceFiles(SRC).flatMap((file) => relativeImports(file, readFileSync(file, 'utf8')));
    expect(imports.length).toBeGreaterThan(300);
    const bad = upwardImports(SRC, imports).map(
      (entry) => `src/${path.relative(SRC, entry.file)}:${entry.line} imports ${entry.specifier} (${entry.from} -> ${entry.to})`,
    );
    expect(bad).toEqual([]);
  });

  it('every folder of src/ has a layer', () => {
    const folders = readdirSync(SRC, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    const placed = LAYERS.flat();
    expect(folders.filter((folder) => !placed.includes(folder))).toEqual([]);
  });

  // The check must be able to fail: a bad import in a fixture source is caught, a good one is not.
  const fixtureRoot = path.join(SRC);
  it.each([
    ['yaml/node.ts', "import { lint } from '../engine/lint.js';", ['yaml -> engine']],
    ['lb/hcl.ts', "export { Rule } from '../rules/rule.js';", ['lb -> rules']],
    ['model/deployment.ts', "const m = await import('../engine/lint.js');", ['model -> engine']],
    ['report/stylish.ts', "import { paint } from '../probe/stylish.js';", ['report -> probe']],
    ['util/errors.ts', "import type { SourcePos } from '../yaml/node.js';", ['util -> yaml']],
    ['commands/lint.ts', "import { cli } from '../cli.js';", ['commands -> .']],
    ['rules/rule.ts', "import type { YNode } from '../yaml/node.js';\nimport { applyOps } from '../bosh/patch/apply.js';", []],
    ['index.ts', "export { lint } from './engine/lint.js';", []],
  ])('%s: %s', (file, text, expected) => {
    const imports = relativeImports(path.join(fixtureRoot, file), text);
    const bad = upwardImports(fixtureRoot, imports).map((entry) => `${entry.from} -> ${entry.to}`);
    expect(bad).toEqual(expected);
  });

  it('names the line of the module specifier in a multi-line import', () => {
    const text = "// header\nimport {\n  lint,\n} from '../engine/lint.js';\n";
    const [entry] = upwardImports(SRC, relativeImports(path.join(SRC, 'yaml/yaml.ts'), text));
    expect(entry).toMatchObject({ line: 4, from: 'yaml', to: 'engine' });
    expect(folderOf(SRC, path.join(SRC, 'cli.ts'))).toBe('.');
  });
});
