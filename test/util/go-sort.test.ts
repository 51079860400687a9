/** Go's sort.Strings order (UTF-8 bytes), which bosh-cli's and go-patch's messages list names in. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortedGoStrings } from '../../src/util/go-sort.js';

const byBytes = (strings: string[]) => [...strings].sort((a, b) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')));

describe('sortedGoStrings', () => {
  it.each([
    [['b', 'a', 'B', '_', 'a1'], ['B', '_', 'a', 'a1', 'b']],
    // U+1F600 is a surrogate pair in UTF-16 (sorts first there) but F0 9F 98 80 in UTF-8 (sorts last).
    [['\u{1F600}', '\uFFFD', 'z'], ['z', '\uFFFD', '\u{1F600}']],
    [['\uE000x', '\u{10000}', '\uD7FF'], ['\uD7FF', '\uE000x', '\u{10000}']],
    [[], []],
  ])('%j -> %j', (input, expected) => {
    expect(sortedGoStrings(input)).toEqual(expected);
  });

  it('agrees with a byte comparison on any well-formed strings', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' })), (strings) => {
        expect(sortedGoStrings(strings)).toEqual(byBytes(strings));
      }),
    );
  });

  it('leaves its input as it was', () => {
    const input = ['b', 'a'];
    sortedGoStrings(input);
    expect(input).toEqual(['b', 'a']);
  });
});
