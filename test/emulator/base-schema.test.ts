import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CRM, expectHttpError, startTestEmulator, TASKS, type TestEmulator } from './platform-test-kit.js';

const APP = { app_token: CRM };
const TABLE = { app_token: CRM, table_id: TASKS };

describe('emulator Base apps and tables (docs/reference/lark-api.md §2.1)', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(async () => {
    await t.close();
  });

  it('gets the app with its revision, which writes move on', async () => {
    const before = await t.client.bitable.app.get({ path: APP });
    expect(before.data?.app).toMatchObject({
      app_token: CRM,
      name: 'CRM',
      revision: 1,
      time_zone: 'Asia/Shanghai',
    });
    await t.client.bitable.appTableRecord.create({ path: TABLE, data: { fields: { Title: 'x' } } });
    expect((await t.client.bitable.app.get({ path: APP })).data?.app?.revision).toBe(2);
    expect((await t.client.bitable.app.get({ path: { app_token: 'bascnNoSuchBase' } })).code).toBe(1254040);
  });

  it('lists tables with revision, paginated (max 100)', async () => {
    const all = await t.client.bitable.appTable.list({ path: APP });
    expect(all.data).toMatchObject({
      items: [
        { table_id: TASKS, name: 'Tasks', revision: 1 },
        { table_id: 'tblNotes00000001', name: 'Notes', revision: 1 },
      ],
      has_more: false,
      total: 2,
    });
    const first = await t.client.bitable.appTable.list({ path: APP, params: { page_size: 1 } });
    expect(first.data?.has_more).toBe(true);
    const second = await t.client.bitable.appTable.list({
      path: APP,
      params: { page_size: 1, page_token: first.data?.page_token },
    });
    expect(second.data?.items?.map((table) => table.name)).toEqual(['Notes']);
    const tooBig = await expectHttpError(() =>
      t.client.bitable.appTable.list({ path: APP, params: { page_size: 101 } }),
    );
    expect([tooBig.status, tooBig.data.code]).toEqual([400, 99992402]);
  });

  it('creates a table with fields (the first is primary) and one without (a primary "Text" field)', async () => {
    const created = await t.client.bitable.appTable.create({
      path: APP,
      data: {
        table: {
          name: 'tmp_scratch',
          fields: [
            { field_name: 'Name', type: 1 },
            { field_name: 'Size', type: 2 },
          ],
        },
      },
    });
    expect(created.code).toBe(0);
    expect(created.data?.table_id).toMatch(/^tbl[A-Za-z0-9]{13}$/);
    expect(created.data?.default_view_id).toMatch(/^vew/);
    expect(created.data?.field_id_list).toHaveLength(2);
    const tableId = created.data?.table_id as string;
    const fields = await t.client.bitable.appTableField.list({ path: { app_token: CRM, table_id: tableId } });
    expect(fields.data?.items?.map((field) => [field.field_name, field.type, field.is_primary])).toEqual([
      ['Name', 1, true],
      ['Size', 2, false],
    ]);
    const record = await t.client.bitable.appTableRecord.create({
      path: { app_token: CRM, table_id: tableId },
      data: { fields: { Name: 'a', Size: 1 } },
    });
    expect(record.code).toBe(0);

    const bare = await t.client.bitable.appTable.create({ path: APP, data: { table: { name: 'tmp_bare' } } });
    const bareFields = await t.client.bitable.appTableField.list({
      path: { app_token: CRM, table_id: bare.data?.table_id as string },
    });
    expect(bareFields.data?.items?.map((field) => [field.field_name, field.type, field.is_primary])).toEqual([
      ['Text', 1, true],
    ]);
  });

  it('refuses a duplicate table name with 1254013 and a bad body with 1254001', async () => {
    expect(
      (await t.client.bitable.appTable.create({ path: APP, data: { table: { name: 'Tasks' } } })).code,
    ).toBe(1254013);
    expect((await t.client.bitable.appTable.create({ path: APP, data: { table: { name: '' } } })).code).toBe(
      1254001,
    );
    const duplicateFields = await t.client.bitable.appTable.create({
      path: APP,
      data: {
        table: {
          name: 'tmp_dupe',
          fields: [
            { field_name: 'A', type: 1 },
            { field_name: 'A', type: 2 },
          ],
        },
      },
    });
    expect(duplicateFields.code).toBe(1254014);
  });

  it('takes only text, number, date, phone, url, formula or location as the first (primary) field: 400/1254012', async () => {
    // A dozen table creates: more than the documented 10/s, which is not what this test is about.
    await t.close();
    t = await startTestEmulator({ rateLimits: false });
    const checkbox = await expectHttpError(() =>
      t.client.bitable.appTable.create({
        path: APP,
        data: { table: { name: 'tmp_ticks', fields: [{ field_name: 'Done', type: 7 }] } },
      }),
    );
    expect([checkbox.status, checkbox.data.code]).toEqual([400, 1254012]);
    const names = async () =>
      (await t.client.bitable.appTable.list({ path: APP })).data?.items?.map((table) => table.name);
    expect(await names()).toEqual(['Tasks', 'Notes']);

    for (const [name, type] of [
      ['tmp_select', 3],
      ['tmp_people', 11],
      ['tmp_link', 18],
      ['tmp_auto', 1005],
    ] as const) {
      const refused = await expectHttpError(() =>
        t.client.bitable.appTable.create({
          path: APP,
          data: {
            table: {
              name,
              fields: [
                { field_name: 'First', type, ...(type === 18 ? { property: { table_id: TASKS } } : {}) },
              ],
            },
          },
        }),
      );
      expect(refused.data.code).toBe(1254012);
    }
    for (const [index, type] of [1, 2, 5, 13, 15, 20, 22].entries()) {
      const created = await t.client.bitable.appTable.create({
        path: APP,
        data: { table: { name: `tmp_primary_${index}`, fields: [{ field_name: 'First', type }] } },
      });
      expect(created.code).toBe(0);
    }
    // Only the first field is held to it.
    const later = await t.client.bitable.appTable.create({
      path: APP,
      data: {
        table: {
          name: 'tmp_later',
          fields: [
            { field_name: 'Name', type: 1 },
            { field_name: 'Done', type: 7 },
          ],
        },
      },
    });
    expect(later.code).toBe(0);
  });

  it('batch-creates tables all or nothing: one duplicate name creates none', async () => {
    const refused = await t.client.bitable.appTable.batchCreate({
      path: APP,
      data: { tables: [{ name: 'tmp_first' }, { name: 'Tasks' }] },
    });
    expect(refused.code).toBe(1254013);
    const names = async () =>
      (await t.client.bitable.appTable.list({ path: APP })).data?.items?.map((table) => table.name);
    expect(await names()).toEqual(['Tasks', 'Notes']);
    const twice = await t.client.bitable.appTable.batchCreate({
      path: APP,
      data: { tables: [{ name: 'tmp_twin' }, { name: 'tmp_twin' }] },
    });
    expect(twice.code).toBe(1254013);
    expect(await names()).toEqual(['Tasks', 'Notes']);
  });

  it('batch-creates tables and batch-deletes them', async () => {
    const created = await t.client.bitable.appTable.batchCreate({
      path: APP,
      data: { tables: [{ name: 'tmp_a' }, { name: 'tmp_b' }] },
    });
    expect(created.data?.table_ids).toHaveLength(2);
    const deleted = await t.client.bitable.appTable.batchDelete({
      path: APP,
      data: { table_ids: created.data?.table_ids ?? [] },
    });
    expect(deleted.code).toBe(0);
    expect((await t.client.bitable.appTable.list({ path: APP })).data?.total).toBe(2);
    expect(
      (await t.client.bitable.appTable.batchDelete({ path: APP, data: { table_ids: ['tblNoSuchTable00'] } }))
        .code,
    ).toBe(1254041);
  });

  it('deletes a table, but refuses to delete the last one with 403/1254034', async () => {
    expect(
      (await t.client.bitable.appTable.delete({ path: { app_token: CRM, table_id: 'tblNotes00000001' } }))
        .code,
    ).toBe(0);
    const last = await expectHttpError(() => t.client.bitable.appTable.delete({ path: TABLE }));
    expect([last.status, last.data.code]).toEqual([403, 1254034]);
    expect((await t.client.bitable.appTable.list({ path: APP })).data?.total).toBe(1);
    const both = await expectHttpError(() =>
      t.client.bitable.appTable.batchDelete({ path: APP, data: { table_ids: [TASKS] } }),
    );
    expect(both.data.code).toBe(1254034);
  });
});

describe('emulator Base fields (docs/reference/lark-api.md §2.1)', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(async () => {
    await t.close();
  });

  const fieldNamed = async (name: string) => {
    const fields = await t.client.bitable.appTableField.list({ path: TABLE, params: { page_size: 100 } });
    return fields.data?.items?.find((field) => field.field_name === name);
  };

  it('lists fields with the documented shape, paginated (default 20, max 100)', async () => {
    const page = await t.client.bitable.appTableField.list({ path: TABLE, params: { page_size: 5 } });
    expect(page.data?.items).toHaveLength(5);
    expect(page.data).toMatchObject({ has_more: true, total: 12 });
    expect(page.data?.items?.[0]).toEqual({
      field_id: 'fldTitle01',
      field_name: 'Title',
      type: 1,
      property: null,
      is_primary: true,
      ui_type: 'Text',
      is_hidden: false,
    });
    const rest = await t.client.bitable.appTableField.list({
      path: TABLE,
      params: { page_size: 100, page_token: page.data?.page_token },
    });
    expect(rest.data?.items).toHaveLength(7);
    const tooBig = await expectHttpError(() =>
      t.client.bitable.appTableField.list({ path: TABLE, params: { page_size: 101 } }),
    );
    expect(tooBig.status).toBe(400);
  });

  it('creates a field that records can use at once, and refuses a duplicate name with 1254014', async () => {
    const created = await t.client.bitable.appTableField.create({
      path: TABLE,
      data: { field_name: 'Priority', type: 3, property: { options: [{ name: 'High' }, { name: 'Low' }] } },
    });
    expect(created.code).toBe(0);
    expect(created.data?.field).toMatchObject({
      field_name: 'Priority',
      type: 3,
      ui_type: 'SingleSelect',
      is_primary: false,
    });
    expect(created.data?.field?.field_id).toMatch(/^fld[A-Za-z0-9]{7}$/);
    expect(created.data?.field?.property?.options?.map((option) => option.name)).toEqual(['High', 'Low']);
    const record = await t.client.bitable.appTableRecord.create({
      path: TABLE,
      data: { fields: { Priority: 'High' } },
    });
    expect(record.code).toBe(0);

    expect(
      (await t.client.bitable.appTableField.create({ path: TABLE, data: { field_name: 'Points', type: 2 } }))
        .code,
    ).toBe(1254014);
    expect(
      (await t.client.bitable.appTableField.create({ path: TABLE, data: { field_name: 'Odd', type: 99 } }))
        .code,
    ).toBe(1254001);
  });

  it('updates a field as a full overwrite', async () => {
    const updated = await t.client.bitable.appTableField.update({
      path: { ...TABLE, field_id: 'fldStatus1' },
      data: { field_name: 'State', type: 3, property: { options: [{ name: 'Todo' }] } },
    });
    expect(updated.code).toBe(0);
    expect(updated.data?.field?.property?.options?.map((option) => option.name)).toEqual(['Todo']);
    expect(await fieldNamed('Status')).toBeUndefined();
    // Cells follow the field (they are stored by field id), now under the new name.
    const record = await t.client.bitable.appTableRecord.get({
      path: { ...TABLE, record_id: 'recTask0001' },
    });
    expect(record.data?.record?.fields.State).toBe('Open');

    const described = await t.client.bitable.appTableField.update({
      path: { ...TABLE, field_id: 'fldPoints1' },
      data: { field_name: 'Points', type: 2, description: { text: 'story points' } },
    });
    expect(described.data?.field?.description).toEqual({ disable_sync: false, text: 'story points' });
    expect((await fieldNamed('Points'))?.description).toBe('story points');
    const overwritten = await t.client.bitable.appTableField.update({
      path: { ...TABLE, field_id: 'fldPoints1' },
      data: { field_name: 'Points', type: 2 },
    });
    expect(overwritten.data?.field).not.toHaveProperty('description');
    const clash = await t.client.bitable.appTableField.update({
      path: { ...TABLE, field_id: 'fldPoints1' },
      data: { field_name: 'Title', type: 2 },
    });
    expect(clash.code).toBe(1254014);
  });

  it('refuses to turn the primary field into a type the primary may not have (1254012), and leaves it as it was', async () => {
    const refused = await t.client.bitable.appTableField.update({
      path: { ...TABLE, field_id: 'fldTitle01' },
      data: { field_name: 'Title', type: 7 },
    });
    expect(refused.code).toBe(1254012);
    expect(await fieldNamed('Title')).toMatchObject({ type: 1, is_primary: true });
    const record = await t.client.bitable.appTableRecord.get({
      path: { ...TABLE, record_id: 'recTask0001' },
    });
    expect(record.data?.record?.fields.Title).toEqual([{ type: 'text', text: 'Ship v1' }]);

    const toUrl = await t.client.bitable.appTableField.update({
      path: { ...TABLE, field_id: 'fldTitle01' },
      data: { field_name: 'Title', type: 15 },
    });
    expect(toUrl.code).toBe(0);
    // A field that is not the primary may become a checkbox.
    const points = await t.client.bitable.appTableField.update({
      path: { ...TABLE, field_id: 'fldPoints1' },
      data: { field_name: 'Points', type: 7 },
    });
    expect(points.code).toBe(0);
  });

  it('deletes a field with its cells, and refuses the primary field with 1254046', async () => {
    const deleted = await t.client.bitable.appTableField.delete({
      path: { ...TABLE, field_id: 'fldTags001' },
    });
    expect(deleted.data).toEqual({ field_id: 'fldTags001', deleted: true });
    expect(await fieldNamed('Tags')).toBeUndefined();
    const record = await t.client.bitable.appTableRecord.get({
      path: { ...TABLE, record_id: 'recTask0001' },
    });
    expect(record.data?.record?.fields).not.toHaveProperty('Tags');
    expect(
      (await t.client.bitable.appTableField.delete({ path: { ...TABLE, field_id: 'fldTitle01' } })).code,
    ).toBe(1254046);
    expect(
      (await t.client.bitable.appTableField.delete({ path: { ...TABLE, field_id: 'fldGone' } })).code,
    ).toBe(1254044);
  });
});

describe('emulator GET /__emulator/bases/:app_token (docs/product.md §8)', () => {
  let t: TestEmulator;
  afterEach(async () => {
    await t.close();
  });

  it('shows the Base as it stands: tables, fields and records in read shape', async () => {
    t = await startTestEmulator();
    await t.client.bitable.appTableRecord.update({
      path: { ...TABLE, record_id: 'recTask0003' },
      data: { fields: { Status: 'Done' } },
    });
    const snapshot = (await t.call('GET', `/__emulator/bases/${CRM}`)).body as {
      app_token: string;
      name: string;
      tables: Array<{
        table_id: string;
        name: string;
        fields: Array<{ field_id: string; field_name: string; type: number }>;
        records: Array<{ record_id: string; fields: Record<string, unknown> }>;
      }>;
    };
    expect(snapshot).toMatchObject({ app_token: CRM, name: 'CRM' });
    expect(snapshot.tables.map((table) => table.name)).toEqual(['Tasks', 'Notes']);
    const tasks = snapshot.tables[0];
    expect(tasks?.fields[0]).toEqual({ field_id: 'fldTitle01', field_name: 'Title', type: 1 });
    expect(tasks?.records.find((record) => record.record_id === 'recTask0003')?.fields).toMatchObject({
      Title: [{ type: 'text', text: 'Fix login bug' }],
      Status: 'Done',
      Owner: [{ id: 'ou_bob', name: 'Bob' }],
    });
    expect((await t.call('GET', '/__emulator/bases/bascnNoSuchBase')).status).toBe(404);
  });
});
