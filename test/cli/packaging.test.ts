/**
 * What a user installs (issue 16): the licence package.json names, runtime dependencies
 * the runtime uses, and shell completion that works in a real bash.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../helpers/cli.js';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { license: string; dependencies: Record<string, string> };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : [full];
  });
}

describe('packaging', () => {
  it('ships the Apache-2.0 licence text that package.json names', () => {
    expect(pkg.license).toBe('Apache-2.0');
    const text = readFileSync(path.join(ROOT, 'LICENSE'), 'utf8');
    expect(text).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004\s+http:\/\/www\.apache\.org\/licenses\//);
    expect(text).toContain('TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION');
    expect(text).toContain('END OF TERMS AND CONDITIONS');
  });

  it('has only runtime dependencies that the shipped code imports', () => {
    const shipped = [...sourceFiles(path.join(ROOT, 'src')), ...sourceFiles(path.join(ROOT, 'bin'))].map((file) => readFileSync(file, 'utf8')).join('\n');
    for (const name of Object.keys(pkg.dependencies)) expect(shipped, `${name} is a dependency no shipped file imports`).toMatch(new RegExp(`from '${name}(/[^']*)?'`));
  });
});

/** What bash completes for `words` (the last one is being typed), through the generated script. */
function complete(words: string[]): string[] {
  const script = runCli(['completion', 'bash']).stdout;
  const quoted = words.map((word) => `'${word}'`).join(' ');
  const program = `${script}\nCOMP_WORDS=(cf-ws-lint ${quoted}); COMP_CWORD=${words.length}; _cf_ws_lint; printf '%s\\n' "\${COMPREPLY[@]}"`;
  const result = spawnSync('bash', ['-c', program], { cwd: path.join(ROOT, 'examples/aws'), encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return result.stdout.split('\n').filter(Boolean).sort();
}

describe('cf-ws-lint completion', () => {
  it('completes commands, options, option values, rule ids and files in bash', () => {
    expect(complete(['expl'])).toEqual(['explain']);
    expect(complete(['--max-w'])).toEqual(['--max-warnings']);
    expect(complete(['manifest.yml', '--fix-'])).toEqual(['--fix-out']);
    expect(complete(['interpolate', '--var-errs'])).toEqual(['--var-errs', '--var-errs-unused']);
    expect(complete(['-f', 'j'])).toEqual(['json', 'junit']);
    expect(complete(['--lb-format', 'terraform-'])).toEqual(['terraform-hcl', 'terraform-json']);
    expect(complete(['explain', 'CFWS00'])).toContain('CFWS009');
    expect(complete(['manifest.yml', 'v'])).toEqual(['vars.yml']);
  });

  it('prints a zsh script (bash completion through bashcompinit) and refuses other shells', () => {
    const zsh = runCli(['completion', 'zsh']);
    expect(zsh.code).toBe(0);
    expect(zsh.stdout).toMatch(/^#compdef cf-ws-lint\n[\s\S]*autoload -U \+X bashcompinit && bashcompinit\n[\s\S]*complete .*-F _cf_ws_lint cf-ws-lint\n$/);
    expect(spawnSync('bash', ['-n'], { input: zsh.stdout }).status).toBe(0);
    const fish = runCli(['completion', 'fish']);
    expect([fish.code, fish.stderr]).toEqual([2, "cf-ws-lint: unknown shell 'fish' (expected bash or zsh)\n"]);
  });
});
