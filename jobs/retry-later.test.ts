import { describe, expect, it } from 'vitest';
import { computeRetryDelay, RetryLater } from './retry-later.js';

describe('computeRetryDelay', () => {
  it.each([
    ['a RetryLater carrying Lark’s reset waits exactly that', 1, new RetryLater('429', 7_000), 7_000],
    ['the reset wins over a longer exponential step', 6, new RetryLater('429', 3_000), 3_000],
    ['a RetryLater without a delay backs off exponentially', 3, new RetryLater('busy'), 8_000],
    ['any other error backs off exponentially', 1, new Error('boom'), 2_000],
    ['a zero delay is no delay named', 2, new RetryLater('429', 0), 4_000],
  ])('%s', (_name, attemptsMade, error, expected) => {
    expect(computeRetryDelay(attemptsMade, 2_000, error)).toBe(expected);
  });
});
