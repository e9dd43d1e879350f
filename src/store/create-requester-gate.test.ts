import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useRedisServer } from '../../test/helpers/redis.js';
import { createRequesterGate } from './create-requester-gate.js';
import { createRedisKeys } from './redis-keys.js';

const LIMITS = { burst: 3, perMinute: 6, noticeEveryMs: 60_000 };
let url: string;
const connections: Redis[] = [];
const server = await useRedisServer();
beforeAll(() => {
  url = server.url;
});
afterAll(() => {
  for (const connection of connections) connection.disconnect();
});
const connect = () => {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  connections.push(connection);
  return connection;
};
let prefixes = 0;
/** A gate on its own key prefix, with a clock the test moves. */
function gateAt(start: number) {
  const clock = { now: start };
  const gate = createRequesterGate(connect(), createRedisKeys(`gate${prefixes++}`), {
    clock: () => clock.now,
  });
  return { gate, clock };
}

describe('createRequesterGate (real Redis)', () => {
  it('admits a burst, then skips; only the first skip in the notice window is to be answered', async () => {
    const { gate } = gateAt(1_000_000);

    const results = [];
    for (let i = 0; i < 6; i++) results.push(await gate.admit('ou_alice', LIMITS));

    expect(results).toEqual([
      { admitted: true, priority: 1 },
      { admitted: true, priority: 2 },
      { admitted: true, priority: 3 },
      { admitted: false, notify: true, retryAfterMs: 10_000 },
      { admitted: false, notify: false, retryAfterMs: 10_000 },
      { admitted: false, notify: false, retryAfterMs: 10_000 },
    ]);
  });

  it('refills at per_minute, and after the notice window the next skip is answered again', async () => {
    const { gate, clock } = gateAt(2_000_000);
    for (let i = 0; i < 4; i++) await gate.admit('ou_alice', LIMITS);

    clock.now += 10_000; // one token (6 a minute)
    const refilled = await gate.admit('ou_alice', LIMITS);
    const skipped = await gate.admit('ou_alice', LIMITS);
    clock.now += 61_000; // past the notice window; the bucket is full again
    for (let i = 0; i < 3; i++) await gate.admit('ou_alice', LIMITS);
    const again = await gate.admit('ou_alice', LIMITS);

    expect(refilled).toMatchObject({ admitted: true });
    expect(skipped).toMatchObject({ admitted: false, notify: false });
    expect(again).toMatchObject({ admitted: false, notify: true });
  });

  it('is per requester: Bob is admitted at priority 1 while Alice is over her limit', async () => {
    const { gate } = gateAt(3_000_000);
    for (let i = 0; i < 4; i++) await gate.admit('ou_alice', LIMITS);

    expect(await gate.admit('ou_bob', LIMITS)).toEqual({ admitted: true, priority: 1 });
  });

  it("a released message no longer counts towards its sender's priority, and the count never goes below zero", async () => {
    const { gate } = gateAt(4_000_000);
    await gate.admit('ou_alice', LIMITS);
    await gate.admit('ou_alice', LIMITS);

    await gate.release('ou_alice');
    await gate.release('ou_alice');
    await gate.release('ou_alice');

    expect(await gate.admit('ou_alice', LIMITS)).toEqual({ admitted: true, priority: 1 });
  });
});

describe('BullMQ 6 priorities, as the intake uses them', () => {
  it('a newcomer at priority 1 is taken before a backlog at priorities 2…150, and equal priorities keep their order', async () => {
    const prefix = `prio${prefixes++}`;
    const queue = new Queue('intake', { connection: connect(), prefix });
    // Alice's 150 messages at 1 + her messages in flight, then Bob's first at 1: all queued before a worker runs.
    for (let i = 0; i < 150; i++)
      await queue.add('message', { from: 'alice', n: i }, { priority: i + 1, jobId: `a${i}` });
    await queue.add('message', { from: 'bob', n: 0 }, { priority: 1, jobId: 'b0' });

    const order: string[] = [];
    const worker = new Worker(
      'intake',
      async (job) => {
        order.push(String(job.id));
      },
      { connection: connect(), prefix, concurrency: 1 },
    );
    await new Promise<void>((resolve) => {
      worker.on('drained', () => resolve());
    });
    await worker.close();
    await queue.close();

    expect(order.slice(0, 3)).toEqual(['a0', 'b0', 'a1']);
    expect(order).toHaveLength(151);
  });

  it('a job without a priority is taken before every prioritized one (so every intake job carries one)', async () => {
    const prefix = `prio${prefixes++}`;
    const queue = new Queue('intake', { connection: connect(), prefix });
    await queue.add('message', {}, { priority: 1, jobId: 'p1' });
    await queue.add('message', {}, { jobId: 'none' });

    const order: string[] = [];
    const worker = new Worker(
      'intake',
      async (job) => {
        order.push(String(job.id));
      },
      { connection: connect(), prefix, concurrency: 1 },
    );
    await new Promise<void>((resolve) => {
      worker.on('drained', () => resolve());
    });
    await worker.close();
    await queue.close();

    expect(order).toEqual(['none', 'p1']);
  });
});
