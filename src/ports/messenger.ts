import type { ChatText } from '../domain/chat-text.js';

export type SendOptions = {
  /** Idempotency key, ≤ 50 characters: Lark sends a message at most once per uuid within 1 h (docs/reference/lark-api.md §3.1). */
  uuid?: string;
};

export type Messenger = {
  /** Text messages take only a `ChatText`: what did not come from Larkgate is already inert in it. */
  sendText(chatId: string, text: ChatText, options?: SendOptions): Promise<{ messageId: string }>;
  sendCard(chatId: string, card: object, options?: SendOptions): Promise<{ messageId: string }>;
  replyText(messageId: string, text: ChatText, options?: SendOptions): Promise<{ messageId: string }>;
  replyCard(messageId: string, card: object, options?: SendOptions): Promise<{ messageId: string }>;
  /** Replaces a card the bot sent (≤ 14 days old); JSON 2.0 cards are always shared. */
  patchCard(messageId: string, card: object): Promise<void>;
  getBotInfo(): Promise<{ openId: string; appName: string }>;
};
