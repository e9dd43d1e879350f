import { buildMessageReceiveEvent } from '../events/build-message-receive-event.js';
import type { StoredMessage } from './create-im-store.js';
import type { ImContext } from './im-context.js';
import { type MentionTarget, parseChatMentions } from './parse-chat-mentions.js';

/** A control-API answer: the HTTP status and the JSON to send. */
export type ControlReply = { status: number; body: unknown };

/**
 * A person posts `text` in a chat (docs/product.md §8). `@Name` becomes a mention; the message joins the chat's
 * history; and the bot gets `im.message.receive_v1` when it would on Lark (docs/reference/lark-api.md §3.2): in a one-to-one
 * chat always, in a group only when the bot is @mentioned (the `im:message.group_at_msg` scope), and never in
 * a chat it is not a member of. Delivery happens in the background; the reply carries the event_id pushed, or
 * null when nothing was.
 */
export function postUserMessage(
  ctx: ImContext,
  bot: MentionTarget,
  chatId: string,
  input: unknown,
): ControlReply {
  const chat = ctx.store.findChat(chatId);
  if (!chat) return fail(404, `no chat ${chatId} in the seed`);
  const { from, text } = (input ?? {}) as { from?: unknown; text?: unknown };
  if (typeof from !== 'string') return fail(400, 'from must be the open_id of a seed user');
  const user = ctx.store.findUser('open_id', from);
  if (!user) return fail(400, `no seed user with open_id ${from}`);
  if (!chat.members.includes(user.openId)) return fail(403, `${from} is not a member of chat ${chatId}`);
  if (typeof text !== 'string' || text.trim().length === 0)
    return fail(400, 'text must be a non-empty string');

  const targets: MentionTarget[] = [bot, ...ctx.store.users()];
  const parsed = parseChatMentions(text, targets);
  const message: StoredMessage = ctx.store.addMessage({
    chatId,
    msgType: 'text',
    content: JSON.stringify({ text: parsed.text }),
    sender: { kind: 'user', openId: user.openId },
    mentions: parsed.mentions.map((m) => ({
      key: m.key,
      id: m.target.openId,
      idType: 'open_id',
      name: m.target.name,
    })),
    parentId: undefined,
    rootId: undefined,
  });

  const mentionsBot = parsed.mentions.some((m) => m.target.openId === bot.openId);
  if (!chat.botMember || (chat.type === 'group' && !mentionsBot)) {
    return { status: 200, body: { message_id: message.messageId, event_id: null } };
  }
  const app = ctx.seed.app;
  const event = buildMessageReceiveEvent(
    { appId: app.app_id, tenantKey: app.tenant_key, verificationToken: app.verification_token },
    {
      messageId: message.messageId,
      chatId,
      chatType: chat.type,
      content: message.content,
      createTime: message.createTime,
      sender: user,
      mentions: parsed.mentions.map((m) => ({ key: m.key, name: m.target.name, ids: m.target })),
    },
    ctx.options.clock(),
  );
  ctx.pusher.push(event, ctx.options.eventUrl ?? ctx.seed.bot.event_url);
  return { status: 200, body: { message_id: message.messageId, event_id: event.header.event_id } };
}

export function fail(status: number, error: string): ControlReply {
  return { status, body: { error } };
}
