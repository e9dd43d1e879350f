import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CRM, expectHttpError, startTestEmulator, TASKS, type TestEmulator } from './platform-test-kit.js';

const TABLE = { app_token: CRM, table_id: TASKS };
const READ_ONLY_BASE = 'bascnReadOnlyBaseToken00001';
const HIDDEN_BASE = 'bascnHiddenBaseToken0000001';

describe('emulator Base records: write and read shapes (docs/reference/lark-api.md §2.3)', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator({ clock: () => 1_767_225_600_000 });
  });
  afterEach(async () => {
    await t.close();
  });

  const get = async (recordId: string) => {
    const res = await t.client.bitable.appTableRecord.get({ path: { ...TABLE, record_id: recordId } });
    expect(res.code).toBe(0);
    return res.data?.record as { fields: Record<string, unknown>; record_id: string; id: string };
  };

  it('creates a record from write-shaped cells, echoes them, and reads them back in read shape', async () => {
    const written = {
      Title: 'Launch',
      Points: 2.5,
      Status: 'Open',
      Tags: ['a', 'b'],
      Due: 1_767_312_000_000,
      Done: true,
      Owner: [{ id: 'ou_alice' }, { id: 'ou_bob' }],
      Phone: '+8613800000000',
      Link: { text: 'Docs', link: 'https://example.com/docs' },
      Related: ['recTask0001', 'recTask0002'],
    };
    const created = await t.client.bitable.appTableRecord.create({ path: TABLE, data: { fields: written } });
    expect(created.code).toBe(0);
    const record = created.data?.record as { record_id?: string; id?: string; fields: unknown } | undefined;
    expect(record?.record_id).toMatch(/^rec[A-Za-z0-9]{11}$/);
    expect(record?.id).toBe(record?.record_id);
    expect(record?.fields).toEqual(written);

    const read = await get(record?.record_id as string);
    expect(read.fields).toEqual({
      Title: [{ type: 'text', text: 'Launch' }],
      Points: 2.5,
      Status: 'Open',
      Tags: ['a', 'b'],
      Due: 1_767_312_000_000,
      Done: true,
      Owner: [
        { id: 'ou_alice', name: 'Alice', en_name: 'Alice', email: '', avatar_url: '' },
        { id: 'ou_bob', name: 'Bob', en_name: 'Bob', email: '', avatar_url: '' },
      ],
      Phone: '+8613800000000',
      Link: { text: 'Docs', link: 'https://example.com/docs' },
      Related: { link_record_ids: ['recTask0001', 'recTask0002'] },
      Created: 1_767_225_600_000,
    });
  });

  it('auto-creates an unknown single or multi select option in the field', async () => {
    await t.client.bitable.appTableRecord.create({
      path: TABLE,
      data: { fields: { Title: 'x', Status: 'Blocked', Tags: ['fresh'] } },
    });
    const fields = await t.client.bitable.appTableField.list({ path: TABLE, params: { page_size: 100 } });
    const options = (name: string) =>
      (fields.data?.items?.find((field) => field.field_name === name)?.property?.options ?? []).map(
        (option) => option.name,
      );
    expect(options('Status')).toEqual(['Open', 'Done', 'Blocked']);
    expect(options('Tags')).toContain('fresh');
  });

  it('updates incrementally: only the given fields change and null clears one', async () => {
    const res = await t.client.bitable.appTableRecord.update({
      path: { ...TABLE, record_id: 'recTask0001' },
      // The SDK's types do not allow null, but the API documents it as "clear this field".
      data: { fields: { Points: 8, Owner: null as unknown as string } },
    });
    expect(res.code).toBe(0);
    expect(res.data?.record).toMatchObject({
      record_id: 'recTask0001',
      id: 'recTask0001',
      fields: { Points: 8 },
    });
    const read = await get('recTask0001');
    expect(read.fields.Points).toBe(8);
    expect(read.fields.Owner).toBeUndefined();
    expect(read.fields.Title).toEqual([{ type: 'text', text: 'Ship v1' }]);
  });

  it('deletes a record and empties the links that pointed at it', async () => {
    const res = await t.client.bitable.appTableRecord.delete({
      path: { ...TABLE, record_id: 'recTask0001' },
    });
    expect(res).toMatchObject({ code: 0, data: { deleted: true, record_id: 'recTask0001' } });
    expect(
      (await t.client.bitable.appTableRecord.get({ path: { ...TABLE, record_id: 'recTask0001' } })).code,
    ).toBe(1254043);
    expect((await get('recTask0002')).fields.Related).toBeUndefined();
  });

  it('empties links to a deleted table, and refuses record ids in them from then on (1254067 / 400 1254074)', async () => {
    const NOTES = { app_token: CRM, table_id: 'tblNotes00000001' };
    for (const data of [
      { field_name: 'Note', type: 18, property: { table_id: NOTES.table_id } },
      { field_name: 'Note pair', type: 21, property: { table_id: NOTES.table_id } },
    ]) {
      expect((await t.client.bitable.appTableField.create({ path: TABLE, data })).code).toBe(0);
    }
    const note = await t.client.bitable.appTableRecord.create({
      path: NOTES,
      data: { fields: { Note: 'n' } },
    });
    const noteId = note.data?.record?.record_id as string;
    const linked = await t.client.bitable.appTableRecord.update({
      path: { ...TABLE, record_id: 'recTask0001' },
      data: { fields: { Note: [noteId], 'Note pair': [noteId] } as never },
    });
    expect(linked.code).toBe(0);
    expect((await get('recTask0001')).fields.Note).toEqual({ link_record_ids: [noteId] });

    expect((await t.client.bitable.appTable.delete({ path: NOTES })).code).toBe(0);
    const after = (await get('recTask0001')).fields;
    expect(after).not.toHaveProperty('Note');
    expect(after).not.toHaveProperty('Note pair');

    const write = (fields: Record<string, unknown>) =>
      t.client.bitable.appTableRecord.update({
        path: { ...TABLE, record_id: 'recTask0001' },
        data: { fields: fields as never },
      });
    expect((await write({ Note: [noteId] })).code).toBe(1254067);
    expect((await write({ Note: ['recAnyIdAtAll'] })).code).toBe(1254067);
    const duplex = await expectHttpError(() => write({ 'Note pair': ['recAnyIdAtAll'] }));
    expect([duplex.status, duplex.data.code]).toEqual([400, 1254074]);
    expect((await get('recTask0001')).fields).not.toHaveProperty('Note');
    // Clearing still works.
    expect((await write({ Note: null, 'Note pair': [] })).code).toBe(0);
  });

  it.each([
    ['Title', 123, 1254060],
    ['Points', '3', 1254061],
    ['Status', ['Open'], 1254062],
    ['Tags', 'solo', 1254063],
    ['Due', '2026-01-01', 1254064],
    ['Done', 'yes', 1254065],
    ['Owner', ['ou_alice'], 1254066],
    ['Owner', [{ id: 'ou_alice', name: 'Alice' }], 1254066],
    ['Related', ['recNoSuchOne'], 1254067],
    ['Link', 'https://example.com', 1254068],
    ['Phone', 'call me', 1254072],
    ['Score', 5, 1254001],
    ['Created', 5, 1254001],
    ['No such field', 'x', 1254045],
  ])('refuses %s = %j with HTTP 200 and %i, writing nothing', async (name, value, code) => {
    const res = await t.client.bitable.appTableRecord.create({
      path: TABLE,
      data: { fields: { Title: 'must not appear', [name]: value } },
    });
    expect(res.code).toBe(code);
    const all = await t.client.bitable.appTableRecord.search({ path: TABLE, data: {} });
    expect(all.data?.total).toBe(3);
  });

  it('answers unknown ids with the documented not-found codes', async () => {
    const missingBase = await t.client.bitable.appTableRecord.create({
      path: { app_token: 'bascnNoSuchBase', table_id: TASKS },
      data: { fields: { Title: 'x' } },
    });
    expect(missingBase.code).toBe(1254040);
    const missingTable = await t.client.bitable.appTableRecord.search({
      path: { app_token: CRM, table_id: 'tblNoSuchTable00' },
      data: {},
    });
    expect(missingTable.code).toBe(1254041);
    const missingRecord = await t.client.bitable.appTableRecord.update({
      path: { ...TABLE, record_id: 'recNoSuchOne' },
      data: { fields: { Points: 1 } },
    });
    expect(missingRecord.code).toBe(1254043);
    const missingField = await t.client.bitable.appTableField.update({
      path: { ...TABLE, field_id: 'fldNoSuch' },
      data: { field_name: 'X', type: 1 },
    });
    expect(missingField.code).toBe(1254044);
  });
});

describe('emulator Base batches (docs/reference/lark-api.md §2.1: all-or-nothing, ceilings)', () => {
  let t: TestEmulator;
  afterEach(async () => {
    await t.close();
  });

  const total = async () =>
    (await t.client.bitable.appTableRecord.search({ path: TABLE, data: {} })).data?.total;

  it('batch_create, batch_update and batch_delete apply every record', async () => {
    t = await startTestEmulator();
    const created = await t.client.bitable.appTableRecord.batchCreate({
      path: TABLE,
      data: { records: [{ fields: { Title: 'one' } }, { fields: { Title: 'two', Points: 2 } }] },
    });
    expect(created.code).toBe(0);
    const ids = created.data?.records?.map((record) => record.record_id as string) ?? [];
    expect(created.data?.records?.map((record) => record.fields)).toEqual([
      { Title: 'one' },
      { Title: 'two', Points: 2 },
    ]);
    expect(ids).toHaveLength(2);

    const updated = await t.client.bitable.appTableRecord.batchUpdate({
      path: TABLE,
      data: { records: ids.map((record_id) => ({ record_id, fields: { Points: 9 } })) },
    });
    expect(updated.code).toBe(0);
    const read = await t.client.bitable.appTableRecord.batchGet({ path: TABLE, data: { record_ids: ids } });
    expect(read.data?.records?.map((record) => record.fields.Points)).toEqual([9, 9]);

    const deleted = await t.client.bitable.appTableRecord.batchDelete({
      path: TABLE,
      data: { records: ids },
    });
    expect(deleted.data?.records).toEqual(ids.map((record_id) => ({ deleted: true, record_id })));
    expect(await total()).toBe(3);
  });

  it('fails a whole batch when one record is bad, changing nothing', async () => {
    t = await startTestEmulator();
    const create = await t.client.bitable.appTableRecord.batchCreate({
      path: TABLE,
      data: { records: [{ fields: { Title: 'fine', Status: 'NewOption' } }, { fields: { Points: 'nope' } }] },
    });
    expect(create.code).toBe(1254061);
    expect(await total()).toBe(3);
    const fields = await t.client.bitable.appTableField.list({ path: TABLE });
    const status = fields.data?.items?.find((field) => field.field_name === 'Status');
    expect(status?.property?.options?.map((option) => option.name)).toEqual(['Open', 'Done']);

    const update = await t.client.bitable.appTableRecord.batchUpdate({
      path: TABLE,
      data: {
        records: [
          { record_id: 'recTask0001', fields: { Points: 100 } },
          { record_id: 'recNoSuchOne', fields: { Points: 100 } },
        ],
      },
    });
    expect(update.code).toBe(1254043);
    const first = await t.client.bitable.appTableRecord.get({ path: { ...TABLE, record_id: 'recTask0001' } });
    expect(first.data?.record?.fields.Points).toBe(3);

    const remove = await t.client.bitable.appTableRecord.batchDelete({
      path: TABLE,
      data: { records: ['recTask0001', 'recNoSuchOne'] },
    });
    expect(remove.code).toBe(1254043);
    expect(await total()).toBe(3);
  });

  it('refuses batches above the ceilings with 1254104 (documented 1000/1000/500, configurable)', async () => {
    t = await startTestEmulator({ batchLimits: { create: 2, update: 2, delete: 1, get: 2 } });
    const three = [{ fields: { Title: 'a' } }, { fields: { Title: 'b' } }, { fields: { Title: 'c' } }];
    expect(
      (await t.client.bitable.appTableRecord.batchCreate({ path: TABLE, data: { records: three } })).code,
    ).toBe(1254104);
    const updates = ['recTask0001', 'recTask0002', 'recTask0003'].map((record_id) => ({
      record_id,
      fields: {},
    }));
    expect(
      (await t.client.bitable.appTableRecord.batchUpdate({ path: TABLE, data: { records: updates } })).code,
    ).toBe(1254104);
    expect(
      (
        await t.client.bitable.appTableRecord.batchDelete({
          path: TABLE,
          data: { records: ['recTask0001', 'recTask0002'] },
        })
      ).code,
    ).toBe(1254104);
    const tooMany = await expectHttpError(() =>
      t.client.bitable.appTableRecord.batchGet({
        path: TABLE,
        data: { record_ids: ['recTask0001', 'recTask0002', 'recTask0003'] },
      }),
    );
    expect([tooMany.status, tooMany.data.code]).toEqual([400, 1254104]);
    expect(await total()).toBe(3);
  });

  it('applies the documented default ceilings: 501 deletes are refused', async () => {
    t = await startTestEmulator();
    const ids = Array.from({ length: 501 }, (_, i) => `recFake${String(i).padStart(5, '0')}`);
    const res = await t.client.bitable.appTableRecord.batchDelete({ path: TABLE, data: { records: ids } });
    expect(res.code).toBe(1254104);
  });

  it('batch_get returns found records, absent ids, and uses 4xx statuses for its errors', async () => {
    t = await startTestEmulator();
    const res = await t.client.bitable.appTableRecord.batchGet({
      path: TABLE,
      data: { record_ids: ['recTask0003', 'recGone00001'], with_shared_url: true, automatic_fields: true },
    });
    expect(res.code).toBe(0);
    expect(res.data?.records?.map((record) => record.record_id)).toEqual(['recTask0003']);
    expect(res.data?.records?.[0]).toHaveProperty('shared_url');
    expect(res.data?.records?.[0]).toHaveProperty('created_time');
    expect(res.data?.absent_record_ids).toEqual(['recGone00001']);
    expect(res.data?.forbidden_record_ids).toEqual([]);

    const empty = await expectHttpError(() =>
      t.client.bitable.appTableRecord.batchGet({ path: TABLE, data: { record_ids: [] } }),
    );
    expect([empty.status, empty.data.code]).toEqual([400, 1254001]);
    const noTable = await expectHttpError(() =>
      t.client.bitable.appTableRecord.batchGet({
        path: { app_token: CRM, table_id: 'tblNoSuchTable00' },
        data: { record_ids: ['recTask0001'] },
      }),
    );
    expect([noTable.status, noTable.data.code]).toEqual([404, 1254041]);
  });
});

describe('emulator Base permissions and client_token (docs/reference/lark-api.md §2.1, §2.6)', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(async () => {
    await t.close();
  });

  it('lets a read-only app read but answers its writes with 403/1254302', async () => {
    const path = { app_token: READ_ONLY_BASE, table_id: 'tblArchive000001' };
    expect((await t.client.bitable.appTableRecord.search({ path, data: {} })).data?.total).toBe(1);
    const refused = await expectHttpError(() =>
      t.client.bitable.appTableRecord.create({ path, data: { fields: { Name: 'x' } } }),
    );
    expect([refused.status, refused.data.code]).toEqual([403, 1254302]);
    const fieldRefused = await expectHttpError(() =>
      t.client.bitable.appTableField.create({ path, data: { field_name: 'New', type: 1 } }),
    );
    expect(fieldRefused.status).toBe(403);
  });

  it('answers reads and writes with 403/1254302 when the app has no access', async () => {
    const refused = await expectHttpError(() =>
      t.client.bitable.app.get({ path: { app_token: HIDDEN_BASE } }),
    );
    expect([refused.status, refused.data.code]).toEqual([403, 1254302]);
    const search = await expectHttpError(() =>
      t.client.bitable.appTableRecord.search({
        path: { app_token: HIDDEN_BASE, table_id: 'tblHidden0000001' },
        data: {},
      }),
    );
    expect(search.status).toBe(403);
  });

  it('refuses a client_token that is not a UUID with 400/1254037 and a reused one with 403/1254608', async () => {
    const bad = await expectHttpError(() =>
      t.client.bitable.appTableRecord.create({
        path: TABLE,
        params: { client_token: 'not-a-uuid' },
        data: { fields: { Title: 'x' } },
      }),
    );
    expect([bad.status, bad.data.code]).toEqual([400, 1254037]);

    const clientToken = randomUUID();
    const first = await t.client.bitable.appTableRecord.create({
      path: TABLE,
      params: { client_token: clientToken },
      data: { fields: { Title: 'once' } },
    });
    expect(first.code).toBe(0);
    const again = await expectHttpError(() =>
      t.client.bitable.appTableRecord.batchCreate({
        path: TABLE,
        params: { client_token: clientToken },
        data: { records: [{ fields: { Title: 'twice' } }] },
      }),
    );
    expect([again.status, again.data.code]).toEqual([403, 1254608]);
    const titles = await t.client.bitable.appTableRecord.search({
      path: TABLE,
      data: {
        filter: {
          conjunction: 'or',
          conditions: [{ field_name: 'Title', operator: 'is', value: ['twice'] }],
        },
      },
    });
    expect(titles.data?.total).toBe(0);
    // A failed write does not spend its token.
    const failedToken = randomUUID();
    const failed = await t.client.bitable.appTableRecord.create({
      path: TABLE,
      params: { client_token: failedToken },
      data: { fields: { Points: 'bad' } },
    });
    expect(failed.code).toBe(1254061);
    const retried = await t.client.bitable.appTableRecord.create({
      path: TABLE,
      params: { client_token: failedToken },
      data: { fields: { Points: 1 } },
    });
    expect(retried.code).toBe(0);
  });
});
