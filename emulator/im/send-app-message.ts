import type { ImChat, StoredMessage } from './create-im-store.js';
import { describeWindows } from './create-key-rate-limiter.js';
import { evaluateMessageContent, IM_ERRORS, type ImRefusal, refuse } from './evaluate-message-content.js';
import type { ImContext } from './im-context.js';

export type AppMessageRequest = { msgType: unknown; content: unknown; uuid: unknown };

export type SendOutcome = { kind: 'sent'; message: StoredMessage } | ImRefusal;

const MAX_UUID_LENGTH = 50;

/**
 * The app sends (or replies with) a message in a chat (docs/reference/lark-api.md §3.1), in Lark's order of checks:
 * 1. the uuid is well formed, and a uuid seen in the last hour returns its message again, sending nothing;
 * 2. the bot is a member of the chat (230002);
 * 3. msg_type and content are valid (230001, 230025, 230099);
 * 4. the chat is under 5 messages per second (230020, when rate limits are on).
 */
export function sendAppMessage(
  ctx: ImContext,
  chat: ImChat,
  request: AppMessageRequest,
  parent: StoredMessage | undefined,
): SendOutcome {
  const { uuid } = request;
  if (
    uuid !== undefined &&
    (typeof uuid !== 'string' || uuid.length === 0 || uuid.length > MAX_UUID_LENGTH)
  ) {
    return refuse(IM_ERRORS.invalidParam, `uuid must be a string of 1 to ${MAX_UUID_LENGTH} characters`);
  }
  const earlier = uuid === undefined ? undefined : ctx.store.findByUuid(uuid);
  if (earlier) return { kind: 'sent', message: earlier };
  if (!chat.botMember) return refuse(IM_ERRORS.botNotInChat, 'the bot is not a member of this chat');
  const accepted = evaluateMessageContent(request.msgType, request.content, ctx.store.users(), (key) =>
    ctx.store.hasImage(key),
  );
  if (accepted.kind === 'refused') return accepted;
  if (ctx.options.rateLimits && !ctx.chatLimiter.tryTake(chat.chatId)) {
    return refuse(
      IM_ERRORS.frequencyLimit,
      `request trigger frequency limit: at most ${describeWindows(ctx.chatLimiter.windows, 'messages')} per chat`,
    );
  }
  const message = ctx.store.addMessage({
    chatId: chat.chatId,
    msgType: request.msgType as string,
    content: accepted.content,
    sender: { kind: 'app' },
    mentions: accepted.mentions,
    parentId: parent?.messageId,
    rootId: parent ? (parent.rootId ?? parent.messageId) : undefined,
  });
  if (uuid !== undefined) ctx.store.rememberUuid(uuid, message);
  return { kind: 'sent', message };
}
