import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/util/errors.js';
import { formatterNames, loadFormatter } from '../../src/report/index.js';
import { context, sampleReport } from './fixtures.js';

describe('loadFormatter', () => {
  it('loads every built-in format', async () => {
    expect(formatterNames).toEqual(['stylish', 'json', 'sarif', 'github', 'junit', 'unix', 'markdown']);
    for (const name of formatterNames) {
      const output = (await loadFormatter(name))(sampleReport(), context());
      expect(output.endsWith('\n'), name).toBe(true);
    }
  });

  it('rejects an unknown name with the valid ones, as a usage error', async () => {
    const error = await loadFormatter('checkstyle').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe('unknown format "checkstyle"; valid formats: stylish, json, sarif, github, junit, unix, markdown');
    await expect(loadFormatter('toString')).rejects.toThrow(InputError);
  });
});
