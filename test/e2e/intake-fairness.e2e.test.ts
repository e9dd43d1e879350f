import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAuditFile } from '../../src/store/read-audit-file.js';
import { type ChatItem, type Harness, startHarness } from './demo-harness.js';

/**
 * Issue 11 item 6: one requester cannot hold up everyone. Alice floods the requests chat with 150
 * messages, then Bob asks for one record. The workers start only once every push has been taken in, so
 * the order they work in is the queue's alone: Bob must be answered before most of Alice's backlog, Alice
 * gets her first 20 (the default burst) and exactly one polite over-limit reply, and every skipped
 * message is audited.
 */
let h: Harness;
let redis: Redis;
let intake: Queue;
beforeAll(async () => {
  h = await startHarness({ runWorker: false, drill: false });
  redis = new Redis(h.redisUrl, { maxRetriesPerRequest: null });
  intake = new Queue('intake', { connection: redis, prefix: h.runtime.keys.queuePrefix });
}, 60_000);
afterAll(async () => {
  await intake?.close();
  redis?.disconnect();
  await h?.close();
});

async function deniedForRate(): Promise<Array<{ actor: string; details: Record<string, unknown> }>> {
  const records = await readAuditFile(`${h.dir}/audit/audit.jsonl`);
  return records
    .map((record) => JSON.parse(record.text))
    .filter((event) => event.type === 'tool.denied' && event.details.reason === 'requester_rate_limited');
}

describe('fair intake between requesters', () => {
  it('Alice sends 150 messages, then Bob one: Bob is answered ahead of her backlog, she gets one polite over-limit reply, and the skipped ones are audited', async () => {
    const alice: string[] = [];
    for (let i = 0; i < 150; i++)
      alice.push((await h.say('oc_requests', 'ou_alice', '@Larkgate get crm/Tasks recTask0001')).message_id);
    const bob = (await h.say('oc_requests', 'ou_bob', '@Larkgate get crm/Tasks recTask0002')).message_id;
    // Every push taken in (queued or skipped) before any worker runs.
    await h.waitFor('all 151 pushes to be admitted or skipped', async () => {
      const queued = await intake.getJobCounts('prioritized', 'wait');
      const jobs = (queued.prioritized ?? 0) + (queued.wait ?? 0);
      const notices = (await deniedForRate()).filter((event) => event.details.notified).length;
      return jobs - notices + (await deniedForRate()).length === 151;
    });

    const worker = await h.startWorker();
    try {
      const asked = new Set(alice);
      const drained = await h.waitFor(
        "Bob's answer and all of Alice's admitted requests answered",
        async () => {
          const items = await h.messages('oc_requests');
          const aliceCards = items.filter(
            (m) => asked.has(m.parent_id ?? '') && m.msg_type === 'interactive',
          );
          const bobAnswered = items.some((m) => m.parent_id === bob);
          const queued = await intake.getJobCounts('prioritized', 'wait', 'active', 'delayed');
          const idle = Object.values(queued).every((count) => count === 0);
          return bobAnswered && idle && aliceCards.length > 0 ? items : undefined;
        },
        120_000,
      );
      const replies = drained.filter((m): m is ChatItem & { parent_id: string } => !!m.parent_id);
      const bobAt = replies.findIndex((m) => m.parent_id === bob);
      const aliceCards = replies.filter((m) => asked.has(m.parent_id) && m.msg_type === 'interactive');
      const aliceBeforeBob = replies
        .slice(0, bobAt)
        .filter((m) => asked.has(m.parent_id) && m.msg_type === 'interactive').length;
      const notices = replies.filter(
        (m) => asked.has(m.parent_id) && m.msg_type === 'text' && String(m.content.text).includes('skipped'),
      );
      const denied = await deniedForRate();

      // Bob's record, not an error.
      expect(JSON.stringify(replies[bobAt]?.content)).toContain('recTask0002');
      // Alice got her burst (20) and perhaps a refilled token or two; the rest were skipped.
      expect(aliceCards.length).toBeGreaterThanOrEqual(20);
      expect(aliceCards.length).toBeLessThanOrEqual(22);
      expect(aliceCards.length + denied.length).toBe(150);
      // Bob waited for at most a worker's worth (concurrency 4) of Alice's requests, not her backlog.
      expect(aliceBeforeBob).toBeLessThanOrEqual(4);
      expect(aliceCards.length - aliceBeforeBob).toBeGreaterThanOrEqual(15);
      // One polite reply for the whole flood, on the first skipped message; every skip audited, by Alice.
      expect(notices).toHaveLength(1);
      expect(String(notices[0]?.content.text)).toMatch(
        /^You have sent more requests than I take from one person at once \(20 at once, then 10 a minute\), so I skipped this message\./,
      );
      expect(notices[0]?.parent_id).toBe(denied[0]?.details.message_id);
      expect(denied.every((event) => event.actor === 'ou_alice')).toBe(true);
      expect(denied.filter((event) => event.details.notified)).toHaveLength(1);
    } finally {
      await worker.close();
    }
  }, 180_000);
});
