import type { Redis } from 'ioredis';
import type { DedupKind, DedupStore } from '../ports/dedup-store.js';
import type { RedisKeys } from './redis-keys.js';

/** Lark re-pushes for about 7.1 h (15 s, 5 min, 1 h, 6 h): remember ids for 9 h (reliability-notes §3.1). */
export const DEDUP_TTL_SECONDS = 9 * 3600;

export function createDedupStore(redis: Redis, keys: RedisKeys, ttlSeconds = DEDUP_TTL_SECONDS): DedupStore {
  return {
    /** True the first time an id is seen within the TTL; false for every repeat. Atomic across processes. */
    async firstSeen(kind: DedupKind, id: string): Promise<boolean> {
      const result = await redis.set(keys.dedup(kind, id), '1', 'EX', ttlSeconds, 'NX');
      return result === 'OK';
    },
    /** Forgets an id, so a push that could not be handled is accepted again when Lark retries. */
    async forget(kind: DedupKind, id: string): Promise<void> {
      await redis.del(keys.dedup(kind, id));
    },
  };
}
