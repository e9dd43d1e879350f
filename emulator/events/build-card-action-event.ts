import { randomBytes } from 'node:crypto';
import { newEventId, type PersonIds, type PushApp } from './build-message-receive-event.js';
import type { EventEnvelope } from './create-event-pusher.js';

export type CardClick = {
  operator: PersonIds;
  value: unknown;
  name: string | undefined;
  messageId: string;
  chatId: string;
};

/**
 * `card.action.trigger` as Lark sends it to the card callback URL (docs/reference/lark-api.md §5.2): schema 2.0, header
 * `create_time` in MICROseconds, `event.token` a fresh `c-…` delayed-update token.
 * https://open.feishu.cn/document/feishu-cards/card-callback-communication
 */
export function buildCardActionEvent(app: PushApp, click: CardClick, nowMs: number): EventEnvelope {
  return {
    schema: '2.0',
    header: {
      event_id: newEventId(),
      token: app.verificationToken,
      create_time: `${Math.trunc(nowMs)}000`,
      event_type: 'card.action.trigger',
      tenant_key: app.tenantKey,
      app_id: app.appId,
    },
    event: {
      operator: {
        tenant_key: app.tenantKey,
        user_id: click.operator.userId,
        open_id: click.operator.openId,
        union_id: click.operator.unionId,
      },
      token: `c-${randomBytes(20).toString('hex')}`,
      action: { value: click.value, tag: 'button', ...(click.name ? { name: click.name } : {}) },
      host: 'im_message',
      context: { open_message_id: click.messageId, open_chat_id: click.chatId },
    },
  };
}
