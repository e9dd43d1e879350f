import type { Redis } from 'ioredis';
import type { Observation } from '../domain/alert.js';
import { withTimeout } from '../platform/with-timeout.js';

/** PING with a deadline. The connection should fail fast (enableOfflineQueue: false). */
export async function observeRedis(redis: Redis, timeoutMs: number): Promise<Observation[]> {
  try {
    await withTimeout(redis.ping(), timeoutMs, `PING got no answer within ${timeoutMs} ms`);
    return [{ key: 'redis', status: 'ok', detail: '' }];
  } catch (error) {
    return [{ key: 'redis', status: 'failing', detail: `PING failed: ${(error as Error).message}` }];
  }
}
