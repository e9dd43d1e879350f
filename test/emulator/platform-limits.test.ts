import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { CRM, expectHttpError, startTestEmulator, TASKS, type TestEmulator } from './platform-test-kit.js';

const APP = { app_token: CRM };
const TABLE = { app_token: CRM, table_id: TASKS };

describe('emulator rate limits (docs/reference/lark-api.md §2.5)', () => {
  let t: TestEmulator;
  afterEach(async () => {
    await t.close();
  });

  it('applies the catalogue figure per endpoint by default: the 21st app get within a second gets 429', async () => {
    let now = 1_000_000;
    t = await startTestEmulator({ clock: () => now });
    for (let i = 0; i < 20; i++) expect((await t.client.bitable.app.get({ path: APP })).code).toBe(0);

    const refused = await expectHttpError(() => t.client.bitable.app.get({ path: APP }));
    expect(refused.status).toBe(429);
    expect(refused.data).toMatchObject({ code: 99991400, msg: 'request trigger frequency limit' });
    expect(refused.headers['x-ogw-ratelimit-limit']).toBe('20');
    expect(Number(refused.headers['x-ogw-ratelimit-reset'])).toBeGreaterThanOrEqual(1);

    // Another endpoint has its own budget.
    expect((await t.client.bitable.appTable.list({ path: APP })).code).toBe(0);
    now += 1000;
    expect((await t.client.bitable.app.get({ path: APP })).code).toBe(0);
  });

  it('trips on whichever window fills first, and reports the seconds left in that window', async () => {
    let now = 0;
    t = await startTestEmulator({
      clock: () => now,
      rateLimitOverrides: {
        'bitable.record.search': [
          { max: 100, per: 'second' },
          { max: 3, per: 'minute' },
        ],
      },
    });
    const search = () =>
      t.call('POST', `/open-apis/bitable/v1/apps/${CRM}/tables/${TASKS}/records/search`, { body: {} });
    for (let i = 0; i < 3; i++) {
      expect((await search()).body.code).toBe(0);
      now += 10_000;
    }
    const refused = await search();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-ogw-ratelimit-limit')).toBe('3');
    expect(refused.headers.get('x-ogw-ratelimit-reset')).toBe('30');
    now += 30_000;
    expect((await search()).body.code).toBe(0);
  });

  it('counts no refused calls, so a caller that waits the reset gets through', async () => {
    let now = 0;
    t = await startTestEmulator({
      clock: () => now,
      rateLimitOverrides: { 'bitable.app.get': [{ max: 2, per: 'second' }] },
    });
    const get = () => t.call('GET', `/open-apis/bitable/v1/apps/${CRM}`);
    await get();
    await get();
    for (let i = 0; i < 5; i++) expect((await get()).status).toBe(429);
    now += 1000;
    expect((await get()).status).toBe(200);
  });

  it('reports the overridden figure in a rate_limit fault, not the catalogue one', async () => {
    t = await startTestEmulator({
      rateLimitOverrides: { 'bitable.record.create': [{ max: 7, per: 'second' }] },
    });
    const records = `/open-apis/bitable/v1/apps/${CRM}/tables/${TASKS}/records`;
    await t.call('POST', '/__emulator/faults', {
      body: { kind: 'rate_limit', path_prefix: records, count: 2 },
    });
    const overridden = await t.call('POST', records, { body: { fields: { Title: 'x' } } });
    expect(overridden.status).toBe(429);
    expect(overridden.headers.get('x-ogw-ratelimit-limit')).toBe('7');
    // An endpoint without an override keeps its documented figure (record update: 50/s).
    await t.call('POST', '/__emulator/faults', { body: { kind: 'rate_limit', path_prefix: `${records}/` } });
    const documented = await t.call('PUT', `${records}/recTask0001`, { body: { fields: { Points: 1 } } });
    expect(documented.headers.get('x-ogw-ratelimit-limit')).toBe('50');
  });

  it('refuses an override for an id that is neither an endpoint nor an IM limit', async () => {
    await expect(startTestEmulator({ rateLimitOverrides: { 'bitable.record.craete': [] } })).rejects.toThrow(
      /no endpoint or limit has the id "bitable\.record\.craete"/,
    );
    t = await startTestEmulator({ rateLimitOverrides: { 'im.per_chat': [{ max: 1, per: 'second' }] } });
  });

  it('turns off with rateLimits: false', async () => {
    t = await startTestEmulator({ clock: () => 0, rateLimits: false });
    for (let i = 0; i < 30; i++)
      expect((await t.call('GET', `/open-apis/bitable/v1/apps/${CRM}`)).status).toBe(200);
  });
});

describe('emulator write serialisation per Base (docs/reference/lark-api.md §2.4)', () => {
  let t: TestEmulator;
  afterEach(async () => {
    await t.close();
  });

  it('queues overlapping writes to one Base and applies them one at a time, in arrival order', async () => {
    t = await startTestEmulator();
    await t.call('POST', '/__emulator/faults', {
      body: { kind: 'latency', path_prefix: '/open-apis/bitable', method: 'POST', count: 1, latency_ms: 300 },
    });
    const finished: string[] = [];
    const create = (title: string) =>
      t.client.bitable.appTableRecord
        .create({ path: TABLE, data: { fields: { Title: title } } })
        .then((res) => {
          finished.push(title);
          return res;
        });
    const first = create('first');
    await waitForRequests(t, 2); // the token fetch and the first create have arrived
    const second = create('second');
    const results = await Promise.all([first, second]);
    expect(results.map((res) => res.code)).toEqual([0, 0]);
    expect(finished).toEqual(['first', 'second']);
  });

  it('with writeConflicts, a write to another table of the same Base does not conflict (Lark: per table)', async () => {
    t = await startTestEmulator({ writeConflicts: true });
    await t.call('POST', '/__emulator/faults', {
      body: { kind: 'latency', path_prefix: `/open-apis/bitable/v1/apps/${CRM}`, count: 1, latency_ms: 400 },
    });
    const slow = t.call('POST', `/open-apis/bitable/v1/apps/${CRM}/tables/${TASKS}/records`, {
      body: { fields: { Title: 'slow' } },
    });
    await waitForRequests(t, 2);
    const started = performance.now();
    const other = await t.call('POST', `/open-apis/bitable/v1/apps/${CRM}/tables/tblNotes00000001/records`, {
      body: { fields: { Note: 'other table' } },
    });
    expect(other.body.code).toBe(0);
    // Not queued behind the held write either.
    expect(performance.now() - started).toBeLessThan(300);
    expect((await slow).body.code).toBe(0);
  });

  it('with writeConflicts, a write that overlaps another write to the same table gets 1254291 and is not applied', async () => {
    t = await startTestEmulator({ writeConflicts: true });
    await t.call('POST', '/__emulator/faults', {
      body: { kind: 'latency', path_prefix: `/open-apis/bitable/v1/apps/${CRM}`, count: 1, latency_ms: 400 },
    });
    const slow = t.call('POST', `/open-apis/bitable/v1/apps/${CRM}/tables/${TASKS}/records`, {
      body: { fields: { Title: 'slow' } },
    });
    await waitForRequests(t, 2);
    const overlapping = await t.call('POST', `/open-apis/bitable/v1/apps/${CRM}/tables/${TASKS}/records`, {
      body: { fields: { Title: 'overlapping' } },
    });
    expect(overlapping.status).toBe(200);
    expect(overlapping.body).toMatchObject({ code: 1254291, msg: 'Write conflict' });
    // Reads and other Bases are not blocked.
    expect((await t.call('GET', `/open-apis/bitable/v1/apps/${CRM}`)).body.code).toBe(0);
    expect((await slow).body.code).toBe(0);

    const titles = await recordTitles(t);
    expect(titles).toContain('slow');
    expect(titles).not.toContain('overlapping');
  });
});

describe('emulator transport details (docs/reference/lark-api.md §1.3)', () => {
  let t: TestEmulator;
  afterEach(async () => {
    await t.close();
  });

  it('accepts JSON with or without charset and a JSON body on GET', async () => {
    t = await startTestEmulator();
    const token = await t.token();
    for (const type of ['application/json', 'application/json; charset=utf-8']) {
      const response = await fetch(
        `${t.emulator.url}/open-apis/bitable/v1/apps/${CRM}/tables/${TASKS}/records`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': type },
          body: JSON.stringify({ fields: { Title: type } }),
        },
      );
      expect(((await response.json()) as { code: number }).code).toBe(0);
    }
    const get = await rawRequest(t.emulator.port, 'GET', `/open-apis/bitable/v1/apps/${CRM}`, '{}', token);
    expect(JSON.parse(get.body).code).toBe(0);
  });

  it('answers malformed JSON to Bitable with 1254000 WrongRequestJson', async () => {
    t = await startTestEmulator();
    const response = await t.call('POST', `/open-apis/bitable/v1/apps/${CRM}/tables/${TASKS}/records`, {
      body: '{"fields": {',
    });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ code: 1254000, msg: 'WrongRequestJson' });
  });

  it('logs every API call with method, path, query, status, time and endpoint, oldest first, until cleared', async () => {
    t = await startTestEmulator({ clock: () => 42 });
    await t.client.bitable.appTableRecord.list({ path: TABLE, params: { page_size: 5 } });
    await t.call('GET', '/open-apis/nope', { headers: {} });
    const log = (await t.call('GET', '/__emulator/requests')).body.items;
    expect(log).toEqual([
      {
        method: 'POST',
        path: '/open-apis/auth/v3/tenant_access_token/internal',
        query: '',
        status: 200,
        time: 42,
        endpoint: 'auth.tenant_access_token',
      },
      {
        method: 'GET',
        path: `/open-apis/bitable/v1/apps/${CRM}/tables/${TASKS}/records`,
        query: 'page_size=5',
        status: 200,
        time: 42,
        endpoint: 'bitable.record.list',
      },
      { method: 'GET', path: '/open-apis/nope', query: '', status: 404, time: 42, endpoint: null },
    ]);
    await t.call('DELETE', '/__emulator/requests');
    expect((await t.call('GET', '/__emulator/requests')).body.items).toEqual([]);
  });

  it('answers the control API only to loopback callers it recognises', async () => {
    t = await startTestEmulator();
    const local = await rawRequest(
      t.emulator.port,
      'GET',
      '/__emulator/requests',
      undefined,
      undefined,
      '127.0.0.1',
    );
    expect(local.status).toBe(200);
    // 127.0.0.2 reaches the listener on 127.0.0.1 through the loopback interface but is not an allowed address.
    const other = await rawRequest(
      t.emulator.port,
      'GET',
      '/__emulator/requests',
      undefined,
      undefined,
      '127.0.0.2',
    );
    expect(other.status).toBe(403);
    const otherBase = await rawRequest(
      t.emulator.port,
      'GET',
      `/__emulator/bases/${CRM}`,
      undefined,
      undefined,
      '127.0.0.2',
    );
    expect(otherBase.status).toBe(403);
  });
});

async function waitForRequests(t: TestEmulator, count: number): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const items = (await t.call('GET', '/__emulator/requests')).body.items as unknown[];
    if (items.length >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`fewer than ${count} requests arrived`);
}

async function recordTitles(t: TestEmulator): Promise<string[]> {
  const snapshot = (await t.call('GET', `/__emulator/bases/${CRM}`)).body as {
    tables: Array<{ table_id: string; records: Array<{ fields: { Title?: Array<{ text: string }> } }> }>;
  };
  const table = snapshot.tables.find((candidate) => candidate.table_id === TASKS);
  return table?.records.map((record) => record.fields.Title?.[0]?.text ?? '') ?? [];
}

function rawRequest(
  port: number,
  method: string,
  path: string,
  body: string | undefined,
  token: string | undefined,
  localAddress = '127.0.0.1',
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        localAddress,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
