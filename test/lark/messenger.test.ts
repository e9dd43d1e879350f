import { readFileSync } from 'node:fs';
import * as sdk from '@larksuiteoapi/node-sdk';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Emulator, startEmulator } from '../../emulator/create-emulator.js';
import { loadSeedFile } from '../../emulator/seed.js';
import { AllowedEndpoints } from '../../src/config/allowed-endpoints.js';
import { LarkApiLimits } from '../../src/config/lark-api-limits.js';
import { Secret } from '../../src/config/secret.js';
import { chatText } from '../../src/domain/chat-text.js';
import { createLarkClient } from '../../src/lark/create-lark-client.js';
import { createMessenger } from '../../src/lark/create-messenger.js';
import type { Messenger } from '../../src/ports/messenger.js';
import { createRedisRateLimiter } from '../../src/store/redis-rate-limiter.js';
import { useRedisServer } from '../helpers/redis.js';

const root = (path: string) => new URL(`../../${path}`, import.meta.url);
const SEED_PATH = root('test/fixtures/lark/lark-seed.yaml').pathname;
const ENDPOINTS = AllowedEndpoints.parse(
  parse(readFileSync(root('config/allowed_endpoints.yaml'), 'utf8')),
).endpoints;
const LIMITS = LarkApiLimits.parse(parse(readFileSync(root('config/lark-api-limits.yaml'), 'utf8')));

const redisServer = await useRedisServer();
const redis = new Redis(redisServer.url);
afterAll(async () => {
  await redis.quit();
});

let emulator: Emulator;
let messenger: Messenger;
beforeEach(async () => {
  const seed = await loadSeedFile(SEED_PATH);
  emulator = await startEmulator(seed);
  const { client } = createLarkClient({
    appId: seed.app.app_id,
    appSecret: new Secret(seed.app.app_secret, 'secret://env/LARK_APP_SECRET'),
    domain: emulator.url,
    endpoints: ENDPOINTS,
    rateLimiter: createRedisRateLimiter({
      redis,
      limits: LIMITS.rate_limits,
      keyPrefix: `t${Math.random()}`,
    }),
    onEgressDenied: () => {},
    maxRateLimitWaitMs: 10_000,
    logger: { error() {}, warn() {}, info() {}, debug() {}, trace() {} },
    loggerLevel: sdk.LoggerLevel.error,
  });
  messenger = createMessenger({ client });
});
afterEach(async () => {
  await emulator.close();
});

type ChatMessage = {
  message_id: string;
  sender_type: string;
  msg_type: string;
  content: unknown;
  text: string | null;
  parent_id?: string;
  update_count: number;
};

async function chatMessages(chatId: string): Promise<ChatMessage[]> {
  const response = await fetch(`${emulator.url}/__emulator/chats/${chatId}/messages`);
  return ((await response.json()) as { items: ChatMessage[] }).items;
}

function makeCard(title: string) {
  return {
    schema: '2.0',
    config: { update_multi: true },
    header: { title: { tag: 'plain_text', content: title }, template: 'orange' },
    body: {
      elements: [
        { tag: 'markdown', content: '**1 record** will change' },
        {
          tag: 'button',
          text: { tag: 'plain_text', content: 'Approve' },
          type: 'primary_filled',
          behaviors: [{ type: 'callback', value: { action: 'approve', request_id: 'req_1' } }],
        },
      ],
    },
  };
}

describe('createMessenger', () => {
  it('sends text and cards to a chat, replies, and patches a card', async () => {
    const text = await messenger.sendText('oc_requests', chatText`Request req_1 received`);
    const card = await messenger.sendCard('oc_requests', makeCard('Approve write?'));
    const replyText = await messenger.replyText(text.messageId, chatText`Working on it`);
    const replyCard = await messenger.replyCard(text.messageId, makeCard('Diff'));
    await messenger.patchCard(card.messageId, makeCard('Applied'));

    const messages = await chatMessages('oc_requests');
    expect(messages.map((message) => message.message_id)).toEqual([
      text.messageId,
      card.messageId,
      replyText.messageId,
      replyCard.messageId,
    ]);
    expect(messages.every((message) => message.sender_type === 'app')).toBe(true);
    expect(messages[0]).toMatchObject({ msg_type: 'text', text: 'Request req_1 received' });
    expect(messages[1]).toMatchObject({
      msg_type: 'interactive',
      content: makeCard('Applied'),
      update_count: 1,
    });
    expect(messages[2]).toMatchObject({ text: 'Working on it', parent_id: text.messageId });
    expect(messages[3]).toMatchObject({ msg_type: 'interactive', parent_id: text.messageId });
  });

  it('sends a message once per uuid', async () => {
    const first = await messenger.sendText('oc_requests', chatText`Applied req_1`, { uuid: 'req_1:applied' });
    const second = await messenger.sendText('oc_requests', chatText`Applied req_1`, {
      uuid: 'req_1:applied',
    });

    expect(second.messageId).toBe(first.messageId);
    expect(await chatMessages('oc_requests')).toHaveLength(1);
  });

  it('refuses a uuid longer than 50 characters before sending', async () => {
    await expect(messenger.sendText('oc_requests', chatText`x`, { uuid: 'u'.repeat(51) })).rejects.toThrow(
      RangeError,
    );
    expect(await chatMessages('oc_requests')).toEqual([]);
  });

  it('reads the bot identity', async () => {
    expect(await messenger.getBotInfo()).toEqual({ openId: 'ou_larkgate_bot', appName: 'Larkgate' });
  });

  it('throws a LarkApiError with the IM code when the bot is not in the chat', async () => {
    await expect(messenger.sendText('oc_nobot', chatText`hello`)).rejects.toMatchObject({
      name: 'LarkApiError',
      endpointId: 'im.message.create',
      httpStatus: 400,
      code: 230002,
      kind: 'permanent',
    });
  });
});
