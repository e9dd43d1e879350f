import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { useRedisServer } from '../../test/helpers/redis.js';
import { createMonitorLease } from './create-monitor-lease.js';

const server = await useRedisServer();
const connections: Redis[] = [];
afterAll(() => {
  for (const connection of connections) connection.disconnect();
});

function connect(url = server.url): Redis {
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true });
  redis.on('error', () => undefined);
  connections.push(redis);
  return redis;
}

let keys = 0;
async function leases(ttlMs: number) {
  const key = `test:${++keys}:monitor:lease`;
  const [one, two] = [connect(), connect()];
  await Promise.all([one.connect(), two.connect()]);
  const options = { key, ttlMs, timeoutMs: 1_000 };
  return {
    key,
    a: createMonitorLease(one, { ...options, holder: 'bot-a' }),
    b: createMonitorLease(two, { ...options, holder: 'bot-b' }),
    redis: one,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createMonitorLease (real Redis)', () => {
  it('one holder at a time: the second contender is told who holds it', async () => {
    const { a, b, key, redis } = await leases(5_000);

    expect(await a.claim()).toEqual({ kind: 'held' });
    expect(await b.claim()).toEqual({ kind: 'taken', holder: 'bot-a' });
    expect(await a.claim()).toEqual({ kind: 'held' });
    expect(await redis.get(key)).toBe('bot-a');
  });

  it('renewing keeps it past its length; unrenewed it lapses and the other takes it', async () => {
    const { a, b } = await leases(300);
    await a.claim();
    for (let i = 0; i < 4; i++) {
      await sleep(150);
      expect(await a.claim()).toEqual({ kind: 'held' });
      expect((await b.claim()).kind).toBe('taken');
    }

    await sleep(400);

    expect(await b.claim()).toEqual({ kind: 'held' });
    expect(await a.claim()).toEqual({ kind: 'taken', holder: 'bot-b' });
  });

  it('release gives it up at once, and never releases another holder’s lease', async () => {
    const { a, b, key, redis } = await leases(5_000);
    await a.claim();

    await b.release();
    expect(await redis.get(key)).toBe('bot-a');
    await a.release();

    expect(await redis.get(key)).toBeNull();
    expect(await b.claim()).toEqual({ kind: 'held' });
  });

  it('a holder whose lease was taken over cannot renew it', async () => {
    const { a, b, key, redis } = await leases(5_000);
    await a.claim();
    // The lease lapsed and bot-b took it (as after a long pause of bot-a).
    await redis.del(key);
    await b.claim();

    expect(await a.claim()).toEqual({ kind: 'taken', holder: 'bot-b' });
    expect(await redis.get(key)).toBe('bot-b');
    expect(await redis.pttl(key)).toBeGreaterThan(4_000);
  });

  it('Redis that does not answer is a value, not an exception', async () => {
    const lease = createMonitorLease(connect('redis://127.0.0.1:1'), {
      key: 'test:down:monitor:lease',
      holder: 'bot-a',
      ttlMs: 1_000,
      timeoutMs: 500,
    });

    expect((await lease.claim()).kind).toBe('unreachable');
    await expect(lease.release()).resolves.toBeUndefined();
  });
});
