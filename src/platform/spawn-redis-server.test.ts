import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { type RedisServer, spawnRedisServer } from './spawn-redis-server.js';

describe('spawnRedisServer', () => {
  let server: RedisServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('starts a private server with noeviction on its own port', async () => {
    server = await spawnRedisServer();
    const redis = new Redis(server.url);

    const policy = await redis.config('GET', 'maxmemory-policy');
    await redis.quit();

    expect(server.port).not.toBe(6379);
    expect(policy).toEqual(['maxmemory-policy', 'noeviction']);
  });

  it('keeps acknowledged writes across a SIGKILL when AOF is on', async () => {
    server = await spawnRedisServer({ aof: true });
    const before = new Redis(server.url, { maxRetriesPerRequest: 1 });
    await before.set('k', 'v');
    // appendfsync everysec: give the fsync its second before the crash.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    before.disconnect();

    await server.kill();
    await server.start();
    const after = new Redis(server.url);
    const value = await after.get('k');
    await after.quit();

    expect(value).toBe('v');
  });

  it('loses data across a SIGKILL when persistence is off', async () => {
    server = await spawnRedisServer({ aof: false });
    const before = new Redis(server.url, { maxRetriesPerRequest: 1 });
    await before.set('k', 'v');
    before.disconnect();

    await server.kill();
    await server.start();
    const after = new Redis(server.url);
    const value = await after.get('k');
    await after.quit();

    expect(value).toBeNull();
  });
});
