import type { Redis } from 'ioredis';
import { withTimeout } from '../platform/with-timeout.js';

const DAY_MS = 86_400_000;

/**
 * Stamps the worker's id with Redis's own clock (TIME), so hosts with skewed clocks still agree on how old
 * a heartbeat is. Heartbeats older than a day are pruned in the same step.
 */
const BEAT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - ${DAY_MS})
return now
`;

export type Heartbeat = { beat(): Promise<void>; stop(): void };

/**
 * A worker's heartbeat: one write now and every `everyMs`. A missed beat (Redis down) is simply missed; the
 * monitor notices the age. Stopping does not remove the last beat: a stopped worker is a stopped worker,
 * and the monitor should say so once the beat is older than the limit.
 */
export function startHeartbeat(options: {
  redis: Redis;
  key: string;
  id: string;
  everyMs: number;
  onError?: (error: Error) => void;
}): Heartbeat {
  let inFlight = false;
  const beat = async () => {
    if (inFlight) return;
    inFlight = true;
    try {
      await withTimeout(
        options.redis.eval(BEAT, 1, options.key, options.id),
        Math.max(1_000, options.everyMs),
      );
    } catch (error) {
      options.onError?.(error as Error);
    } finally {
      inFlight = false;
    }
  };
  void beat();
  const timer = setInterval(() => void beat(), options.everyMs);
  timer.unref();
  return { beat, stop: () => clearInterval(timer) };
}
