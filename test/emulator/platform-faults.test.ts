import * as lark from '@larksuiteoapi/node-sdk';
import axios from 'axios';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CRM,
  expectHttpError,
  makeTokenCache,
  QUIET_LOGGER,
  startTestEmulator,
  TASKS,
  type TestEmulator,
} from './platform-test-kit.js';

const TABLE = { app_token: CRM, table_id: TASKS };
const RECORDS = `/open-apis/bitable/v1/apps/${CRM}/tables/${TASKS}/records`;

describe('emulator faults (docs/product.md §8 control API)', () => {
  let t: TestEmulator;
  afterEach(async () => {
    await t.close();
  });

  const inject = async (fault: Record<string, unknown>) => {
    const response = await t.call('POST', '/__emulator/faults', { body: fault });
    expect(response.status).toBe(200);
    return response.body as { id: string; remaining: number };
  };
  const create = (title: string) =>
    t.client.bitable.appTableRecord.create({ path: TABLE, data: { fields: { Title: title } } });
  const titles = async () => {
    const snapshot = (await t.call('GET', `/__emulator/bases/${CRM}`)).body as {
      tables: Array<{ table_id: string; records: Array<{ fields: { Title?: Array<{ text: string }> } }> }>;
    };
    return snapshot.tables
      .find((table) => table.table_id === TASKS)
      ?.records.map((r) => r.fields.Title?.[0]?.text);
  };

  it('delays a matching call by latency_ms, then handles it normally', async () => {
    t = await startTestEmulator();
    await inject({ kind: 'latency', path_prefix: '/open-apis/bitable', latency_ms: 250 });
    const started = Date.now();
    const res = await create('late');
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(res.code).toBe(0);
    expect(await titles()).toContain('late');
  });

  it('with exact:true matches only that path, not the paths below it', async () => {
    t = await startTestEmulator();
    await inject({ kind: 'server_error', path_prefix: RECORDS, exact: true, method: 'POST' });
    const search = await t.client.bitable.appTableRecord.search({ path: TABLE, data: {} });
    expect(search.code).toBe(0);
    const failed = await expectHttpError(() => create('aimed at'));
    expect(failed.status).toBe(500);
    expect(await titles()).not.toContain('aimed at');
  });

  it('answers rate_limit with a 429 storm of count calls, with the reset the caller asked for', async () => {
    t = await startTestEmulator();
    await inject({ kind: 'rate_limit', path_prefix: '/open-apis/bitable', count: 2, reset_seconds: 7 });
    for (let i = 0; i < 2; i++) {
      const refused = await expectHttpError(() => create(`storm ${i}`));
      expect(refused.status).toBe(429);
      expect(refused.data.code).toBe(99991400);
      expect(refused.headers['x-ogw-ratelimit-reset']).toBe('7');
      expect(refused.headers['x-ogw-ratelimit-limit']).toBe('50');
    }
    expect((await create('after the storm')).code).toBe(0);
    expect(await titles()).not.toContain('storm 0');
    expect((await t.call('GET', '/__emulator/faults')).body.items).toEqual([]);
  });

  it('answers server_error with 500/1255001 for Bitable (or the given status and code) and applies nothing', async () => {
    t = await startTestEmulator();
    await inject({ kind: 'server_error', path_prefix: RECORDS });
    const failed = await expectHttpError(() => create('lost'));
    expect([failed.status, failed.data.code]).toEqual([500, 1255001]);

    await inject({ kind: 'server_error', path_prefix: RECORDS, status: 504, code: 1255040 });
    const timedOut = await expectHttpError(() => create('also lost'));
    expect([timedOut.status, timedOut.data.code]).toEqual([504, 1255040]);
    expect(await titles()).not.toContain('lost');
    expect(await titles()).not.toContain('also lost');
  });

  it('answers write_conflict with HTTP 200 and 1254291 and applies nothing', async () => {
    t = await startTestEmulator();
    await inject({ kind: 'write_conflict', path_prefix: '/open-apis/bitable/v1/apps', method: 'post' });
    const res = await create('conflicted');
    expect(res).toMatchObject({ code: 1254291, msg: 'Write conflict' });
    expect(await titles()).not.toContain('conflicted');
  });

  it('timeout_after_apply: the write is applied but the caller only sees its axios timeout', async () => {
    t = await startTestEmulator();
    const httpInstance = axios.create({ timeout: 300 });
    httpInstance.interceptors.response.use((response) => response.data);
    const client = new lark.Client({
      appId: t.seed.app.app_id,
      appSecret: t.seed.app.app_secret,
      domain: t.emulator.url,
      cache: makeTokenCache(),
      loggerLevel: lark.LoggerLevel.error,
      logger: QUIET_LOGGER,
      httpInstance: httpInstance as unknown as lark.HttpInstance,
    });
    await inject({ kind: 'timeout_after_apply', path_prefix: RECORDS, latency_ms: 5000 });
    const outcome = await client.bitable.appTableRecord
      .create({ path: TABLE, data: { fields: { Title: 'applied in the dark' } } })
      .then(
        () => 'answered',
        (error: { code?: string; message: string }) => error.code ?? error.message,
      );
    expect(outcome).toBe('ECONNABORTED');
    expect(await titles()).toContain('applied in the dark');
    // Status 0: the connection was dropped without an answer (the docs' promise). The client's abort reaches
    // the emulator as a socket close, so wait for it rather than race it (null while it is in flight).
    await expect
      .poll(async () => {
        const log = (await t.call('GET', '/__emulator/requests')).body.items as Array<{
          path: string;
          status: number | null;
        }>;
        return log.find((entry) => entry.path === RECORDS)?.status;
      })
      .toBe(0);
  });

  it('timeout_after_apply with latency_ms 0 drops the connection at once: "socket hang up"', async () => {
    t = await startTestEmulator();
    await inject({ kind: 'timeout_after_apply', path_prefix: RECORDS, latency_ms: 0 });
    const outcome = await create('applied, then hung up').then(
      () => 'answered',
      (error: { message: string }) => error.message,
    );
    expect(outcome).toMatch(/socket hang up/);
    expect(await titles()).toContain('applied, then hung up');
    // The Base is released: the next write goes through.
    expect((await create('next')).code).toBe(0);
  });

  it('server_error_after_apply: the write lands, the SDK sees HTTP 500 / 1255001 (or the given status and code)', async () => {
    t = await startTestEmulator();
    const fault = await inject({ kind: 'server_error_after_apply', path_prefix: RECORDS, exact: true });
    expect(fault).toMatchObject({ kind: 'server_error_after_apply', remaining: 1 });
    const failed = await expectHttpError(() => create('landed anyway'));
    expect([failed.status, failed.data.code, failed.data.msg]).toEqual([500, 1255001, 'InternalError']);
    expect(failed.data).not.toHaveProperty('data');
    expect(await titles()).toContain('landed anyway');
    const log = (await t.call('GET', '/__emulator/requests')).body.items as Array<{
      method: string;
      path: string;
      status: number;
    }>;
    expect(log.filter((entry) => entry.path === RECORDS).map((entry) => entry.status)).toEqual([500]);

    // The Base is released: the next write is answered normally.
    expect((await create('next')).code).toBe(0);

    await inject({
      kind: 'server_error_after_apply',
      path_prefix: RECORDS,
      exact: true,
      status: 504,
      code: 1255040,
    });
    const timedOut = await expectHttpError(() => create('landed behind a 504'));
    expect([timedOut.status, timedOut.data.code]).toEqual([504, 1255040]);
    expect(await titles()).toContain('landed behind a 504');
  });

  it('server_error_after_apply on an update applies it; outside Bitable the answer is 500 / 1 System busy', async () => {
    t = await startTestEmulator();
    await inject({ kind: 'server_error_after_apply', path_prefix: `${RECORDS}/recTask0001`, method: 'PUT' });
    const failed = await expectHttpError(() =>
      t.client.bitable.appTableRecord.update({
        path: { ...TABLE, record_id: 'recTask0001' },
        data: { fields: { Points: 42 } },
      }),
    );
    expect(failed.status).toBe(500);
    const read = await t.client.bitable.appTableRecord.get({ path: { ...TABLE, record_id: 'recTask0001' } });
    expect(read.data?.record?.fields.Points).toBe(42);

    await inject({
      kind: 'server_error_after_apply',
      path_prefix: '/open-apis/im/v1/messages',
      method: 'POST',
    });
    const sent = await expectHttpError(() =>
      t.client.im.message.create({
        params: { receive_id_type: 'chat_id' },
        data: {
          receive_id: 'oc_ops',
          msg_type: 'text',
          content: JSON.stringify({ text: 'sent in the dark' }),
        },
      }),
    );
    expect([sent.status, sent.data.code, sent.data.msg]).toEqual([500, 1, 'System busy']);
    const history = (await t.call('GET', '/__emulator/chats/oc_ops/messages')).body.items as Array<{
      text: string | null;
    }>;
    expect(history.map((message) => message.text)).toEqual(['sent in the dark']);
  });

  it('matches by path prefix and method, consumes one count per matching call, and -1 lasts until cleared', async () => {
    t = await startTestEmulator();
    const forever = await inject({ kind: 'write_conflict', path_prefix: RECORDS, method: 'PUT', count: -1 });
    expect(forever.remaining).toBe(-1);
    await inject({ kind: 'server_error', path_prefix: '/open-apis/bitable/v1/apps/other', count: 3 });

    expect((await create('a POST is not matched')).code).toBe(0);
    for (let i = 0; i < 3; i++) {
      const res = await t.client.bitable.appTableRecord.update({
        path: { ...TABLE, record_id: 'recTask0001' },
        data: { fields: { Points: 100 + i } },
      });
      expect(res.code).toBe(1254291);
    }
    const listed = (await t.call('GET', '/__emulator/faults')).body.items as Array<{
      kind: string;
      remaining: number;
    }>;
    expect(listed.map((fault) => [fault.kind, fault.remaining])).toEqual([
      ['write_conflict', -1],
      ['server_error', 3],
    ]);
    await t.call('DELETE', '/__emulator/faults');
    expect((await t.call('GET', '/__emulator/faults')).body.items).toEqual([]);
    const res = await t.client.bitable.appTableRecord.update({
      path: { ...TABLE, record_id: 'recTask0001' },
      data: { fields: { Points: 7 } },
    });
    expect(res.code).toBe(0);
  });

  it('refuses a malformed fault with 400', async () => {
    t = await startTestEmulator();
    for (const body of [
      { kind: 'meteor', path_prefix: '/open-apis' },
      { kind: 'latency', path_prefix: 'no-slash' },
      { kind: 'latency', path_prefix: '/open-apis', count: 0 },
    ]) {
      expect((await t.call('POST', '/__emulator/faults', { body })).status).toBe(400);
    }
  });

  it('applies faults to the token route too', async () => {
    t = await startTestEmulator();
    await inject({ kind: 'server_error', path_prefix: '/open-apis/auth' });
    await expect(create('no token')).rejects.toThrow();
    expect((await create('token now')).code).toBe(0);
  });
});
