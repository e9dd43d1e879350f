import { describe, expect, it } from 'vitest';
import {
  buildSearchFilter,
  MAX_FILTER_CONDITIONS,
  type SearchFilterCondition,
} from './build-search-filter.js';
import type { CellValue, FieldMeta } from './cell-value.js';
import { inEnglish } from './i18n/message.js';

function makeField(name: string, type: number): FieldMeta {
  return { fieldId: `fld${name}`, name, type, isPrimary: false, options: [] };
}

const FIELDS: FieldMeta[] = [
  makeField('Title', 1),
  makeField('Amount', 2),
  makeField('Status', 3),
  makeField('Tags', 4),
  makeField('Due', 5),
  makeField('Done', 7),
  makeField('Owner', 11),
  makeField('Phone', 13),
  makeField('Site', 15),
  makeField('Parent', 18),
  makeField('Related', 21),
  makeField('Lookup', 19),
  makeField('Total', 20),
  makeField('Files', 17),
  makeField('Created', 1001),
  makeField('Creator', 1003),
  makeField('No', 1005),
];

describe('buildSearchFilter', () => {
  it.each<[string, string, CellValue, SearchFilterCondition[]]>([
    ['text', 'Title', 'Call ACME', [{ field_name: 'Title', operator: 'is', value: ['Call ACME'] }]],
    ['number', 'Amount', 10000, [{ field_name: 'Amount', operator: 'is', value: ['10000'] }]],
    ['small number', 'Amount', 1e-7, [{ field_name: 'Amount', operator: 'is', value: ['0.0000001'] }]],
    ['single select', 'Status', 'Done', [{ field_name: 'Status', operator: 'is', value: ['Done'] }]],
    [
      'multi select: every option given',
      'Tags',
      ['Urgent', 'Sales'],
      [
        { field_name: 'Tags', operator: 'contains', value: ['Urgent'] },
        { field_name: 'Tags', operator: 'contains', value: ['Sales'] },
      ],
    ],
    [
      'date',
      'Due',
      Date.UTC(2026, 11, 1),
      [{ field_name: 'Due', operator: 'is', value: ['ExactDate', String(Date.UTC(2026, 11, 1))] }],
    ],
    ['checkbox ticked', 'Done', true, [{ field_name: 'Done', operator: 'is', value: ['true'] }]],
    ['checkbox unticked', 'Done', false, [{ field_name: 'Done', operator: 'is', value: ['false'] }]],
    ['checkbox empty is unticked', 'Done', null, [{ field_name: 'Done', operator: 'is', value: ['false'] }]],
    ['person', 'Owner', ['ou_bob'], [{ field_name: 'Owner', operator: 'contains', value: ['ou_bob'] }]],
    ['phone', 'Phone', '+86138', [{ field_name: 'Phone', operator: 'is', value: ['+86138'] }]],
    [
      'url, by its text',
      'Site',
      { text: 'Spec', link: 'https://x.io' },
      [{ field_name: 'Site', operator: 'is', value: ['Spec'] }],
    ],
    ['link', 'Parent', ['recA1'], [{ field_name: 'Parent', operator: 'contains', value: ['recA1'] }]],
    [
      'two-way link, repeated id once',
      'Related',
      ['recA1', 'recA1'],
      [{ field_name: 'Related', operator: 'contains', value: ['recA1'] }],
    ],
    ['created time', 'Created', 0, [{ field_name: 'Created', operator: 'is', value: ['ExactDate', '0'] }]],
    ['created by', 'Creator', ['ou_a'], [{ field_name: 'Creator', operator: 'contains', value: ['ou_a'] }]],
    ['auto number', 'No', '17', [{ field_name: 'No', operator: 'is', value: ['17'] }]],
    ['empty text', 'Title', null, [{ field_name: 'Title', operator: 'isEmpty', value: [] }]],
    ['empty people', 'Owner', null, [{ field_name: 'Owner', operator: 'isEmpty', value: [] }]],
    ['empty attachments', 'Files', null, [{ field_name: 'Files', operator: 'isEmpty', value: [] }]],
    ['field name in another case', 'title', 'x', [{ field_name: 'Title', operator: 'is', value: ['x'] }]],
  ])('%s', (_name, field, value, conditions) => {
    expect(buildSearchFilter(FIELDS, [{ field, value }])).toEqual({
      ok: true,
      filter: { conjunction: 'and', conditions },
    });
  });

  it('joins several conditions with and, in order', () => {
    const result = buildSearchFilter(FIELDS, [
      { field: 'Status', value: 'Open' },
      { field: 'Amount', value: 5 },
    ]);
    expect(result).toEqual({
      ok: true,
      filter: {
        conjunction: 'and',
        conditions: [
          { field_name: 'Status', operator: 'is', value: ['Open'] },
          { field_name: 'Amount', operator: 'is', value: ['5'] },
        ],
      },
    });
  });

  it('has no filter for no conditions', () => {
    expect(buildSearchFilter(FIELDS, [])).toEqual({ ok: true, filter: null });
  });

  it.each<[string, string, CellValue, string]>([
    ['unknown field, close to one', 'Titel', 'x', 'There is no field "Titel". Did you mean Title?'],
    ['unknown field', 'Colour', 'x', 'There is no field "Colour".'],
    ['formula', 'Total', 3, 'Total is a formula field, and Lark cannot search by those.'],
    ['lookup, even for empty', 'Lookup', null, 'Lookup is a lookup field, and Lark cannot search by those.'],
    [
      'attachment value',
      'Files',
      ['a.pdf'],
      'Files is an attachment field; I can only search those for being empty (Files=).',
    ],
    [
      'wrong shape for a number',
      'Amount',
      'ten',
      'Amount is a number field; "ten" is not a value it can hold.',
    ],
    [
      'wrong shape for a checkbox',
      'Done',
      'yes',
      'Done is a checkbox field; "yes" is not a value it can hold.',
    ],
    ['wrong shape for a url', 'Site', 'x', 'Site is a URL field; "x" is not a value it can hold.'],
    ['wrong shape for people', 'Owner', 3, 'Owner is a user field; 3 is not a value it can hold.'],
  ])('refuses %s', (_name, field, value, error) => {
    const result = buildSearchFilter(FIELDS, [{ field, value }]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(inEnglish(result.error)).toBe(error);
  });

  it('refuses two fields that differ only in case when the name matches neither exactly', () => {
    const fields = [makeField('Status', 3), makeField('STATUS', 3)];
    expect(buildSearchFilter(fields, [{ field: 'status', value: 'x' }])).toMatchObject({ ok: false });
    expect(buildSearchFilter(fields, [{ field: 'STATUS', value: 'x' }])).toMatchObject({ ok: true });
  });

  it(`refuses more than ${MAX_FILTER_CONDITIONS} conditions, counting each list item`, () => {
    const tags = (n: number) => Array.from({ length: n }, (_, i) => `t${i}`);
    expect(buildSearchFilter(FIELDS, [{ field: 'Tags', value: tags(30) }]).ok).toBe(true);
    expect(
      english(
        buildSearchFilter(FIELDS, [
          { field: 'Tags', value: tags(50) },
          { field: 'Title', value: 'x' },
        ]),
      ),
    ).toBe('That search needs 51 conditions (each item of a list counts as one); Lark allows 50.');
  });

  it('refuses a filter longer than the 2,000 characters Lark takes', () => {
    const overhead = JSON.stringify({
      conjunction: 'and',
      conditions: [{ field_name: 'Title', operator: 'is', value: [''] }],
    }).length;
    const fits = 'x'.repeat(2000 - overhead);
    expect(buildSearchFilter(FIELDS, [{ field: 'Title', value: fits }]).ok).toBe(true);
    expect(english(buildSearchFilter(FIELDS, [{ field: 'Title', value: `${fits}x` }]))).toBe(
      'That search is too long for Lark (2,001 characters of filter, at most 2,000); use fewer or shorter values.',
    );
    const tags = Array.from({ length: 50 }, (_, i) => `t${i}`);
    expect(english(buildSearchFilter(FIELDS, [{ field: 'Tags', value: tags }]))).toContain(
      'too long for Lark',
    );
  });
});

/** A refusal's English text (the test fails on a filter that was built). */
function english(result: ReturnType<typeof buildSearchFilter>): string {
  if (result.ok) throw new Error('expected a refusal');
  return inEnglish(result.error);
}
