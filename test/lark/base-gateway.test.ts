import { randomUUID } from 'node:crypto';
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
import type { FieldMeta } from '../../src/domain/cell-value.js';
import { createBaseGateway } from '../../src/lark/create-base-gateway.js';
import { createLarkClient } from '../../src/lark/create-lark-client.js';
import { LarkApiError } from '../../src/lark/lark-api-error.js';
import { LarkBatchError } from '../../src/lark/lark-batch-error.js';
import type { BaseGateway } from '../../src/ports/base-gateway.js';
import { createRedisRateLimiter } from '../../src/store/redis-rate-limiter.js';
import { useRedisServer } from '../helpers/redis.js';

const root = (path: string) => new URL(`../../${path}`, import.meta.url);
const SEED_PATH = root('test/fixtures/lark/lark-seed.yaml').pathname;
const ENDPOINTS = AllowedEndpoints.parse(
  parse(readFileSync(root('config/allowed_endpoints.yaml'), 'utf8')),
).endpoints;
const LIMITS = LarkApiLimits.parse(parse(readFileSync(root('config/lark-api-limits.yaml'), 'utf8')));
const CRM = 'bascnCRMtestBaseToken000001';
const TASKS = 'tblTasks00000001';
const NOTES = 'tblNotes00000001';
const TABLE_PATH = (table: string) => `/open-apis/bitable/v1/apps/${CRM}/tables/${table}`;

const redisServer = await useRedisServer();
const redis = new Redis(redisServer.url);
afterAll(async () => {
  await redis.quit();
});

let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator(await loadSeedFile(SEED_PATH));
});
afterEach(async () => {
  await emulator.close();
});

/** A gateway on a fresh client; `batch` shrinks the ceilings so that chunking shows with a few records. */
async function makeGateway(
  batch: Partial<Record<keyof LarkApiLimits['batch'], number>> = {},
): Promise<BaseGateway> {
  const seed = await loadSeedFile(SEED_PATH);
  const limits: LarkApiLimits = structuredClone(LIMITS);
  for (const [key, max] of Object.entries(batch)) limits.batch[key as keyof LarkApiLimits['batch']].max = max;
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
  return createBaseGateway({ client, limits });
}

type LoggedRequest = { method: string; path: string; query: string; status: number | null };

async function requestsTo(suffix: string): Promise<LoggedRequest[]> {
  const response = await fetch(`${emulator.url}/__emulator/requests`);
  return ((await response.json()) as { items: LoggedRequest[] }).items.filter((item) =>
    item.path.endsWith(suffix),
  );
}

async function caught(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

describe('createBaseGateway: reads', () => {
  it('reads the app, its tables and a table fields', async () => {
    const gateway = await makeGateway();

    const app = await gateway.getApp(CRM);
    const tables = await gateway.listTables(CRM);
    const fields = await gateway.listFields(CRM, TASKS);

    expect(app).toMatchObject({ appToken: CRM, name: 'CRM' });
    expect(tables).toEqual([
      { tableId: TASKS, name: 'Tasks' },
      { tableId: NOTES, name: 'Notes' },
    ]);
    expect(fields.map((field) => field.name)).toEqual([
      'Title',
      'Points',
      'Status',
      'Tags',
      'Due',
      'Done',
      'Owner',
      'Link',
      'Related',
      'Score',
    ]);
    expect(fields[0]).toEqual({
      fieldId: 'fldTitle01',
      name: 'Title',
      type: 1,
      isPrimary: true,
      options: [],
    });
    expect(fields.find((field) => field.name === 'Status')).toMatchObject({
      type: 3,
      isPrimary: false,
      options: ['Open', 'Done'],
    });
    // Seeded values create their multi-select options.
    expect(fields.find((field) => field.name === 'Tags')?.options).toEqual(
      expect.arrayContaining(['backend', 'urgent', 'docs']),
    );
  });

  it('gets records by id in canonical form, in chunks of the batch_get ceiling, naming the absent ones', async () => {
    const gateway = await makeGateway({ record_batch_get: 2 });
    const fields = await gateway.listFields(CRM, TASKS);

    const { records, absent } = await gateway.getRecords(
      CRM,
      TASKS,
      ['recTask0001', 'recMissing01', 'recTask0002', 'recTask0001'],
      fields,
    );

    expect(records.get('recTask0001')).toMatchObject({
      Title: 'Ship v1',
      Points: 3,
      Status: 'Open',
      Tags: ['backend', 'urgent'],
      Due: 1767225600000,
      Done: false,
      Owner: ['ou_alice'],
      Link: { text: 'Spec', link: 'https://example.com/spec' },
      Related: null,
    });
    expect(records.get('recTask0002')).toMatchObject({
      Title: 'Write docs',
      Done: true,
      Related: ['recTask0001'],
    });
    expect([...records.keys()].sort()).toEqual(['recTask0001', 'recTask0002']);
    expect(absent).toEqual(['recMissing01']);
    expect(await requestsTo('/records/batch_get')).toHaveLength(2);
  });

  it('searches with a filter, paging up to max and saying when it stopped early', async () => {
    const gateway = await makeGateway({ search_page_size: 1 });
    const fields = await gateway.listFields(CRM, TASKS);
    const open = {
      conjunction: 'and',
      conditions: [{ field_name: 'Status', operator: 'is', value: ['Open'] }],
    };

    const all = await gateway.searchRecords(CRM, TASKS, fields, { filter: open, max: 10 });
    const first = await gateway.searchRecords(CRM, TASKS, fields, {
      filter: open,
      max: 1,
      fieldNames: ['Title'],
    });

    expect(all.records.map((record) => record.recordId)).toEqual(['recTask0001', 'recTask0003']);
    expect(all).toMatchObject({ total: 2, truncated: false });
    expect(all.records[1]?.cells).toMatchObject({ Title: 'Fix login bug', Points: 5, Owner: ['ou_bob'] });
    expect(first).toEqual({
      records: [{ recordId: 'recTask0001', cells: { Title: 'Ship v1' } }],
      total: 2,
      truncated: true,
    });
    const searches = await requestsTo('/records/search');
    expect(searches).toHaveLength(3); // two pages of one, then one page for max 1
    expect(searches.every((request) => request.query.includes('page_size=1'))).toBe(true);
  });
});

describe('createBaseGateway: writes', () => {
  it('creates, updates and deletes a record, reading back the canonical values it wrote', async () => {
    const gateway = await makeGateway();
    const fields = await gateway.listFields(CRM, TASKS);
    const cells = {
      Title: 'Round trip',
      Points: 2.5,
      Status: 'Done',
      Tags: ['new-tag', 'docs'],
      Due: 1767312000000,
      Done: true,
      Owner: ['ou_bob'],
      Link: { text: 'Home', link: 'https://example.com/' },
      Related: ['recTask0001'],
    };

    const { recordId } = await gateway.createRecord(CRM, TASKS, fields, cells, { clientToken: randomUUID() });
    const created = (await gateway.getRecords(CRM, TASKS, [recordId], fields)).records.get(recordId);
    await gateway.updateRecord(CRM, TASKS, recordId, fields, { Points: 9, Tags: null, Done: false });
    const updated = (await gateway.getRecords(CRM, TASKS, [recordId], fields)).records.get(recordId);
    await gateway.deleteRecord(CRM, TASKS, recordId);
    const afterDelete = await gateway.getRecords(CRM, TASKS, [recordId], fields);

    expect(recordId).toMatch(/^rec/);
    expect(created).toMatchObject(cells);
    expect(updated).toMatchObject({ ...cells, Points: 9, Tags: null, Done: false });
    expect(afterDelete).toEqual({ records: new Map(), absent: [recordId] });
  });

  it('turns a reused client_token into an ambiguous error (the first write landed)', async () => {
    const gateway = await makeGateway();
    const fields = await gateway.listFields(CRM, NOTES);
    const clientToken = randomUUID();
    await gateway.createRecord(CRM, NOTES, fields, { Note: 'once' }, { clientToken });

    const error = await caught(() =>
      gateway.createRecord(CRM, NOTES, fields, { Note: 'once' }, { clientToken }),
    );

    expect(error).toBeInstanceOf(LarkApiError);
    expect(error).toMatchObject({ kind: 'ambiguous', code: 1254608, endpointId: 'bitable.record.create' });
  });

  it('throws a LarkApiError with Lark code when the answer is HTTP 200 with code != 0', async () => {
    const gateway = await makeGateway();
    const fields = await gateway.listFields(CRM, TASKS);
    const ghost: FieldMeta = { fieldId: 'fldGhost01', name: 'Ghost', type: 1, isPrimary: false, options: [] };

    const missing = await caught(() =>
      gateway.updateRecord(CRM, TASKS, 'recMissing01', fields, { Points: 1 }),
    );
    const unknownField = await caught(() =>
      gateway.updateRecord(CRM, TASKS, 'recTask0001', [...fields, ghost], { Ghost: 'boo' }),
    );
    const noTable = await caught(() => gateway.listFields(CRM, 'tblNoSuchTable01'));

    expect(missing).toMatchObject({
      name: 'LarkApiError',
      httpStatus: 200,
      code: 1254043,
      kind: 'not_found',
    });
    expect(missing).toMatchObject({ path: `${TABLE_PATH(TASKS)}/records/recMissing01`, method: 'PUT' });
    expect(unknownField).toMatchObject({ httpStatus: 200, code: 1254045, kind: 'field_not_found' });
    expect(noTable).toMatchObject({ code: 1254041, kind: 'not_found', endpointId: 'bitable.field.list' });
  });

  it('reports a write conflict (1254291) as conflict: retryable, nothing written', async () => {
    const gateway = await makeGateway();
    const fields = await gateway.listFields(CRM, TASKS);
    await fetch(`${emulator.url}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'write_conflict',
        path_prefix: `${TABLE_PATH(TASKS)}/records`,
        method: 'PUT',
      }),
    });

    const error = await caught(() => gateway.updateRecord(CRM, TASKS, 'recTask0001', fields, { Points: 7 }));
    const after = await gateway.getRecords(CRM, TASKS, ['recTask0001'], fields);

    expect(error).toMatchObject({ name: 'LarkApiError', httpStatus: 200, code: 1254291, kind: 'conflict' });
    expect(after.records.get('recTask0001')?.Points).toBe(3);
  });

  it('refuses a cell for a field it does not know before sending anything', async () => {
    const gateway = await makeGateway();
    const fields = await gateway.listFields(CRM, TASKS);

    await expect(gateway.updateRecord(CRM, TASKS, 'recTask0001', fields, { Nope: 'x' })).rejects.toThrow(
      TypeError,
    );
    expect(await requestsTo('/records/recTask0001')).toEqual([]);
  });
});

describe('createBaseGateway: batches', () => {
  it('creates, updates and deletes in chunks of the configured ceilings', async () => {
    const gateway = await makeGateway({
      record_batch_create: 2,
      record_batch_update: 2,
      record_batch_delete: 2,
    });
    const fields = await gateway.listFields(CRM, NOTES);
    const tokens = [randomUUID(), randomUUID(), randomUUID()];
    const asked: number[] = [];

    const { recordIds } = await gateway.batchCreateRecords(
      CRM,
      NOTES,
      fields,
      Array.from({ length: 5 }, (_, i) => ({ Note: `note ${i}` })),
      {
        clientToken: (chunkIndex) => {
          asked.push(chunkIndex);
          return tokens[chunkIndex] ?? '';
        },
      },
    );
    const updated = await gateway.batchUpdateRecords(
      CRM,
      NOTES,
      fields,
      recordIds.map((recordId, i) => ({ recordId, cells: { Batch: `b${i}` } })),
    );
    const read = await gateway.getRecords(CRM, NOTES, recordIds, fields);
    const deleted = await gateway.batchDeleteRecords(CRM, NOTES, recordIds.slice(0, 3));
    const after = await gateway.getRecords(CRM, NOTES, recordIds, fields);

    expect(recordIds).toHaveLength(5);
    expect(new Set(recordIds).size).toBe(5);
    expect(asked).toEqual([0, 1, 2]);
    expect(recordIds.map((id) => read.records.get(id))).toEqual(
      Array.from({ length: 5 }, (_, i) => ({ Note: `note ${i}`, Batch: `b${i}` })),
    );
    expect(updated.recordIds).toEqual(recordIds);
    expect(deleted.recordIds).toEqual(recordIds.slice(0, 3));
    expect(after.absent).toEqual(recordIds.slice(0, 3));
    expect((await requestsTo('/records/batch_create')).map((request) => request.query)).toEqual(
      tokens.map((token) => expect.stringContaining(`client_token=${token}`)),
    );
    expect(await requestsTo('/records/batch_update')).toHaveLength(3);
    expect(await requestsTo('/records/batch_delete')).toHaveLength(2);
  });

  it('reports the chunks that completed when a later chunk fails, and sends nothing after it', async () => {
    const gateway = await makeGateway({ record_batch_update: 2 });
    const fields = await gateway.listFields(CRM, TASKS);
    const updates = ['recTask0001', 'recTask0002', 'recTask0003', 'recMissing01', 'recTask0001'].map(
      (recordId) => ({
        recordId,
        cells: { Points: 42 },
      }),
    );

    const error = await caught(() => gateway.batchUpdateRecords(CRM, TASKS, fields, updates));
    const after = await gateway.getRecords(CRM, TASKS, ['recTask0001', 'recTask0002', 'recTask0003'], fields);

    expect(error).toBeInstanceOf(LarkBatchError);
    const batchError = error as LarkBatchError;
    expect(batchError).toMatchObject({
      operation: 'batch_update',
      chunkCount: 3,
      failedChunk: 1,
      completedRecordIds: ['recTask0001', 'recTask0002'],
      failedRecordIds: ['recTask0003', 'recMissing01'],
    });
    expect(batchError.chunkError).toMatchObject({ kind: 'not_found', code: 1254043 });
    expect(batchError.failure).toMatchObject({ kind: 'permanent', reason: 'not_found', code: 1254043 });
    // Lark applies a chunk all or nothing: recTask0003 shares the failed chunk and is unchanged.
    expect(after.records.get('recTask0001')?.Points).toBe(42);
    expect(after.records.get('recTask0002')?.Points).toBe(42);
    expect(after.records.get('recTask0003')?.Points).toBe(5);
    expect(await requestsTo('/records/batch_update')).toHaveLength(2);
  });

  it('does nothing for an empty batch', async () => {
    const gateway = await makeGateway();
    expect(await gateway.batchDeleteRecords(CRM, NOTES, [])).toEqual({ recordIds: [] });
    expect(await requestsTo('/records/batch_delete')).toEqual([]);
  });
});
