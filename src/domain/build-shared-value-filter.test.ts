import { describe, expect, it } from 'vitest';
import { buildSharedValueFilter } from './build-shared-value-filter.js';
import type { Cells, FieldMeta } from './cell-value.js';

const field = (name: string, type: number): FieldMeta => ({
  fieldId: `fld${name}`,
  name,
  type,
  isPrimary: false,
  options: [],
});
const FIELDS = [field('Value', 2), field('Name', 1), field('Larkgate', 3), field('Tags', 4)];

describe('buildSharedValueFilter', () => {
  it('filters on a text or single select field every state holds with one value', () => {
    const states = [
      { Value: 1, Name: 'a', Larkgate: 'deletable', Tags: ['x'] },
      { Value: 1, Name: 'b', Larkgate: 'deletable', Tags: ['x'] },
    ];
    expect(buildSharedValueFilter(FIELDS, states)).toEqual({
      conjunction: 'and',
      conditions: [{ field_name: 'Larkgate', operator: 'is', value: ['deletable'] }],
    });
  });

  it.each<[string, Array<Cells | null>]>([
    ['no states', []],
    ['a missing state (a create has no before-state)', [{ Larkgate: 'deletable' }, null]],
    ['values that differ', [{ Larkgate: 'deletable' }, { Larkgate: 'keep' }]],
    ['an empty shared value', [{ Larkgate: '' }, { Larkgate: '' }]],
    ['a field one state lacks', [{ Larkgate: 'deletable' }, { Name: 'b' }]],
    [
      'only non-exact types shared (number, multi select)',
      [
        { Value: 1, Tags: ['x'] },
        { Value: 1, Tags: ['x'] },
      ],
    ],
  ])('is null for %s', (_, states) => {
    expect(buildSharedValueFilter(FIELDS, states)).toBeNull();
  });
});
