import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toDecimalString } from './to-decimal-string.js';

describe('toDecimalString', () => {
  it.each<[number, string]>([
    [0, '0'],
    [-0, '0'],
    [42, '42'],
    [-12.5, '-12.5'],
    [1e21, '1000000000000000000000'],
    [1.5e22, '15000000000000000000000'],
    [-1.234e25, '-12340000000000000000000000'],
    [1e-7, '0.0000001'],
    [-2.5e-8, '-0.000000025'],
    [5e-324, `0.${'0'.repeat(323)}5`],
  ])('%d → %s', (n, expected) => {
    expect(toDecimalString(n)).toBe(expected);
  });

  it('writes every finite number as a plain decimal that reads back exactly', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        const text = toDecimalString(n);
        expect(text).toMatch(/^-?\d+(\.\d+)?$/);
        expect(Number(text)).toBe(n + 0);
      }),
    );
  });
});
