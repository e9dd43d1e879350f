/**
 * The rate limiter the Lark client takes a slot from before every call (src/store/redis-rate-limiter.ts
 * implements it across processes).
 */
export type LarkRateLimiter = {
  /** Resolves when a call to `endpointId` may be sent now without exceeding the configured limits. */
  acquire(endpointId: string): Promise<unknown>;
  /** After a 429: nobody calls `endpointId` before `untilMs` (epoch ms). */
  block(endpointId: string, untilMs: number): Promise<void>;
};
