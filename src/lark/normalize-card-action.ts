import { z } from 'zod';

export type NormalizedCardAction = {
  operatorOpenId: string;
  messageId: string;
  chatId: string;
  /** The button's callback `value` (JSON 2.0 cards: always an object). */
  value: Record<string, unknown>;
  /** `event.token` (`c-…`): the delayed-update token, valid 30 min for at most 2 updates; null if absent. */
  cardToken: string | null;
  /** The component that fired: `button`, … */
  tag: string;
};

// Permissive: only the fields we read (docs/reference/lark-api.md §5.2, the v2 `card.action.trigger` payload).
const CardActionEvent = z.object({
  operator: z.object({ open_id: z.string().min(1) }),
  token: z.string().optional(),
  action: z.object({
    value: z.record(z.string(), z.unknown()),
    tag: z.string(),
  }),
  context: z.object({ open_message_id: z.string().min(1), open_chat_id: z.string().min(1) }),
});

/**
 * Reads a `card.action.trigger` event body (the envelope's `event`, v2 shape: `operator.open_id`,
 * `context.open_message_id`). The SDK's typed event is the legacy v1 shape, so it is not used. Returns
 * null when a field we need is missing or the value is not an object.
 */
export function normalizeCardAction(event: unknown): NormalizedCardAction | null {
  const parsed = CardActionEvent.safeParse(event);
  if (!parsed.success) return null;
  const { operator, token, action, context } = parsed.data;
  return {
    operatorOpenId: operator.open_id,
    messageId: context.open_message_id,
    chatId: context.open_chat_id,
    value: action.value,
    cardToken: token ?? null,
    tag: action.tag,
  };
}
