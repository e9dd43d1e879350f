import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Admission, RequesterGate } from '../ports/requester-gate.js';
import type { RedisKeys } from './redis-keys.js';

/** BullMQ's highest priority number (the lowest priority): 2^21 - 1. */
const PRIORITY_LIMIT = 2 ** 21 - 1;
/**
 * An in-flight count with no admission for this long is dropped: a job lost without completing (a crash
 * between queueing and the worker's hook) then stops lowering its requester's priority.
 */
const INFLIGHT_TTL_MS = 15 * 60_000;

/**
 * One atomic step per message (Redis TIME, so every bot replica agrees):
 * 1. refill the requester's bucket by the time since its last use, up to `burst`;
 * 2. a whole token: take it, count the message in flight, answer {1, in-flight count};
 * 3. otherwise: answer {0, first-in-window, ms until the next token}; first-in-window is 1 only for the
 *    first skipped message since the last notice's window ended (one polite reply per window).
 * KEYS: bucket, inflight, notice. ARGV: burst, per_minute, notice window ms, inflight ttl ms, now ('' = TIME).
 */
const ADMIT_SCRIPT = `
local now
if ARGV[5] ~= '' then
  now = tonumber(ARGV[5])
else
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2]) / 60000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
if now > at then tokens = math.min(burst, tokens + (now - at) * rate) end
local keep = math.ceil(burst / rate) + 1000
if tokens >= 1 then
  redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens - 1), 'at', string.format('%d', now))
  redis.call('PEXPIRE', KEYS[1], keep)
  local inflight = redis.call('INCR', KEYS[2])
  redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[4]))
  return { 1, inflight }
end
redis.call('HSET', KEYS[1], 'tokens', string.format('%.6f', tokens), 'at', string.format('%d', now))
redis.call('PEXPIRE', KEYS[1], keep)
local window = tonumber(ARGV[3])
local noticed_until = tonumber(redis.call('GET', KEYS[3]) or '0')
local notify = 0
if noticed_until <= now then
  redis.call('SET', KEYS[3], string.format('%d', now + window), 'PX', window)
  notify = 1
end
return { 0, notify, math.ceil((1 - tokens) / rate) }
`;
const ADMIT_SHA = createHash('sha1').update(ADMIT_SCRIPT).digest('hex');

/** KEYS: inflight. Never below zero; at zero the key goes. */
const RELEASE_SCRIPT = `
local n = tonumber(redis.call('GET', KEYS[1]) or '0')
if n <= 1 then
  redis.call('DEL', KEYS[1])
  return 0
end
return redis.call('DECR', KEYS[1])
`;
const RELEASE_SHA = createHash('sha1').update(RELEASE_SCRIPT).digest('hex');

/**
 * Fair intake between people (issue 11 item 6), in Redis so every bot replica and worker shares it: a
 * token bucket per requester (admission) and a count of their messages in flight (queue priority). BullMQ
 * (open source) has no per-group fairness (that is BullMQ Pro); priorities give it: a message's priority is
 * 1 + the requester's messages already queued or running, so a newcomer's first message is taken before
 * someone's tenth. `clock` replaces Redis TIME in tests.
 */
export function createRequesterGate(
  redis: Redis,
  keys: RedisKeys,
  options: { clock?: () => number } = {},
): RequesterGate {
  async function run(sha: string, script: string, keyList: string[], args: Array<string | number>) {
    try {
      return await redis.evalsha(sha, keyList.length, ...keyList, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(script, keyList.length, ...keyList, ...args);
    }
  }
  return {
    async admit(openId, limits): Promise<Admission> {
      const reply = (await run(
        ADMIT_SHA,
        ADMIT_SCRIPT,
        [
          keys.requester(openId, 'bucket'),
          keys.requester(openId, 'inflight'),
          keys.requester(openId, 'notice'),
        ],
        [
          limits.burst,
          limits.perMinute,
          limits.noticeEveryMs,
          INFLIGHT_TTL_MS,
          options.clock ? String(Math.floor(options.clock())) : '',
        ],
      )) as number[];
      if (reply[0] === 1) return { admitted: true, priority: Math.min(PRIORITY_LIMIT, reply[1] ?? 1) };
      return { admitted: false, notify: reply[1] === 1, retryAfterMs: reply[2] ?? 0 };
    },
    async release(openId) {
      await run(RELEASE_SHA, RELEASE_SCRIPT, [keys.requester(openId, 'inflight')], []);
    },
  };
}
