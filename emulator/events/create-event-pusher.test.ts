import { afterEach, describe, expect, it } from 'vitest';
import { type Receiver, startReceiver, waitFor } from '../../test/emulator/im-test-kit.js';
import { createEventPusher, type EventEnvelope } from './create-event-pusher.js';

const envelope = (eventId: string): EventEnvelope => ({
  schema: '2.0',
  header: { event_id: eventId, event_type: 'im.message.receive_v1' },
  event: {},
});

describe('createEventPusher', () => {
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await receiver?.close();
  });

  it('stops re-pushing once the bot answers 200', async () => {
    receiver = await startReceiver((_push, res, index) => res.writeHead(index < 2 ? 503 : 200).end());
    const pusher = createEventPusher({
      encryptKey: 'k',
      clock: Date.now,
      timeoutMs: 1000,
      retryScheduleMs: [10, 10, 10, 10],
    });
    pusher.push(envelope('e1'), receiver.url);
    const log = await waitFor(pusher.deliveries, (d) => d.length === 3);
    expect(log.map((d) => [d.attempt, d.status])).toEqual([
      [1, 503],
      [2, 503],
      [3, 200],
    ]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.pushes).toHaveLength(3);
    await pusher.close();
  });

  it('close() cancels scheduled re-pushes', async () => {
    receiver = await startReceiver((_push, res) => res.writeHead(500).end());
    const pusher = createEventPusher({
      encryptKey: 'k',
      clock: Date.now,
      timeoutMs: 1000,
      retryScheduleMs: [150, 150],
    });
    pusher.push(envelope('e2'), receiver.url);
    await waitFor(pusher.deliveries, (d) => d.length === 1);
    await pusher.close();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(receiver.pushes).toHaveLength(1);
  });

  it('close() ends an attempt that is still waiting for the bot', async () => {
    receiver = await startReceiver(() => undefined);
    const pusher = createEventPusher({
      encryptKey: 'k',
      clock: Date.now,
      timeoutMs: 60_000,
      retryScheduleMs: [10],
    });
    pusher.push(envelope('e3'), receiver.url);
    await waitFor(
      () => receiver?.pushes.length ?? 0,
      (n) => n === 1,
    );
    await pusher.close();
    expect(pusher.deliveries()).toMatchObject([{ event_id: 'e3', attempt: 1, status: 0 }]);
  });
});
