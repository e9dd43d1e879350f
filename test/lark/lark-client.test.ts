import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import * as sdk from '@larksuiteoapi/node-sdk';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Emulator, startEmulator } from '../../emulator/create-emulator.js';
import { type EmulatorSeed, loadSeedFile } from '../../emulator/seed.js';
import { AllowedEndpoints } from '../../src/config/allowed-endpoints.js';
import { LarkApiLimits } from '../../src/config/lark-api-limits.js';
import { Secret } from '../../src/config/secret.js';
import { createLarkClient, type LarkClientDeps } from '../../src/lark/create-lark-client.js';
import type { LarkApiCall } from '../../src/lark/create-lark-http-instance.js';
import { EgressDeniedError } from '../../src/lark/egress-denied-error.js';
import { LarkApiError } from '../../src/lark/lark-api-error.js';
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
const ARCHIVE = 'bascnReadOnlyBaseToken00001';
const RECORDS_PATH = `/open-apis/bitable/v1/apps/${CRM}/tables/${TASKS}/records`;

const redisServer = await useRedisServer();
const redis = new Redis(redisServer.url);
afterAll(async () => {
  await redis.quit();
});

let seed: EmulatorSeed;
let emulator: Emulator;
beforeEach(async () => {
  seed = await loadSeedFile(SEED_PATH);
  emulator = await startEmulator(seed);
});
afterEach(async () => {
  await emulator.close();
});

/** What the SDK logged (it logs failed calls), as text, for the canary check. */
const sdkLog: string[] = [];
const captureLogger: sdk.Logger = {
  error: (...items: unknown[]) => void sdkLog.push(inspect(items, { depth: 10 })),
  warn: (...items: unknown[]) => void sdkLog.push(inspect(items, { depth: 10 })),
  info: (...items: unknown[]) => void sdkLog.push(inspect(items, { depth: 10 })),
  debug: (...items: unknown[]) => void sdkLog.push(inspect(items, { depth: 10 })),
  trace: (...items: unknown[]) => void sdkLog.push(inspect(items, { depth: 10 })),
};

type Harness = ReturnType<typeof createLarkClient> & {
  denied: Array<{ method: string; path: string }>;
  calls: LarkApiCall[];
  blocks: Array<{ endpointId: string; untilMs: number }>;
};

function makeLark(overrides: Partial<LarkClientDeps> = {}): Harness {
  const denied: Harness['denied'] = [];
  const calls: LarkApiCall[] = [];
  const blocks: Harness['blocks'] = [];
  const limiter = createRedisRateLimiter({
    redis,
    limits: LIMITS.rate_limits,
    keyPrefix: `t${Math.random()}`,
  });
  const lark = createLarkClient({
    appId: seed.app.app_id,
    appSecret: new Secret(seed.app.app_secret, 'secret://env/LARK_APP_SECRET'),
    domain: emulator.url,
    endpoints: ENDPOINTS,
    rateLimiter: {
      acquire: (endpointId) => limiter.acquire(endpointId),
      async block(endpointId, untilMs) {
        blocks.push({ endpointId, untilMs });
        await limiter.block(endpointId, untilMs);
      },
    },
    onEgressDenied: (attempt) => {
      denied.push(attempt);
    },
    onApiCall: (call) => calls.push(call),
    maxRateLimitWaitMs: 10_000,
    logger: captureLogger,
    loggerLevel: sdk.LoggerLevel.trace,
    ...overrides,
  });
  return { ...lark, denied, calls, blocks };
}

type LoggedRequest = { method: string; path: string; status: number | null; time: number; query: string };

async function emulatorRequests(): Promise<LoggedRequest[]> {
  const response = await fetch(`${emulator.url}/__emulator/requests`);
  return ((await response.json()) as { items: LoggedRequest[] }).items;
}

async function addFault(fault: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${emulator.url}/__emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });
  expect(response.status).toBe(200);
}

async function caught(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

/** Everything a log line or an error report could show of an error. */
function renderings(error: unknown): string[] {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  return [JSON.stringify(error), String(error), stack, inspect(error, { depth: 10, showHidden: true })];
}

describe('createLarkClient: egress allowlist', () => {
  it('refuses an SDK method whose endpoint is not allowed, before anything is sent', async () => {
    const lark = makeLark();

    const error = await caught(() =>
      lark.client.bitable.appTableRecord.list({ path: { app_token: CRM, table_id: TASKS } }),
    );

    expect(error).toBeInstanceOf(EgressDeniedError);
    expect(error).toMatchObject({ code: 'egress_denied', method: 'GET', path: RECORDS_PATH });
    expect(lark.denied).toEqual([{ method: 'GET', path: RECORDS_PATH }]);
    const requests = await emulatorRequests();
    expect(requests.filter((request) => request.path === RECORDS_PATH)).toEqual([]);
  });

  it.each([
    ['an unlisted method on a listed path', 'GET', `/open-apis/im/v1/messages`],
    ['an unlisted path', 'POST', `/open-apis/bitable/v1/apps/${CRM}/tables/batch_create`],
    ['a path that climbs out of a listed one', 'GET', '/open-apis/bot/v3/info/../../../im/v1/messages/om_1'],
    ['a trailing slash', 'GET', '/open-apis/bot/v3/info/'],
    ['an id holding an encoded slash', 'PATCH', '/open-apis/im/v1/messages/om_1%2Freply'],
  ])('refuses %s (client.request)', async (_name, method, url) => {
    const lark = makeLark();

    await expect(lark.client.request({ method, url, data: {} })).rejects.toBeInstanceOf(EgressDeniedError);

    expect(lark.denied).toHaveLength(1);
    const requests = await emulatorRequests();
    expect(requests.filter((request) => !request.path.startsWith('/open-apis/auth/'))).toEqual([]);
  });

  it('refuses a listed path on another origin', async () => {
    const lark = makeLark();
    const otherOrigin = emulator.url.replace('127.0.0.1', 'localhost');

    await expect(
      lark.client.request({ method: 'GET', url: `${otherOrigin}/open-apis/bot/v3/info` }),
    ).rejects.toBeInstanceOf(EgressDeniedError);

    expect(lark.denied).toEqual([{ method: 'GET', path: `${otherOrigin}/open-apis/bot/v3/info` }]);
    expect((await emulatorRequests()).filter((request) => request.path === '/open-apis/bot/v3/info')).toEqual(
      [],
    );
  });

  it('still refuses when the audit hook itself fails', async () => {
    const lark = makeLark({
      onEgressDenied: () => {
        throw new Error('audit down');
      },
    });
    await expect(
      lark.client.bitable.appTableRecord.list({ path: { app_token: CRM, table_id: TASKS } }),
    ).rejects.toBeInstanceOf(EgressDeniedError);
  });

  it('lets an allowed call through, ignoring its query string, and reports it', async () => {
    const lark = makeLark();

    const response = await lark.client.bitable.appTable.list({
      path: { app_token: CRM },
      params: { page_size: 5 },
    });

    expect(response.code).toBe(0);
    expect(response.data?.items?.map((table) => table.name)).toEqual(['Tasks', 'Notes']);
    expect(lark.denied).toEqual([]);
    expect(
      lark.calls.map(({ endpointId, method, status, code }) => ({ endpointId, method, status, code })),
    ).toEqual([
      { endpointId: 'auth.tenant_access_token', method: 'POST', status: 200, code: 0 },
      { endpointId: 'bitable.table.list', method: 'GET', status: 200, code: 0 },
    ]);
    expect(lark.calls.every((call) => call.durationMs >= 0)).toBe(true);
  });

  it('maps feishu and lark to their origins, and refuses the emulator from a feishu client', async () => {
    const feishu = makeLark({ domain: 'feishu' });
    expect(feishu.origin).toBe('https://open.feishu.cn');
    expect(makeLark({ domain: 'lark' }).origin).toBe('https://open.larksuite.com');

    // A user token, so that the SDK fetches no tenant token from the real Feishu first.
    await expect(
      feishu.client.request(
        { method: 'GET', url: `${emulator.url}/open-apis/bot/v3/info` },
        sdk.withUserAccessToken('u-test'),
      ),
    ).rejects.toBeInstanceOf(EgressDeniedError);
    expect(await emulatorRequests()).toEqual([]);
  });
});

describe('createLarkClient: token cache', () => {
  it('keeps a token per client, not one per process (two emulators, same app id)', async () => {
    const other = await startEmulator(seed);
    try {
      const first = makeLark();
      const second = makeLark({ domain: other.url });

      expect((await first.client.bitable.appTable.list({ path: { app_token: CRM } })).code).toBe(0);
      // With the SDK's module-global cache this call would carry the first emulator's token (99991663).
      expect((await second.client.bitable.appTable.list({ path: { app_token: CRM } })).code).toBe(0);
    } finally {
      await other.close();
    }
  });
});

describe('createLarkClient: rate limits', () => {
  it('waits x-ogw-ratelimit-reset after a 429 and retries until the call succeeds', async () => {
    const lark = makeLark();
    await lark.client.bitable.appTable.list({ path: { app_token: CRM } }); // token fetched beforehand
    await addFault({
      kind: 'rate_limit',
      path_prefix: `/open-apis/bitable/v1/apps/${CRM}/tables`,
      count: 2,
      reset_seconds: 1,
    });

    const response = await lark.client.bitable.appTable.list({ path: { app_token: CRM } });

    expect(response.code).toBe(0);
    const attempts = (await emulatorRequests())
      .filter((request) => request.path.endsWith('/tables'))
      .slice(1);
    expect(attempts.map((request) => request.status)).toEqual([429, 429, 200]);
    // Each retry came no sooner than the reset Lark asked for.
    expect((attempts[1]?.time ?? 0) - (attempts[0]?.time ?? 0)).toBeGreaterThanOrEqual(1_000);
    expect((attempts[2]?.time ?? 0) - (attempts[1]?.time ?? 0)).toBeGreaterThanOrEqual(1_000);
    // The block went to the shared limiter, so other processes wait too.
    expect(lark.blocks.map((block) => block.endpointId)).toEqual([
      'bitable.table.list',
      'bitable.table.list',
    ]);
    expect(
      lark.calls.filter((call) => call.endpointId === 'bitable.table.list').map((call) => call.status),
    ).toEqual([200, 429, 429, 200]);
  });

  it.each([
    [
      'HTTP 200 with code 1254290 (Bitable TooManyRequest)',
      { kind: 'write_conflict', status: 200, code: 1254290 },
      200,
    ],
    ['HTTP 400 with code 99991400 (older APIs)', { kind: 'server_error', status: 400, code: 99991400 }, 400],
  ])('treats %s as throttling: waits and retries', async (_name, fault, status) => {
    const lark = makeLark();
    await lark.client.bitable.appTable.list({ path: { app_token: CRM } });
    await addFault({ ...fault, path_prefix: `/open-apis/bitable/v1/apps/${CRM}/tables`, count: 1 });

    const response = await lark.client.bitable.appTable.list({ path: { app_token: CRM } });

    expect(response.code).toBe(0);
    const attempts = (await emulatorRequests())
      .filter((request) => request.path.endsWith('/tables'))
      .slice(1);
    expect(attempts.map((request) => request.status)).toEqual([status, 200]);
    // No x-ogw-ratelimit-reset on these answers: one second, the documented QPS window.
    expect((attempts[1]?.time ?? 0) - (attempts[0]?.time ?? 0)).toBeGreaterThanOrEqual(1_000);
  });

  it('gives up with rate_limited once the next wait would pass maxRateLimitWaitMs', async () => {
    const lark = makeLark({ maxRateLimitWaitMs: 1_500 });
    await addFault({
      kind: 'rate_limit',
      path_prefix: `/open-apis/bitable/v1/apps/${CRM}/tables`,
      count: -1,
      reset_seconds: 1,
    });

    const error = await caught(() => lark.client.bitable.appTable.list({ path: { app_token: CRM } }));

    expect(error).toBeInstanceOf(LarkApiError);
    expect(error).toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 1_000,
      httpStatus: 429,
      code: 99991400,
      endpointId: 'bitable.table.list',
    });
    const attempts = (await emulatorRequests()).filter((request) => request.path.endsWith('/tables'));
    expect(attempts.map((request) => request.status)).toEqual([429, 429]);
  });

  it('does not wait at all when even one reset is longer than maxRateLimitWaitMs', async () => {
    const lark = makeLark({ maxRateLimitWaitMs: 500 });
    await addFault({
      kind: 'rate_limit',
      path_prefix: `/open-apis/bitable/v1/apps/${CRM}/tables`,
      count: 1,
      reset_seconds: 2,
    });

    await expect(lark.client.bitable.appTable.list({ path: { app_token: CRM } })).rejects.toMatchObject({
      kind: 'rate_limited',
      retryAfterMs: 2_000,
    });
    expect(lark.blocks).toEqual([]);
  });
});

describe('createLarkClient: failures become safe LarkApiErrors', () => {
  it('a write that times out after Lark applied it is ambiguous', async () => {
    const lark = makeLark({ timeoutMs: 500 });
    await lark.client.bitable.appTable.list({ path: { app_token: CRM } });
    await addFault({
      kind: 'timeout_after_apply',
      path_prefix: RECORDS_PATH,
      method: 'POST',
      latency_ms: 5_000,
    });

    const error = await caught(() =>
      lark.client.bitable.appTableRecord.create({
        path: { app_token: CRM, table_id: TASKS },
        data: { fields: { Title: 'Landed anyway' } },
      }),
    );

    expect(error).toBeInstanceOf(LarkApiError);
    expect(error).toMatchObject({
      kind: 'ambiguous',
      httpStatus: 0,
      code: null,
      endpointId: 'bitable.record.create',
    });
    // Why it is ambiguous and not "failed": the record is there.
    const base = (await (await fetch(`${emulator.url}/__emulator/bases/${CRM}`)).json()) as unknown;
    expect(JSON.stringify(base)).toContain('Landed anyway');
  });

  it('a write whose connection drops is ambiguous; a read that times out is transient', async () => {
    const lark = makeLark({ timeoutMs: 500 });
    await addFault({ kind: 'timeout_after_apply', path_prefix: RECORDS_PATH, method: 'PUT', latency_ms: 0 });
    await addFault({ kind: 'latency', path_prefix: `${RECORDS_PATH}/search`, latency_ms: 3_000 });

    await expect(
      lark.client.bitable.appTableRecord.update({
        path: { app_token: CRM, table_id: TASKS, record_id: 'recTask0001' },
        data: { fields: { Points: 8 } },
      }),
    ).rejects.toMatchObject({ kind: 'ambiguous', httpStatus: 0 });
    await expect(
      lark.client.bitable.appTableRecord.search({ path: { app_token: CRM, table_id: TASKS }, data: {} }),
    ).rejects.toMatchObject({ kind: 'transient', httpStatus: 0, endpointId: 'bitable.record.search' });
  });

  it('an HTTP error carries Lark code, message and log id', async () => {
    const lark = makeLark();

    const error = await caught(() =>
      lark.client.bitable.appTableRecord.create({
        path: { app_token: ARCHIVE, table_id: 'tblArchive000001' },
        data: { fields: { Name: 'nope' } },
      }),
    );

    expect(error).toBeInstanceOf(LarkApiError);
    expect(error).toMatchObject({
      kind: 'permission',
      httpStatus: 403,
      code: 1254302,
      method: 'POST',
      path: `/open-apis/bitable/v1/apps/${ARCHIVE}/tables/tblArchive000001/records`,
      logId: expect.any(String),
    });
  });

  it('never lets the app secret or the token into an error', async () => {
    const canary = seed.app.app_secret;
    expect(canary).toMatch(/^CANARY-/);
    sdkLog.length = 0;
    const errors: unknown[] = [];

    // 1. Wrong credentials: the token call answers 10014 (app secret invalid); the secret sent is a canary too.
    const wrongSecret = 'CANARY-wrong-secret-0b7d';
    const wrong = makeLark({ appSecret: new Secret(wrongSecret, 'secret://env/X') });
    errors.push(await caught(() => wrong.client.bitable.appTable.list({ path: { app_token: CRM } })));
    expect(errors[0]).toMatchObject({ kind: 'auth', code: 10014, endpointId: 'auth.tenant_access_token' });

    // 2. The token call itself times out: axios's error would hold the request body with app_secret.
    await addFault({ kind: 'latency', path_prefix: '/open-apis/auth/', latency_ms: 3_000 });
    const slow = makeLark({ timeoutMs: 300 });
    errors.push(await caught(() => slow.client.bitable.appTable.list({ path: { app_token: CRM } })));
    expect(errors[1]).toMatchObject({ kind: 'transient', endpointId: 'auth.tenant_access_token' });
    await fetch(`${emulator.url}/__emulator/faults`, { method: 'DELETE' });

    // 3. Authenticated calls that fail: axios's error would hold the Bearer token.
    const lark = makeLark({ timeoutMs: 500, maxRateLimitWaitMs: 100 });
    await lark.client.bitable.appTable.list({ path: { app_token: CRM } });
    errors.push(
      await caught(() =>
        lark.client.bitable.appTableRecord.create({
          path: { app_token: ARCHIVE, table_id: 'tblArchive000001' },
          data: { fields: { Name: 'x' } },
        }),
      ),
    );
    await addFault({
      kind: 'rate_limit',
      path_prefix: `/open-apis/bitable/v1/apps/${CRM}/tables`,
      count: 1,
      reset_seconds: 1,
    });
    errors.push(await caught(() => lark.client.bitable.appTable.list({ path: { app_token: CRM } })));
    await addFault({ kind: 'server_error', path_prefix: RECORDS_PATH });
    errors.push(
      await caught(() =>
        lark.client.bitable.appTableRecord.create({
          path: { app_token: CRM, table_id: TASKS },
          data: { fields: {} },
        }),
      ),
    );
    errors.push(
      await caught(() => lark.client.request({ method: 'DELETE', url: `/open-apis/bitable/v1/apps/${CRM}` })),
    );

    const tokenResponse = await fetch(`${emulator.url}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: seed.app.app_id, app_secret: seed.app.app_secret }),
    });
    const token = ((await tokenResponse.json()) as { tenant_access_token: string }).tenant_access_token;
    expect(token).toMatch(/^t-/);

    expect(errors.map((error) => (error as Error).name)).toEqual([
      'LarkApiError',
      'LarkApiError',
      'LarkApiError',
      'LarkApiError',
      'LarkApiError',
      'EgressDeniedError',
    ]);
    expect(sdkLog.length).toBeGreaterThan(0);
    for (const text of [...errors.flatMap(renderings), ...sdkLog]) {
      expect(text).not.toContain(canary);
      expect(text).not.toContain(wrongSecret);
      expect(text).not.toContain(token);
      expect(text).not.toContain('Bearer');
      expect(text).not.toContain('app_secret');
    }
  });
});
