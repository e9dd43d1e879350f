import type { LarkRateLimiter } from '../lark/lark-rate-limiter.js';

/**
 * An in-process rate limiter for the monitor's own Lark client. The shared limiter lives in Redis, and the
 * alert path must not depend on Redis (a Redis outage must still page). The monitor makes a handful of
 * calls a minute, far under every limit, so it only honours Lark's own 429 blocks and spaces calls to one
 * endpoint at least `minGapMs` apart (IM allows 5 per second per chat; docs/reference/lark-api.md §3.1).
 */
export function createLocalRateLimiter(
  options: { minGapMs?: number; sleep?: (ms: number) => Promise<void> } = {},
): LarkRateLimiter {
  const minGapMs = options.minGapMs ?? 250;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const blockedUntil = new Map<string, number>();
  const nextSlot = new Map<string, number>();
  return {
    async acquire(endpointId) {
      for (;;) {
        const now = Date.now();
        const wait = Math.max(blockedUntil.get(endpointId) ?? 0, nextSlot.get(endpointId) ?? 0) - now;
        if (wait <= 0) {
          nextSlot.set(endpointId, now + minGapMs);
          return now;
        }
        await sleep(wait);
      }
    },
    async block(endpointId, untilMs) {
      blockedUntil.set(endpointId, Math.max(blockedUntil.get(endpointId) ?? 0, untilMs));
    },
  };
}
