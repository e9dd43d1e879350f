import { randomBytes } from 'node:crypto';
import type { EventEnvelope } from './create-event-pusher.js';

export type PushApp = { appId: string; tenantKey: string; verificationToken: string };

export type PersonIds = { openId: string; unionId: string; userId: string };

export type ReceivedMessage = {
  messageId: string;
  chatId: string;
  chatType: 'group' | 'p2p';
  /** Lark's content JSON string, mentions as `@_user_N`. */
  content: string;
  createTime: number;
  sender: PersonIds;
  mentions: { key: string; name: string; ids: PersonIds }[];
};

/**
 * `im.message.receive_v1` as Lark pushes it (docs/reference/lark-api.md §3.2): schema 2.0, a fresh event_id, `header.token`
 * the verification token, `create_time` in milliseconds, mention ids as objects. The bot has no user_id, so
 * a mention of the bot carries an empty one.
 * https://open.feishu.cn/document/server-docs/im-v1/message/events/receive
 */
export function buildMessageReceiveEvent(
  app: PushApp,
  message: ReceivedMessage,
  nowMs: number,
): EventEnvelope {
  return {
    schema: '2.0',
    header: {
      event_id: newEventId(),
      event_type: 'im.message.receive_v1',
      create_time: String(nowMs),
      token: app.verificationToken,
      app_id: app.appId,
      tenant_key: app.tenantKey,
    },
    event: {
      sender: {
        sender_id: idObject(message.sender),
        sender_type: 'user',
        tenant_key: app.tenantKey,
      },
      message: {
        message_id: message.messageId,
        create_time: String(message.createTime),
        update_time: String(message.createTime),
        chat_id: message.chatId,
        chat_type: message.chatType,
        message_type: 'text',
        content: message.content,
        ...(message.mentions.length > 0
          ? {
              mentions: message.mentions.map((m) => ({
                key: m.key,
                id: idObject(m.ids),
                name: m.name,
                tenant_key: app.tenantKey,
              })),
            }
          : {}),
      },
    },
  };
}

export function newEventId(): string {
  return randomBytes(16).toString('hex');
}

function idObject(ids: PersonIds): { union_id: string; user_id: string; open_id: string } {
  return { union_id: ids.unionId, user_id: ids.userId, open_id: ids.openId };
}
