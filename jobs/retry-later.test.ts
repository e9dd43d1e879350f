import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RetryLater } from '../src/app/retry-later.js';
import { useRedisServer } from '../test/helpers/redis.js';
import { computeRetryDelay, RETRY_LATER_BACKOFF, retryLaterBackoff } from './retry-later.js';

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

// At collection, not in a hook: useRedisServer registers the afterAll that stops the server.
const { url } = await useRedisServer();

describe('retryLaterBackoff in a BullMQ worker', () => {
  const connections: Redis[] = [];
  afterAll(() => {
    for (const connection of connections) connection.disconnect();
  });
  const connect = () => {
    const connection = new Redis(url, { maxRetriesPerRequest: null });
    connections.push(connection);
    return connection;
  };

  it('retries a job that threw RetryLater(1.5 s) after 1.5 s, not after its 100 ms exponential step', async () => {
    const queue = new Queue('retry-later-test', { connection: connect() });
    const starts: number[] = [];
    const worker = new Worker(
      'retry-later-test',
      async () => {
        starts.push(Date.now());
        if (starts.length === 1) throw new RetryLater('throttled', 1_500);
        return 'done';
      },
      { connection: connect(), settings: { backoffStrategy: retryLaterBackoff } },
    );
    const finished = new Promise<void>((resolve) => worker.once('completed', () => resolve()));
    try {
      await queue.add('op', {}, { attempts: 3, backoff: { type: RETRY_LATER_BACKOFF, delay: 100 } });
      await finished;

      expect(starts).toHaveLength(2);
      expect((starts[1] as number) - (starts[0] as number)).toBeGreaterThanOrEqual(1_500);
    } finally {
      await worker.close();
      await queue.close();
    }
  });
});
