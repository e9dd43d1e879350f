import type { StoredMessage } from './create-im-store.js';

export type AppIdentity = { appId: string; tenantKey: string };

export const RECALLED_CONTENT = JSON.stringify({ text: 'This message was recalled' });

/**
 * The message object that send, reply and get return (docs/reference/lark-api.md §3.1). Mentions use the flat shape
 * (`id` a string), unlike the event's `id` object; root and parent ids appear only on replies.
 */
export function buildMessageObject(message: StoredMessage, app: AppIdentity): Record<string, unknown> {
  const sender =
    message.sender.kind === 'app'
      ? { id: app.appId, id_type: 'app_id', sender_type: 'app', tenant_key: app.tenantKey }
      : { id: message.sender.openId, id_type: 'open_id', sender_type: 'user', tenant_key: app.tenantKey };
  return {
    message_id: message.messageId,
    ...(message.rootId ? { root_id: message.rootId } : {}),
    ...(message.parentId ? { parent_id: message.parentId } : {}),
    msg_type: message.msgType,
    create_time: String(message.createTime),
    update_time: String(message.updateTime),
    deleted: message.deleted,
    updated: message.updateCount > 0,
    chat_id: message.chatId,
    sender,
    // A recalled message keeps its place in the history; its content is replaced (UNCONFIRMED wording).
    body: { content: message.deleted ? RECALLED_CONTENT : message.content },
    ...(message.mentions.length > 0
      ? {
          mentions: message.mentions.map((m) => ({
            key: m.key,
            id: m.id,
            id_type: m.idType,
            name: m.name,
            tenant_key: app.tenantKey,
          })),
        }
      : {}),
  };
}
