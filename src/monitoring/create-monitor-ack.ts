import type { Card } from '../../cards/card-parts.js';
import type { Alert } from '../domain/alert.js';
import { type AckOutcome, applyAck } from './apply-ack.js';
import { type RecordAckDeps, recordAck } from './record-ack.js';

export type AckInput = { key: string; incident: string; by: string; messageId: string; chatId: string };

/** `unrecorded`: the Ack reached a replica that does not lead, and Redis did not answer to record it. */
export type AckAnswer = (AckOutcome & { card?: Card }) | { kind: 'unrecorded'; card?: undefined };

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
export function createMonitorAck(deps: MonitorAckDeps): (input: AckInput) => Promise<AckAnswer> {
  return async (input) => {
    if (input.chatId !== deps.chatId) return { kind: 'unknown' };
    const now = deps.clock();
    const outcome = applyAck(deps.book.get(), { ...input, now });
    if (outcome.kind === 'unknown') return outcome;
    if (outcome.kind !== 'acked') return { ...outcome, card: deps.card(outcome.alert, now) };
    await recordAck(outcome, { by: input.by, at: now }, deps);
    deps.mirror();
    return { ...outcome, card: deps.card(outcome.alert, now) };
  };
}
