import { type RefusalText, refusalChatText } from '../src/app/requests/ask-outcome.js';
import type { RequestsDeps } from '../src/app/requests/requests-deps.js';
import { uuidFor } from '../src/app/requests/uuid-for.js';
import type { Command } from '../src/domain/command.js';
import { replyLocale } from '../src/domain/reply-locale.js';
import type { IncomingMessage } from './queue-names.js';

/**
 * Replies in the thread of the message that asked; the uuid makes a retried job's reply a no-op. A
 * catalogue message is said in the asker's language (chats.user_locales, chats.locale; default en_us),
 * its hostile parameters inert. A plain string is taken as hostile as a whole (it usually quotes the
 * command or a Base value) and made inert; a `ChatText` says itself which parts are Larkgate's own.
 */
export async function reply(
  deps: Pick<RequestsDeps, 'chat' | 'policy'>,
  message: IncomingMessage,
  purpose: string,
  text: RefusalText,
): Promise<void> {
  const body = refusalChatText(text, replyLocale(deps.policy(), message.senderOpenId));
  await deps.chat.replyText(message.messageId, body, {
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
