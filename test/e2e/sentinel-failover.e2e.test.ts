import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../src/domain/audit-event.js';
import { readAuditFile } from '../../src/store/read-audit-file.js';
import { useSentinelGroup } from '../helpers/redis-sentinel.js';
import { buttonValue, type Harness, recordOf, startHarness, tokenOf, waitForCard } from './demo-harness.js';

// A master, a replica and three sentinels; the bot and its workers reach Redis only through the sentinels.
const group = await useSentinelGroup();

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    redisUrl: group.master.url,
    redisSentinel: {
      sentinels: group.sentinels,
      name: group.name,
      replica_ack: { replicas: 1, timeout_ms: 500 },
    },
  });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

type Asked = { record: string; points: number; messageId: string; requestId: unknown };

/** Asks for a crm/Tasks update and has Bob approve it: acknowledged = answered 200 with the vote stored. */
async function approve(record: string, points: number): Promise<Asked> {
  const asked = await h.say(
    'oc_requests',
    'ou_alice',
    `@Larkgate update crm/Tasks ${record} Points=${points}`,
  );
  const card = await h.cardReplyTo('oc_requests', asked.message_id);
  const value = buttonValue(card, 'approve');
  const answer = await h.click(card.message_id, 'ou_bob', value);
  expect(answer.status).toBe(200);
  expect(answer.body.toast?.type).toBe('success');
  return { record, points, messageId: card.message_id, requestId: value.request_id };
}

async function applied(asked: Asked): Promise<void> {
  await waitForCard(h, 'oc_requests', asked.messageId, 'Applied and verified', 60_000);
}

describe('Redis Sentinel failover while approvals flow', () => {
  it('every acknowledged approval is applied exactly once across a SIGKILL of the master', async () => {
    const before = [await approve('recTask0001', 21), await approve('recTask0002', 22)];
    await Promise.all(before.map(applied));
    // Acknowledged but perhaps not yet applied when the master dies.
    const inFlight = [await approve('recTask0003', 23), await approve('recTask0004', 24)];
    // Replication is asynchronous; with redis.replica_ack every acknowledged change is on the replica
    // already: the master dies at once, without waiting for the replica to catch up.

    const { switched } = await group.watchSwitch(60_000);
    await group.master.kill();
    const newMasterPort = await switched;
    expect(newMasterPort).toBe(group.replica.port);
    expect((await group.masterAddress()).port).toBe(group.replica.port);

    const firstAfter = await approve('recTask0001', 31);
    // The promoted master has no replica yet: a change waits replica_ack's timeout and says so.
    const warned = (line: string) => line.includes('redis replica_ack: a request change is not yet on');
    await h.waitFor('the replica_ack warning', async () => h.logs.some(warned));
    // The old master comes back on its port and data; the sentinels make it a replica of the new master.
    await group.master.start();
    await group.rejoined(60_000);
    const after = [firstAfter, await approve('recTask0002', 32)];
    await Promise.all([...inFlight, ...after].map(applied));

    const token = tokenOf(h, 'crm');
    for (const [record, points] of [
      ['recTask0001', 31],
      ['recTask0002', 32],
      ['recTask0003', 23],
      ['recTask0004', 24],
    ] as const) {
      expect((await recordOf(h, token, 'Tasks', record))?.Points).toBe(points);
    }
    // The emulator saw one write per approved request, none twice.
    const puts = (await h.requests()).filter((r) => r.method === 'PUT' && /\/recTask000[1-4]$/.test(r.path));
    const perRecord = (id: string) => puts.filter((r) => r.path.endsWith(`/${id}`)).length;
    expect([
      perRecord('recTask0001'),
      perRecord('recTask0002'),
      perRecord('recTask0003'),
      perRecord('recTask0004'),
    ]).toEqual([2, 2, 1, 1]);
    // The audit log says the same: each request applied once.
    const events = (await readAuditFile(`${h.dir}/audit/audit.jsonl`)).map(
      (record) => JSON.parse(record.text) as AuditEvent,
    );
    for (const asked of [...before, ...inFlight, ...after]) {
      const appliedEvents = events.filter((e) => e.type === 'op.applied' && e.request_id === asked.requestId);
      expect(appliedEvents, `request ${String(asked.requestId)}`).toHaveLength(1);
    }
  }, 120_000);
});
