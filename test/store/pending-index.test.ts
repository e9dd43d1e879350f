import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, spawnRedisServer } from '../../src/platform/spawn-redis-server.js';
import type { RequestStore } from '../../src/ports/request-store.js';
import { OPENING_GRACE_MS } from '../../src/store/create-pending-index.js';
import { createRequestStore } from '../../src/store/create-request-store.js';
import { createRedisKeys } from '../../src/store/redis-keys.js';
import { makeRequest, T0 } from '../builders/make-request.js';

let server: RedisServer;
let redis: Redis;
let store: RequestStore;
// Spawned and stopped here: an afterAll registered from inside beforeAll (useRedisServer) never runs.
beforeAll(async () => {
  server = await spawnRedisServer();
  redis = new Redis(server.url);
  store = createRequestStore(redis, createRedisKeys('pendidx'));
});
afterAll(async () => {
  await redis?.quit();
  await server?.stop();
});

const EXPIRES = T0 + 30 * 60_000;

describe('claimAsk: one pending request per change', () => {
  it('holds the change for a pending request and hands it over once that request is settled', async () => {
    const first = makeRequest({ id: 'req_aaaaaaaaaaa1' });
    await store.create(first);
    expect(await store.claimAsk('k1', first.id, EXPIRES, T0)).toBeNull();

    expect(await store.claimAsk('k1', 'req_aaaaaaaaaaa2', EXPIRES, T0 + 1)).toBe(first.id);
    expect(await store.claimAsk('k1', first.id, EXPIRES, T0 + 1)).toBeNull();
    await store.update(first.id, (request) => ({ ...request, state: 'rejected' }));
    expect(await store.claimAsk('k1', 'req_aaaaaaaaaaa2', EXPIRES, T0 + 2)).toBeNull();
  });

  it('does not count a pending request past its expiry', async () => {
    const first = makeRequest({ id: 'req_aaaaaaaaaaa3', expiresAt: T0 + 10 });
    await store.create(first);
    await store.claimAsk('k2', first.id, first.expiresAt, T0);

    expect(await store.claimAsk('k2', 'req_aaaaaaaaaaa4', EXPIRES, T0 + 11)).toBeNull();
  });

  it('counts a claim whose request is still being opened, for a while only', async () => {
    await store.claimAsk('k3', 'req_aaaaaaaaaaa5', EXPIRES, T0);

    expect(await store.claimAsk('k3', 'req_aaaaaaaaaaa6', EXPIRES, T0 + 1_000)).toBe('req_aaaaaaaaaaa5');
    expect(await store.claimAsk('k3', 'req_aaaaaaaaaaa6', EXPIRES, T0 + OPENING_GRACE_MS)).toBeNull();
  });
});

describe('the records pending requests show', () => {
  it('finds requests by record and forgets the ones named', async () => {
    const one = makeRequest({ id: 'req_aaaaaaaaaab1' });
    const two = makeRequest({ id: 'req_aaaaaaaaaab2' });
    await store.addOnRecords(one, ['recA', 'recB']);
    await store.addOnRecords(two, ['recB']);
    const { appToken } = one.plan.base;
    const tableId = one.plan.kind === 'records' ? one.plan.table.id : '';

    expect(await store.onRecords(appToken, tableId, ['recB', 'recC'])).toEqual(
      new Map([
        [one.id, ['recB']],
        [two.id, ['recB']],
      ]),
    );
    await store.removeOnRecords(appToken, tableId, ['recA', 'recB'], [one.id]);
    expect([...(await store.onRecords(appToken, tableId, ['recA', 'recB'])).keys()]).toEqual([two.id]);
    expect(await redis.pttl(`pendidx:onrec:${appToken}:${tableId}:recB`)).toBeGreaterThan(0);
  });
});
