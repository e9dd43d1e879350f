import { z } from 'zod';

export type NormalizedMessage = {
  messageId: string;
  chatId: string;
  chatType: 'group' | 'p2p';
  senderOpenId: string;
  messageType: string;
  /**
   * For text messages: the text with the bot's own mention removed, every other user mention replaced by
   * that user's open_id, `@_all` as `@all`, trimmed. Null for any other message type.
   */
  text: string | null;
  mentionedBot: boolean;
  createTimeMs: number;
};

// Permissive: only the fields we read (docs/reference/lark-api.md §3.2).
const Mention = z.object({
  key: z.string(),
  id: z.object({ open_id: z.string().optional() }).optional(),
  name: z.string().optional(),
});
const MessageReceiveEvent = z.object({
  sender: z.object({ sender_id: z.object({ open_id: z.string().min(1) }) }),
  message: z.object({
    message_id: z.string().min(1),
    chat_id: z.string().min(1),
    chat_type: z.enum(['group', 'p2p']),
    message_type: z.string().min(1),
    content: z.string(),
    create_time: z.string().regex(/^\d+$/),
    mentions: z.array(Mention).optional(),
  }),
});

const PLACEHOLDER = /(@_user_\d+|@_all)( *)/g;

/**
 * Reads an `im.message.receive_v1` event body (the envelope's `event`) into what the intake needs.
 * Mentions are placeholders in the text (`@_user_1`), resolved through `mentions[].key`; the bot is
 * recognised by its open_id (from /bot/v3/info), as the SDK's own channel module does. Returns null when
 * the event lacks a field we need.
 */
export function normalizeMessageEvent(
  event: unknown,
  context: { botOpenId: string },
): NormalizedMessage | null {
  const parsed = MessageReceiveEvent.safeParse(event);
  if (!parsed.success) return null;
  const { sender, message } = parsed.data;
  const mentions = new Map((message.mentions ?? []).map((mention) => [mention.key, mention]));
  const isBot = (key: string) => {
    const openId = mentions.get(key)?.id?.open_id;
    return openId !== undefined && openId === context.botOpenId;
  };

  return {
    messageId: message.message_id,
    chatId: message.chat_id,
    chatType: message.chat_type,
    senderOpenId: sender.sender_id.open_id,
    messageType: message.message_type,
    text: message.message_type === 'text' ? resolveText(message.content) : null,
    mentionedBot: [...mentions.keys()].some(isBot),
    createTimeMs: Number(message.create_time),
  };

  function resolveText(content: string): string | null {
    let text: unknown;
    try {
      text = (JSON.parse(content) as { text?: unknown }).text;
    } catch {
      return null;
    }
    if (typeof text !== 'string') return null;
    return text
      .replace(PLACEHOLDER, (_match, key: string, spaces: string) => {
        if (key === '@_all') return `@all${spaces}`;
        if (isBot(key)) return '';
        const openId = mentions.get(key)?.id?.open_id;
        return `${openId ?? key}${spaces}`;
      })
      .trim();
  }
}
