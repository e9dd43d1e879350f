import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnWorker, type WorkerProcess } from '../../src/main/spawn-worker-process.js';
import { readAuditFile } from '../../src/store/read-audit-file.js';
import { waitForAofWritten } from '../helpers/redis.js';
import {
  buttonValue,
  cardText,
  type Harness,
  recordOf,
  startHarness,
  tokenOf,
  waitForCard,
} from './demo-harness.js';

let h: Harness | undefined;
let workers: WorkerProcess[] = [];
afterEach(async () => {
  for (const worker of workers) await worker.kill();
  workers = [];
  await h?.close();
  h = undefined;
});

/** `larkgate worker` in its own process, once it consumes its queues. */
async function startWorkerProcess(harness: Harness): Promise<WorkerProcess> {
  const worker = spawnWorker(harness.configPath, join(harness.dir, `worker-${workers.length}.log`));
  workers.push(worker);
  await worker.ready;
  return worker;
}

async function askAndCard(harness: Harness, text: string) {
  const asked = await harness.say('oc_requests', 'ou_alice', `@Larkgate ${text}`);
  return harness.cardReplyTo('oc_requests', asked.message_id);
}

async function fault(harness: Harness, body: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${harness.info.emulator}/__emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBeLessThan(300);
}

/** The emulator's request log with arrival times (ms). */
async function calls(
  harness: Harness,
): Promise<{ method: string; path: string; status: number | null; time: number }[]> {
  const body = (await (await fetch(`${harness.info.emulator}/__emulator/requests`)).json()) as {
    items: { method: string; path: string; status: number | null; time: number }[];
  };
  return body.items;
}

async function auditEvents(
  harness: Harness,
  type: string,
): Promise<{ request_id: string; details: Record<string, unknown> }[]> {
  return (await readAuditFile(join(harness.dir, 'audit/audit.jsonl')))
    .map((record) => JSON.parse(record.text))
    .filter((event) => event.type === type);
}

/** The demo's own redis-server, checked to exist and to run with the append-only file on. */
async function redisServerOf(harness: Harness) {
  const server = harness.redisServer;
  expect(server, 'the demo spawned its own redis-server').toBeDefined();
  const client = new Redis(harness.redisUrl);
  try {
    expect(await client.config('GET', 'appendonly')).toEqual(['appendonly', 'yes']);
  } finally {
    client.disconnect();
  }
  return server as NonNullable<Harness['redisServer']>;
}

describe('crashes lose no approved op and apply none twice', () => {
  it('worker SIGKILLed twice in the middle of slow creates: every create lands exactly once', async () => {
    h = await startHarness({ runWorker: false });
    const harness = h;
    let worker = await startWorkerProcess(harness);
    const crm = tokenOf(harness, 'crm');
    const titles = Array.from({ length: 5 }, (_, i) => `Crash test ${i}`);
    const cards = [];
    for (const title of titles)
      cards.push(await askAndCard(harness, `create crm/Tasks Title="${title}" Points=1`));
    await fetch(`${harness.info.emulator}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'latency',
        path_prefix: `/open-apis/bitable/v1/apps/${crm}/tables/tblTasks0000001/records`,
        exact: true,
        method: 'POST',
        count: -1,
        latency_ms: 700,
      }),
    });
    for (const card of cards) await harness.click(card.message_id, 'ou_bob', buttonValue(card, 'approve'));

    for (let kill = 0; kill < 2; kill++) {
      // Kill while a create is in flight: the emulator has received it (its log has it) and not yet
      // answered (no status): it applies it after its latency whatever happens to the worker.
      await harness.waitFor(
        'a create in flight',
        async () => {
          const posts = (await harness.requests()).filter(
            (r) => r.method === 'POST' && r.path.endsWith('/tblTasks0000001/records'),
          );
          return posts.length > kill && posts.some((r) => r.status === null);
        },
        60_000,
      );
      await worker.kill();
      worker = await startWorkerProcess(harness);
    }
    for (const card of cards)
      await waitForCard(harness, 'oc_requests', card.message_id, 'Applied and verified', 90_000);
    const records = (await harness.base(crm)).tables.find((t) => t.name === 'Tasks')?.records ?? [];

    // Each create was sent once: the killed ones were adopted by reading, not sent again (a blind retry would
    // show as a second POST, refused by the emulator for its reused client_token).
    const creates = (await calls(harness)).filter(
      (r) =>
        r.method === 'POST' && r.path === `/open-apis/bitable/v1/apps/${crm}/tables/tblTasks0000001/records`,
    );
    const ids = new Set(cards.map((card) => String(buttonValue(card, 'approve').request_id)));
    const applied = (await auditEvents(harness, 'op.applied')).filter((event) => ids.has(event.request_id));

    for (const title of titles) {
      expect(records.filter((record) => JSON.stringify(record.fields.Title).includes(title))).toHaveLength(1);
    }
    expect(creates).toHaveLength(titles.length);
    expect(applied).toHaveLength(titles.length);
    expect(applied.filter((event) => event.details.reconciled === true).length).toBeGreaterThanOrEqual(1);
  }, 150_000);

  it('Redis killed and restarted (AOF) after an approval: the op still runs, once', async () => {
    h = await startHarness({ runWorker: false });
    const harness = h;
    const first = await startWorkerProcess(harness);
    const card = await askAndCard(harness, 'update crm/Tasks recTask0004 Points=13');
    await first.kill();
    await harness.click(card.message_id, 'ou_bob', buttonValue(card, 'approve'));
    // The approval and its job are in the append-only file before Redis dies.
    await waitForAofWritten(harness.redisUrl);

    const server = await redisServerOf(harness);
    await server.kill();
    expect(server.isRunning()).toBe(false);
    await server.start();
    await startWorkerProcess(harness);
    const applied = await waitForCard(
      harness,
      'oc_requests',
      card.message_id,
      'Applied and verified',
      60_000,
    );
    const puts = (await harness.requests()).filter(
      (r) => r.method === 'PUT' && r.path.endsWith('/recTask0004'),
    );

    expect(cardText(applied)).toMatch(/bk_[0-9a-f]{64}/);
    expect((await recordOf(harness, tokenOf(harness, 'crm'), 'Tasks', 'recTask0004'))?.Points).toBe(13);
    expect(puts).toHaveLength(1);
  }, 120_000);

  it('Redis SIGKILLed (AOF) while an op is writing and restarted on the same port and data: the op ends applied, written once', async () => {
    h = await startHarness({ runWorker: false });
    const harness = h;
    const server = await redisServerOf(harness);
    await startWorkerProcess(harness);
    const crm = tokenOf(harness, 'crm');
    const path = `/open-apis/bitable/v1/apps/${crm}/tables/tblTasks0000001/records/recTask0003`;
    const card = await askAndCard(harness, 'update crm/Tasks recTask0003 Points=21');
    // Lark holds the write for 4 s, so it is in flight when Redis dies.
    const holdMs = 4_000;
    await fault(harness, { kind: 'latency', path_prefix: path, method: 'PUT', count: 1, latency_ms: holdMs });
    await harness.click(card.message_id, 'ou_bob', buttonValue(card, 'approve'));
    const write = await harness.waitFor(
      'the write in flight',
      async () => (await calls(harness)).find((r) => r.method === 'PUT' && r.path === path),
      30_000,
    );
    // The `writing` step, saved before the PUT was sent, is in the append-only file before Redis dies.
    await waitForAofWritten(harness.redisUrl);

    const killedAt = Date.now();
    await server.kill();
    expect(server.isRunning()).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await server.start();
    const applied = await waitForCard(
      harness,
      'oc_requests',
      card.message_id,
      'Applied and verified',
      90_000,
    );
    const puts = (await calls(harness)).filter((r) => r.method === 'PUT' && r.path === path);
    const requestId = String(buttonValue(card, 'approve').request_id);
    const events = await auditEvents(harness, 'op.applied');

    expect(killedAt).toBeLessThan(write.time + holdMs);
    expect(puts).toHaveLength(1);
    expect(puts[0]?.status).toBe(200);
    expect(events.filter((event) => event.request_id === requestId)).toHaveLength(1);
    expect(cardText(applied)).toMatch(/bk_[0-9a-f]{64}/);
    expect((await recordOf(harness, crm, 'Tasks', 'recTask0003'))?.Points).toBe(21);
  }, 150_000);
});
