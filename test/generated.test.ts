/** The config schema and the README's rule table are generated from the registry: no drift. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedFiles } from '../src/commands/generate.js';
import { engineRules } from '../src/engine/engine-rules.js';
import { LB_FORMATS } from '../src/lb/detect.js';
import { rules } from '../src/rules/index.js';
import { runCli, ROOT } from './helpers/cli.js';

describe('generated artefacts', () => {
  it.each(generatedFiles(ROOT, [...rules, ...engineRules], { lbFormats: LB_FORMATS }))('$path is up to date (run npm run generate)', ({ path: file, text }) => {
    expect(readFileSync(path.join(ROOT, file), 'utf8')).toBe(text);
  });

  it('`cf-ws-lint rules` lists the same rules as the README table', () => {
    const listed = runCli(['rules', '--format', 'json']);
    const ids = (JSON.parse(listed.stdout) as Array<{ id: string }>).map((r) => r.id);
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('<!-- rules:start -->'), readme.indexOf('<!-- rules:end -->'));
    expect(ids.length).toBeGreaterThanOrEqual(12);
    expect([...table.matchAll(/CFWS\d{3}/g)].map((m) => m[0])).toEqual(ids);
  });
});
