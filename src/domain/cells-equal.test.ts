import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CellValue } from './cell-value.js';
import { cellsEqual } from './cells-equal.js';

describe('cellsEqual', () => {
  it.each<[string, CellValue, CellValue, boolean]>([
    ['same text', 'a', 'a', true],
    ['different text', 'a', 'A', false],
    ['text is not trimmed', 'a', 'a ', false],
    ['numbers', 1.5, 1.5, true],
    ['zero and minus zero', 0, -0, true],
    ['number and its text', 1, '1', false],
    ['lists in another order', ['ou_a', 'ou_b'], ['ou_b', 'ou_a'], true],
    ['lists of different length', ['a'], ['a', 'a'], false],
    ['lists with different items', ['a', 'b'], ['a', 'c'], false],
    ['urls', { text: 'T', link: 'https://x.io' }, { text: 'T', link: 'https://x.io' }, true],
    [
      'urls with different text',
      { text: 'T', link: 'https://x.io' },
      { text: 'U', link: 'https://x.io' },
      false,
    ],
    ['url and text', { text: 'T', link: 'https://x.io' }, 'T', false],
    ['null and null', null, null, true],
    ['null and empty text', null, '', true],
    ['null and empty list', null, [], true],
    ['unticked and empty (Lark omits unticked boxes)', false, null, true],
    ['ticked and empty', true, null, false],
    ['ticked and unticked', true, false, false],
    ['empty and a value', null, 'x', false],
    ['zero is not empty', 0, null, false],
  ])('%s', (_name, a, b, expected) => {
    expect(cellsEqual(a, b)).toBe(expected);
    expect(cellsEqual(b, a)).toBe(expected);
  });

  it('is reflexive for every canonical value and never throws on anything', () => {
    const canonical = fc.oneof(
      fc.string(),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.array(fc.string()),
      fc.record({ text: fc.string(), link: fc.string() }),
      fc.constant(null),
    );
    fc.assert(
      fc.property(canonical, (value) => {
        expect(cellsEqual(value, structuredClone(value))).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.anything(), fc.anything(), (a, b) => {
        expect(typeof cellsEqual(a as CellValue, b as CellValue)).toBe('boolean');
      }),
    );
  });

  it('ignores list order', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), (items) => {
        expect(cellsEqual(items, [...items].reverse())).toBe(true);
      }),
    );
  });
});
