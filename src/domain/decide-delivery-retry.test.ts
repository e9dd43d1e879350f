import { describe, expect, it } from 'vitest';
import { DELIVERY_GIVE_UP_MS, decideDeliveryRetry } from './decide-delivery-retry.js';

describe('decideDeliveryRetry', () => {
  it.each([
    ['the first retry after 1 s', { kind: 'retryable', why: '500' }, 1, 0, { kind: 'retry', afterMs: 1_000 }],
    ['doubling', { kind: 'retryable', why: '500' }, 4, 0, { kind: 'retry', afterMs: 8_000 }],
    ['at most 5 minutes', { kind: 'retryable', why: '500' }, 30, 0, { kind: 'retry', afterMs: 300_000 }],
    [
      'never sooner than Lark’s reset',
      { kind: 'retryable', why: '429', retryAfterMs: 7_000 },
      1,
      0,
      { kind: 'retry', afterMs: 7_000 },
    ],
    [
      'a permanent failure at once',
      { kind: 'permanent', why: 'message deleted' },
      1,
      0,
      { kind: 'drop', reason: 'message deleted' },
    ],
    [
      'a retryable failure after a day',
      { kind: 'retryable', why: '500' },
      300,
      DELIVERY_GIVE_UP_MS,
      { kind: 'drop', reason: 'still failing after a day: 500' },
    ],
  ] as const)('%s', (_name, failure, attempts, ageMs, expected) => {
    expect(decideDeliveryRetry(failure, attempts, ageMs)).toEqual(expected);
  });
});
