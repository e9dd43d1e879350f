import type { RequestsDeps } from '../src/app/requests/requests-deps.js';
import { uuidFor } from '../src/app/requests/uuid-for.js';
import { type ChatText, inertChatText } from '../src/domain/chat-text.js';
import type { Command } from '../src/domain/command.js';
import type { IncomingMessage } from './queue-names.js';

/**
 * Replies in the thread of the message that asked; the uuid makes a retried job's reply a no-op. A plain
 * string is taken as hostile as a whole (it usually quotes the command or a Base value) and made inert;
 * a `ChatText` says itself which parts are Larkgate's own.
 */
export async function reply(
  deps: Pick<RequestsDeps, 'chat'>,
  message: IncomingMessage,
  purpose: string,
  text: ChatText | string,
): Promise<void> {
  await deps.chat.replyText(message.messageId, typeof text === 'string' ? inertChatText(text) : text, {
    uuid: uuidFor(message.messageId, purpose),
    chatId: message.chatId,
  });
}

export async function replyCard(
  deps: Pick<RequestsDeps, 'chat'>,
  message: IncomingMessage,
  purpose: string,
  card: object,
): Promise<string> {
  const sent = await deps.chat.replyCard(message.messageId, card, {
    uuid: uuidFor(message.messageId, purpose),
    chatId: message.chatId,
  });
  return sent.messageId;
}

export type TargetCommand = Extract<Command, { target: unknown }>;
