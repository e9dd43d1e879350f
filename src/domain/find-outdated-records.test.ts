import { describe, expect, it } from 'vitest';
import { makePlan } from '../../test/builders/make-request.js';
import { findOutdatedRecords } from './find-outdated-records.js';
import type { RecordChange } from './governed-request.js';

const update = (recordId: string, before: Record<string, string>, after: Record<string, string>) =>
  makePlan({ changes: [{ recordId, before, after }] });
const remove = (recordId: string): ReturnType<typeof makePlan> =>
  makePlan({ op: 'delete', changes: [{ recordId, before: { Status: 'Open', Title: 'x' }, after: null }] });

describe('findOutdatedRecords', () => {
  it.each([
    ['the same field set to another value', update('recA', { Status: 'Open' }, { Status: 'Done' }), ['recA']],
    ['the record deleted', remove('recA'), ['recA']],
    ['another field of the same record', update('recA', { Title: 'x' }, { Title: 'y' }), []],
    [
      'the same field set to what the pending diff asks',
      update('recA', { Status: 'Open' }, { Status: 'Won' }),
      [],
    ],
    ['another record', update('recB', { Status: 'Open' }, { Status: 'Done' }), []],
  ])('an applied change to %s', (_name, applied, expected) => {
    const pending = update('recA', { Status: 'Open' }, { Status: 'Won' });

    expect(findOutdatedRecords(applied, pending)).toEqual(expected);
  });

  it('a pending delete is outdated by any change to a field it read', () => {
    const pending = remove('recA');

    expect(findOutdatedRecords(update('recA', { Title: 'x' }, { Title: 'y' }), pending)).toEqual(['recA']);
  });

  it('only on the same base and table', () => {
    const applied = makePlan({
      table: { id: 'tblOther', name: 'Other' },
      changes: [{ recordId: 'recA', before: { Status: 'Open' }, after: { Status: 'Done' } } as RecordChange],
    });

    expect(findOutdatedRecords(applied, update('recA', { Status: 'Open' }, { Status: 'Won' }))).toEqual([]);
  });
});
