import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FinishStep } from '../../src/app/live-op/live-op-deps.js';
import { spawnWorker, type WorkerProcess } from '../../src/main/spawn-worker-process.js';
import { createOutbox } from '../../src/store/create-outbox.js';
import { readAuditFile } from '../../src/store/read-audit-file.js';
import {
  buttonValue,
  type ChatItem,
  cardText,
  type Harness,
  recordOf,
  startHarness,
  tokenOf,
  waitForCard,
} from './demo-harness.js';

async function fault(h: Harness, body: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${h.info.emulator}/__emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBeLessThan(300);
}

async function clearFaults(h: Harness): Promise<void> {
  await fetch(`${h.info.emulator}/__emulator/faults`, { method: 'DELETE' });
}

/** Asks for an update and returns its card and request id. */
async function ask(h: Harness, text: string): Promise<{ card: ChatItem; requestId: string }> {
  const asked = await h.say('oc_requests', 'ou_alice', `@Larkgate ${text}`);
  const card = await h.cardReplyTo('oc_requests', asked.message_id);
  return { card, requestId: String(buttonValue(card, 'approve').request_id) };
}

/** The request's lines in the audit chat. */
async function auditLines(h: Harness, requestId: string): Promise<ChatItem[]> {
  return (await h.messages('oc_audit')).filter((item) => String(item.content.text ?? '').includes(requestId));
}

/** Waits until the outbox owes nothing more for this request (so a line counted now stays counted). */
async function outboxDrained(h: Harness, requestId: string): Promise<void> {
  const outbox = createOutbox(h.runtime.redis, h.runtime.keys, { claimMs: 1 });
  await h.waitFor(
    `the outbox to owe nothing for ${requestId}`,
    async () => !(await outbox.list()).some((entry) => entry.delivery.requestId === requestId),
    60_000,
  );
}

async function auditEvents(h: Harness, type: string): Promise<{ request_id: string; details: unknown }[]> {
  return (await readAuditFile(join(h.dir, 'audit/audit.jsonl')))
    .map((record) => JSON.parse(record.text))
    .filter((event) => event.type === type);
}

/** The card is Applied with its backup id and the audit chat has exactly one line for the request. */
async function expectFinished(h: Harness, card: ChatItem, requestId: string): Promise<void> {
  const applied = await waitForCard(h, 'oc_requests', card.message_id, 'Applied and verified', 60_000);
  await h.waitFor('the audit-chat line', async () => (await auditLines(h, requestId)).length > 0, 60_000);
  await outboxDrained(h, requestId);
  expect(cardText(applied)).toMatch(/bk_[0-9a-f]{64}/);
  const lines = await auditLines(h, requestId);
  expect(lines).toHaveLength(1);
  expect(String(lines[0]?.content.text)).toContain(`${requestId} applied`);
}

describe('a worker SIGKILLed at any step of the finish: the card ends Applied and the audit chat has one line', () => {
  let h: Harness;
  const workers: WorkerProcess[] = [];
  beforeAll(async () => {
    h = await startHarness({ runWorker: false });
  }, 60_000);
  afterAll(async () => {
    for (const worker of workers) await worker.kill();
    await h?.close();
  });

  function start(env: Record<string, string> = {}): WorkerProcess {
    const worker = spawnWorker(h.configPath, join(h.dir, `worker-${workers.length}.log`), env);
    workers.push(worker);
    return worker;
  }

  const exited = (worker: WorkerProcess) =>
    h.waitFor('the worker to die', async () => worker.child.signalCode === 'SIGKILL', 60_000);

  it.each<[FinishStep, string, string]>([
    ['audited', 'op.verified audited, the state not stored yet', 'recTask0001'],
    ['stored', 'the final state and its outbox stored, the card not patched yet', 'recTask0002'],
    ['card', 'the card patched, the audit-chat line not posted yet', 'recTask0003'],
    ['audit_line', 'the audit-chat line posted, the outbox not yet told', 'recTask0004'],
  ])(
    'killed after "%s" (%s)',
    async (step, _what, recordId) => {
      const first = start({ LARKGATE_TEST_KILL_AT: step });
      const { card, requestId } = await ask(h, `update crm/Tasks ${recordId} Points=40`);
      await h.click(card.message_id, 'ou_bob', buttonValue(card, 'approve'));
      await exited(first);
      start();

      await expectFinished(h, card, requestId);
      expect((await recordOf(h, tokenOf(h, 'crm'), 'Tasks', recordId))?.Points).toBe(40);
      await workers.at(-1)?.stop();
    },
    120_000,
  );

  it('killed while Lark holds the card patch: the next worker patches it', async () => {
    const first = start();
    const { card, requestId } = await ask(h, 'update crm/Tasks recTask0001 Points=41');
    const path = `/open-apis/im/v1/messages/${card.message_id}`;
    await fault(h, { kind: 'latency', path_prefix: path, exact: true, method: 'PATCH', latency_ms: 3_000 });
    await h.click(card.message_id, 'ou_bob', buttonValue(card, 'approve'));
    await h.waitFor('the card patch in flight', async () =>
      (await h.requests()).some((call) => call.method === 'PATCH' && call.path === path),
    );
    await first.kill();
    start();

    await expectFinished(h, card, requestId);
    await workers.at(-1)?.stop();
  }, 120_000);

  it('killed after Lark posted the audit-chat line but before its answer came back: still one line', async () => {
    const first = start();
    const { card, requestId } = await ask(h, 'update crm/Tasks recTask0002 Points=42');
    await fault(h, {
      kind: 'timeout_after_apply',
      path_prefix: '/open-apis/im/v1/messages',
      exact: true,
      method: 'POST',
      latency_ms: 30_000,
    });
    await h.click(card.message_id, 'ou_bob', buttonValue(card, 'approve'));
    await h.waitFor('the audit-chat line posted', async () => (await auditLines(h, requestId)).length > 0);
    await first.kill();
    await clearFaults(h);
    start();

    await expectFinished(h, card, requestId);
    await workers.at(-1)?.stop();
  }, 120_000);
});

describe('Lark failing a chat update', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  it('one 500 on the card patch: the card still ends Applied (the sweeper retries it)', async () => {
    const { card, requestId } = await ask(h, 'update crm/Tasks recTask0001 Points=50');
    const path = `/open-apis/im/v1/messages/${card.message_id}`;
    await fault(h, { kind: 'server_error', path_prefix: path, exact: true, method: 'PATCH', count: 1 });
    await h.click(card.message_id, 'ou_bob', buttonValue(card, 'approve'));

    await expectFinished(h, card, requestId);
    const patches = (await h.requests()).filter((call) => call.method === 'PATCH' && call.path === path);
    expect(patches.map((call) => call.status)).toEqual([500, 200]);
  }, 90_000);

  it('a card Lark says is deleted: not retried, audited chat.undelivered; the audit-chat line still goes', async () => {
    const { card, requestId } = await ask(h, 'update crm/Tasks recTask0002 Points=51');
    const path = `/open-apis/im/v1/messages/${card.message_id}`;
    await fault(h, {
      kind: 'server_error',
      path_prefix: path,
      exact: true,
      method: 'PATCH',
      count: -1,
      status: 400,
      code: 230110,
    });
    await h.click(card.message_id, 'ou_bob', buttonValue(card, 'approve'));

    const dropped = await h.waitFor('chat.undelivered', async () =>
      (await auditEvents(h, 'chat.undelivered')).find((event) => event.request_id === requestId),
    );
    await outboxDrained(h, requestId);
    await clearFaults(h);
    const patches = (await h.requests()).filter((call) => call.method === 'PATCH' && call.path === path);
    expect(dropped.details).toMatchObject({ delivery: 'card', attempts: 1 });
    expect(patches).toHaveLength(1);
    expect(await auditLines(h, requestId)).toHaveLength(1);
  }, 90_000);
});
