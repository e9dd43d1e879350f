import type { Card } from '../../cards/card-parts.js';
import type { Alert } from '../domain/alert.js';
import type { AlertAck } from '../ports/alert-ack.js';
import { applyAck } from './apply-ack.js';
import { type RecordAckDeps, recordAck } from './record-ack.js';

export type MonitorAckDeps = RecordAckDeps & {
  /** The on-call chat: Ack clicks from any other chat are ignored. */
  chatId: string;
  clock: () => number;
  /** The alert card as the pager builds it. */
  card(alert: Alert, now: number): Card;
  /** Mirrors the book after an Ack (best effort, not awaited by the click). */
  mirror(): void;
};

/**
 * An Ack click from the on-call chat on the leading replica: applied to the book at once (between rounds,
 * so escalation stops even while Redis is down); the answer carries the updated card.
 */
export function createMonitorAck(deps: MonitorAckDeps): AlertAck {
  return async (input) => {
    if (input.chatId !== deps.chatId) return { kind: 'unknown' };
    const now = deps.clock();
    const outcome = applyAck(deps.book.get(), { ...input, now });
    if (outcome.kind === 'unknown') return { kind: 'unknown' };
    if (outcome.kind !== 'acked') return { kind: outcome.kind, card: deps.card(outcome.alert, now) };
    await recordAck(outcome, { by: input.by, at: now }, deps);
    deps.mirror();
    return { kind: 'acked', card: deps.card(outcome.alert, now) };
  };
}
