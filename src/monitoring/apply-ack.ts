import type { Alert, AlertBook } from '../domain/alert.js';

export type AckRequest = { key: string; incident: string; by: string; messageId: string; now: number };

export type AckOutcome =
  | { kind: 'acked'; alert: Alert; book: AlertBook }
  | { kind: 'already_acked'; alert: Alert }
  | { kind: 'resolved'; alert: Alert }
  | { kind: 'unknown' };

/**
 * Someone clicked Ack on an alert card (pure). Only the card of the episode the button belongs to counts:
 * a button from an older card, or another message, changes nothing. Acknowledging stops the escalation
 * (an escalation already sent stays sent) and updates the card.
 */
export function applyAck(book: AlertBook, request: AckRequest): AckOutcome {
  const alert = book[request.key];
  if (!alert || alert.incident !== request.incident || alert.delivery.messageId !== request.messageId) {
    return { kind: 'unknown' };
  }
  if (alert.ackedBy !== null) return { kind: 'already_acked', alert };
  if (alert.state === 'resolved') return { kind: 'resolved', alert };
  const acked: Alert = {
    ...alert,
    ackedBy: request.by,
    ackedAt: request.now,
    escalationDue: alert.delivery.escalatedAt !== null,
    version: alert.version + 1,
  };
  return { kind: 'acked', alert: acked, book: { ...book, [alert.key]: acked } };
}
