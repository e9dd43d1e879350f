import { UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { readAuditFile } from '../../src/store/read-audit-file.js';
import {
  expectTimeToPage,
  type MonitoringHarness,
  startMonitoringHarness,
} from '../monitoring/monitoring-harness.js';
import { type Harness, startHarness } from './demo-harness.js';

/**
 * Issue 11 item 5: every request gets an answer. A chat request Larkgate gives up on (5 attempts) is
 * answered in its thread with what happened and what to do, audited `intake.failed`, and pages on-call;
 * one whose worker died before answering is answered by the sweeper, once Lark takes the reply.
 */
let h: Harness | MonitoringHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const GAVE_UP =
  /^Sorry, I could not handle this request: (.+) \(gave up after (\d+) tr(?:y|ies)\)\. Nothing was changed\. Send it again in a few minutes; if it keeps failing, tell the Larkgate on-call\.$/;

async function intakeFailures(harness: Harness) {
  const records = await readAuditFile(`${harness.dir}/audit/audit.jsonl`);
  return records
    .map(
      (record) =>
        JSON.parse(record.text) as { type: string; actor: string; details: Record<string, unknown> },
    )
    .filter((event) => event.type === 'intake.failed');
}

describe('a request Larkgate gives up on is answered', () => {
  it('Lark Base down: after 5 tries the requester is told what happened and what to do (not the error), it is audited once, and on-call is paged', async () => {
    const harness = await startMonitoringHarness();
    h = harness;
    await harness.waitFor('the bot to be ready', async () => (await harness.readyz()).status === 200, 60_000);
    await harness.inject({ kind: 'server_error', path_prefix: '/open-apis/bitable', count: -1, status: 500 });
    const page = harness.waitForPage('Chat requests failed after every retry', Date.now(), 90_000);

    const asked = await harness.say('oc_requests', 'ou_alice', '@Larkgate get crm/Tasks recTask0001');
    const replies = await harness.waitFor(
      'the answer to the request Larkgate gave up on',
      async () => {
        const found = (await harness.messages('oc_requests')).filter((m) => m.parent_id === asked.message_id);
        return found.length > 0 ? found : undefined;
      },
      60_000,
    );
    const { card } = await page;
    const audited = await intakeFailures(harness);

    expect(replies.map((m) => m.msg_type)).toEqual(['text']);
    const text = String(replies[0]?.content.text);
    expect(text).toMatch(GAVE_UP);
    expect(GAVE_UP.exec(text)?.slice(1)).toEqual(['Lark Base did not answer', '5']);
    expect(text).not.toMatch(/1255001|InternalError|HTTP|bitable/);
    expect(audited).toEqual([
      expect.objectContaining({
        actor: 'ou_alice',
        details: expect.objectContaining({
          message_id: asked.message_id,
          attempts: 5,
          cause: 'base_unavailable',
          found_by: 'worker',
        }),
      }),
    ]);
    expect(JSON.stringify(card.content)).toContain('burst-failed-intake');
    // From the answer (intake.failed is audited right after it) to the page, on the emulator's clock.
    const stamp = (item: unknown) => (item as { create_time: number }).create_time;
    expectTimeToPage('intake gave up', stamp(card) - stamp(replies[0]), 'direct');
  }, 150_000);

  it('a job whose worker died before answering is answered by the sweeper, after Lark comes back', async () => {
    const harness = await startHarness({ runWorker: false, drill: false });
    h = harness;
    // A worker that fails the job for good and then dies: a plain BullMQ worker, without Larkgate's hook.
    const connection = new Redis(harness.redisUrl, { maxRetriesPerRequest: null });
    const dying = new Worker(
      'intake',
      async () => {
        throw new UnrecoverableError('the worker is going down');
      },
      { connection, prefix: harness.runtime.keys.queuePrefix },
    );
    const failed = new Promise((resolve) => dying.once('failed', resolve));
    const asked = await harness.say('oc_requests', 'ou_alice', '@Larkgate get crm/Tasks recTask0002');
    await failed;
    await dying.close();
    connection.disconnect();
    // Lark's messaging is down when the next worker starts: the sweeper cannot answer yet.
    const control = (method: string, body?: unknown) =>
      fetch(`${harness.info.emulator}/__emulator/faults`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    await control('POST', { kind: 'server_error', path_prefix: '/open-apis/im/v1/messages', count: -1 });
    const worker = await harness.startWorker();
    try {
      await harness.waitFor(
        'the sweeper to try the reply',
        async () =>
          (await harness.requests()).some(
            (call) => call.path.endsWith(`/messages/${asked.message_id}/reply`) && (call.status ?? 0) >= 500,
          ),
        30_000,
      );
      expect(await intakeFailures(harness)).toEqual([]);
      await control('DELETE');

      const text = await harness.textReplyTo('oc_requests', asked.message_id);
      const replies = (await harness.messages('oc_requests')).filter((m) => m.parent_id === asked.message_id);
      const audited = await harness.waitFor('intake.failed', async () => {
        const events = await intakeFailures(harness);
        return events.length > 0 ? events : undefined;
      });

      expect(GAVE_UP.exec(text)?.slice(1)).toEqual(['Larkgate hit an internal error', '1']);
      expect(replies).toHaveLength(1);
      expect(audited.map((event) => [event.details.found_by, event.details.cause])).toEqual([
        ['sweeper', 'internal'],
      ]);
    } finally {
      await worker.close();
    }
  }, 120_000);
});
