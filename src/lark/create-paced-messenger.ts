import type { ChatText } from '../domain/chat-text.js';
import type { Messenger, SendOptions } from '../ports/messenger.js';

export type ChatPacer = { acquire(endpointId: string, scope?: string): Promise<unknown> };

/** Replies name the chat they land in, so they can be paced per chat too. */
export type PacedSendOptions = SendOptions & { chatId?: string };

export type PacedMessenger = Omit<Messenger, 'replyText' | 'replyCard'> & {
  replyText(messageId: string, text: ChatText, options?: PacedSendOptions): Promise<{ messageId: string }>;
  replyCard(messageId: string, card: object, options?: PacedSendOptions): Promise<{ messageId: string }>;
};

/**
 * Keeps Larkgate within IM's narrower limits, shared by every process through the limiter: 5 messages a
 * second in each chat (sends and replies), 5 updates a second to each card (docs/reference/lark-api.md §3.1). The
 * app-wide per-endpoint limits are applied beneath, by the HTTP layer.
 */
export function createPacedMessenger(messenger: Messenger, pacer: ChatPacer): PacedMessenger {
  const perChat = (chatId: string | undefined) =>
    chatId ? pacer.acquire('im.per_chat', chatId) : Promise.resolve();
  const strip = (options?: PacedSendOptions): SendOptions | undefined =>
    options?.uuid ? { uuid: options.uuid } : undefined;
  return {
    async sendText(chatId, text, options) {
      await perChat(chatId);
      return messenger.sendText(chatId, text, options);
    },
    async sendCard(chatId, card, options) {
      await perChat(chatId);
      return messenger.sendCard(chatId, card, options);
    },
    async replyText(messageId, text, options) {
      await perChat(options?.chatId);
      return messenger.replyText(messageId, text, strip(options));
    },
    async replyCard(messageId, card, options) {
      await perChat(options?.chatId);
      return messenger.replyCard(messageId, card, strip(options));
    },
    async patchCard(messageId, card) {
      await pacer.acquire('im.per_message_patch', messageId);
      return messenger.patchCard(messageId, card);
    },
    getBotInfo: () => messenger.getBotInfo(),
  };
}
