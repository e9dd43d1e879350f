import { z } from 'zod';
import type { AckAnswer, AckInput } from '../src/monitoring/create-monitor-ack.js';
import type { CardAction, CardAnswer } from './handle-card-action.js';

export type AlertAckDeps = {
  /** The leader's monitor applies it; another replica relays it to the leader (create-ack-relay.ts). */
  ack(input: AckInput): Promise<AckAnswer>;
};

const AckValue = z.strictObject({
  action: z.literal('ack'),
  alert: z.string().min(1).max(200),
  incident: z.string().min(1).max(250),
});

/**
 * A click on Ack on an alert card in the on-call chat (product.md §6), on whichever replica Lark's callback
 * reached: the monitor records who acknowledged (stopping escalation) and the answer replaces the card at
 * once, within Lark's 3 s. A replica that cannot record it (not the leader, Redis down) says so.
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
