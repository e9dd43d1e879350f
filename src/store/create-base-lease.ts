import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { BaseLease } from '../ports/base-lease.js';

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

/**
 * A lease per base, so at most one write is in flight per Base even when a stalled BullMQ job runs twice
 * (reliability-notes §2.3). Renewed while held; if the holder dies, it lapses after `ttlMs`.
 */
export function createBaseLeaser(redis: Redis, prefix: string, ttlMs = 30_000) {
  return async (alias: string): Promise<BaseLease | null> => {
    const key = `${prefix}:lease:base:${alias}`;
    const token = randomBytes(16).toString('hex');
    const taken = await redis.set(key, token, 'PX', ttlMs, 'NX');
    if (taken !== 'OK') return null;
    const timer = setInterval(
      () => {
        redis.eval(RENEW, 1, key, token, String(ttlMs)).catch(() => undefined);
      },
      Math.floor(ttlMs / 3),
    );
    timer.unref();
    return {
      async release() {
        clearInterval(timer);
        await redis.eval(RELEASE, 1, key, token).catch(() => undefined);
      },
    };
  };
}
