import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CRM, expectHttpError, startTestEmulator, TASKS, type TestEmulator } from './platform-test-kit.js';

const TABLE = { app_token: CRM, table_id: TASKS };
const JAN_1_2026 = 1_767_225_600_000; // 2026-01-01T00:00Z = 08:00 in Asia/Shanghai
const DAY = 86_400_000;

type Condition = { field_name: string; operator: string; value?: string[] };
type Filter = { conjunction: string; conditions?: Condition[]; children?: unknown[] };

describe('emulator Base records search (docs/reference/lark-api.md §2.2)', () => {
  let t: TestEmulator;
  let now = JAN_1_2026 + 3 * 3_600_000;
  beforeEach(async () => {
    now = JAN_1_2026 + 3 * 3_600_000;
    t = await startTestEmulator({ clock: () => now });
  });
  afterEach(async () => {
    await t.close();
  });

  const search = (data: Record<string, unknown>, params: Record<string, unknown> = {}) =>
    t.client.bitable.appTableRecord.search({ path: TABLE, params, data: data as never });
  const ids = async (filter: Filter) => {
    const res = await search({ filter });
    expect(res.code).toBe(0);
    return res.data?.items?.map((item) => item.record_id?.replace('recTask000', '#'));
  };
  const one = (condition: Condition): Filter => ({ conjunction: 'and', conditions: [condition] });

  it.each([
    [{ field_name: 'Title', operator: 'is', value: ['Ship v1'] }, ['#1']],
    [{ field_name: 'Title', operator: 'isNot', value: ['Ship v1'] }, ['#2', '#3']],
    [{ field_name: 'Title', operator: 'contains', value: ['DOC'] }, ['#2']],
    [{ field_name: 'Title', operator: 'contains', value: ['ship', 'bug'] }, ['#1', '#3']],
    [{ field_name: 'Title', operator: 'doesNotContain', value: ['doc'] }, ['#1', '#3']],
    [{ field_name: 'Points', operator: 'is', value: ['5'] }, ['#3']],
    [{ field_name: 'Points', operator: 'isGreater', value: ['3'] }, ['#3']],
    [{ field_name: 'Points', operator: 'isGreaterEqual', value: ['3'] }, ['#1', '#3']],
    [{ field_name: 'Points', operator: 'isLess', value: ['3'] }, ['#2']],
    [{ field_name: 'Points', operator: 'isLessEqual', value: ['3.0'] }, ['#1', '#2']],
    [{ field_name: 'Status', operator: 'is', value: ['Open'] }, ['#1', '#3']],
    [{ field_name: 'Status', operator: 'isNot', value: ['Open'] }, ['#2']],
    [{ field_name: 'Status', operator: 'contains', value: ['Done', 'Nope'] }, ['#2']],
    [{ field_name: 'Tags', operator: 'is', value: ['urgent', 'backend'] }, ['#1']],
    [{ field_name: 'Tags', operator: 'contains', value: ['docs', 'urgent'] }, ['#1', '#2']],
    [{ field_name: 'Tags', operator: 'doesNotContain', value: ['docs'] }, ['#1', '#3']],
    [{ field_name: 'Tags', operator: 'isEmpty', value: [] }, ['#3']],
    [{ field_name: 'Tags', operator: 'isNotEmpty', value: [] }, ['#1', '#2']],
    [{ field_name: 'Done', operator: 'is', value: ['true'] }, ['#2']],
    [{ field_name: 'Done', operator: 'is', value: ['false'] }, ['#1', '#3']],
    [{ field_name: 'Owner', operator: 'is', value: ['ou_alice'] }, ['#1']],
    [{ field_name: 'Owner', operator: 'contains', value: ['ou_alice', 'ou_bob'] }, ['#1', '#3']],
    [{ field_name: 'Owner', operator: 'isEmpty', value: [] }, ['#2']],
    [{ field_name: 'Related', operator: 'contains', value: ['recTask0001'] }, ['#2']],
    [
      { field_name: 'Due', operator: 'is', value: ['ExactDate', String(JAN_1_2026 + 10 * 3_600_000)] },
      ['#1'],
    ],
    [{ field_name: 'Due', operator: 'isGreater', value: ['ExactDate', String(JAN_1_2026 - DAY)] }, ['#1']],
    [{ field_name: 'Due', operator: 'isLess', value: ['ExactDate', String(JAN_1_2026)] }, []],
    [{ field_name: 'Due', operator: 'is', value: ['Today'] }, ['#1']],
    [{ field_name: 'Due', operator: 'isEmpty', value: [] }, ['#2', '#3']],
  ])('filters %j → %j', async (condition, expected) => {
    expect(await ids(one(condition))).toEqual(expected);
  });

  it('resolves Yesterday and Tomorrow against the injected clock', async () => {
    now = JAN_1_2026 + DAY;
    expect(await ids(one({ field_name: 'Due', operator: 'is', value: ['Yesterday'] }))).toEqual(['#1']);
    now = JAN_1_2026 - DAY;
    expect(await ids(one({ field_name: 'Due', operator: 'is', value: ['Tomorrow'] }))).toEqual(['#1']);
    expect(await ids(one({ field_name: 'Due', operator: 'is', value: ['Today'] }))).toEqual([]);
  });

  it('combines conditions with and/or and one level of children', async () => {
    expect(
      await ids({
        conjunction: 'and',
        conditions: [
          { field_name: 'Status', operator: 'is', value: ['Open'] },
          { field_name: 'Points', operator: 'isGreater', value: ['4'] },
        ],
      }),
    ).toEqual(['#3']);
    expect(
      await ids({
        conjunction: 'or',
        conditions: [{ field_name: 'Points', operator: 'isGreater', value: ['4'] }],
        children: [
          {
            conjunction: 'and',
            conditions: [
              { field_name: 'Status', operator: 'is', value: ['Done'] },
              { field_name: 'Done', operator: 'is', value: ['true'] },
            ],
          },
        ],
      }),
    ).toEqual(['#2', '#3']);
  });

  it.each([
    ['like (not supported yet)', one({ field_name: 'Title', operator: 'like', value: ['a'] }), 1254018],
    ['in (not supported yet)', one({ field_name: 'Status', operator: 'in', value: ['Open'] }), 1254018],
    ['an omitted value', one({ field_name: 'Title', operator: 'is' }), 1254018],
    [
      'a non-string value',
      one({ field_name: 'Points', operator: 'is', value: [3 as unknown as string] }),
      1254018,
    ],
    [
      'more than 10 values',
      one({ field_name: 'Title', operator: 'contains', value: Array(11).fill('a') }),
      1254018,
    ],
    ['an unknown operator', one({ field_name: 'Title', operator: 'startsWith', value: ['a'] }), 1254018],
    ['isGreater on a checkbox', one({ field_name: 'Done', operator: 'isGreater', value: ['1'] }), 1254018],
    ['contains on a date', one({ field_name: 'Due', operator: 'contains', value: ['Today'] }), 1254018],
    ['a bad date rule', one({ field_name: 'Due', operator: 'is', value: ['NextDecade'] }), 1254018],
    ['a formula field', one({ field_name: 'Score', operator: 'isNotEmpty', value: [] }), 1254018],
    ['a bad conjunction', { conjunction: 'xor', conditions: [] }, 1254018],
    [
      'children nested twice',
      { conjunction: 'and', children: [{ conjunction: 'and', conditions: [], children: [] }] },
      1254018,
    ],
    ['an unknown field', one({ field_name: 'Nope', operator: 'is', value: ['a'] }), 1254045],
  ])('refuses %s with HTTP 200 and %i', async (_case, filter, code) => {
    const res = await search({ filter });
    expect(res.code).toBe(code);
  });

  it('sorts by several keys, keeps empty cells last, and refuses bad sorts', async () => {
    const sorted = async (sort: unknown) =>
      (await search({ sort })).data?.items?.map((item) => item.record_id?.replace('recTask000', '#'));
    expect(await sorted([{ field_name: 'Points', desc: true }])).toEqual(['#3', '#1', '#2']);
    expect(
      await sorted([
        { field_name: 'Status', desc: false },
        { field_name: 'Points', desc: false },
      ]),
    ).toEqual(['#1', '#3', '#2']);
    expect(await sorted([{ field_name: 'Owner', desc: true }])).toEqual(['#3', '#1', '#2']);
    expect((await search({ sort: [{ field_name: 'Nope' }] })).code).toBe(1254045);
    expect((await search({ sort: [{ field_name: 'Points', desc: 'yes' }] })).code).toBe(1254016);
    const keys = Array.from({ length: 101 }, () => ({ field_name: 'Points' }));
    expect((await search({ sort: keys.slice(0, 100) })).code).toBe(0);
    expect((await search({ sort: keys })).code).toBe(1254016);
  });

  it('returns only field_names, adds automatic fields on request, and checks view_id', async () => {
    const narrow = await search({ field_names: ['Title', 'Points'] });
    expect(narrow.data?.items?.[0]?.fields).toEqual({
      Title: [{ type: 'text', text: 'Ship v1' }],
      Points: 3,
    });
    expect(narrow.data?.items?.[0]).not.toHaveProperty('created_time');
    expect((await search({ field_names: ['Nope'] })).code).toBe(1254024);

    const automatic = await search({ automatic_fields: true });
    expect(automatic.data?.items?.[0]).toMatchObject({
      created_time: now,
      last_modified_time: now,
      created_by: { id: 'ou_larkgate_bot', name: 'Larkgate' },
    });

    expect((await search({ view_id: 'vewNoSuch' })).code).toBe(1254042);
    const ignored = await search({
      view_id: 'vewNoSuch',
      filter: one({ field_name: 'Points', operator: 'is', value: ['5'] }),
    });
    expect(ignored.data?.total).toBe(1);
  });

  it('paginates with page_size (default 20), has_more, total and an opaque page_token', async () => {
    await t.client.bitable.appTableRecord.batchCreate({
      path: TABLE,
      data: {
        records: Array.from({ length: 25 }, (_, i) => ({ fields: { Title: `bulk ${i}`, Points: i } })),
      },
    });
    const first = await search({});
    expect(first.data?.items).toHaveLength(20);
    expect(first.data?.has_more).toBe(true);
    expect(first.data?.total).toBe(28);
    const second = await search({}, { page_token: first.data?.page_token });
    expect(second.data?.items).toHaveLength(8);
    expect(second.data?.has_more).toBe(false);
    const seen = [...(first.data?.items ?? []), ...(second.data?.items ?? [])].map((item) => item.record_id);
    expect(new Set(seen).size).toBe(28);

    const bigPage = await search({}, { page_size: 500 });
    expect(bigPage.data?.items).toHaveLength(28);
    expect((await search({}, { page_token: 'bm90LWEtdG9rZW4' })).code).toBe(1254002);
    const otherQuery = await search(
      { sort: [{ field_name: 'Points' }] },
      { page_token: first.data?.page_token },
    );
    expect(otherQuery.code).toBe(1254002);
  });

  it('refuses page_size ≤ 0 with 400/1254011 and above 500 with 400/99992402', async () => {
    const zero = await expectHttpError(() => search({}, { page_size: 0 }));
    expect([zero.status, zero.data.code]).toEqual([400, 1254011]);
    const negative = await expectHttpError(() => search({}, { page_size: -5 }));
    expect([negative.status, negative.data.code]).toEqual([400, 1254011]);
    const tooBig = await expectHttpError(() => search({}, { page_size: 501 }));
    expect([tooBig.status, tooBig.data.code]).toEqual([400, 99992402]);
  });

  it('works with the SDK iterator across pages', async () => {
    await t.client.bitable.appTableRecord.batchCreate({
      path: TABLE,
      data: { records: Array.from({ length: 42 }, (_, i) => ({ fields: { Title: `bulk ${i}` } })) },
    });
    const iterator = await t.client.bitable.appTableRecord.searchWithIterator({
      path: TABLE,
      params: { page_size: 10 },
      data: {
        filter: {
          conjunction: 'and',
          conditions: [{ field_name: 'Title', operator: 'contains', value: ['bulk'] }],
        },
      },
    });
    const pages: number[] = [];
    const titles: string[] = [];
    for await (const page of iterator) {
      pages.push(page?.items?.length ?? 0);
      for (const item of page?.items ?? []) {
        titles.push((item.fields.Title as Array<{ text: string }>)[0]?.text ?? '');
      }
    }
    expect(pages).toEqual([10, 10, 10, 10, 2]);
    expect(titles).toEqual(Array.from({ length: 42 }, (_, i) => `bulk ${i}`));
    const searches = (
      (await t.call('GET', '/__emulator/requests')).body.items as Array<{ endpoint: string }>
    ).filter((entry) => entry.endpoint === 'bitable.record.search');
    expect(searches).toHaveLength(5);
  });
});

describe('emulator Base legacy records list and get (docs/reference/lark-api.md §2.1)', () => {
  let t: TestEmulator;
  beforeEach(async () => {
    t = await startTestEmulator();
  });
  afterEach(async () => {
    await t.close();
  });

  const list = (params: Record<string, unknown>) =>
    t.client.bitable.appTableRecord.list({ path: TABLE, params: params as never });
  const listIds = async (params: Record<string, unknown>) => {
    const res = await list(params);
    expect(res.code).toBe(0);
    return res.data?.items?.map((item) => item.record_id?.replace('recTask000', '#'));
  };

  it('reads text as a plain string unless text_field_as_array, with id and record_id', async () => {
    const plain = await list({ page_size: 1 });
    expect(plain.data?.items?.[0]).toMatchObject({ id: 'recTask0001', record_id: 'recTask0001' });
    expect(plain.data?.items?.[0]?.fields.Title).toBe('Ship v1');
    expect(plain.data).toMatchObject({ has_more: true, total: 3 });
    const segments = await list({ page_size: 1, text_field_as_array: true });
    expect(segments.data?.items?.[0]?.fields.Title).toEqual([{ type: 'text', text: 'Ship v1' }]);
  });

  it.each([
    ['CurrentValue.[Status]="Open"', ['#1', '#3']],
    ['AND(CurrentValue.[Points]>=3,NOT(CurrentValue.[Title]="Ship v1"))', ['#3']],
    ['OR(CurrentValue.[Done]=TRUE(),CurrentValue.[Title].contains("bug"))', ['#2', '#3']],
    ['CurrentValue.[Tags]="docs"', ['#2']],
    ['CurrentValue.[Owner]=""', ['#2']],
    ['CurrentValue.[Points]!=3', ['#2', '#3']],
  ])('filters with the formula %s', async (filter, expected) => {
    expect(await listIds({ filter })).toEqual(expected);
  });

  it('refuses formulas it does not understand and unknown fields', async () => {
    expect((await list({ filter: 'CurrentValue.[Points' })).code).toBe(1254018);
    expect((await list({ filter: 'SUM(1,2)' })).code).toBe(1254018);
    expect((await list({ filter: 'CurrentValue.[Nope]=1' })).code).toBe(1254045);
    const long = `OR(${Array.from({ length: 80 }, () => 'CurrentValue.[Title]="x"').join(',')})`;
    expect(long.length).toBeGreaterThan(2000);
    expect((await list({ filter: long })).code).toBe(1254107);
    expect((await list({ sort: JSON.stringify(Array(80).fill('Points DESC')) })).code).toBe(1254108);
  });

  it('sorts with "Field DESC", narrows with field_names and iterates pages', async () => {
    expect(await listIds({ sort: '["Points DESC"]' })).toEqual(['#3', '#1', '#2']);
    const narrow = await list({ field_names: '["Points"]' });
    expect(narrow.data?.items?.map((item) => item.fields)).toEqual([
      { Points: 3 },
      { Points: 1 },
      { Points: 5 },
    ]);
    const seen: string[] = [];
    for await (const page of await t.client.bitable.appTableRecord.listWithIterator({
      path: TABLE,
      params: { page_size: 2 },
    })) {
      for (const item of page?.items ?? []) seen.push(item.record_id ?? '');
    }
    expect(seen).toEqual(['recTask0001', 'recTask0002', 'recTask0003']);
    const tooBig = await expectHttpError(() => list({ page_size: 1000 }));
    expect([tooBig.status, tooBig.data.code]).toEqual([400, 99992402]);
  });

  it('gets one record with record_url', async () => {
    const res = await t.client.bitable.appTableRecord.get({ path: { ...TABLE, record_id: 'recTask0002' } });
    expect(res.data?.record).toMatchObject({
      record_id: 'recTask0002',
      fields: { Related: { link_record_ids: ['recTask0001'] }, Done: true },
    });
    expect(res.data?.record?.record_url).toContain('recTask0002');
  });
});
