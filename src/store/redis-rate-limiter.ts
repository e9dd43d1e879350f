import { createHash, randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { LarkApiLimits } from '../config/lark-api-limits.js';

export type RedisRateLimiter = {
  /**
   * Waits until a call to `endpointId` fits every configured window for the app as a whole, and takes
   * the slot. Resolves with the time (limiter clock, epoch ms) the slot was granted. Throws for an
   * endpoint without a configured limit.
   */
  acquire(endpointId: string, scope?: string): Promise<number>;
  /** Nobody (in any process) gets a slot for `endpointId` before `untilMs`: Lark answered 429. */
  block(endpointId: string, untilMs: number): Promise<void>;
};

export type RedisRateLimiterDeps = {
  redis: Redis;
  limits: LarkApiLimits['rate_limits'];
  keyPrefix: string;
  /** Epoch ms for the windows; default: Redis's TIME, one clock for every process. */
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Counts each window this much longer than Lark's (default 0). Lark counts calls as they arrive, this
   * limiter as it grants them: a call granted just as a window frees, arriving sooner after its grant
   * than the call it replaces did, lands inside Lark's window and is answered 429, which blocks the
   * endpoint for Lark's whole reset (≥ 1 s). A margin above that jitter costs at most margin ÷ 1 s of the
   * per-second rate.
   */
  windowMarginMs?: number;
};

/**
 * The limiter's clock, shared by the scripts below: the caller's ms when given (tests), else Redis's own
 * TIME, so processes on hosts with skewed clocks still agree. A per-endpoint high-water mark keeps it from
 * going backwards between calls (a caller that read its clock before another's call landed), which would
 * otherwise let a late call count against a window that has already moved on.
 */
const NOW = `
local function clock_now(arg, mark_key)
  local now
  if arg ~= '' then
    now = tonumber(arg)
  else
    local t = redis.call('TIME')
    now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  end
  local mark = tonumber(redis.call('GET', mark_key) or '0')
  if mark > now then now = mark end
  redis.call('SET', mark_key, string.format('%d', now), 'PX', 120000)
  return now
end
`;

/**
 * Sliding-window log per endpoint and window, in one atomic script:
 * 1. a block set by a 429 holds everyone until it ends;
 * 2. each window (1 s, 60 s) keeps the grant times still inside it; a window with `limit` grants is full
 *    until its oldest relevant grant leaves it;
 * 3. a slot is taken only if every window has room, so no window of the given length ever holds more
 *    than its limit of grants; otherwise the script answers how long to wait.
 * KEYS: block, second window, minute window, clock mark. ARGV: now ('' = Redis TIME), per-second limit,
 * per-minute limit (0 = none), member, window margin in ms. Returns {0, now} when granted, {waitMs}
 * otherwise.
 */
const ACQUIRE_SCRIPT = `${NOW}
local now = clock_now(ARGV[1], KEYS[4])
local wait = 0
local blocked = tonumber(redis.call('GET', KEYS[1]) or '0')
if blocked > now then wait = blocked - now end
local margin = tonumber(ARGV[5])
local windows = { { KEYS[2], tonumber(ARGV[2]), 1000 + margin }, { KEYS[3], tonumber(ARGV[3]), 60000 + margin } }
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

/** KEYS: block, clock mark. ARGV: block length in ms, now ('' = Redis TIME). Only ever extends a block. */
const BLOCK_SCRIPT = `${NOW}
local now = clock_now(ARGV[2], KEYS[2])
local until_ms = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ms > current then
  redis.call('SET', KEYS[1], string.format('%d', until_ms), 'PX', tonumber(ARGV[1]))
end
return 1
`;
const BLOCK_SHA = createHash('sha1').update(BLOCK_SCRIPT).digest('hex');

/**
 * The app's Lark rate limits (`lark-api-limits.yaml`), shared by every Larkgate process through Redis,
 * so that together they never exceed the configured figures (limits are per API × app × tenant).
 */
export function createRedisRateLimiter(deps: RedisRateLimiterDeps): RedisRateLimiter {
  const scriptNow = () => (deps.clock ? String(Math.floor(deps.clock())) : '');
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const keys = (endpointId: string) => {
    const base = `${deps.keyPrefix}:ratelimit:{${endpointId}}`;
    return { block: `${base}:block`, second: `${base}:1s`, minute: `${base}:60s`, mark: `${base}:now` };
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
    /**
     * `scope` splits an endpoint's limit into one window per scope (e.g. per chat: Lark allows 5 messages
     * a second in each chat), with the endpoint's figures.
     */
    async acquire(endpointId, scope) {
      const limit = Object.hasOwn(deps.limits, endpointId) ? deps.limits[endpointId] : undefined;
      if (!limit) throw new Error(`rate limiter: no limit configured for ${endpointId}`);
      const { block, second, minute, mark } = keys(
        scope === undefined ? endpointId : `${endpointId}|${scope}`,
      );
      const member = randomUUID();
      for (;;) {
        const reply = (await run(
          ACQUIRE_SHA,
          ACQUIRE_SCRIPT,
          [block, second, minute, mark],
          [scriptNow(), limit.per_second ?? 0, limit.per_minute ?? 0, member, deps.windowMarginMs ?? 0],
        )) as number[];
        const [wait = 0, grantedAt] = reply;
        if (wait <= 0 && grantedAt !== undefined) return grantedAt;
        // A little jitter, so waiters released by the same grant expiring do not all retry at once.
        await sleep(Math.max(1, Math.ceil(wait)) + Math.floor(Math.random() * 5));
      }
    },
    async block(endpointId, untilMs) {
      // `untilMs` is on the caller's clock: send the remaining length, which holds on any clock.
      const lengthMs = Math.ceil(untilMs - (deps.clock ?? Date.now)());
      if (lengthMs <= 0) return;
      const { block, mark } = keys(endpointId);
      await run(BLOCK_SHA, BLOCK_SCRIPT, [block, mark], [lengthMs, scriptNow()]);
    },
  };
}
