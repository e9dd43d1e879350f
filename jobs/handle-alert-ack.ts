import { z } from 'zod';
import type { AckAnswer } from '../src/monitoring/create-monitor.js';
import type { CardAction, CardAnswer } from './handle-card-action.js';

export type AlertAckDeps = {
  ack(input: {
    key: string;
    incident: string;
    by: string;
    messageId: string;
    chatId: string;
  }): Promise<AckAnswer>;
};

const AckValue = z.strictObject({
  action: z.literal('ack'),
  alert: z.string().min(1).max(200),
  incident: z.string().min(1).max(250),
});

/**
 * A click on Ack on an alert card in the on-call chat (product.md §6): the monitor records who
 * acknowledged (stopping escalation) and the answer replaces the card at once, within Lark's 3 s.
 */
export async function handleAlertAck(action: CardAction, deps: AlertAckDeps): Promise<CardAnswer> {
  const parsed = AckValue.safeParse(action.value);
  if (!parsed.success)
    return { toast: { type: 'error', content: 'This Ack button is not one Larkgate understands.' } };
  const outcome = await deps.ack({
    key: parsed.data.alert,
    incident: parsed.data.incident,
    by: action.operatorOpenId,
    messageId: action.messageId,
    chatId: action.chatId,
  });
  const card = outcome.card ? { card: { type: 'raw' as const, data: outcome.card } } : {};
  switch (outcome.kind) {
    case 'acked':
      return { toast: { type: 'success', content: 'Acknowledged: escalation stopped.' }, ...card };
    case 'already_acked':
      return { toast: { type: 'info', content: 'Already acknowledged.' }, ...card };
    case 'resolved':
      return { toast: { type: 'info', content: 'This alert has already resolved.' }, ...card };
    default:
      return { toast: { type: 'info', content: 'This alert is no longer open.' } };
  }
}
