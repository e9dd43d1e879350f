import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as lark from '@larksuiteoapi/node-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnWorker, type WorkerProcess } from '../../src/main/spawn-worker-process.js';
import { readAuditFile } from '../../src/store/read-audit-file.js';
import { makeTokenCache } from '../emulator/platform-test-kit.js';
import { buttonValue, type Harness, startHarness, tokenOf, waitForCard } from './demo-harness.js';

/**
 * Issue 18's "done when": a 1,200-record batch delete in the demo updates its card while it runs, with
 * counts that only grow, ending exact; the worker SIGKILLed in the middle, a new one resumes the count from
 * what had landed. Real worker processes, real Redis, the emulator (Lark slowed to 1.5 s per delete call,
 * so each of the three chunks shows on the card).
 */

const TABLE = 'tblScratch000001';
const CHUNK = 500;

let h: Harness;
const workers: WorkerProcess[] = [];
beforeAll(async () => {
  h = await startHarness({ runWorker: false, batchDeleteCeiling: 2_000 });
}, 120_000);
afterAll(async () => {
  for (const worker of workers) await worker.kill();
  await h?.close();
});

async function startWorker(): Promise<WorkerProcess> {
  const worker = spawnWorker(h.configPath, join(h.dir, `worker-${workers.length}.log`));
  workers.push(worker);
  await worker.ready;
  return worker;
}

/** Every progress patch a worker's log records, in order: what the card was told, final one included. */
async function patchesLogged(index: number): Promise<{ done: number; total: number; at: number }[]> {
  const text = await readFile(join(h.dir, `worker-${index}.log`), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.includes('"msg":"progress card patched"'))
    .map((line) => JSON.parse(line) as { done: number; total: number; at: number });
}

async function batchDeleteCalls(): Promise<{ status: number | null }[]> {
  return (await h.requests()).filter(
    (r) => r.method === 'POST' && r.path.endsWith(`/tables/${TABLE}/records/batch_delete`),
  );
}

describe('progress on a long live op, across a worker crash', () => {
  it('a 1,200-record batch delete: the card counts up, the worker is SIGKILLed after the first chunk, a new one resumes the count and ends exact, each record deleted once', async () => {
    let worker = await startWorker();
    const sandbox = tokenOf(h, 'sandbox');
    const client = new lark.Client({
      appId: h.seed.app.app_id,
      appSecret: h.seed.app.app_secret,
      domain: h.info.emulator,
      loggerLevel: lark.LoggerLevel.error,
      cache: makeTokenCache(),
    });
    // The seed holds two deletable records: with 1,198 more, the delete is of 1,200 (chunks of 500, 500, 200).
    for (const size of [400, 400, 398]) {
      await client.bitable.appTableRecord.batchCreate({
        path: { app_token: sandbox, table_id: TABLE },
        data: {
          records: Array.from({ length: size }, (_, i) => ({
            fields: { Name: `bulk ${i}`, Value: i, Larkgate: 'deletable' },
          })),
        },
      });
    }
    const asked = await h.say(
      'oc_requests',
      'ou_alice',
      '@Larkgate batch-delete sandbox/Scratch Larkgate=deletable',
    );
    const card = await h.cardReplyTo('oc_requests', asked.message_id);
    const total = Number(/(\d+) records/.exec(JSON.stringify(card.content))?.[1]);
    expect(total).toBe(1_200);

    // What the card shows while the delete runs, and whether the first worker was still alive then.
    const shown: { count: number; afterKill: boolean }[] = [];
    let killed = false;
    let watching = true;
    const watch = (async () => {
      while (watching) {
        const item = (await h.messages('oc_requests')).find((m) => m.message_id === card.message_id);
        const match = new RegExp(`\\*\\*Writing\\*\\* · (\\d+) of ${total} records`).exec(
          JSON.stringify(item?.content),
        );
        if (match && Number(match[1]) !== shown.at(-1)?.count)
          shown.push({ count: Number(match[1]), afterKill: killed });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const faulted = await fetch(`${h.info.emulator}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'latency',
        method: 'POST',
        path_prefix: `/open-apis/bitable/v1/apps/${sandbox}/tables/${TABLE}/records/batch_delete`,
        count: -1,
        latency_ms: 1_500,
      }),
    });
    expect(faulted.status).toBeLessThan(300);
    await h.clickButton(card.message_id, 'ou_bob', 'Approve');

    // The first chunk has landed and the card says so: kill the worker (the second chunk is likely in flight).
    await h.waitFor(
      'the card counting the first chunk',
      async () => shown.some((s) => s.count >= CHUNK),
      90_000,
    );
    await worker.kill();
    killed = true;
    const sentBeforeKill = (await batchDeleteCalls()).length;
    const countBeforeKill = Math.max(...shown.map((s) => s.count));
    worker = await startWorker();
    await waitForCard(h, 'oc_requests', card.message_id, 'Applied and verified', 120_000);
    watching = false;
    await watch;

    // The card: several counts while it ran, only growing across the kill, never past the total; the new
    // worker's first count is what had landed (never zero, never below what the card showed before).
    const counts = shown.map((s) => s.count);
    expect(counts.filter((count) => count > 0 && count < total).length).toBeGreaterThanOrEqual(2);
    expect(counts).toEqual([...new Set(counts)].sort((a, b) => a - b));
    expect(counts.every((count) => count <= total)).toBe(true);
    const resumed = shown.find((s) => s.afterKill);
    expect(resumed?.count).toBeGreaterThanOrEqual(countBeforeKill);
    expect(countBeforeKill).toBeGreaterThanOrEqual(CHUNK);

    // Every patch either worker sent (the log has the final one the watcher may miss): growing, at most one
    // a second but the last, which is exact.
    const before = await patchesLogged(0);
    const after = await patchesLogged(1);
    const patched = [...before, ...after].map((p) => p.done);
    expect(patched).toEqual([...patched].sort((a, b) => a - b));
    expect(after[0]?.done).toBeGreaterThanOrEqual(before.at(-1)?.done ?? Number.POSITIVE_INFINITY);
    expect(after.at(-1)).toMatchObject({ done: total, total });
    for (const list of [before, after]) {
      list.forEach((patch, i) => {
        const previous = list[i - 1];
        if (previous && patch.done < total) expect(patch.at - previous.at).toBeGreaterThanOrEqual(1_000);
      });
    }

    // Each record deleted once: the first worker's calls carried full chunks of 500; the new worker sent only
    // what had not landed (an op.applied counting it), and the two add up to the 1,200 records, all gone.
    const calls = await batchDeleteCalls();
    const requestId = String(buttonValue(card, 'approve').request_id);
    const audit = (await readAuditFile(join(h.dir, 'audit/audit.jsonl')))
      .map((record) => JSON.parse(record.text))
      .filter((event) => event.type === 'op.applied' && event.request_id === requestId);
    expect(audit).toHaveLength(1);
    const writtenNow = Number(audit[0].details.written_now);
    expect(sentBeforeKill).toBeLessThanOrEqual(2);
    expect(calls).toHaveLength(sentBeforeKill + Math.ceil(writtenNow / CHUNK));
    expect(sentBeforeKill * CHUNK + writtenNow).toBe(total);
    expect(audit[0].details).toMatchObject({ records: total, reconciled: true });
    const table = (await h.base(sandbox)).tables.find((t) => t.name === 'Scratch');
    expect(table?.records.map((r) => r.record_id)).toEqual(['recScr0003']);
  }, 300_000);
});
