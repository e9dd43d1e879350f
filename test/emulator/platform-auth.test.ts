import { afterEach, describe, expect, it } from 'vitest';
import { makeClient, startTestEmulator, type TestEmulator } from './platform-test-kit.js';

const TOKEN_PATH = '/open-apis/auth/v3/tenant_access_token/internal';
const APP_GET = '/open-apis/bitable/v1/apps/bascnCRMtestBaseToken000001';

describe('emulator tenant_access_token and auth (docs/reference/lark-api.md §1.2)', () => {
  let t: TestEmulator;
  afterEach(async () => {
    await t.close();
  });

  it('issues a top-level token that the unmodified SDK uses for its calls', async () => {
    t = await startTestEmulator();
    const raw = await t.call('POST', TOKEN_PATH, {
      headers: {},
      body: { app_id: t.seed.app.app_id, app_secret: t.seed.app.app_secret },
    });
    expect(raw.status).toBe(200);
    expect(raw.body).toMatchObject({ code: 0, msg: 'ok', expire: 7200 }); // a fresh emulator issues a new token
    expect(String(raw.body.tenant_access_token)).toMatch(/^t-/);
    expect(raw.body).not.toHaveProperty('data');

    const app = await t.client.bitable.app.get({ path: { app_token: 'bascnCRMtestBaseToken000001' } });
    expect(app.code).toBe(0);
    const log = await t.call('GET', '/__emulator/requests');
    const items = log.body.items as Array<{ endpoint: string; status: number }>;
    expect(items.map((item) => item.endpoint)).toEqual([
      'auth.tenant_access_token',
      'auth.tenant_access_token',
      'bitable.app.get',
    ]);
  });

  it('answers a wrong secret with HTTP 200 and 10014 "app secret invalid", which the SDK reports as a token failure', async () => {
    t = await startTestEmulator();
    const raw = await t.call('POST', TOKEN_PATH, {
      headers: {},
      body: { app_id: t.seed.app.app_id, app_secret: 'wrong' },
    });
    expect(raw.status).toBe(200);
    expect(raw.body).toMatchObject({ code: 10014, msg: 'app secret invalid' });
    expect(raw.body).not.toHaveProperty('tenant_access_token');

    const client = makeClient(t.emulator.url, t.seed, 'wrong-secret');
    await expect(
      client.bitable.app.get({ path: { app_token: 'bascnCRMtestBaseToken000001' } }),
    ).rejects.toThrow(/tenant_access_token.*10014/);
  });

  it('answers an unknown app id, or no secret, with 10003 "invalid param"', async () => {
    t = await startTestEmulator();
    for (const body of [
      { app_id: 'cli_0000000000000000', app_secret: t.seed.app.app_secret },
      { app_id: t.seed.app.app_id },
    ]) {
      const raw = await t.call('POST', TOKEN_PATH, { headers: {}, body });
      expect(raw.body).toMatchObject({ code: 10003, msg: 'invalid param' });
    }
  });

  it('serves app_access_token/internal beside the tenant route, with the same credential checks', async () => {
    t = await startTestEmulator();
    const path = '/open-apis/auth/v3/app_access_token/internal';
    const good = await t.call('POST', path, {
      headers: {},
      body: { app_id: t.seed.app.app_id, app_secret: t.seed.app.app_secret },
    });
    expect(good.body).toMatchObject({ code: 0, msg: 'ok', expire: 7200 });
    expect(String(good.body.app_access_token)).toMatch(/^t-/);
    const bad = await t.call('POST', path, {
      headers: {},
      body: { app_id: t.seed.app.app_id, app_secret: 'x' },
    });
    expect(bad.body).toMatchObject({ code: 10014 });
  });

  it('keeps a token until less than 30 minutes remain, then issues a new one while both stay valid', async () => {
    let now = 1_000_000_000;
    t = await startTestEmulator({ clock: () => now });
    const fetchToken = async () => {
      const { body } = await t.call('POST', TOKEN_PATH, {
        headers: {},
        body: { app_id: t.seed.app.app_id, app_secret: t.seed.app.app_secret },
      });
      return { token: String(body.tenant_access_token), expire: Number(body.expire) };
    };
    const appGet = (token: string) =>
      t.call('GET', APP_GET, { headers: { authorization: `Bearer ${token}` } });

    const first = await fetchToken();
    now += 60 * 60 * 1000;
    expect(await fetchToken()).toEqual({ token: first.token, expire: 3600 });

    now += 31 * 60 * 1000; // 29 minutes left on the first token
    const second = await fetchToken();
    expect(second.token).not.toBe(first.token);
    expect(second.expire).toBe(7200);
    expect((await appGet(first.token)).body.code).toBe(0);
    expect((await appGet(second.token)).body.code).toBe(0);

    now += 30 * 60 * 1000; // the first token has expired
    const expired = await appGet(first.token);
    expect(expired.status).toBe(400);
    expect(expired.body.code).toBe(99991663);
    expect((await appGet(second.token)).body.code).toBe(0);
  });

  it('honours tokenTtlSeconds', async () => {
    let now = 5_000;
    t = await startTestEmulator({ clock: () => now, tokenTtlSeconds: 120 });
    const token = await t.token();
    expect((await t.call('GET', APP_GET, { headers: { authorization: `Bearer ${token}` } })).body.code).toBe(
      0,
    );
    now += 120_000;
    expect((await t.call('GET', APP_GET, { headers: { authorization: `Bearer ${token}` } })).body.code).toBe(
      99991663,
    );
  });

  it.each([
    ['no Authorization header', 99991661, undefined],
    ['an empty bearer', 99991661, 'Bearer '],
    ['a token without t- or u-', 99991671, 'Bearer abc123'],
    ['an unknown tenant token', 99991663, 'Bearer t-nottheone'],
    ['a user token the emulator never issued', 99991668, 'Bearer u-someone'],
  ])('refuses %s with HTTP 400 and %s', async (_case, code, authorization) => {
    t = await startTestEmulator();
    const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
    const response = await t.call('GET', APP_GET, { headers });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe(code);
  });

  it('answers unknown paths with 404/99991201 and a known path with the wrong method with 99991301', async () => {
    t = await startTestEmulator();
    const unknown = await t.call('GET', '/open-apis/bitable/v1/nothing/here');
    expect([unknown.status, unknown.body.code]).toEqual([404, 99991201]);
    const wrongMethod = await t.call('PATCH', APP_GET);
    expect([wrongMethod.status, wrongMethod.body.code]).toEqual([404, 99991301]);
    const tokenByGet = await t.call('GET', TOKEN_PATH);
    expect([tokenByGet.status, tokenByGet.body.code]).toEqual([404, 99991301]);
  });
});
