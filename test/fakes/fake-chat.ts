import type { ChatSender } from '../../src/ports/chat-sender.js';

export type SentItem =
  | { kind: 'text'; to: string; text: string; uuid?: string }
  | { kind: 'reply'; to: string; text: string }
  | { kind: 'card'; to: string; card: object }
  | { kind: 'patch'; to: string; card: object };

/** The chat port in memory: what was sent, replied, and patched, in order. */
export function createFakeChat() {
  const sent: SentItem[] = [];
  let next = 0;
  const id = () => `om_fake${++next}`;
  const chat: ChatSender = {
    async sendText(chatId, text, options) {
      sent.push({
        kind: 'text',
        to: chatId,
        text: text.text,
        ...(options?.uuid ? { uuid: options.uuid } : {}),
      });
      return { messageId: id() };
    },
    async replyText(messageId, text) {
      sent.push({ kind: 'reply', to: messageId, text: text.text });
      return { messageId: id() };
    },
    async sendCard(chatId, card) {
      sent.push({ kind: 'card', to: chatId, card });
      return { messageId: id() };
    },
    async replyCard(messageId, card) {
      sent.push({ kind: 'card', to: messageId, card });
      return { messageId: id() };
    },
    async patchCard(messageId, card) {
      sent.push({ kind: 'patch', to: messageId, card });
    },
  };
  return { chat, sent };
}
