import type { Card } from '../../cards/card-parts.js';
import type { Alert, AlertBook } from '../domain/alert.js';
import type { AlertAck } from '../ports/alert-ack.js';
import { applyAck } from './apply-ack.js';
import type { MonitorInbox } from './create-monitor-inbox.js';

export type AckRelayDeps = {
  /** The on-call chat: Ack clicks from any other chat are ignored. */
  chatId: string;
  clock: () => number;
  /** The alert book as the leader last mirrored it to Redis. */
  loadBook(): Promise<AlertBook | null>;
  inbox: Pick<MonitorInbox, 'push'>;
  /** The alert card as the pager builds it. */
  card(alert: Alert, now: number): Card;
};

/**
 * An Ack clicked on a replica whose monitor does not lead (Lark's card callback reaches whichever replica
 * the load balancer picks): it is checked against the mirrored book, recorded durably in the leader's inbox
 * and answered with the acknowledged card at once; the leader applies it on its next round, so the
 * escalation stops, and audits alert.acked. When Redis does not answer, nothing can be recorded: the
 * answer says so (`unrecorded`) and the person clicks again later.
 */
export function createAckRelay(deps: AckRelayDeps): AlertAck {
  return async (input) => {
    if (input.chatId !== deps.chatId) return { kind: 'unknown' };
    const now = deps.clock();
    let book: AlertBook;
    try {
      book = (await deps.loadBook()) ?? {};
    } catch {
      return { kind: 'unrecorded' };
    }
    const outcome = applyAck(book, { ...input, now });
    if (outcome.kind === 'unknown') return { kind: 'unknown' };
    if (outcome.kind === 'acked') {
      try {
        await deps.inbox.push({
          kind: 'ack',
          key: input.key,
          incident: input.incident,
          by: input.by,
          messageId: input.messageId,
          at: now,
        });
      } catch {
        return { kind: 'unrecorded' };
      }
    }
    return { kind: outcome.kind, card: deps.card(outcome.alert, now) };
  };
}
