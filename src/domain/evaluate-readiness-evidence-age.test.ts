import { describe, expect, it } from 'vitest';
import { HISTORY_T0, makeAuditHistory } from '../../test/builders/make-audit-history.js';
import { makeBase, makePolicy } from '../../test/builders/make-policy.js';
import { evaluateReadiness } from './evaluate-readiness.js';
import { indexEvidence } from './index-evidence.js';

const DAY = 24 * 3600_000;
const policy = makePolicy([makeBase({ alias: 'crm' })]);
const tour = {
  type: 'tour.completed',
  details: { green: true, bases: { crm: { green: true, reasons: [] } } },
};

function gate(number: number, entries: Parameters<typeof makeAuditHistory>[0], now: number) {
  const result = evaluateReadiness({ policy, evidence: indexEvidence(makeAuditHistory(entries)), now });
  return result.gates[number - 1];
}

describe('readiness judges evidence as promotion does', () => {
  it('gate 1 counts a green tour up to 7 days old, and names an older one', () => {
    expect(gate(1, [tour], HISTORY_T0 + 7 * DAY)?.status).toBe('PASS');

    expect(gate(1, [tour], HISTORY_T0 + 8 * DAY)?.missing).toEqual([
      'crm: the latest read tour (test-chain#1, 2026-06-01T09:00:00.000Z) is older than 7 days (run larkgate tour)',
    ]);
  });

  it('gate 2 counts a dry run only once its diff card was sent, and cites both events', () => {
    const created = {
      type: 'request.created',
      requestId: 'req_dry',
      details: { base: 'crm', table: 'Tasks', op: 'update', origin: 'chat', state: 'pending' },
    };
    const card = { type: 'request.card_sent', requestId: 'req_dry', details: { base: 'crm' } };

    expect(gate(2, [created], HISTORY_T0 + DAY)?.missing).toEqual([
      'crm: no dry run recorded (a write request that produced a diff card)',
    ]);
    expect(gate(2, [created, card], HISTORY_T0 + DAY)).toMatchObject({
      status: 'PASS',
      cites: [{ type: 'request.created' }, { type: 'request.card_sent' }],
    });
  });
});
