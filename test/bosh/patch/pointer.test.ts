import { describe, expect, it } from 'vitest';
import { parsePointer, pointerString, type Token } from '../../../src/bosh/patch/index.js';

const key = (k: string, optional = false): Token => ({ kind: 'key', key: k, optional });
const index = (i: number, ...modifiers: ('prev' | 'next' | 'before' | 'after')[]): Token => ({ kind: 'index', index: i, modifiers });
const match = (k: string, value: string, optional = false, ...modifiers: ('prev' | 'next' | 'before' | 'after')[]): Token => ({
  kind: 'match',
  key: k,
  value,
  optional,
  modifiers,
});

describe('parsePointer beyond the conformance vectors', () => {
  it.each<[string, Token[], string]>([
    // Go's strconv.Atoi: int64 range, ASCII digits only; anything else is a key.
    ['/9007199254740991', [index(9007199254740991)], '/9007199254740991'],
    ['/9223372036854775808', [key('9223372036854775808')], '/9223372036854775808'],
    ['/-9223372036854775809', [key('-9223372036854775809')], '/-9223372036854775809'],
    ['/-0', [index(0)], '/0'],
    ['/+', [key('+')], '/+'],
    ['/1.5', [key('1.5')], '/1.5'],
    ['/ 1', [key(' 1')], '/ 1'],
    ['/١', [key('١')], '/١'],
    // "?" is looked at after the index test and before the "=" split.
    ['/a??', [key('a?', true)], '/a??'],
    ['/a?=b', [match('a?', 'b')], '/a?=b'],
    ['/k=v??', [match('k', 'v?', true)], '/k=v??'],
    ['/0?/1', [key('0', true), index(1)], '/0?/1'],
    // Sticky "?" reaches match tokens but never index tokens.
    ['/a?/0/k=v/b', [key('a', true), index(0), match('k', 'v', true), key('b', true)], '/a?/0/k=v/b'],
    // "-" is the after-last token only at the end.
    ['/-/-', [key('-'), { kind: 'afterLast' }], '/-/-'],
    ['/a/-?', [key('a'), key('-', true)], '/a/-?'],
    // Escapes: one pass, only ~0 ~1 ~7; other "~" sequences stay as written.
    ['/~2~3~', [key('~2~3~')], '/~02~03~0'],
    ['/~7prev', [key(':prev')], '/~7prev'],
    ['/k~7=v~1w', [match('k:', 'v/w')], '/k~7=v~1w'],
    // Modifiers on match tokens, in order, printed after the "?".
    ['/k=v?:next:before', [match('k', 'v', true, 'next', 'before')], '/k=v?:next:before'],
    ['/1:prev:prev:after', [index(1, 'prev', 'prev', 'after')], '/1:prev:prev:after'],
    ['/:prev', [], ''],
  ])('%s', (path, tokens, printed) => {
    if (path === '/:prev') {
      expect(() => parsePointer(path)).toThrow('Expected not to find any modifiers with key token');
      return;
    }
    const parsed = parsePointer(path);
    expect(parsed).toEqual(tokens);
    expect(pointerString(parsed)).toBe(printed);
    expect(parsePointer(printed)).toEqual(tokens);
  });

  it('reads any int64 as an index (beyond 2^53 the number is approximate; no array is that long)', () => {
    expect(parsePointer('/9223372036854775807')[0]).toMatchObject({ kind: 'index' });
    expect(parsePointer('/-9223372036854775808')[0]).toMatchObject({ kind: 'index' });
  });

  it.each([
    ['a', "Expected to start with '/'"],
    [' /a', "Expected to start with '/'"],
    ['/a:', "but found ''"],
    ['/0:Prev', "but found 'Prev'"],
    ['/-:after', 'Expected not to find any modifiers with after last index token'],
    ['/a/b:before', 'Expected not to find any modifiers with key token'],
  ])('rejects %j', (path, message) => {
    expect(() => parsePointer(path)).toThrow(message);
  });
});

describe('pointerString', () => {
  it('escapes what parsing unescapes, so any key survives a round trip', () => {
    const tokens: Token[] = [key('a/b'), key('m:n'), key('t~'), match('n/a', 'v:~')];
    const printed = pointerString(tokens);
    expect(printed).toBe('/a~1b/m~7n/t~0/n~1a=v~7~0');
    expect(parsePointer(printed)).toEqual(tokens);
  });

  it('prints "?" once, on the first optional token, wherever it is', () => {
    expect(pointerString([key('a'), match('k', 'v', true), key('b', true)])).toBe('/a/k=v?/b');
    expect(pointerString([key('a', true), index(0), key('b', true)])).toBe('/a?/0/b');
  });

  it('prints the whole document as the empty path', () => {
    expect(pointerString([])).toBe('');
    expect(parsePointer('')).toEqual([]);
  });
});
