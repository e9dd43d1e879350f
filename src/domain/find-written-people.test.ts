import { describe, expect, it } from 'vitest';
import { makePlan } from '../../test/builders/make-request.js';
import { findWrittenPeople } from './find-written-people.js';

describe('findWrittenPeople', () => {
  it('lists each person the plan writes into a user field once, not those it only reads', () => {
    const plan = makePlan({
      fields: [
        { fieldId: 'fldOwner', name: 'Owner', type: 11, options: [], isPrimary: false },
        { fieldId: 'fldTitle', name: 'Title', type: 1, options: [], isPrimary: true },
      ],
      changes: [
        { recordId: 'recA', before: { Owner: ['ou_before'] }, after: { Owner: ['ou_bob', 'ou_nobody'] } },
        { recordId: 'recB', before: { Owner: null }, after: { Owner: ['ou_bob'], Title: 'ou_text' } },
      ],
    });

    expect(findWrittenPeople(plan)).toEqual([
      { field: 'Owner', openId: 'ou_bob' },
      { field: 'Owner', openId: 'ou_nobody' },
    ]);
  });
});
