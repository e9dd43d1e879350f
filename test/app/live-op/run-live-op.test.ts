import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveOpDeps } from '../../../src/app/live-op/live-op-deps.js';
import { runLiveOp } from '../../../src/app/live-op/run-live-op.js';
import { RetryLater } from '../../../src/app/retry-later.js';
import type { Cells } from '../../../src/domain/cell-value.js';
import type { Execution, GovernedRequest, RecordChange } from '../../../src/domain/governed-request.js';
import { decide } from '../../../src/domain/guard.js';
import type { WriteOpName } from '../../../src/domain/policy.js';
import type { AuditInput } from '../../../src/ports/audit.js';
import type { LarkCallFailed } from '../../../src/ports/lark-call-failed.js';
import type { LarkErrorKind } from '../../../src/ports/lark-error-kind.js';
import type { Outbox } from '../../../src/ports/outbox.js';
import type { RequestStore } from '../../../src/ports/request-store.js';
import { createOutbox } from '../../../src/store/create-outbox.js';
import { createRequestStore } from '../../../src/store/create-request-store.js';
import { createRedisKeys } from '../../../src/store/redis-keys.js';
import { makePolicy } from '../../builders/make-policy.js';
import { makePlan, makeRequest, T0 } from '../../builders/make-request.js';
import { fakeLarkFailure } from '../../fakes/fake-lark-failure.js';
import { useRedisServer } from '../../helpers/redis.js';

let redis: Redis;
let requests: RequestStore;
let outbox: Outbox;
const server = await useRedisServer();
beforeAll(() => {
  redis = new Redis(server.url);
  requests = createRequestStore(redis, createRedisKeys('liveop'));
  outbox = createOutbox(redis, createRedisKeys('liveop'), { claimMs: 30_000 });
});
afterAll(async () => {
  await redis.quit();
});

const FIELDS = [
  { fieldId: 'fldStatus', name: 'Status', type: 3, isPrimary: false, options: ['Open', 'Done'] },
];
let nextId = 0;

function execution(step: Execution['step']): Execution {
  return {
    step,
    startedAt: T0,
    attempts: 1,
    backupId: `bk_${'0'.repeat(64)}`,
    createdRecordIds: [],
    preexistingMatches: [],
    idMap: null,
    schemaIds: null,
    finishedAt: null,
    verification: null,
    problem: null,
  };
}

/** A request already executing at `step` (ids are unique per test). */
async function executing(
  step: Execution['step'],
  op: WriteOpName = 'update',
  changes?: RecordChange[],
): Promise<GovernedRequest> {
  nextId += 1;
  const request = makeRequest({
    id: `req_${'abcdefghijklmnopqrstuvwxyz'.charAt(nextId).repeat(12)}`,
    plan: makePlan({ op, fields: FIELDS, ...(changes ? { changes } : {}) }),
    state: 'executing',
    artefactId: 'art_x',
    execution: execution(step),
  });
  await requests.create(request);
  return request;
}

function larkError(
  kind: LarkErrorKind,
  code: number,
  endpointId = 'bitable.field.list',
  retryAfterMs?: number,
): LarkCallFailed {
  return fakeLarkFailure(kind, {
    endpointId,
    method: 'GET',
    path: '/open-apis/bitable/v1/apps/x/tables/y/fields',
    httpStatus: kind === 'transient' ? 500 : 403,
    code,
    msg: kind === 'permission' ? 'RolePermNotAllow' : 'failed',
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

/** An in-memory table behind the reader and writer ports; `fail` makes listFields throw. */
function makeDeps(options: { records?: Map<string, Cells>; fail?: LarkCallFailed; batchMax?: number } = {}) {
  const table = options.records ?? new Map<string, Cells>([['recAbc', { Status: 'Open' }]]);
  const audited: AuditInput[] = [];
  const calls = {
    listFields: 0,
    batchCreate: [] as number[] /** Records per delete call (a single-record delete counts 1). */,
    batchDelete: [] as number[],
    writes: 0,
    reads: 0,
  };
  const max = options.batchMax ?? 500;
  let created = 0;
  const deps: LiveOpDeps = {
    policy: () => makePolicy(),
    decide,
    audit: async (input) => {
      audited.push(input);
    },
    clock: () => T0 + 1,
    logger: pino({ level: 'silent' }),
    requests,
    reader: {
      listTables: async () => [],
      listFields: async () => {
        calls.listFields += 1;
        if (options.fail) throw options.fail;
        return FIELDS;
      },
      getRecords: async (_app, _table, ids) => {
        calls.reads += 1;
        return {
          records: new Map(
            ids.flatMap((id) => {
              const cells = table.get(id);
              return cells ? [[id, cells] as const] : [];
            }),
          ),
          absent: [],
        };
      },
      searchRecords: async () => ({ records: [], total: 0, truncated: false }),
    },
    writer: {
      createRecord: async (_app, _table, _fields, cells) => {
        calls.writes += 1;
        created += 1;
        table.set(`recNew${created}`, cells);
        return { recordId: `recNew${created}` };
      },
      updateRecord: async (_app, _table, id, _fields, cells) => {
        calls.writes += 1;
        table.set(id, { ...table.get(id), ...cells });
      },
      deleteRecord: async (_app, _table, id) => {
        calls.writes += 1;
        calls.batchDelete.push(1);
        table.delete(id);
      },
      batchCreateRecords: async (_app, _table, _fields, rows) => {
        calls.writes += 1;
        calls.batchCreate.push(rows.length);
        return {
          recordIds: rows.map((cells) => {
            created += 1;
            table.set(`recNew${created}`, cells);
            return `recNew${created}`;
          }),
        };
      },
      batchUpdateRecords: async () => {
        calls.writes += 1;
      },
      batchDeleteRecords: async (_app, _table, ids) => {
        calls.writes += 1;
        calls.batchDelete.push(ids.length);
        for (const id of ids) table.delete(id);
      },
    },
    chat: {
      sendText: async () => ({ messageId: 'om_x' }),
      replyText: async () => ({ messageId: 'om_x' }),
      sendCard: async () => ({ messageId: 'om_x' }),
      replyCard: async () => ({ messageId: 'om_x' }),
      patchCard: async () => undefined,
    },
    outbox,
    saveBackup: async () => ({ backupId: `bk_${'1'.repeat(64)}`, bytes: 1 }),
    leaseBase: async () => ({ release: async () => undefined }),
    reconcileDelayMs: 0,
    batchLimits: {
      record_batch_create: { max },
      record_batch_update: { max },
      record_batch_delete: { max },
    },
  };
  return { deps, audited, calls, table };
}

describe('a read Lark refuses for good ends the live op at once', () => {
  it.each([
    ['permission', 1254302],
    ['auth', 99991663],
    ['not_found', 1254041],
  ] as const)(
    '%s on the re-read: failed with the reason, audited op.failed, nothing written, no retry',
    async (kind, code) => {
      const request = await executing('consumed');
      const { deps, audited, calls } = makeDeps({ fail: larkError(kind, code) });

      const state = await runLiveOp(request.id, deps);

      const stored = await requests.get(request.id);
      expect(state).toBe('failed');
      expect(stored?.request.state).toBe('failed');
      expect(stored?.request.execution?.problem).toContain(
        `Lark refused bitable.field.list (${kind}, code ${code}`,
      );
      expect(stored?.request.execution?.problem).toContain('nothing was written');
      expect(audited.filter((event) => event.type === 'op.failed')).toHaveLength(1);
      expect(calls.listFields).toBe(1);
      expect(calls.writes).toBe(0);
    },
  );

  it('a refused read after the write began stops for a human (the write may have landed)', async () => {
    const request = await executing('writing');
    const { deps } = makeDeps({
      fail: larkError('permission', 1254302),
      records: new Map([['recAbc', { Status: 'Open' }]]),
    });
    deps.reader.getRecords = async () => {
      throw larkError('permission', 1254302, 'bitable.record.batch_get');
    };

    expect(await runLiveOp(request.id, deps)).toBe('needs_review');
    expect((await requests.get(request.id))?.request.execution?.problem).toContain('after the write began');
  });

  it('a transient read failure is still retried later, with Lark’s wait when it named one', async () => {
    const request = await executing('consumed');
    const throttled = larkError('rate_limited', 99991400, 'bitable.field.list', 4_000);
    const { deps } = makeDeps({ fail: throttled });

    const thrown = await runLiveOp(request.id, deps).catch((error: unknown) => error);

    expect(thrown).toBeInstanceOf(RetryLater);
    expect((thrown as RetryLater).delayMs).toBe(4_000);
    expect((await requests.get(request.id))?.request.state).toBe('executing');
  });
});

describe('multi-record writes are chunked by the batch limits passed in', () => {
  it('a batch delete of 5 with record_batch_delete 2 goes as 2 + 2 + 1, and verifies', async () => {
    const ids = ['recA1', 'recA2', 'recA3', 'recA4', 'recA5'];
    const records = new Map<string, Cells>(ids.map((id) => [id, { Status: 'Open' }]));
    const request = await executing(
      'writing',
      'batch-delete',
      ids.map((id) => ({ recordId: id, before: { Status: 'Open' }, after: null })),
    );
    const { deps, calls, table } = makeDeps({ records, batchMax: 2 });

    expect(await runLiveOp(request.id, deps)).toBe('applied');
    expect(calls.batchDelete).toEqual([2, 2, 1]);
    expect(table.size).toBe(0);
  });

  it('a create of 5 with record_batch_create 2 goes as 2 + 2 + 1, each chunk recorded', async () => {
    const request = await executing(
      'writing',
      'create',
      [1, 2, 3, 4, 5].map((n) => ({
        recordId: null,
        before: null,
        after: { Status: n % 2 ? 'Open' : 'Done' },
      })),
    );
    const { deps, calls } = makeDeps({ records: new Map(), batchMax: 2 });

    expect(await runLiveOp(request.id, deps)).toBe('applied');
    expect(calls.batchCreate).toEqual([2, 2, 1]);
    expect((await requests.get(request.id))?.request.execution?.createdRecordIds).toHaveLength(5);
  });
});

describe('the reads an update costs', () => {
  it('one run from the approval: the re-read serves the write, then one read back (two reads)', async () => {
    const request = await executing('consumed');
    const { deps, calls, table } = makeDeps({
      records: new Map<string, Cells>([['recAbc', { Status: 'Open' }]]),
    });

    const state = await runLiveOp(request.id, deps);

    expect(state).toBe('applied');
    expect(table.get('recAbc')).toEqual({ Status: 'Done' });
    expect(calls.reads).toBe(2);
  });

  it('a run that resumes at the write (a retried job) reads before writing', async () => {
    const request = await executing('writing');
    const { deps, calls, table } = makeDeps({
      records: new Map<string, Cells>([['recAbc', { Status: 'Done' }]]),
    });

    const state = await runLiveOp(request.id, deps);

    expect(state).toBe('applied');
    expect(calls.writes).toBe(0);
    expect(table.get('recAbc')).toEqual({ Status: 'Done' });
    expect(calls.reads).toBe(2);
  });
});

/** Resolves once `seen()` holds; rejects after 2 s, so a step that waits for the other one fails, not hangs. */
function once(seen: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (seen()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > 2_000) {
        clearInterval(timer);
        reject(new Error(`${what} never happened while waiting`));
      }
    }, 1);
  });
}

describe('reads that need not wait go out together', () => {
  it('the re-read starts while the guard’s decision is audited, the field list beside the records, and the read back while op.applied is audited; the write still waits for backup.created', async () => {
    nextId += 1;
    const artefactId = `art_${'abcdefghijklmnopqrstuvwxyz'.charAt(nextId).repeat(6)}`;
    const request = makeRequest({
      id: `req_${'abcdefghijklmnopqrstuvwxyz'.charAt(nextId).repeat(12)}`,
      plan: makePlan({ op: 'update', fields: FIELDS }),
      state: 'approved',
      artefactId,
    });
    await redis.hset(
      `liveop:art:${artefactId}`,
      'json',
      JSON.stringify({
        id: artefactId,
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
    const { deps, calls, table } = makeDeps();
    const order: string[] = [];
    const { listFields, getRecords, updateRecord } = { ...deps.reader, ...deps.writer };
    deps.reader.listFields = async (...args) => {
      order.push('listFields');
      // The field list does not wait for the records, nor they for it.
      await once(() => calls.reads >= 1, 'the records read');
      return listFields(...args);
    };
    deps.reader.getRecords = async (...args) => {
      order.push('getRecords');
      return getRecords(...args);
    };
    deps.writer.updateRecord = async (...args) => {
      order.push('write');
      return updateRecord(...args);
    };
    deps.audit = async (input) => {
      order.push(input.type);
      if (input.type === 'tool.allowed')
        await once(() => order.includes('listFields') && order.includes('getRecords'), 'the re-read');
      if (input.type === 'op.applied') await once(() => calls.reads >= 2, 'the read back');
    };

    expect(await runLiveOp(request.id, deps)).toBe('applied');

    expect(table.get('recAbc')).toEqual({ Status: 'Done' });
    expect(order.indexOf('write')).toBeGreaterThan(order.indexOf('backup.created'));
    expect(order.indexOf('backup.created')).toBeGreaterThan(order.indexOf('tool.allowed'));
    expect(order.filter((step) => step.startsWith('op.'))).toEqual(['op.applied', 'op.verified']);
    expect((await requests.get(request.id))?.request.execution?.verification).toEqual({
      ok: true,
      mismatches: [],
    });
  });
});
