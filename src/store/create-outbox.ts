import type { Redis } from 'ioredis';
import type { ClaimedEntry, Outbox, OutboxEntry } from '../ports/outbox.js';
import type { RedisKeys } from './redis-keys.js';

/**
 * Takes due entries (the named ones, or the oldest due): each is pushed `claimMs` into the future, so
 * another process does not deliver it at the same time; if this one dies, it is due again after that.
 * Times are Redis TIME, one clock for every process.
 */
const CLAIM = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local ids = {}
if #ARGV > 2 then
  for i = 3, #ARGV do ids[#ids + 1] = ARGV[i] end
else
  ids = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))
end
local out = {}
for _, id in ipairs(ids) do
  local score = redis.call('ZSCORE', KEYS[2], id)
  if score and tonumber(score) <= now then
    local entry = redis.call('HGET', KEYS[1], id)
    if entry then
      redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), id)
      out[#out + 1] = id
      out[#out + 1] = entry
    else
      redis.call('ZREM', KEYS[2], id)
    end
  end
end
return out
`;

/** Removes a delivered (or dropped) entry, unless it was written again since it was claimed. */
const COMPLETE = `
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
`;

/** Puts a failed entry back, due `afterMs` from now, with its attempts counted (unless written again). */
const RETRY = `
if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[1])
return 1
`;

/**
 * The chat outbox in Redis (entries are written by the request store's transition, atomically with the
 * state change that owes them): claim, complete, retry. Delivery itself is src/app/live-op/deliver-chat-updates.ts.
 */
export function createOutbox(redis: Redis, keys: RedisKeys, options: { claimMs: number }): Outbox {
  return {
    /** Claims the named entries that are due, or (no ids) up to `limit` of the oldest due ones. */
    async claim(ids?: readonly string[], limit = 50): Promise<ClaimedEntry[]> {
      if (ids !== undefined && ids.length === 0) return [];
      const flat = (await redis.eval(
        CLAIM,
        2,
        keys.outbox,
        keys.outboxDue,
        String(options.claimMs),
        String(limit),
        ...(ids ?? []),
      )) as string[];
      const claimed: ClaimedEntry[] = [];
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const id = flat[i] as string;
        const raw = flat[i + 1] as string;
        claimed.push({ ...(JSON.parse(raw) as OutboxEntry), id, raw });
      }
      return claimed;
    },

    /** Delivered or given up: gone, unless a newer write of the same id is waiting. */
    async complete(entry: ClaimedEntry): Promise<boolean> {
      return (await redis.eval(COMPLETE, 2, keys.outbox, keys.outboxDue, entry.id, entry.raw)) === 1;
    },

    async retry(entry: ClaimedEntry, afterMs: number): Promise<boolean> {
      const next: OutboxEntry = {
        delivery: entry.delivery,
        attempts: entry.attempts + 1,
        firstAt: entry.firstAt,
        token: entry.token,
      };
      return (
        (await redis.eval(
          RETRY,
          2,
          keys.outbox,
          keys.outboxDue,
          entry.id,
          entry.raw,
          JSON.stringify(next),
          String(Math.max(0, Math.round(afterMs))),
        )) === 1
      );
    },

    /** Every waiting entry with when it is next due (ms, Redis time): for tests and operators. */
    async list(): Promise<Array<OutboxEntry & { id: string; dueAt: number }>> {
      const [entries, due] = await Promise.all([
        redis.hgetall(keys.outbox),
        redis.zrange(keys.outboxDue, '0', '-1', 'WITHSCORES'),
      ]);
      const dueAt = new Map<string, number>();
      for (let i = 0; i + 1 < due.length; i += 2) dueAt.set(due[i] as string, Number(due[i + 1]));
      return Object.entries(entries).map(([id, raw]) => ({
        ...(JSON.parse(raw) as OutboxEntry),
        id,
        dueAt: dueAt.get(id) ?? 0,
      }));
    },
  };
}
