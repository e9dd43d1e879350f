import { Redis } from 'ioredis';
import { afterAll } from 'vitest';
import {
  type RedisServer,
  type RedisServerOptions,
  spawnRedisServer,
} from '../../src/platform/spawn-redis-server.js';

/**
 * A private redis-server for this test file, stopped after the file's tests. Tests never rely on a Redis
 * that is already running on the machine. Call it at the file's top level (`const server = await
 * useRedisServer()`), not inside a hook: the `afterAll` it registers from inside a `beforeAll` never runs,
 * and the server outlives the run (the global teardown, test/setup/global-setup.ts, then fails the run).
 */
export async function useRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const server = await spawnRedisServer(options);
  afterAll(async () => {
    await server.stop();
  });
  return server;
}

/**
 * Waits until every write this Redis has acknowledged is in its append-only file (written to the OS, so a
 * SIGKILL of redis-server keeps it): `aof_buffer_length` is 0 once the event loop has flushed the buffer.
 * With `appendfsync everysec` Redis may postpone that write by up to 2 s while a background fsync runs,
 * longer on a loaded machine, so a test that kills Redis waits on this rather than on a clock.
 */
export async function waitForAofWritten(url: string, timeoutMs = 30_000): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const info = await client.info('persistence');
      if (!/aof_enabled:1/.test(info)) throw new Error('this redis-server runs without an append-only file');
      if (/aof_buffer_length:0\r?\n/.test(info) && !/aof_pending_bio_fsync:[1-9]/.test(info)) return;
      if (Date.now() > deadline) throw new Error(`redis AOF not written within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    client.disconnect();
  }
}
