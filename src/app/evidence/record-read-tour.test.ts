import { describe, expect, it } from 'vitest';
import { makeAuditHistory } from '../../../test/builders/make-audit-history.js';
import { makeBase, makePolicy } from '../../../test/builders/make-policy.js';
import type { AuditEvent } from '../../domain/audit-event.js';
import type { Policy } from '../../domain/policy.js';
import { recordReadTour, type TourDeps } from './record-read-tour.js';
import type { TourReader } from './run-tour.js';

const POLICY: Policy = makePolicy([
  makeBase(),
  makeBase({ alias: 'billing', name: 'Billing', appToken: 'BillingToken0000000000000000' }),
]);

function world(reader: Partial<TourReader> = {}) {
  const calls: string[] = [];
  const appended: Parameters<TourDeps['append']>[0][] = [];
  const deps: TourDeps = {
    policy: () => POLICY,
    reader: {
      getApp: async (token) => {
        calls.push(`getApp ${token}`);
        return { name: 'CRM' };
      },
      listTables: async () => [{ tableId: 'tblTasks0001', name: 'Tasks' }],
      listFields: async () => [
        { fieldId: 'fldStatus', name: 'Status', type: 3, options: [], isPrimary: true },
      ],
      searchRecords: async () => ({ records: [{}, {}] }),
      ...reader,
    },
    append: async (input) => {
      appended.push(input);
      return makeAuditHistory([{ type: input.type }])[0] as AuditEvent;
    },
  };
  return { deps, calls, appended };
}

describe('recordReadTour', () => {
  it('reads only the bases asked for and records the result with the policy hash', async () => {
    const w = world();

    const tour = await recordReadTour(w.deps, ['crm']);

    expect(w.calls).toEqual(['getApp NQRxbRkBMa6OnZsjtERcxhNWnNh']);
    expect(tour.results.map((base) => base.alias)).toEqual(['crm']);
    expect(w.appended).toEqual([
      expect.objectContaining({
        type: 'tour.completed',
        actor: 'tour',
        details: expect.objectContaining({ green: tour.green, policy_hash: POLICY.hash }),
      }),
    ]);
  });

  it('a base that cannot be read is red with the reason, not a crash, and is still recorded', async () => {
    const w = world({
      getApp: async () => {
        throw new Error('Lark refused: no permission');
      },
      listTables: async () => {
        throw new Error('Lark refused: no permission');
      },
    });

    const tour = await recordReadTour(w.deps);

    expect(tour.green).toBe(false);
    expect(tour.results.every((base) => !base.green)).toBe(true);
    expect(tour.results[0]?.reasons.join(' ')).toContain('no permission');
    expect(w.appended).toHaveLength(1);
  });
});
