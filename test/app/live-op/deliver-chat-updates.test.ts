import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuditLineFlusher } from '../../../src/app/live-op/create-audit-line-flusher.js';
import {
  AUDIT_LINES_PER_MESSAGE,
  type ChatDeliveryDeps,
  deliverChatUpdates,
} from '../../../src/app/live-op/deliver-chat-updates.js';
import type { GovernedRequest } from '../../../src/domain/governed-request.js';
import type { AuditInput } from '../../../src/ports/audit.js';
import type { LarkCallFailed } from '../../../src/ports/lark-call-failed.js';
import type { LarkErrorKind } from '../../../src/ports/lark-error-kind.js';
import type { Outbox } from '../../../src/ports/outbox.js';
import type { RequestStore } from '../../../src/ports/request-store.js';
import { createOutbox } from '../../../src/store/create-outbox.js';
import { createRequestStore } from '../../../src/store/create-request-store.js';
import { createRedisKeys } from '../../../src/store/redis-keys.js';
import { makePolicy } from '../../builders/make-policy.js';
import { makeRequest, T0 } from '../../builders/make-request.js';
import { fakeLarkFailure } from '../../fakes/fake-lark-failure.js';
import { useRedisServer } from '../../helpers/redis.js';

let redis: Redis;
let requests: RequestStore;
let outbox: Outbox;
const server = await useRedisServer();
beforeAll(() => {
  redis = new Redis(server.url);
});
afterAll(async () => {
  await redis.quit();
});

let prefix = 0;
/** A fresh key prefix per test: each starts with an empty outbox. */
function freshStores(claimMs = 60_000) {
  prefix++;
  const keys = createRedisKeys(`deliver${prefix}`);
  requests = createRequestStore(redis, keys);
  outbox = createOutbox(redis, keys, { claimMs });
}

function imError(status: number, code: number, kind: LarkErrorKind): LarkCallFailed {
  return fakeLarkFailure(kind, {
    endpointId: 'im.message.patch',
    method: 'PATCH',
    path: '/open-apis/im/v1/messages/om_card',
    httpStatus: status,
    code,
    msg: 'failed',
  });
}

/** A chat that records what it was sent; `failPatch` answers the next patches with these errors. */
function makeDeps(failPatch: LarkCallFailed[] = []) {
  const sent: { text: string; uuid: string | undefined }[] = [];
  const patched: { messageId: string; card: string }[] = [];
  const audited: AuditInput[] = [];
  const deps: ChatDeliveryDeps = {
    policy: () => makePolicy(),
    audit: async (input) => {
      audited.push(input);
    },
    clock: () => T0,
    logger: pino({ level: 'silent' }),
    requests,
    outbox,
    chat: {
      sendText: async (_chat, text, options) => {
        sent.push({ text: text.text, uuid: options?.uuid });
        return { messageId: 'om_line' };
      },
      replyText: async () => ({ messageId: 'om_x' }),
      sendCard: async () => ({ messageId: 'om_x' }),
      replyCard: async () => ({ messageId: 'om_x' }),
      patchCard: async (messageId, card) => {
        const failure = failPatch.shift();
        if (failure) throw failure;
        patched.push({ messageId, card: JSON.stringify(card) });
      },
    },
  };
  return { deps, sent, patched, audited };
}

/** An executing request moved to `state` with its finish's deliveries, as finishRequest does. */
async function finished(overrides: Partial<GovernedRequest> = {}): Promise<GovernedRequest> {
  const executing = makeRequest({ state: 'executing', ...overrides });
  await requests.create(executing);
  const stored = await requests.get(executing.id);
  const applied: GovernedRequest = {
    ...executing,
    state: 'applied',
    execution: {
      step: 'verified',
      startedAt: T0,
      attempts: 1,
      backupId: `bk_${'1'.repeat(64)}`,
      createdRecordIds: [],
      preexistingMatches: [],
      idMap: null,
      schemaIds: null,
      finishedAt: T0,
      verification: { ok: true, mismatches: [] },
      problem: null,
    },
  };
  const ids = [
    { kind: 'card', requestId: applied.id },
    { kind: 'audit_line', requestId: applied.id, state: 'applied' },
  ] as const;
  expect(await requests.transition(stored, applied, undefined, ids)).toBe('written');
  return applied;
}

describe('deliverChatUpdates', () => {
  it('delivers what a finish owes once: the card as stored now, one line with its uuid; nothing left', async () => {
    freshStores();
    const request = await finished();
    const { deps, sent, patched } = makeDeps();

    const counts = await deliverChatUpdates('due', deps);
    const again = await deliverChatUpdates('due', deps);

    expect(counts).toEqual({ delivered: 2, retrying: 0, dropped: 0 });
    expect(again).toEqual({ delivered: 0, retrying: 0, dropped: 0 });
    expect(patched).toHaveLength(1);
    expect(patched[0]?.card).toContain('Applied and verified');
    expect(sent).toEqual([
      { text: expect.stringContaining(`${request.id} applied`), uuid: `audit-${request.id}-applied` },
    ]);
    expect(await outbox.list()).toEqual([]);
  });

  it('the lines of several finished requests go to the audit chat as one message, one line each', async () => {
    freshStores();
    const ids = ['req_aaaaaaaaaaa2', 'req_aaaaaaaaaaa3', 'req_aaaaaaaaaaa4'];
    for (const id of ids) await finished({ id, cardMessageId: `om_${id}` });
    const { deps, sent, patched } = makeDeps();

    const counts = await deliverChatUpdates('due', deps);

    expect(counts).toEqual({ delivered: 6, retrying: 0, dropped: 0 });
    expect(patched).toHaveLength(3);
    expect(sent).toHaveLength(1);
    const lines = sent[0]?.text.split('\n') ?? [];
    expect(lines).toHaveLength(3);
    for (const [index, id] of ids.entries()) expect(lines[index]).toContain(`${id} applied`);
    expect(sent[0]?.uuid).toMatch(/^audit-batch-[0-9a-f]{32}$/);
    expect(await outbox.list()).toEqual([]);
  });

  it('more lines than fit one message: several messages, every line once', async () => {
    freshStores();
    const ids = Array.from(
      { length: AUDIT_LINES_PER_MESSAGE + 3 },
      (_, i) => `req_bbbbbbbbb${String(i).padStart(3, '0')}`,
    );
    for (const id of ids) await finished({ id });
    const { deps, sent } = makeDeps();

    await deliverChatUpdates('due', deps);

    expect(sent.map((message) => message.text.split('\n').length)).toEqual([AUDIT_LINES_PER_MESSAGE, 3]);
    for (const id of ids)
      expect(sent.filter((message) => message.text.includes(`${id} applied`))).toHaveLength(1);
  });

  it('the flusher sends lines handed to it in the background, and lines added meanwhile together', async () => {
    freshStores();
    const ids = ['req_ccccccccccc2', 'req_ccccccccccc3', 'req_ccccccccccc4'];
    for (const id of ids) await finished({ id });
    const { deps, sent } = makeDeps();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const send = deps.chat.sendText;
    const flusher = createAuditLineFlusher({
      ...deps,
      chat: {
        ...deps.chat,
        sendText: async (...args) => {
          await held;
          return send(...args);
        },
      },
    });

    flusher.add([`audit_line:${ids[0]}:applied`]);
    flusher.add([`audit_line:${ids[1]}:applied`, `audit_line:${ids[2]}:applied`]);
    expect(sent).toEqual([]);
    release();
    await flusher.idle();

    expect(sent.map((message) => message.text.split('\n').length)).toEqual([1, 2]);
    expect((await outbox.list()).filter((entry) => entry.delivery.kind === 'audit_line')).toEqual([]);
  });

  it('a 500 on the patch: kept, due again after a backoff, attempts counted; delivered when Lark takes it', async () => {
    freshStores(0);
    const request = await finished();
    const { deps, patched } = makeDeps([imError(500, 1, 'ambiguous')]);

    const first = await deliverChatUpdates([`card:${request.id}`], deps);
    const waiting = await outbox.list();
    await redis.zadd(createRedisKeys(`deliver${prefix}`).outboxDue, 0, `card:${request.id}`);
    const second = await deliverChatUpdates('due', deps);

    expect(first).toEqual({ delivered: 0, retrying: 1, dropped: 0 });
    const card = waiting.find((entry) => entry.id === `card:${request.id}`);
    expect(card?.attempts).toBe(1);
    expect(card?.dueAt).toBeGreaterThan(Date.now() - 100);
    expect(second.delivered).toBe(2);
    expect(patched).toHaveLength(1);
  });

  it('a card Lark says is deleted: dropped at once, audited chat.undelivered, never retried', async () => {
    freshStores(0);
    const request = await finished();
    const { deps, audited } = makeDeps([imError(400, 230110, 'permanent')]);

    const counts = await deliverChatUpdates('due', deps);

    expect(counts).toEqual({ delivered: 1, retrying: 0, dropped: 1 });
    expect(audited).toEqual([
      expect.objectContaining({
        type: 'chat.undelivered',
        requestId: request.id,
        details: expect.objectContaining({ delivery: 'card', attempts: 1 }),
      }),
    ]);
    expect(await outbox.list()).toEqual([]);
  });

  it('an entry claimed by another process is left to it until its claim lapses', async () => {
    freshStores(60_000);
    const request = await finished();
    const other = await outbox.claim([`card:${request.id}`]);
    const { deps, patched } = makeDeps();

    await deliverChatUpdates('due', deps);

    expect(other).toHaveLength(1);
    expect(patched).toEqual([]);
  });

  it('a newer state written while an older one was being delivered is not lost', async () => {
    freshStores(0);
    const request = await finished();
    const [claimed] = await outbox.claim([`card:${request.id}`]);
    const stored = await requests.get(request.id);
    if (!stored || !claimed) throw new Error('setup');
    await requests.transition(stored, { ...stored.request, rolledBackBy: 'req_bbbbbbbbbbbb' }, undefined, [
      { kind: 'card', requestId: request.id },
    ]);

    expect(await outbox.complete(claimed)).toBe(false);
    expect((await outbox.list()).map((entry) => entry.id)).toContain(`card:${request.id}`);
  });

  it('an applied rollback marks its original rolled back and updates the original card', async () => {
    freshStores();
    const original = makeRequest({ id: 'req_cccccccccccc', state: 'applied', cardMessageId: 'om_original' });
    await requests.create(original);
    const rollback = makeRequest({ id: 'req_dddddddddddd', cardMessageId: 'om_rollback' });
    await requests.create(rollback);
    const stored = await requests.get(rollback.id);
    await requests.transition(stored, { ...rollback, state: 'applied' }, undefined, [
      { kind: 'rolled_back', requestId: original.id, by: rollback.id },
    ]);
    const { deps, patched } = makeDeps();

    await deliverChatUpdates('due', deps);

    expect((await requests.get(original.id))?.request.rolledBackBy).toBe(rollback.id);
    expect(patched.map((patch) => patch.messageId)).toEqual(['om_original']);
    expect(patched[0]?.card).toContain(`Rolled back by ${rollback.id}`);
    expect(patched[0]?.card).not.toContain('"action":"rollback"');
  });

  it('a transition that loses its compare-and-set writes no delivery', async () => {
    freshStores();
    const request = makeRequest({ id: 'req_eeeeeeeeeeee', state: 'executing' });
    await requests.create(request);

    const result = await requests.transition(
      { request, raw: '{"stale":true}' },
      { ...request, state: 'applied' },
      undefined,
      [{ kind: 'card', requestId: request.id }],
    );

    expect(result).toBe('conflict');
    expect(await outbox.list()).toEqual([]);
  });
});
