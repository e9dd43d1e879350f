import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditInput } from '../src/ports/audit.js';
import { createRequestStore } from '../src/store/create-request-store.js';
import { createRedisKeys } from '../src/store/redis-keys.js';
import { makePolicy } from '../test/builders/make-policy.js';
import { makeRequest, T0 } from '../test/builders/make-request.js';
import { useRedisServer } from '../test/helpers/redis.js';
import type { ChatDeps } from './chat-context.js';
import { sendRequestCard } from './open-request.js';

const server = await useRedisServer();
let redis: Redis;
beforeAll(() => {
  redis = new Redis(server.url);
});
afterAll(async () => {
  await redis.quit();
});

describe('sendRequestCard after a crash', () => {
  it('records the card id and brings the card up to date when the request has moved on meanwhile', async () => {
    const requests = createRequestStore(redis, createRedisKeys('openreq'));
    // The worker that sent the card died before recording its id; the request was approved and applied since.
    const request = makeRequest({ id: 'req_aaaaaaaaaaad', cardMessageId: null, state: 'applied' });
    await requests.create(request);
    const patched: { messageId: string; card: string }[] = [];
    const deps = {
      policy: () => makePolicy(),
      audit: async () => undefined,
      clock: () => T0,
      requests,
      chat: {
        replyCard: async () => ({ messageId: 'om_original_card' }),
        patchCard: async (messageId: string, card: object) => {
          patched.push({ messageId, card: JSON.stringify(card) });
        },
      },
      logger: pino({ level: 'silent' }),
    } as unknown as ChatDeps;

    await sendRequestCard(request, deps);

    expect((await requests.get(request.id))?.request.cardMessageId).toBe('om_original_card');
    expect(patched.map((p) => p.messageId)).toEqual(['om_original_card']);
    expect(patched[0]?.card).toContain('Applied and verified');
  });

  it('does not patch a card for a request that is still pending', async () => {
    const requests = createRequestStore(redis, createRedisKeys('openreq2'));
    const request = makeRequest({ id: 'req_aaaaaaaaaaae', cardMessageId: null });
    await requests.create(request);
    const patched: string[] = [];
    const deps = {
      policy: () => makePolicy(),
      audit: async () => undefined,
      clock: () => T0,
      requests,
      chat: {
        replyCard: async () => ({ messageId: 'om_card' }),
        patchCard: async (id: string) => patched.push(id),
      },
      logger: pino({ level: 'silent' }),
    } as unknown as ChatDeps;

    await sendRequestCard(request, deps);

    expect(patched).toEqual([]);
  });

  it('audits the card it sent once, with its message id (the dry run reached a person)', async () => {
    const requests = createRequestStore(redis, createRedisKeys('openreq3'));
    const request = makeRequest({ id: 'req_aaaaaaaaaaaf', cardMessageId: null });
    await requests.create(request);
    const audited: AuditInput[] = [];
    const deps = {
      policy: () => makePolicy(),
      audit: async (input: AuditInput) => {
        audited.push(input);
      },
      clock: () => T0,
      requests,
      chat: { replyCard: async () => ({ messageId: 'om_card_3' }), patchCard: async () => undefined },
      logger: pino({ level: 'silent' }),
    } as unknown as ChatDeps;

    await sendRequestCard(request, deps);
    await sendRequestCard({ ...request, cardMessageId: 'om_card_3' }, deps);

    expect(audited).toEqual([
      {
        type: 'request.card_sent',
        actor: null,
        requestId: request.id,
        details: { base: 'crm', card_message_id: 'om_card_3', chat_id: request.chatId, state: 'pending' },
      },
    ]);
  });
});
