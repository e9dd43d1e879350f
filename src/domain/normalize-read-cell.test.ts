import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CellValue, FIELD_TYPE_NAMES, type FieldMeta } from './cell-value.js';
import { normalizeReadCell } from './normalize-read-cell.js';

function makeField(type: number): FieldMeta {
  return { fieldId: 'fld1', name: 'Field', type, isPrimary: false, options: [] };
}

const person = (id: string) => ({
  id,
  name: 'Bob',
  en_name: 'Bob',
  email: 'b@x.io',
  avatar_url: 'https://x.io/a.png',
});

/** The canonical form, as cell-value.ts documents it; empty is always null, never "" or []. */
function isCanonical(value: CellValue): boolean {
  if (value === null || typeof value === 'boolean') return true;
  if (typeof value === 'string') return value !== '';
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value))
    return value.length > 0 && value.every((item) => typeof item === 'string' && item !== '');
  return (
    typeof value === 'object' &&
    Object.keys(value).sort().join() === 'link,text' &&
    typeof value.text === 'string' &&
    typeof value.link === 'string'
  );
}

describe('normalizeReadCell', () => {
  it.each<[string, number, unknown, CellValue]>([
    [
      'text segments',
      1,
      [
        { type: 'text', text: 'Call ' },
        { type: 'text', text: 'ACME' },
      ],
      'Call ACME',
    ],
    [
      'text with mention and url segments',
      1,
      [
        { type: 'text', text: 'ask ' },
        { type: 'mention', text: '@Bob', token: 'ou_bob', mentionType: 'User' },
        { type: 'text', text: ' see ' },
        { type: 'url', text: 'the doc', link: 'https://x.io' },
      ],
      'ask @Bob see the doc',
    ],
    ['text as a plain string (legacy list)', 1, 'Call ACME', 'Call ACME'],
    ['empty text segments', 1, [], null],
    ['empty string', 1, '', null],
    ['missing text', 1, undefined, null],
    ['number', 2, 12.5, 12.5],
    ['number zero is a value', 2, 0, 0],
    ['number minus zero', 2, -0, 0],
    ['number as a string', 2, '42', 42],
    ['NaN is no number', 2, Number.NaN, null],
    ['single select', 3, 'Done', 'Done'],
    ['single select as {id, text}', 3, { id: 'opt1', text: 'Done' }, 'Done'],
    ['multi select', 4, ['Urgent', 'Sales'], ['Urgent', 'Sales']],
    ['multi select empty', 4, [], null],
    ['multi select as a string', 4, 'Urgent', ['Urgent']],
    ['date ms', 5, 1_764_547_200_000, 1_764_547_200_000],
    ['checkbox ticked', 7, true, true],
    ['checkbox unticked', 7, false, false],
    ['checkbox absent is unticked', 7, undefined, false],
    ['checkbox nonsense is unticked', 7, 'yes', false],
    ['users', 11, [person('ou_a'), person('ou_b')], ['ou_a', 'ou_b']],
    ['users without ids are dropped', 11, [{ name: 'ghost' }], null],
    ['phone', 13, '+8613800000000', '+8613800000000'],
    ['url', 15, { text: 'Spec', link: 'https://x.io' }, { text: 'Spec', link: 'https://x.io' }],
    ['url without text', 15, { link: 'https://x.io' }, { text: 'https://x.io', link: 'https://x.io' }],
    [
      'url as segments',
      15,
      [{ type: 'url', text: 'Spec', link: 'https://x.io' }],
      { text: 'Spec', link: 'https://x.io' },
    ],
    ['link', 18, { link_record_ids: ['recA1', 'recB2'] }, ['recA1', 'recB2']],
    ['link as an array', 18, ['recA1'], ['recA1']],
    [
      'two-way link, newer shape',
      21,
      [{ record_ids: ['recA1', 'recB2'], table_id: 'tbl1', text: 'x' }],
      ['recA1', 'recB2'],
    ],
    ['link empty', 21, { link_record_ids: [] }, null],
    ['created time', 1001, 1_700_000_000_000, 1_700_000_000_000],
    ['created by', 1003, [person('ou_a')], ['ou_a']],
    ['modified by as one object', 1004, person('ou_b'), ['ou_b']],
    ['auto number', 1005, '17', '17'],
    ['formula, number', 20, { type: 2, value: [12] }, 12],
    [
      'formula, text',
      20,
      {
        type: 1,
        value: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      },
      'ab',
    ],
    ['lookup over several records', 19, { type: 2, value: [1, 2] }, ['1', '2']],
    ['formula that is empty', 20, undefined, null],
    [
      'attachment names',
      17,
      [{ file_token: 'tok1', name: 'a.pdf', type: 'application/pdf', size: 1, url: '', tmp_url: '' }],
      ['a.pdf'],
    ],
    ['location', 22, { location: '116.39,39.90', full_address: 'Beijing', name: '' }, 'Beijing'],
    ['group chat names', 23, [{ id: 'oc_1', name: 'Ops' }], ['Ops']],
    ['unknown type, scalar', 9999, 'x', 'x'],
    ['unknown type, object', 9999, { b: 1, a: [true, null] }, '{"a":[true,null],"b":1}'],
    [
      'unknown type, url-like',
      9999,
      { text: 'T', link: 'https://x.io' },
      { text: 'T', link: 'https://x.io' },
    ],
  ])('%s', (_name, type, value, expected) => {
    expect(normalizeReadCell(makeField(type), value)).toEqual(expected);
  });

  it('does not throw on values whose properties throw', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
        ownKeys() {
          throw new Error('boom');
        },
      },
    );
    expect(normalizeReadCell(makeField(1), hostile)).toBeNull();
    expect(normalizeReadCell(makeField(9999), hostile)).toBeNull();
    expect(normalizeReadCell(makeField(7), hostile)).toBe(false);
  });

  it('copies cyclic structures of unknown types without looping', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(normalizeReadCell(makeField(9999), cyclic)).toBe('{"a":1,"self":null}');
  });

  it('never throws and always returns a canonical value, whatever Lark sends', () => {
    const types = fc.oneof(fc.constantFrom(...Object.keys(FIELD_TYPE_NAMES).map(Number)), fc.integer());
    const shapes = fc.oneof(
      fc.anything({
        withNullPrototype: true,
        withBigInt: true,
        withDate: true,
        withMap: true,
        withSet: true,
      }),
      fc.array(fc.record({ type: fc.string(), text: fc.anything(), link: fc.anything(), id: fc.anything() })),
      fc.record({ link_record_ids: fc.anything(), type: fc.anything(), value: fc.anything() }),
    );
    fc.assert(
      fc.property(types, shapes, (type, value) => {
        const result = normalizeReadCell(makeField(type), value);
        expect(isCanonical(result)).toBe(true);
        if (type === 7) expect(typeof result).toBe('boolean');
      }),
      { numRuns: 3000 },
    );
  });
});
