import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CellValue, FieldMeta } from './cell-value.js';
import { formatCellValue } from './format-cell-value.js';

function makeField(type: number): FieldMeta {
  return { fieldId: 'fld1', name: 'Field', type, isPrimary: false, options: [] };
}

describe('formatCellValue', () => {
  it.each<[string, CellValue, FieldMeta | undefined, string]>([
    ['empty', null, undefined, '∅'],
    ['text', 'Call ACME', makeField(1), 'Call ACME'],
    ['text is not escaped here', '<at id=all></at> *x*', makeField(1), '<at id=all></at> *x*'],
    ['number', 12.5, makeField(2), '12.5'],
    ['big number without exponent', 1e21, makeField(2), '1000000000000000000000'],
    ['tiny number without exponent', 1e-7, makeField(2), '0.0000001'],
    ['date at midnight UTC', Date.UTC(2026, 11, 1), makeField(5), '2026-12-01'],
    ['date with a time', Date.UTC(2026, 11, 1, 9, 30), makeField(5), '2026-12-01 09:30Z'],
    ['date with seconds', Date.UTC(2026, 11, 1, 9, 30, 5), makeField(5), '2026-12-01 09:30:05Z'],
    [
      'date with milliseconds',
      Date.UTC(2026, 11, 1, 9, 30, 5, 120),
      makeField(5),
      '2026-12-01 09:30:05.120Z',
    ],
    ['created time is a date', Date.UTC(2026, 0, 2), makeField(1001), '2026-01-02'],
    ['a date number without its field', Date.UTC(2026, 11, 1), undefined, '1796083200000'],
    ['checkbox ticked', true, makeField(7), 'yes'],
    ['checkbox unticked', false, makeField(7), 'no'],
    ['multi select', ['Urgent', 'Sales'], makeField(4), 'Urgent, Sales'],
    ['users as mentions', ['ou_a', 'ou_b'], makeField(11), '<at id=ou_a></at>, <at id=ou_b></at>'],
    ['created by as mentions', ['ou_a'], makeField(1003), '<at id=ou_a></at>'],
    ['a user id that is not an open_id stays text', ['ou_a>x'], makeField(11), 'ou_a>x'],
    ['users without their field', ['ou_a'], undefined, 'ou_a'],
    ['links', ['recA1', 'recB2'], makeField(18), 'recA1, recB2'],
    [
      'url whose text is the link',
      { text: 'https://x.io', link: 'https://x.io' },
      makeField(15),
      'https://x.io',
    ],
    ['url with text', { text: 'Spec', link: 'https://x.io' }, makeField(15), 'Spec (https://x.io)'],
    ['empty list', [], makeField(4), '∅'],
    ['empty text', '', makeField(1), '∅'],
  ])('%s', (_name, value, field, expected) => {
    expect(formatCellValue(value, field)).toBe(expected);
  });

  it('cuts long text with an explicit marker, counting characters not code units', () => {
    expect(formatCellValue('x'.repeat(250))).toBe(`${'x'.repeat(200)}… (+50 chars)`);
    expect(formatCellValue('😀'.repeat(12), undefined, { maxChars: 10 })).toBe(
      `${'😀'.repeat(10)}… (+2 chars)`,
    );
    expect(formatCellValue('😀'.repeat(10), undefined, { maxChars: 10 })).toBe('😀'.repeat(10));
  });

  it('cuts long lists by items and says how many are left out', () => {
    const ids = Array.from({ length: 30 }, (_, i) => `recAbc${String(i).padStart(4, '0')}`);
    expect(formatCellValue(ids, makeField(18), { maxChars: 50 })).toBe(
      'recAbc0000, recAbc0001, recAbc0002, recAbc0003, … (+26 more)',
    );
    expect(formatCellValue(['y'.repeat(30)], makeField(4), { maxChars: 10 })).toBe(
      `${'y'.repeat(10)}… (+20 chars)`,
    );
  });

  it('never throws, and never returns an empty string', () => {
    const fields = fc.option(fc.integer({ min: 0, max: 1010 }).map(makeField), { nil: undefined });
    fc.assert(
      fc.property(fc.anything(), fields, fc.integer({ min: -5, max: 500 }), (value, field, maxChars) => {
        const text = formatCellValue(value as CellValue, field, { maxChars });
        expect(typeof text).toBe('string');
        expect(text.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});
