import { afterAll } from 'vitest';
import {
  type RedisServer,
  type RedisServerOptions,
  spawnRedisServer,
} from '../../src/platform/spawn-redis-server.js';

/**
 * A private redis-server for this test file, stopped after the file's tests. Tests never rely on a Redis
 * that is already running on the machine.
 */
export async function useRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const server = await spawnRedisServer(options);
  afterAll(async () => {
    await server.stop();
  });
  return server;
}
