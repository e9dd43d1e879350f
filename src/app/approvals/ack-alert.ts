import { message } from '../../domain/i18n/message.js';
import type { AlertAck, AlertAckInput } from '../../ports/alert-ack.js';
import { type CardAnswer, toastOf } from './card-answer.js';

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
      return { toast: toastOf('success', message('reply.toast.acked')), ...card };
    case 'already_acked':
      return { toast: toastOf('info', message('reply.toast.already_acked')), ...card };
    case 'resolved':
      return { toast: toastOf('info', message('reply.toast.alert_resolved')), ...card };
    case 'unrecorded':
      return { toast: toastOf('error', message('reply.toast.ack_unrecorded')) };
    default:
      return { toast: toastOf('info', message('reply.toast.alert_closed')) };
  }
}
