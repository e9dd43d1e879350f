import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { useRedisServer } from '../helpers/redis.js';
import { startHarness } from './demo-harness.js';

const server = await useRedisServer();
const redis = new Redis(server.url);
afterAll(() => {
  redis.disconnect();
});

describe('the audit stream trim floor of a process', () => {
  it('is registered at its first stream write and released on a clean stop (a final checkpoint the file holds)', async () => {
    const h = await startHarness({ redisUrl: server.url, drill: false, runWorker: false });
    const stream = h.runtime.loaded.config.audit.stream;
    const chain = h.runtime.auditLog.head().chain;
    const whileRunning = await redis.hexists(`${stream}:held`, chain);

    await h.close();

    expect(whileRunning).toBe(1);
    // Without the release, every stopped process would pin the floor and trimming would stall for good.
    expect(await redis.hexists(`${stream}:held`, chain)).toBe(0);
  }, 60_000);
});
