import type { BackoffStrategy } from 'bullmq';
import { RetryLater } from '../src/app/retry-later.js';

/** The backoff type of live-op jobs; workers resolve it with {@link retryLaterBackoff}. */
export const RETRY_LATER_BACKOFF = 'retry-later';

/**
 * How long before attempt `attemptsMade + 1`: the delay a RetryLater carries when Lark named one, else
 * exponential from `baseDelayMs`. Every retry still spends an attempt, so an op throttled without end
 * stops for a human after the job's attempts instead of waiting forever.
 */
export function computeRetryDelay(attemptsMade: number, baseDelayMs: number, error: unknown): number {
  if (error instanceof RetryLater && error.delayMs !== undefined && error.delayMs > 0) return error.delayMs;
  return Math.round(2 ** Math.max(0, attemptsMade - 1) * baseDelayMs);
}

/** BullMQ's `settings.backoffStrategy` for {@link RETRY_LATER_BACKOFF} (the job's `backoff.delay` is the base). */
export const retryLaterBackoff: BackoffStrategy = (attemptsMade, _type, error, job) => {
  const backoff = job?.opts.backoff;
  const base = typeof backoff === 'object' && backoff.delay !== undefined ? backoff.delay : 1_000;
  return computeRetryDelay(attemptsMade, base, error);
};
