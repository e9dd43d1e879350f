import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CellValue, FieldMeta } from './cell-value.js';
import { cellsEqual } from './cells-equal.js';
import { normalizeReadCell } from './normalize-read-cell.js';
import { toWriteCell } from './to-write-cell.js';

function makeField(type: number, name = 'Field'): FieldMeta {
  return { fieldId: 'fld1', name, type, isPrimary: false, options: [] };
}

/**
 * What Lark hands back on read for a cell written in `written` (docs/reference/lark-api.md §2.3): text becomes segments,
 * people gain names, links come back as `{link_record_ids}`, and an empty or unticked cell is omitted.
 */
function readShapeOf(field: FieldMeta, written: unknown): unknown {
  if (written === null || written === false) return undefined;
  if (Array.isArray(written) && written.length === 0) return undefined;
  switch (field.type) {
    case 1:
      return splitIntoSegments(written as string);
    case 11:
      return (written as { id: string }[]).map(({ id }) => ({
        id,
        name: 'Bob',
        en_name: 'Bob',
        email: '',
        avatar_url: '',
      }));
    case 18:
    case 21:
      return { link_record_ids: [...(written as string[])] };
    case 15:
      return { ...(written as object) };
    default:
      return written;
  }
}

/** Lark splits text into segments at mentions and links; any split must read back as the same text. */
function splitIntoSegments(text: string): unknown[] {
  const third = Math.floor(text.length / 3);
  const pieces = [text.slice(0, third), text.slice(third, 2 * third), text.slice(2 * third)].filter(
    (p) => p !== '',
  );
  return pieces.map((piece, index) =>
    index === 1 ? { type: 'url', text: piece, link: 'https://x.io' } : { type: 'text', text: piece },
  );
}

const nonEmpty = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 });
const openId = fc.stringMatching(/^ou_[a-z0-9]{4,12}$/);
const recordId = fc.stringMatching(/^rec[A-Za-z0-9]{4,12}$/);
const canonicalByType: Record<number, fc.Arbitrary<CellValue>> = {
  1: nonEmpty,
  2: fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => n + 0),
  3: nonEmpty,
  4: fc.uniqueArray(nonEmpty, { minLength: 1, maxLength: 5 }),
  5: fc.integer({ min: -30_000_000_000_000, max: 250_000_000_000_000 }),
  7: fc.boolean(),
  11: fc.uniqueArray(openId, { minLength: 1, maxLength: 5 }),
  13: fc.stringMatching(/^\+?\d{1,20}$/),
  15: fc.record({ text: nonEmpty, link: fc.webUrl() }),
  18: fc.uniqueArray(recordId, { minLength: 1, maxLength: 5 }),
  21: fc.uniqueArray(recordId, { minLength: 1, maxLength: 5 }),
};

describe('toWriteCell', () => {
  it.each<[string, number, CellValue, unknown]>([
    ['text', 1, 'Call ACME', 'Call ACME'],
    ['number', 2, 12.5, 12.5],
    ['single select', 3, 'Done', 'Done'],
    ['multi select', 4, ['Urgent', 'Sales'], ['Urgent', 'Sales']],
    ['date', 5, 1_764_547_200_000, 1_764_547_200_000],
    ['checkbox', 7, true, true],
    ['cleared checkbox is unticked', 7, null, false],
    ['users', 11, ['ou_a', 'ou_b'], [{ id: 'ou_a' }, { id: 'ou_b' }]],
    ['phone', 13, '+8613800000000', '+8613800000000'],
    ['url', 15, { text: 'Spec', link: 'https://x.io' }, { text: 'Spec', link: 'https://x.io' }],
    ['link', 18, ['recA1'], ['recA1']],
    ['two-way link', 21, ['recA1', 'recB2'], ['recA1', 'recB2']],
    ['null clears text', 1, null, null],
    ['null clears users', 11, null, null],
    ['an empty list clears', 4, [], null],
  ])('%s', (_name, type, value, expected) => {
    expect(toWriteCell(makeField(type), value)).toEqual(expected);
  });

  it.each<[string, FieldMeta, CellValue, string]>([
    [
      'a formula field',
      makeField(20, 'Total'),
      1,
      'toWriteCell: Total is a formula field and is never written',
    ],
    [
      'text into a number',
      makeField(2, 'Amount'),
      'x',
      'toWriteCell: "x" does not fit Amount, a number field',
    ],
    ['a number into users', makeField(11, 'Owner'), 3, 'toWriteCell: 3 does not fit Owner, a user field'],
    [
      'a string into a checkbox',
      makeField(7, 'Done'),
      'yes',
      'toWriteCell: "yes" does not fit Done, a checkbox field',
    ],
    ['a list into a url', makeField(15, 'Site'), ['x'], 'toWriteCell: ["x"] does not fit Site, a URL field'],
  ])('throws for %s', (_name, field, value, message) => {
    expect(() => toWriteCell(field, value)).toThrow(new TypeError(message));
  });

  it.each(Object.keys(canonicalByType).map(Number))(
    'type %i: a written value reads back as itself (normalizeReadCell ∘ Lark ∘ toWriteCell = id)',
    (type) => {
      const field = makeField(type);
      const values = type === 7 ? canonicalByType[7] : fc.option(canonicalByType[type] ?? fc.constant(null));
      fc.assert(
        fc.property(values as fc.Arbitrary<CellValue>, (value) => {
          const readBack = normalizeReadCell(field, readShapeOf(field, toWriteCell(field, value)));
          expect(readBack).toEqual(value);
          expect(cellsEqual(readBack, value)).toBe(true);
        }),
      );
    },
  );
});
