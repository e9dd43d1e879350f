import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { LarkApiLimits } from '../config/lark-api-limits.js';

export type RedisRateLimiter = {
  /**
   * Waits until a call to `endpointId` fits every configured window for the app as a whole, and takes
   * the slot. Resolves with the time (limiter clock, epoch ms) the slot was granted. Throws for an
   * endpoint without a configured limit.
   */
  acquire(endpointId: string): Promise<number>;
  /** Nobody (in any process) gets a slot for `endpointId` before `untilMs`: Lark answered 429. */
  block(endpointId: string, untilMs: number): Promise<void>;
};

export type RedisRateLimiterDeps = {
  redis: Redis;
  limits: LarkApiLimits['rate_limits'];
  keyPrefix: string;
  /** Epoch ms. Every process sharing the limiter must use the same clock (NTP-synchronised hosts). */
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

/**
 * Sliding-window log per endpoint and window, in one atomic script:
 * 1. a block set by a 429 holds everyone until it ends;
 * 2. each window (1 s, 60 s) keeps the grant times still inside it; a window with `limit` grants is full
 *    until its oldest relevant grant leaves it;
 * 3. a slot is taken only if every window has room, so no window of the given length ever holds more
 *    than its limit of grants; otherwise the script answers how long to wait.
 * KEYS: block, second window, minute window. ARGV: now, per-second limit, per-minute limit (0 = none), member.
 * Returns {0, now} when granted, {waitMs} otherwise.
 */
const ACQUIRE_SCRIPT = `
local now = tonumber(ARGV[1])
local wait = 0
local blocked = tonumber(redis.call('GET', KEYS[1]) or '0')
if blocked > now then wait = blocked - now end
local windows = { { KEYS[2], tonumber(ARGV[2]), 1000 }, { KEYS[3], tonumber(ARGV[3]), 60000 } }
for _, w in ipairs(windows) do
  local key, limit, size = w[1], w[2], w[3]
  if limit > 0 then
    redis.call('ZREMRANGEBYSCORE', key, '-inf', now - size)
    local count = redis.call('ZCARD', key)
    if count >= limit then
      local frees = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
      local until_free = tonumber(frees[2]) + size - now
      if until_free > wait then wait = until_free end
    end
  end
end
if wait > 0 then return { wait } end
for _, w in ipairs(windows) do
  if w[2] > 0 then
    redis.call('ZADD', w[1], now, ARGV[4])
    redis.call('PEXPIRE', w[1], w[3])
  end
end
return { 0, now }
`;
const ACQUIRE_SHA = createHash('sha1').update(ACQUIRE_SCRIPT).digest('hex');

/** KEYS: block. ARGV: untilMs, now. Only ever extends a block. */
const BLOCK_SCRIPT = `
local untilMs = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs > current and untilMs > now then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', math.ceil(untilMs - now))
end
return 1
`;
const BLOCK_SHA = createHash('sha1').update(BLOCK_SCRIPT).digest('hex');

/**
 * The app's Lark rate limits (`lark-api-limits.yaml`), shared by every Larkgate process through Redis,
 * so that together they never exceed the configured figures (limits are per API × app × tenant).
 */
export function createRedisRateLimiter(deps: RedisRateLimiterDeps): RedisRateLimiter {
  const clock = deps.clock ?? Date.now;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const keys = (endpointId: string) => {
    const base = `${deps.keyPrefix}:ratelimit:{${endpointId}}`;
    return { block: `${base}:block`, second: `${base}:1s`, minute: `${base}:60s` };
  };

  async function run(sha: string, script: string, keyList: string[], args: Array<string | number>) {
    try {
      return await deps.redis.evalsha(sha, keyList.length, ...keyList, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return deps.redis.eval(script, keyList.length, ...keyList, ...args);
    }
  }

  return {
    async acquire(endpointId) {
      const limit = Object.hasOwn(deps.limits, endpointId) ? deps.limits[endpointId] : undefined;
      if (!limit) throw new Error(`rate limiter: no limit configured for ${endpointId}`);
      const { block, second, minute } = keys(endpointId);
      const member = randomUUID();
      for (;;) {
        const reply = (await run(
          ACQUIRE_SHA,
          ACQUIRE_SCRIPT,
          [block, second, minute],
          [Math.floor(clock()), limit.per_second ?? 0, limit.per_minute ?? 0, member],
        )) as number[];
        const [wait = 0, grantedAt] = reply;
        if (wait <= 0 && grantedAt !== undefined) return grantedAt;
        // A little jitter, so waiters released by the same grant expiring do not all retry at once.
        await sleep(Math.max(1, Math.ceil(wait)) + Math.floor(Math.random() * 5));
      }
    },
    async block(endpointId, untilMs) {
      await run(BLOCK_SHA, BLOCK_SCRIPT, [keys(endpointId).block], [Math.ceil(untilMs), clock()]);
    },
  };
}
