import { afterEach, describe, expect, it } from 'vitest';
import { CRM, expectHttpError, startTestEmulator, TASKS, type TestEmulator } from './platform-test-kit.js';

const APP = { app_token: CRM };
const TABLE = { app_token: CRM, table_id: TASKS };

describe('emulator Base ceilings (docs/reference/lark-api.md §2.1, §2.2, §2.3, §2.6)', () => {
  let t: TestEmulator;
  afterEach(async () => {
    await t.close();
  });

  it('holds at most 100 tables per Base (1254100)', async () => {
    t = await startTestEmulator({ rateLimits: false });
    const names = (count: number, prefix: string) =>
      Array.from({ length: count }, (_, i) => ({ name: `${prefix}${i}` }));
    expect(
      (await t.client.bitable.appTable.batchCreate({ path: APP, data: { tables: names(98, 'tmp_') } })).code,
    ).toBe(0);
    const over = await t.client.bitable.appTable.create({
      path: APP,
      data: { table: { name: 'one too many' } },
    });
    expect(over.code).toBe(1254100);
    expect((await t.client.bitable.appTable.list({ path: APP })).data?.total).toBe(100);
  });

  it('holds at most 300 fields per table (1254105)', async () => {
    t = await startTestEmulator({ rateLimits: false });
    const fields = Array.from({ length: 300 }, (_, i) => ({ field_name: `F${i}`, type: 1 }));
    const created = await t.client.bitable.appTable.create({
      path: APP,
      data: { table: { name: 'tmp_wide', fields } },
    });
    expect(created.code).toBe(0);
    const path = { app_token: CRM, table_id: created.data?.table_id as string };
    expect(
      (await t.client.bitable.appTableField.create({ path, data: { field_name: 'F300', type: 1 } })).code,
    ).toBe(1254105);
    const tooWide = await t.client.bitable.appTable.create({
      path: APP,
      data: { table: { name: 'tmp_too_wide', fields: [...fields, { field_name: 'F300', type: 1 }] } },
    });
    expect(tooWide.code).toBe(1254001);
  });

  it('holds at most 20,000 records per table (1254103)', async () => {
    t = await startTestEmulator({ rateLimits: false, batchLimits: { create: 20_000 } });
    const records = (count: number) => Array.from({ length: count }, () => ({ fields: { Points: 1 } }));
    expect(
      (await t.client.bitable.appTableRecord.batchCreate({ path: TABLE, data: { records: records(19_997) } }))
        .code,
    ).toBe(0);
    const over = await t.client.bitable.appTableRecord.create({
      path: TABLE,
      data: { fields: { Title: 'over' } },
    });
    expect(over.code).toBe(1254103);
  });

  it('refuses over-long cells: text over 100,000 characters (1254130), phone over 64 (1254072)', async () => {
    t = await startTestEmulator();
    const create = (fields: Record<string, string>) =>
      t.client.bitable.appTableRecord.create({ path: TABLE, data: { fields } });
    expect((await create({ Title: 'x'.repeat(100_000) })).code).toBe(0);
    expect((await create({ Title: 'x'.repeat(100_001) })).code).toBe(1254130);
    expect((await create({ Phone: '1'.repeat(64) })).code).toBe(0);
    expect((await create({ Phone: '1'.repeat(65) })).code).toBe(1254072);
  });

  it('limits search to 50 conditions per group and 200 field_names', async () => {
    t = await startTestEmulator();
    const conditions = (count: number) =>
      Array.from({ length: count }, () => ({
        field_name: 'Points',
        operator: 'isNotEmpty' as const,
        value: [],
      }));
    const search = (data: object) => t.client.bitable.appTableRecord.search({ path: TABLE, data });
    expect((await search({ filter: { conjunction: 'and', conditions: conditions(50) } })).code).toBe(0);
    expect((await search({ filter: { conjunction: 'and', conditions: conditions(51) } })).code).toBe(1254018);
    expect((await search({ field_names: Array(200).fill('Title') })).code).toBe(0);
    expect((await search({ field_names: Array(201).fill('Title') })).code).toBe(1254024);
  });
});

describe('emulator Base cells beyond the seed table (docs/reference/lark-api.md §2.3)', () => {
  let t: TestEmulator;
  afterEach(async () => {
    await t.close();
  });

  it('writes and reads attachments, duplex links, locations and group chats, and refuses bad ones', async () => {
    t = await startTestEmulator();
    for (const data of [
      { field_name: 'Files', type: 17 },
      { field_name: 'Peers', type: 21, property: { table_id: TASKS } },
      { field_name: 'Place', type: 22 },
      { field_name: 'Chats', type: 23 },
    ]) {
      expect((await t.client.bitable.appTableField.create({ path: TABLE, data })).code).toBe(0);
    }
    const created = await t.client.bitable.appTableRecord.create({
      path: TABLE,
      data: {
        fields: {
          Files: [{ file_token: 'boxcnFileToken' }],
          Peers: ['recTask0003'],
          Place: '116.397755,39.903179',
          Chats: [{ id: 'oc_ops' }],
        } as never,
      },
    });
    expect(created.code).toBe(0);
    const read = await t.client.bitable.appTableRecord.get({
      path: { ...TABLE, record_id: created.data?.record?.record_id as string },
    });
    expect(read.data?.record?.fields).toMatchObject({
      Files: [{ file_token: 'boxcnFileToken', name: '', size: 0 }],
      Peers: { link_record_ids: ['recTask0003'] },
      Place: { location: '116.397755,39.903179' },
      Chats: [{ id: 'oc_ops', name: 'Ops' }],
    });

    const refuse = async (fields: Record<string, unknown>) =>
      (await t.client.bitable.appTableRecord.create({ path: TABLE, data: { fields: fields as never } })).code;
    expect(await refuse({ Files: ['boxcnFileToken'] })).toBe(1254069);
    const duplex = await expectHttpError(() =>
      t.client.bitable.appTableRecord.create({
        path: TABLE,
        data: { fields: { Peers: ['recNoSuchOne'] } as never },
      }),
    );
    expect([duplex.status, duplex.data.code]).toEqual([400, 1254074]);
    expect(await refuse({ Place: 'Beijing' })).toBe(1254001);
    expect(await refuse({ Chats: ['oc_ops'] })).toBe(1254001);
  });

  it('takes and gives user ids in the requested user_id_type', async () => {
    t = await startTestEmulator();
    const created = await t.client.bitable.appTableRecord.create({
      path: TABLE,
      params: { user_id_type: 'union_id' },
      data: { fields: { Title: 'by union id', Owner: [{ id: 'on_alice' }] } },
    });
    const recordId = created.data?.record?.record_id as string;
    const asOpenId = await t.client.bitable.appTableRecord.get({ path: { ...TABLE, record_id: recordId } });
    expect(asOpenId.data?.record?.fields.Owner).toEqual([
      { id: 'ou_alice', name: 'Alice', en_name: 'Alice', email: '', avatar_url: '' },
    ]);
    const asUserId = await t.client.bitable.appTableRecord.search({
      path: TABLE,
      params: { user_id_type: 'user_id' },
      data: {
        filter: {
          conjunction: 'and',
          conditions: [{ field_name: 'Title', operator: 'is', value: ['by union id'] }],
        },
      },
    });
    const owner = asUserId.data?.items?.[0]?.fields.Owner as Array<{ id: string }> | undefined;
    expect(owner?.[0]?.id).toBe('alice01');
  });

  it('refuses a person nobody in the tenant is, or an id of another type than user_id_type (1254066)', async () => {
    t = await startTestEmulator();
    const create = (owner: string, userIdType?: 'open_id' | 'union_id' | 'user_id') =>
      t.client.bitable.appTableRecord.create({
        path: TABLE,
        ...(userIdType ? { params: { user_id_type: userIdType } } : {}),
        data: { fields: { Title: `owner ${owner}`, Owner: [{ id: owner }] } },
      });
    const stranger = await create('ou_stranger');
    expect(stranger.code).toBe(1254066);
    expect(stranger.msg).toMatch(/no user with open_id ou_stranger/);
    expect((await create('alice01')).code).toBe(1254066);
    // Alice's open_id under user_id_type=user_id: the types do not mix.
    expect((await create('ou_alice', 'user_id')).code).toBe(1254066);
    expect((await create('on_alice', 'union_id')).code).toBe(0);
    const search = await t.client.bitable.appTableRecord.search({ path: TABLE, data: {} });
    expect(search.data?.total).toBe(4);
  });
});

describe('emulator malformed JSON outside Bitable (docs/reference/lark-api.md §1.3)', () => {
  let t: TestEmulator;
  afterEach(async () => {
    await t.close();
  });

  it('answers HTTP 400 with 9499 Bad Request', async () => {
    t = await startTestEmulator();
    const response = await t.call('POST', '/open-apis/im/v1/messages?receive_id_type=chat_id', {
      body: '{oops',
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe(9499);
  });
});
