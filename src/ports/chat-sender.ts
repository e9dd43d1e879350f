import type { ChatText } from '../domain/chat-text.js';

/** What the jobs send to chats (the paced messenger satisfies it). */
export type ChatSender = {
  /** Text messages take only a `ChatText` (src/domain/chat-text.ts): hostile parts are inert in it. */
  sendText(chatId: string, text: ChatText, options?: { uuid?: string }): Promise<{ messageId: string }>;
  /** `chatId` names the chat the reply lands in, so sends are paced per chat (5 a second). */
  replyText(
    messageId: string,
    text: ChatText,
    options?: { uuid?: string; chatId?: string },
  ): Promise<{ messageId: string }>;
  sendCard(chatId: string, card: object, options?: { uuid?: string }): Promise<{ messageId: string }>;
  replyCard(
    messageId: string,
    card: object,
    options?: { uuid?: string; chatId?: string },
  ): Promise<{ messageId: string }>;
  patchCard(messageId: string, card: object): Promise<unknown>;
};
