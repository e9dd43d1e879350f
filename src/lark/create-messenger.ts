import type * as lark from '@larksuiteoapi/node-sdk';
import type { Messenger, SendOptions } from '../ports/messenger.js';
import { expectLarkOk } from './expect-lark-ok.js';

const MAX_UUID_LENGTH = 50;

/** Chat messages and cards through the SDK's IM methods (docs/reference/lark-api.md §1.4, §3.1). */
export function createMessenger(deps: { client: lark.Client }): Messenger {
  const { client } = deps;

  async function send(
    chatId: string,
    msgType: 'text' | 'interactive',
    content: string,
    options?: SendOptions,
  ) {
    const uuid = checkedUuid(options);
    const response = expectLarkOk(
      await client.im.message.create({
        params: { receive_id_type: 'chat_id' },
        data: { receive_id: chatId, msg_type: msgType, content, ...(uuid ? { uuid } : {}) },
      }),
      { endpointId: 'im.message.create', method: 'POST', path: '/open-apis/im/v1/messages', write: true },
    );
    return { messageId: messageIdOf(response.data?.message_id, 'im.message.create') };
  }

  async function reply(
    messageId: string,
    msgType: 'text' | 'interactive',
    content: string,
    options?: SendOptions,
  ) {
    const uuid = checkedUuid(options);
    const response = expectLarkOk(
      await client.im.message.reply({
        path: { message_id: messageId },
        data: { msg_type: msgType, content, ...(uuid ? { uuid } : {}) },
      }),
      {
        endpointId: 'im.message.reply',
        method: 'POST',
        path: `/open-apis/im/v1/messages/${messageId}/reply`,
        write: true,
      },
    );
    return { messageId: messageIdOf(response.data?.message_id, 'im.message.reply') };
  }

  return {
    sendText: (chatId, text, options) => send(chatId, 'text', JSON.stringify({ text: text.text }), options),
    sendCard: (chatId, card, options) => send(chatId, 'interactive', JSON.stringify(card), options),
    replyText: (messageId, text, options) =>
      reply(messageId, 'text', JSON.stringify({ text: text.text }), options),
    replyCard: (messageId, card, options) => reply(messageId, 'interactive', JSON.stringify(card), options),
    async patchCard(messageId, card) {
      expectLarkOk(
        await client.im.message.patch({
          path: { message_id: messageId },
          data: { content: JSON.stringify(card) },
        }),
        {
          endpointId: 'im.message.patch',
          method: 'PATCH',
          path: `/open-apis/im/v1/messages/${messageId}`,
          write: true,
        },
      );
    },
    async getBotInfo() {
      // No generated method; the answer is top-level `bot`, not under `data` (docs/reference/lark-api.md §3.1).
      const response = expectLarkOk(
        (await client.request({ method: 'GET', url: '/open-apis/bot/v3/info' })) as {
          code?: number;
          msg?: string;
          bot?: { open_id?: unknown; app_name?: unknown };
        },
        { endpointId: 'bot.info', method: 'GET', path: '/open-apis/bot/v3/info', write: false },
      );
      const openId = response.bot?.open_id;
      if (typeof openId !== 'string' || openId === '')
        throw new Error('bot info: the answer has no bot.open_id');
      return { openId, appName: typeof response.bot?.app_name === 'string' ? response.bot.app_name : '' };
    },
  };
}

function checkedUuid(options: SendOptions | undefined): string | undefined {
  const uuid = options?.uuid;
  if (uuid !== undefined && (uuid.length === 0 || uuid.length > MAX_UUID_LENGTH)) {
    throw new RangeError(`a message uuid has 1 to ${MAX_UUID_LENGTH} characters`);
  }
  return uuid;
}

function messageIdOf(value: unknown, endpointId: string): string {
  if (typeof value !== 'string' || value === '')
    throw new Error(`${endpointId}: the answer has no message_id`);
  return value;
}
