import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CellValue, FIELD_TYPE_NAMES, type FieldMeta, WRITABLE_FIELD_TYPES } from './cell-value.js';
import { convertChatValue } from './convert-chat-value.js';
import { formatCellValue } from './format-cell-value.js';
import { inEnglish } from './i18n/message.js';
import { toWriteCell } from './to-write-cell.js';

function makeField(overrides: Partial<FieldMeta> = {}): FieldMeta {
  return { fieldId: 'fld1', name: 'Field', type: 1, isPrimary: false, options: [], ...overrides };
}

const STATUS = makeField({ name: 'Status', type: 3, options: ['Open', 'In progress', 'Done'] });
const TAGS = makeField({ name: 'Tags', type: 4, options: ['Urgent', 'Sales', 'Q4, 2026'] });

describe('convertChatValue: accepted values by type', () => {
  it.each<[string, FieldMeta, string | null, CellValue]>([
    ['text as typed', makeField({ type: 1 }), '  Call ACME  ', '  Call ACME  '],
    ['text with newlines', makeField({ type: 1 }), 'a\nb', 'a\nb'],
    ['text cleared', makeField({ type: 1 }), null, null],
    ['empty text clears', makeField({ type: 1 }), '', null],
    ['integer', makeField({ type: 2 }), '42', 42],
    ['negative decimal', makeField({ type: 2 }), '-12.50', -12.5],
    ['leading point', makeField({ type: 2 }), '.5', 0.5],
    ['plus sign', makeField({ type: 2 }), '+3', 3],
    ['minus zero is zero', makeField({ type: 2 }), '-0', 0],
    ['full-width digits', makeField({ type: 2 }), '１２', 12],
    ['spaces around a number', makeField({ type: 2 }), ' 7 ', 7],
    ['blank number clears', makeField({ type: 2 }), '   ', null],
    ['select, exact', STATUS, 'Done', 'Done'],
    ['select, case-insensitive → option name', STATUS, 'in PROGRESS', 'In progress'],
    ['select cleared', STATUS, null, null],
    ['multi select', TAGS, 'urgent,Sales', ['Urgent', 'Sales']],
    ['multi select with spaces and a Chinese comma', TAGS, ' Sales ， Urgent ,', ['Sales', 'Urgent']],
    ['multi select option that contains a comma', TAGS, 'Q4, 2026', ['Q4, 2026']],
    ['multi select cleared', TAGS, null, null],
    ['date', makeField({ type: 5 }), '2026-12-01', Date.UTC(2026, 11, 1)],
    [
      'date-time with offset',
      makeField({ type: 5 }),
      '2026-12-01T09:30:00+08:00',
      Date.UTC(2026, 11, 1, 1, 30),
    ],
    [
      'date-time in UTC, space form',
      makeField({ type: 5 }),
      '2026-12-01 09:30Z',
      Date.UTC(2026, 11, 1, 9, 30),
    ],
    ['leap day', makeField({ type: 5 }), '2028-02-29', Date.UTC(2028, 1, 29)],
    ['checkbox yes', makeField({ type: 7 }), 'Yes', true],
    ['checkbox ✓', makeField({ type: 7 }), '✓', true],
    ['checkbox on', makeField({ type: 7 }), 'ON', true],
    ['checkbox 1', makeField({ type: 7 }), '1', true],
    ['checkbox no', makeField({ type: 7 }), 'no', false],
    ['checkbox ✗', makeField({ type: 7 }), '✗', false],
    ['checkbox off', makeField({ type: 7 }), 'off', false],
    ['checkbox FALSE', makeField({ type: 7 }), 'FALSE', false],
    ['checkbox cleared is unticked', makeField({ type: 7 }), null, false],
    ['one person', makeField({ type: 11 }), 'ou_bob', ['ou_bob']],
    ['several people', makeField({ type: 11 }), 'ou_bob, ou_alice', ['ou_bob', 'ou_alice']],
    ['people cleared', makeField({ type: 11 }), '', null],
    ['phone', makeField({ type: 13 }), '+86 138-0000-0000', '+8613800000000'],
    [
      'url',
      makeField({ type: 15 }),
      'https://example.com/a?b=c',
      { text: 'https://example.com/a?b=c', link: 'https://example.com/a?b=c' },
    ],
    [
      'url with text',
      makeField({ type: 15 }),
      'Spec | https://example.com',
      { text: 'Spec', link: 'https://example.com' },
    ],
    ['url text with a bar', makeField({ type: 15 }), 'a|b|http://x.io', { text: 'a|b', link: 'http://x.io' }],
    [
      'url whose query has a bar',
      makeField({ type: 15 }),
      'https://x.io/?q=a|b',
      { text: 'https://x.io/?q=a|b', link: 'https://x.io/?q=a|b' },
    ],
    ['link', makeField({ type: 18 }), 'recAbc123', ['recAbc123']],
    ['two-way link, several', makeField({ type: 21 }), 'recAbc123,recDef456', ['recAbc123', 'recDef456']],
  ])('%s', (_name, field, raw, expected) => {
    expect(convertChatValue(field, raw)).toEqual({ ok: true, value: expected });
  });
});

describe('convertChatValue: refusals', () => {
  const options20 = Array.from({ length: 20 }, (_, i) => `Option ${i + 1}`);
  it.each<[string, FieldMeta, string | null, string]>([
    [
      'formula',
      makeField({ name: 'Total', type: 20 }),
      '1',
      'Total is a formula field and cannot be written.',
    ],
    [
      'formula, even to clear',
      makeField({ name: 'Total', type: 20 }),
      null,
      'Total is a formula field and cannot be written.',
    ],
    [
      'lookup',
      makeField({ name: 'Owner email', type: 19 }),
      'x',
      'Owner email is a lookup field and cannot be written.',
    ],
    [
      'created time',
      makeField({ name: 'Created', type: 1001 }),
      'x',
      'Created is a created time field and cannot be written.',
    ],
    [
      'modified by',
      makeField({ name: 'Editor', type: 1004 }),
      'x',
      'Editor is a modified by field and cannot be written.',
    ],
    [
      'auto number',
      makeField({ name: 'No', type: 1005 }),
      '1',
      'No is an auto number field and cannot be written.',
    ],
    [
      'attachment',
      makeField({ name: 'Files', type: 17 }),
      'x',
      'Files is an attachment field; I cannot write those from chat.',
    ],
    [
      'location',
      makeField({ name: 'Where', type: 22 }),
      'x',
      'Where is a location field; I cannot write those from chat.',
    ],
    [
      'group chat',
      makeField({ name: 'Room', type: 23 }),
      'x',
      'Room is a group chat field; I cannot write those from chat.',
    ],
    [
      'unknown type',
      makeField({ name: 'Odd', type: 99 }),
      'x',
      'Odd is a field of type 99; I cannot write those from chat.',
    ],
    [
      'text too long',
      makeField({ name: 'Notes' }),
      'x'.repeat(100_001),
      'Notes holds at most 100,000 characters.',
    ],
    [
      'thousands separator',
      makeField({ name: 'Amount', type: 2 }),
      '1,000',
      'Amount is a number field: write 1,000 without thousands separators: 1000.',
    ],
    [
      'decimal comma',
      makeField({ name: 'Amount', type: 2 }),
      '2,5',
      'Amount is a number field: use a point for decimals: 2.5.',
    ],
    [
      'exponent',
      makeField({ name: 'Amount', type: 2 }),
      '1e5',
      'Amount is a number field: write the number out in full, without an exponent.',
    ],
    [
      'percent',
      makeField({ name: 'Amount', type: 2 }),
      '50%',
      'Amount is a number field: write the number without the % sign.',
    ],
    [
      'words',
      makeField({ name: 'Amount', type: 2 }),
      'abc',
      'Amount is a number field: "abc" is not a number; write it like 42, -3 or 12.5.',
    ],
    [
      'NaN',
      makeField({ name: 'Amount', type: 2 }),
      'NaN',
      'Amount is a number field: "NaN" is not a number; write it like 42, -3 or 12.5.',
    ],
    [
      'Infinity',
      makeField({ name: 'Amount', type: 2 }),
      'Infinity',
      'Amount is a number field: "Infinity" is not a number; write it like 42, -3 or 12.5.',
    ],
    [
      'too many digits',
      makeField({ name: 'Amount', type: 2 }),
      '12345678901234567890',
      'Amount is a number field: 12345678901234567890 has more digits than Lark stores exactly (about 15 significant digits).',
    ],
    [
      'unknown option, close to one',
      STATUS,
      'dnoe',
      `Status has no option "dnoe". Did you mean Done? Options: Open, In progress, Done. I don't create options from chat; add new ones in Lark first.`,
    ],
    [
      'unknown option, nothing close',
      STATUS,
      'Shipped',
      `Status has no option "Shipped". Options: Open, In progress, Done. I don't create options from chat; add new ones in Lark first.`,
    ],
    [
      'unknown option among many',
      makeField({ name: 'Stage', type: 3, options: options20 }),
      'Nope',
      `Stage has no option "Nope". Options: ${options20.slice(0, 15).join(', ')} (+5 more). I don't create options from chat; add new ones in Lark first.`,
    ],
    [
      'no options at all',
      makeField({ name: 'Stage', type: 3 }),
      'New',
      'Stage has no options yet. I only pick existing options; add "New" in Lark first.',
    ],
    [
      'options that differ only in case',
      makeField({ name: 'Stage', type: 3, options: ['Done', 'DONE'] }),
      'done',
      'Stage: "done" matches 2 options that differ only in case (Done, DONE); type one exactly.',
    ],
    [
      'multi select with an unknown option',
      TAGS,
      'Urgent,Urgnt2',
      `Tags has no option "Urgnt2". Did you mean Urgent? Options: Urgent, Sales, Q4, 2026. I don't create options from chat; add new ones in Lark first.`,
    ],
    ['multi select repeating an option', TAGS, 'Urgent,urgent', 'Tags: Urgent is listed twice.'],
    [
      'checkbox word',
      makeField({ name: 'Done', type: 7 }),
      'maybe',
      'Done is a checkbox field: write yes or no (also true/false, 1/0, on/off, ✓/✗), not "maybe".',
    ],
    [
      'ambiguous date',
      makeField({ name: 'Due', type: 5 }),
      '12/01/2026',
      'Due is a date field: 12/01/2026 is ambiguous (day or month first?); write 2026-12-01, or a time with its zone: 2026-12-01T09:30Z or 2026-12-01T09:30+08:00.',
    ],
    [
      'impossible date',
      makeField({ name: 'Due', type: 5 }),
      '2026-02-30',
      'Due is a date field: 2026-02 has no day 30; it has 28 days.',
    ],
    [
      'date-time without a zone',
      makeField({ name: 'Due', type: 5 }),
      '2026-12-01T09:30',
      'Due is a date field: 2026-12-01T09:30 has no time zone; add Z for UTC or an offset like +08:00 (2026-12-01T09:30+08:00).',
    ],
    [
      'unresolved mention',
      makeField({ name: 'Owner', type: 11 }),
      '@Bob',
      'Owner is a person field: @mention people in your message (and separate several with commas); "@Bob" is not someone I can recognise.',
    ],
    [
      'same person twice',
      makeField({ name: 'Owner', type: 11 }),
      'ou_a,ou_a',
      'Owner: the same person is listed twice.',
    ],
    [
      'phone with letters',
      makeField({ name: 'Phone', type: 13 }),
      '12a',
      'Phone is a phone field: use digits with an optional leading +, like +8613800000000.',
    ],
    [
      'phone too long',
      makeField({ name: 'Phone', type: 13 }),
      '1'.repeat(65),
      'Phone holds at most 64 characters.',
    ],
    [
      'url without a scheme',
      makeField({ name: 'Site', type: 15 }),
      'example.com',
      'Site is a URL field: "example.com" is not a web address; write a web address like https://example.com, or Text|https://example.com to show text.',
    ],
    [
      'javascript url',
      makeField({ name: 'Site', type: 15 }),
      'javascript:alert(1)',
      'Site is a URL field: only http and https addresses are allowed; write a web address like https://example.com, or Text|https://example.com to show text.',
    ],
    [
      'ftp url with text',
      makeField({ name: 'Site', type: 15 }),
      'Docs|ftp://x.io',
      'Site is a URL field: only http and https addresses are allowed; write a web address like https://example.com, or Text|https://example.com to show text.',
    ],
    [
      'not a record id',
      makeField({ name: 'Parent', type: 18 }),
      'abc',
      'Parent links to records: give record ids like recAbc123, separated by commas; "abc" is not one.',
    ],
    [
      'same record twice',
      makeField({ name: 'Parent', type: 21 }),
      'recAbc1,recAbc1',
      'Parent: recAbc1 is listed twice.',
    ],
  ])('%s', (_name, field, raw, error) => {
    const result = convertChatValue(field, raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(inEnglish(result.error)).toBe(error);
  });
});

describe('convertChatValue: properties', () => {
  const anyType = fc.oneof(
    fc.constantFrom(...Object.keys(FIELD_TYPE_NAMES).map(Number)),
    fc.integer({ min: -5, max: 3000 }),
  );
  const anyField = fc.record({
    fieldId: fc.constant('fld1'),
    name: fc.string({ minLength: 1, maxLength: 20 }),
    type: anyType,
    isPrimary: fc.boolean(),
    options: fc.array(fc.string({ maxLength: 12 }), { maxLength: 8 }),
  });
  const chatText = fc.option(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 80 }),
      fc.constantFrom(
        '2026-12-01',
        '2026-12-01T09:30Z',
        'ou_a,ou_b',
        'recAbc1',
        'https://x.io',
        'yes',
        '-1.5',
        'a,b',
      ),
    ),
  );

  it('never throws, and what it accepts can be shown and written', () => {
    fc.assert(
      fc.property(anyField, chatText, (field, raw) => {
        const result = convertChatValue(field, raw);
        if (!result.ok) {
          expect(inEnglish(result.error)).toMatch(/\S/);
          return;
        }
        expect(typeof formatCellValue(result.value, field)).toBe('string');
        expect(WRITABLE_FIELD_TYPES.has(field.type)).toBe(true);
        expect(() => toWriteCell(field, result.value)).not.toThrow();
      }),
      { numRuns: 3000 },
    );
  });

  it('reads back every date it formats', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31) }), (ms) => {
        const wholeMinutes = ms - (ms % 60_000);
        const field = makeField({ type: 5 });
        expect(convertChatValue(field, formatCellValue(wholeMinutes, field))).toEqual({
          ok: true,
          value: wholeMinutes,
        });
      }),
    );
  });

  it('reads back every number it formats', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }), (n) => {
        const value = n + 0;
        const field = makeField({ type: 2 });
        expect(convertChatValue(field, formatCellValue(value, field, { maxChars: 1000 }))).toEqual({
          ok: true,
          value,
        });
      }),
    );
  });
});
