import type { AlertAck, AlertAckInput } from '../../ports/alert-ack.js';
import type { CardAnswer } from './card-answer.js';

/**
 * A click on Ack on an alert card in the on-call chat (docs/product.md §6), on whichever replica Lark's callback
 * reached: the monitor records who acknowledged (stopping escalation) and the answer replaces the card at
 * once, within Lark's 3 s. A replica that cannot record it (not the leader, Redis down) says so.
 */
export async function ackAlert(input: AlertAckInput, deps: { ack: AlertAck }): Promise<CardAnswer> {
  const outcome = await deps.ack(input);
  const card = outcome.card ? { card: { type: 'raw' as const, data: outcome.card } } : {};
  switch (outcome.kind) {
    case 'acked':
      return { toast: { type: 'success', content: 'Acknowledged: escalation stopped.' }, ...card };
    case 'already_acked':
      return { toast: { type: 'info', content: 'Already acknowledged.' }, ...card };
    case 'resolved':
      return { toast: { type: 'info', content: 'This alert has already resolved.' }, ...card };
    case 'unrecorded':
      return {
        toast: {
          type: 'error',
          content:
            'Larkgate cannot record this Ack right now (Redis is unreachable from this replica): click Ack again in a minute.',
        },
      };
    default:
      return { toast: { type: 'info', content: 'This alert is no longer open.' } };
  }
}
