import type { StoredMessage } from './create-im-store.js';
import { IM_ERRORS, type ImRefusal, refuse } from './evaluate-message-content.js';
import type { ImContext } from './im-context.js';

/** The app may recall its own messages sent within this long: the tenant's default window (24 h). */
export const RECALL_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * `DELETE /open-apis/im/v1/messages/:message_id` (https://open.larksuite.com/document/server-docs/im-v1/message/delete),
 * checks in this order: the message exists (230001); the bot is still in its chat (230002); not already recalled
 * (230011, docs/reference/lark-api.md §3.1); it is the app's own message (230026: the emulated bot is never a group owner or
 * admin, who may recall others'); sent within 24 h on the emulator clock (230009, "can only be recalled within
 * one day"; the tenant may configure another window, the emulator does not).
 */
export function recallMessage(
  ctx: ImContext,
  messageId: string,
): { kind: 'recalled'; message: StoredMessage } | ImRefusal {
  const message = ctx.store.findMessage(messageId);
  if (!message) return refuse(IM_ERRORS.invalidParam, 'invalid message_id: no such message');
  if (!ctx.store.findChat(message.chatId)?.botMember) {
    return refuse(IM_ERRORS.botNotInChat, 'the bot is not a member of this chat');
  }
  if (message.deleted) return refuse(IM_ERRORS.recalled, 'the message is recalled');
  if (message.sender.kind !== 'app') {
    return refuse(IM_ERRORS.noRecallPermission, 'no permission to recall this message: only the app’s own');
  }
  if (ctx.options.clock() - message.createTime > RECALL_WINDOW_MS) {
    return refuse(IM_ERRORS.recallTooLate, 'message can only be recalled within one day');
  }
  ctx.store.recall(message);
  return { kind: 'recalled', message };
}
