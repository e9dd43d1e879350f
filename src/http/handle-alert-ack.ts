import { z } from 'zod';
import { ackAlert } from '../app/approvals/ack-alert.js';
import type { CardAction } from '../app/approvals/card-action.js';
import type { CardAnswer } from '../app/approvals/card-answer.js';
import type { AlertAck } from '../ports/alert-ack.js';

const AckValue = z.strictObject({
  action: z.literal('ack'),
  alert: z.string().min(1).max(200),
  incident: z.string().min(1).max(250),
});

/**
 * An Ack click: reads the button's value and hands it to the Ack use case (src/app/approvals/ack-alert.ts).
 * The leader's monitor applies it; another replica relays it to the leader (create-ack-relay.ts).
 */
export async function handleAlertAck(action: CardAction, deps: { ack: AlertAck }): Promise<CardAnswer> {
  const parsed = AckValue.safeParse(action.value);
  if (!parsed.success)
    return { toast: { type: 'error', content: 'This Ack button is not one Larkgate understands.' } };
  return ackAlert(
    {
      key: parsed.data.alert,
      incident: parsed.data.incident,
      by: action.operatorOpenId,
      messageId: action.messageId,
      chatId: action.chatId,
    },
    deps,
  );
}
