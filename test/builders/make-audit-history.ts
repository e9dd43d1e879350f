import type { AuditEvent } from '../../src/domain/audit-event.js';

export const HISTORY_T0 = Date.parse('2026-06-01T09:00:00Z');

/**
 * A history of audit events for pure evidence tests: one chain, consecutive seqs, a minute apart from
 * `start`. Not hash-chained (the evidence index reads verified events; the verifier is tested elsewhere).
 */
export function makeAuditHistory(
  entries: ReadonlyArray<{
    type: string;
    requestId?: string;
    details?: Record<string, unknown>;
    at?: number;
  }>,
  start = HISTORY_T0,
): AuditEvent[] {
  return entries.map((entry, index) => ({
    v: 2,
    kid: '0'.repeat(16),
    chain: 'test-chain',
    seq: index + 1,
    ts: new Date(entry.at ?? start + index * 60_000).toISOString(),
    type: entry.type,
    actor: 'test',
    request_id: entry.requestId ?? null,
    details: (entry.details ?? {}) as AuditEvent['details'],
    prev: '0'.repeat(64),
    hash: '0'.repeat(64),
  }));
}

type Entry = { type: string; requestId?: string; details?: Record<string, unknown> };

/** A governed write as the live path audits it: created, its card sent, approved, backed up, verified. */
export function governedWrite(requestId: string, base: string, op = 'update', table = 'Tasks'): Entry[] {
  return [
    { type: 'request.created', requestId, details: { base, table, op, origin: 'chat', state: 'pending' } },
    { type: 'request.card_sent', requestId, details: { base, card_message_id: `om_${requestId}` } },
    { type: 'approval.created', requestId, details: {} },
    { type: 'backup.created', requestId, details: {} },
    { type: 'op.verified', requestId, details: { state: 'applied' } },
  ];
}

/** A rollback of `of`, as issue 4's rollback path audits it (its own request, then the receipt). */
export function rollbackOf(requestId: string, of: string, base: string, table = 'Tasks'): Entry[] {
  return [
    {
      type: 'request.created',
      requestId,
      details: { base, table, op: 'update', origin: 'rollback', rollback_of: of, state: 'pending' },
    },
    { type: 'approval.created', requestId, details: {} },
    { type: 'backup.created', requestId, details: {} },
    { type: 'op.verified', requestId, details: { state: 'applied' } },
    { type: 'rollback.executed', requestId, details: { rollback_of: of, base, verified: true } },
  ];
}
