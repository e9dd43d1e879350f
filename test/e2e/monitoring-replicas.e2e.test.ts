import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '../../src/main/create-runtime.js';
import { runCleanups } from '../../src/main/run-cleanups.js';
import { type RunningServe, startServe } from '../../src/main/start-serve.js';
import { readAuditFile } from '../../src/store/read-audit-file.js';
import { readAuditStream } from '../../src/store/read-audit-stream.js';
import { type MonitoringHarness, startMonitoringHarness } from '../monitoring/monitoring-harness.js';
import type { ChatItem } from './demo-harness.js';

/**
 * Two bot replicas (`larkgate serve`) on one Redis and one emulator, with the monitoring intervals
 * compressed as in monitoring.e2e.test.ts (a round every 500 ms, so the monitor lease lasts 1.5 s): the
 * demo's own bot (replica A, started first, so it takes the lease) and a second serve runtime on the same
 * config (replica B). Lark's card callbacks go to A unless a click names B's card URL, as a load balancer
 * would send them to either.
 */
let h: MonitoringHarness | undefined;
let b: { runtime: Runtime; serve: RunningServe } | undefined;
afterEach(async () => {
  if (h?.redisServer && !h.redisServer.isRunning()) await h.redisServer.start();
  const replica = b;
  const harness = h;
  h = undefined;
  b = undefined;
  if (!harness) return;
  // Bounded steps: one that hangs must not keep the demo (and its redis-server) running past the test.
  await runCleanups(
    [
      { what: 'demo', run: () => harness.close() },
      { what: 'replica B runtime', run: async () => replica?.runtime.close() },
      { what: 'replica B serve', run: async () => replica?.serve.close() },
    ],
    { stepTimeoutMs: 15_000, logger: harness.logger },
  );
});

type Event = { type: string; actor: string | null; details: Record<string, unknown> };

async function startReplicas(monitoring: Record<string, unknown> = {}) {
  h = await startMonitoringHarness({ monitoring });
  const harness = h;
  await harness.waitFor('replica A to be ready', async () => (await harness.readyz()).status === 200);
  const runtime = await createRuntime({
    configPath: harness.configPath,
    role: 'serve-b',
    env: process.env,
    logger: harness.logger.child({ replica: 'b' }),
  });
  const serve = await startServe(runtime, { port: 0, host: '127.0.0.1' });
  b = { runtime, serve };
  const replicaA = { name: 'A', url: harness.info.bot };
  const replicaB = { name: 'B', url: serve.url };
  await harness.waitFor('B to follow A', async () =>
    (await leaderLine(replicaB)).includes('lease_elsewhere'),
  );
  return { harness, replicaA, replicaB };
}

/** The replica's `larkgate_monitor_leader` line on /metrics. */
async function leaderLine(replica: { url: string }): Promise<string> {
  const text = await (await fetch(`${replica.url}/metrics`)).text();
  return text.split('\n').find((line) => line.startsWith('larkgate_monitor_leader{')) ?? '';
}

const isLeader = async (replica: { url: string }) => (await leaderLine(replica)).endsWith(' 1');

/** A person clicks the button labelled `label`, and Lark's callback reaches this replica. */
async function clickOn(
  harness: MonitoringHarness,
  replica: { url: string },
  messageId: string,
  from: string,
  label: string,
): Promise<{ status: number; toast?: { type: string; content: string } }> {
  const response = await fetch(`${harness.info.emulator}/__emulator/messages/${messageId}/actions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ from, button: label, card_url: `${replica.url}/lark/card` }),
  });
  const body = (await response.json()) as { status: number; toast?: { type: string; content: string } };
  return body;
}

async function streamEvents(harness: MonitoringHarness): Promise<Event[]> {
  const redis = new Redis(harness.redisUrl);
  try {
    return (await readAuditStream(redis, 'larkgate:audit')).map((record) => JSON.parse(record.text));
  } finally {
    redis.disconnect();
  }
}

/** The audit file both replicas append to: it holds what they audited while Redis was down. */
async function fileEvents(harness: MonitoringHarness): Promise<Event[]> {
  return (await readAuditFile(harness.runtime.auditFile)).map((record) => JSON.parse(record.text));
}

const titled = (harness: MonitoringHarness, pattern: RegExp) => async () =>
  (await harness.alertCards()).filter((item) => pattern.test(JSON.stringify(item.content)));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function repliesTo(harness: MonitoringHarness, card: ChatItem): Promise<ChatItem[]> {
  return (await harness.messages(harness.info.chats.oncall)).filter(
    (item) => item.parent_id === card.message_id && item.msg_type === 'text',
  );
}

describe('two bot replicas share one monitor', () => {
  it('Redis down: the leader pages once, the other stays quiet and cannot record an Ack (and says so); the card resolves once Redis is back', async () => {
    const { harness, replicaA, replicaB } = await startReplicas();
    expect(await isLeader(replicaA)).toBe(true);

    const killedAt = Date.now();
    await harness.redisServer?.kill();
    const { card } = await harness.waitForPage('Redis is unreachable', killedAt);
    // Several more rounds (lease length 1.5 s) with Redis still down: no second card from B.
    await sleep(4_000);
    const redisCards = titled(harness, /Redis is unreachable/);
    expect(await redisCards()).toHaveLength(1);
    expect(await leaderLine(replicaA)).toContain('basis="redis_down_was_leader"');
    expect(await leaderLine(replicaB)).toContain('basis="redis_down_other_leader"');

    const onB = await clickOn(harness, replicaB, card.message_id, 'ou_dave', 'Ack');
    expect(onB.status).toBe(200);
    expect(onB.toast).toMatchObject({
      type: 'error',
      content: expect.stringMatching(/cannot record this Ack/),
    });
    const onA = await clickOn(harness, replicaA, card.message_id, 'ou_dave', 'Ack');
    expect(onA.toast).toMatchObject({ type: 'success', content: 'Acknowledged: escalation stopped.' });

    await harness.redisServer?.start();
    await harness.waitForCardText(card.message_id, 'Resolved');
    await harness.waitFor(
      'one leader again',
      async () => [await isLeader(replicaA), await isLeader(replicaB)].filter(Boolean).length === 1,
    );
    expect(await redisCards()).toHaveLength(1);
    const paged = (await fileEvents(harness)).filter(
      (event) => event.type === 'alert.paged' && event.details.alert === 'redis',
    );
    expect(paged).toHaveLength(1);
  }, 180_000);

  it('Base API down: one card; an Ack on the replica that does not lead stops the escalation (one alert.acked); closing the leader hands over without a second card, and the new leader resolves it', async () => {
    // Escalation after 5 s (10 min / 120) to keep the wait short.
    const { harness, replicaB } = await startReplicas({ escalate_after: '5s' });

    await harness.inject({ kind: 'server_error', path_prefix: '/open-apis/bitable', count: -1 });
    const { card } = await harness.waitForPage('Lark Base API down', Date.now());
    const ack = await clickOn(harness, replicaB, card.message_id, 'ou_dave', 'Ack');
    expect(ack.toast).toMatchObject({ type: 'success', content: 'Acknowledged: escalation stopped.' });
    // The answer replaced the card at once.
    await harness.waitForCardText(card.message_id, 'Acknowledged by <at id=ou_dave></at>', 1_000);
    await harness.waitFor('alert.acked from the leader', async () =>
      (await streamEvents(harness)).some((event) => event.type === 'alert.acked'),
    );

    // Well past escalate_after, still firing: nobody escalates.
    await sleep(7_000);
    expect(await repliesTo(harness, card)).toEqual([]);

    await harness.serve.close();
    await harness.waitFor('B to lead', () => isLeader(replicaB), 5_000);
    expect(await leaderLine(replicaB)).toContain('basis="lease"');
    // B continues the episode A paged: the fault still on, no second card. (Only this alert's cards count
    // here; that a single base's read failing around the fault's start or end does not page on its own is
    // evaluate-alerts.test.ts's business.)
    await sleep(3_000);
    const baseCards = titled(harness, /Lark Base API down/);
    expect(await baseCards()).toHaveLength(1);

    await harness.clearFaults();
    await harness.waitForCardText(card.message_id, 'Resolved');
    expect(await baseCards()).toHaveLength(1);
    expect(await repliesTo(harness, card)).toEqual([]);
    const events = await streamEvents(harness);
    const acked = events.filter((event) => event.type === 'alert.acked');
    expect(acked).toHaveLength(1);
    expect(acked[0]).toMatchObject({ actor: 'ou_dave', details: { alert: 'lark.base_api' } });
    const of = (type: string) =>
      events.filter((event) => event.type === type && event.details.alert === 'lark.base_api');
    expect(of('alert.paged')).toHaveLength(1);
    expect(of('alert.resolved')).toHaveLength(1);
  }, 180_000);
});
