import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { useRedisServer } from '../../test/helpers/redis.js';
import type { LarkApiLimits } from '../config/lark-api-limits.js';
import { createRedisRateLimiter } from './redis-rate-limiter.js';

const server = await useRedisServer();
const connections: Redis[] = [];
afterAll(async () => {
  await Promise.all(connections.map((connection) => connection.quit()));
});

function connect(): Redis {
  const redis = new Redis(server.url);
  connections.push(redis);
  return redis;
}

const LIMITS: LarkApiLimits['rate_limits'] = {
  'test.per_second': { per_second: 4, source: 'test' },
  'test.both': { per_second: 5, per_minute: 12, source: 'test' },
  'test.blocked': { per_second: 50, source: 'test' },
};

/** The largest number of grants inside any half-open window [t, t + size) that starts at a grant. */
function maxInAnyWindow(grants: number[], size: number): number {
  const sorted = [...grants].sort((a, b) => a - b);
  let max = 0;
  for (let start = 0; start < sorted.length; start += 1) {
    let end = start;
    while (end < sorted.length && (sorted[end] ?? 0) < (sorted[start] ?? 0) + size) end += 1;
    max = Math.max(max, end - start);
  }
  return max;
}

/** A clock that only moves when someone sleeps: waiting is instant, the windows are exact. */
function makeFakeTime(start: number) {
  let now = start;
  return {
    clock: () => now,
    async sleep(ms: number) {
      const wake = now + ms;
      await new Promise((resolve) => setImmediate(resolve));
      now = Math.max(now, wake);
    },
  };
}

describe('createRedisRateLimiter', () => {
  it('never grants more than the per-second limit in any second, across two limiter instances', async () => {
    const keyPrefix = `t${Math.random()}`;
    const one = createRedisRateLimiter({ redis: connect(), limits: LIMITS, keyPrefix });
    const two = createRedisRateLimiter({ redis: connect(), limits: LIMITS, keyPrefix });

    const grants = await Promise.all(
      Array.from({ length: 14 }, (_, i) => (i % 2 === 0 ? one : two).acquire('test.per_second')),
    );

    expect(grants).toHaveLength(14);
    expect(maxInAnyWindow(grants, 1_000)).toBeLessThanOrEqual(4);
    // Sanity: the limit was actually reached, so the check above had something to check.
    expect(maxInAnyWindow(grants, 1_000)).toBe(4);
  });

  it('with a window margin, no call is granted within a second and the margin of the call it replaces (calls that arrive sooner after their grant stay under Lark’s count)', async () => {
    const keyPrefix = `t${Math.random()}`;
    const time = makeFakeTime(1_767_225_600_000);
    const limiter = createRedisRateLimiter({
      redis: connect(),
      limits: LIMITS,
      keyPrefix,
      windowMarginMs: 50,
      ...time,
    });

    const grants = await Promise.all(Array.from({ length: 12 }, () => limiter.acquire('test.per_second')));

    expect(maxInAnyWindow(grants, 1_050)).toBe(4);
    // 12 grants at 4 per 1.05 s: the 5th and the 9th each wait for the margin too.
    expect(Math.max(...grants) - Math.min(...grants)).toBeGreaterThanOrEqual(2 * 1_050);
  });

  it('holds the per-second and the per-minute window at once (fake clock shared by both instances)', async () => {
    const keyPrefix = `t${Math.random()}`;
    const time = makeFakeTime(1_767_225_600_000);
    const one = createRedisRateLimiter({ redis: connect(), limits: LIMITS, keyPrefix, ...time });
    const two = createRedisRateLimiter({ redis: connect(), limits: LIMITS, keyPrefix, ...time });

    const grants = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? one : two).acquire('test.both')),
    );

    expect(maxInAnyWindow(grants, 1_000)).toBeLessThanOrEqual(5);
    expect(maxInAnyWindow(grants, 60_000)).toBeLessThanOrEqual(12);
    expect(maxInAnyWindow(grants, 60_000)).toBe(12);
    // 40 grants at 12 a minute need at least three full minutes after the first.
    expect(Math.max(...grants) - Math.min(...grants)).toBeGreaterThanOrEqual(3 * 60_000);
  });

  it('makes every instance wait out a block set by another one after a 429', async () => {
    const keyPrefix = `t${Math.random()}`;
    const time = makeFakeTime(1_767_225_600_000);
    const one = createRedisRateLimiter({ redis: connect(), limits: LIMITS, keyPrefix, ...time });
    const two = createRedisRateLimiter({ redis: connect(), limits: LIMITS, keyPrefix, ...time });
    const blockedUntil = time.clock() + 7_000;

    await one.block('test.blocked', blockedUntil);
    await one.block('test.blocked', blockedUntil - 5_000); // a shorter block never shortens it
    const granted = await two.acquire('test.blocked');

    expect(granted).toBeGreaterThanOrEqual(blockedUntil);
  });

  it('refuses an endpoint without a configured limit', async () => {
    const limiter = createRedisRateLimiter({ redis: connect(), limits: LIMITS, keyPrefix: 'x' });
    await expect(limiter.acquire('bitable.record.list')).rejects.toThrow(/no limit configured/);
    await expect(limiter.acquire('toString')).rejects.toThrow(/no limit configured/);
  });

  it('keeps working after Redis forgets its scripts', async () => {
    const redis = connect();
    const limiter = createRedisRateLimiter({ redis, limits: LIMITS, keyPrefix: `t${Math.random()}` });
    await limiter.acquire('test.blocked');
    await redis.script('FLUSH');
    await expect(limiter.acquire('test.blocked')).resolves.toEqual(expect.any(Number));
  });
});
