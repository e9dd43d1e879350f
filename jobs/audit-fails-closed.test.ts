import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveOpDeps } from '../src/app/live-op/live-op-deps.js';
import { runLiveOp } from '../src/app/live-op/run-live-op.js';
import { decide } from '../src/domain/guard.js';
import { handleCardAction } from '../src/http/handle-card-action.js';
import type { AuditInput } from '../src/ports/audit.js';
import type { Outbox } from '../src/ports/outbox.js';
import type { RequestStore } from '../src/ports/request-store.js';
import { AuditUnavailableError } from '../src/store/audit-unavailable-error.js';
import { createOutbox } from '../src/store/create-outbox.js';
import { createRequestStore } from '../src/store/create-request-store.js';
import { createRedisKeys } from '../src/store/redis-keys.js';
import { makePolicy } from '../test/builders/make-policy.js';
import { makeRequest, T0 } from '../test/builders/make-request.js';
import { useRedisServer } from '../test/helpers/redis.js';

let redis: Redis;
let requests: RequestStore;
let outbox: Outbox;
const server = await useRedisServer();
beforeAll(() => {
  redis = new Redis(server.url);
  requests = createRequestStore(redis, createRedisKeys('failclosed'));
  outbox = createOutbox(redis, createRedisKeys('failclosed'), { claimMs: 30_000 });
});
afterAll(async () => {
  await redis.quit();
});

const logger = pino({ level: 'silent' });

/** An audit log that records until it is told to fail at a given event type. */
function auditFailingAt(type: string) {
  const written: AuditInput[] = [];
  const audit = async (input: AuditInput) => {
    if (input.type === type) throw new AuditUnavailableError('no audit sink could record the event');
    written.push(input);
  };
  return { audit, written };
}

describe('if the audit log cannot record, the guarded action does not happen', () => {
  it('a vote is not recorded when approval.vote cannot be audited', async () => {
    const request = makeRequest({ id: 'req_aaaaaaaaaaab', cardMessageId: 'om_card' });
    await requests.create(request);
    const { audit } = auditFailingAt('approval.vote');

    await expect(
      handleCardAction(
        {
          operatorOpenId: 'ou_bob',
          messageId: 'om_card',
          chatId: 'oc_requests',
          value: { action: 'approve', request_id: request.id, scope: request.scopeHash },
        },
        {
          policy: () => makePolicy(),
          decide,
          audit,
          clock: () => T0 + 1,
          logger,
          requests,
          enqueueLiveOp: async () => undefined,
          enqueueRollback: async () => undefined,
        },
      ),
    ).rejects.toBeInstanceOf(AuditUnavailableError);

    const stored = await requests.get(request.id);
    expect(stored?.request.state).toBe('pending');
    expect(stored?.request.votes).toEqual([]);
  });

  it('nothing is written to the Base when backup.created cannot be audited', async () => {
    const request = makeRequest({ id: 'req_aaaaaaaaaaac', state: 'approved', artefactId: 'art_c' });
    await redis.hset(
      `failclosed:art:art_c`,
      'json',
      JSON.stringify({
        id: 'art_c',
        requestId: request.id,
        scopeHash: request.scopeHash,
        approvers: ['ou_bob'],
        createdAt: T0,
        usedAt: null,
      }),
      'usedAt',
      '',
    );
    await requests.create(request);
    const { audit, written } = auditFailingAt('backup.created');
    const writes: string[] = [];
    const deps: LiveOpDeps = {
      policy: () => makePolicy(),
      decide,
      audit,
      clock: () => T0 + 1,
      logger,
      requests,
      reader: {
        listTables: async () => [],
        listFields: async () => [
          { fieldId: 'fldStatus', name: 'Status', type: 3, isPrimary: false, options: ['Open', 'Done'] },
        ],
        getRecords: async () => ({ records: new Map([['recAbc', { Status: 'Open' }]]), absent: [] }),
        searchRecords: async () => ({ records: [], total: 0, truncated: false }),
      },
      writer: {
        createRecord: async () => {
          writes.push('create');
          return { recordId: 'recNew' };
        },
        updateRecord: async () => writes.push('update'),
        deleteRecord: async () => writes.push('delete'),
        batchCreateRecords: async () => {
          writes.push('batch_create');
          return { recordIds: [] };
        },
        batchUpdateRecords: async () => writes.push('batch_update'),
        batchDeleteRecords: async () => writes.push('batch_delete'),
      },
      chat: {
        sendText: async () => ({ messageId: 'om_x' }),
        replyText: async () => ({ messageId: 'om_x' }),
        sendCard: async () => ({ messageId: 'om_x' }),
        replyCard: async () => ({ messageId: 'om_x' }),
        patchCard: async () => undefined,
      },
      outbox,
      saveBackup: async () => ({ backupId: `bk_${'0'.repeat(64)}`, bytes: 1 }),
      leaseBase: async () => ({ release: async () => undefined }),
      reconcileDelayMs: 0,
      batchLimits: {
        record_batch_create: { max: 500 },
        record_batch_update: { max: 500 },
        record_batch_delete: { max: 500 },
      },
    };

    await expect(runLiveOp(request.id, deps)).rejects.toBeInstanceOf(AuditUnavailableError);

    expect(writes).toEqual([]);
    expect(written.map((event) => event.type)).toEqual(['tool.allowed']);
    expect((await requests.get(request.id))?.request.execution?.step).toBe('consumed');
  });
});
