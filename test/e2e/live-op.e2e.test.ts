import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as lark from '@larksuiteoapi/node-sdk';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readAuditFile } from '../../src/store/read-audit-file.js';
import { makeTokenCache } from '../emulator/platform-test-kit.js';
import { createGpgHome } from '../helpers/gpg.js';
import {
  buttonValue,
  cardText,
  type Harness,
  recordOf,
  startHarness,
  tokenOf,
  waitForCard,
} from './demo-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ larkTimeoutMs: 1_000 });
}, 120_000);
afterAll(async () => {
  await h?.close();
});
afterEach(async () => {
  await fetch(`${h.info.emulator}/__emulator/faults`, { method: 'DELETE' });
});

async function ask(text: string) {
  const asked = await h.say('oc_requests', 'ou_alice', `@Larkgate ${text}`);
  return h.cardReplyTo('oc_requests', asked.message_id);
}

async function fault(body: Record<string, unknown>) {
  const response = await fetch(`${h.info.emulator}/__emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status).toBeLessThan(300);
}

/** A plain SDK client, as another app or a person editing the Base directly would be. */
function outsider(): lark.Client {
  return new lark.Client({
    appId: h.seed.app.app_id,
    appSecret: h.seed.app.app_secret,
    domain: h.info.emulator,
    loggerLevel: lark.LoggerLevel.error,
    cache: makeTokenCache(),
  });
}

function requestIdOf(card: Awaited<ReturnType<typeof ask>>): string {
  return String(buttonValue(card, 'approve').request_id);
}

type LoggedCall = { method: string; path: string; status: number | null; time: number };

/** The emulator's request log with arrival times (ms), oldest first. */
async function calls(): Promise<LoggedCall[]> {
  const body = (await (await fetch(`${h.info.emulator}/__emulator/requests`)).json()) as {
    items: LoggedCall[];
  };
  return body.items;
}

async function auditEvents(
  type: string,
  requestId: string,
): Promise<{ request_id: string; details: Record<string, unknown> }[]> {
  return (await readAuditFile(join(h.dir, 'audit/audit.jsonl')))
    .map((record) => JSON.parse(record.text))
    .filter((event) => event.type === type && event.request_id === requestId);
}

const TASKS = (token: string) => `/open-apis/bitable/v1/apps/${token}/tables/tblTasks0000001/records`;

describe('the live op', () => {
  it('aborts as stale when the record changed after the diff was shown, and writes nothing', async () => {
    const crm = tokenOf(h, 'crm');
    const card = await ask('update crm/Tasks recTask0003 Status=Done');
    await outsider().bitable.appTableRecord.update({
      path: { app_token: crm, table_id: 'tblTasks0000001', record_id: 'recTask0003' },
      data: { fields: { Status: 'In progress' } },
    });

    await h.click(card.message_id, 'ou_bob', buttonValue(card, 'approve'));
    const done = await waitForCard(h, 'oc_requests', card.message_id, 'Not applied: stale');

    expect(cardText(done)).toContain('Status is now In progress (approved: Open → Done)');
    expect((await recordOf(h, crm, 'Tasks', 'recTask0003'))?.Status).toBe('In progress');
  });

  it('keeps going through a 429 storm by waiting for x-ogw-ratelimit-reset', async () => {
    const card = await ask('update crm/Accounts recAcct0002 ARR=21000');
    await fault({
      kind: 'rate_limit',
      path_prefix: '/open-apis/bitable/v1/apps',
      count: 4,
      reset_seconds: 1,
    });

    await h.click(card.message_id, 'ou_bob', buttonValue(card, 'approve'));
    await waitForCard(h, 'oc_requests', card.message_id, 'Applied and verified', 30_000);

    expect((await recordOf(h, tokenOf(h, 'crm'), 'Accounts', 'recAcct0002'))?.ARR).toBe(21000);
  });

  it('runs concurrent ops on two bases through a 429 storm: waits out every reset, one write per base at a time, each op applied once', async () => {
    const bases = { crm: tokenOf(h, 'crm'), sandbox: tokenOf(h, 'sandbox') };
    const ops = [
      {
        ask: 'update crm/Tasks recTask0004 Points=21',
        token: bases.crm,
        table: 'Tasks',
        record: 'recTask0004',
        field: 'Points',
        value: 21,
      },
      {
        ask: 'update crm/Tasks recTask0001 Points=22',
        token: bases.crm,
        table: 'Tasks',
        record: 'recTask0001',
        field: 'Points',
        value: 22,
      },
      {
        ask: 'update crm/Accounts recAcct0002 ARR=23000',
        token: bases.crm,
        table: 'Accounts',
        record: 'recAcct0002',
        field: 'ARR',
        value: 23_000,
      },
      {
        ask: 'update sandbox/Scratch recScr0001 Value=101',
        token: bases.sandbox,
        table: 'Scratch',
        record: 'recScr0001',
        field: 'Value',
        value: 101,
      },
      {
        ask: 'update sandbox/Scratch recScr0002 Value=102',
        token: bases.sandbox,
        table: 'Scratch',
        record: 'recScr0002',
        field: 'Value',
        value: 102,
      },
      {
        ask: 'update sandbox/Scratch recScr0003 Value=103',
        token: bases.sandbox,
        table: 'Scratch',
        record: 'recScr0003',
        field: 'Value',
        value: 103,
      },
    ];
    const cards = [];
    for (const op of ops) cards.push(await ask(op.ask));
    const writeLatencyMs = 300;
    const resetMs = 1_000;
    for (const token of Object.values(bases)) {
      const prefix = `/open-apis/bitable/v1/apps/${token}`;
      // The storm: 429s on whatever comes first, then on writes and on the reads around them. A call takes
      // the oldest fault that matches, so writes are held for writeLatencyMs once their 429s are spent.
      const reset = resetMs / 1000;
      await fault({ kind: 'rate_limit', path_prefix: prefix, count: 3, reset_seconds: reset });
      await fault({ kind: 'rate_limit', path_prefix: prefix, method: 'PUT', count: 2, reset_seconds: reset });
      await fault({
        kind: 'rate_limit',
        path_prefix: prefix,
        method: 'POST',
        count: 2,
        reset_seconds: reset,
      });
      await fault({
        kind: 'latency',
        path_prefix: prefix,
        method: 'PUT',
        count: -1,
        latency_ms: writeLatencyMs,
      });
    }
    const mark = (await calls()).length;

    for (const card of cards) await h.click(card.message_id, 'ou_bob', buttonValue(card, 'approve'));
    for (const card of cards)
      await waitForCard(h, 'oc_requests', card.message_id, 'Applied and verified', 60_000);
    const log = (await calls()).slice(mark);

    for (const token of Object.values(bases)) {
      const onBase = log.filter((call) => call.path.startsWith(`/open-apis/bitable/v1/apps/${token}/`));
      expect(onBase.filter((call) => call.status === 429).length).toBeGreaterThanOrEqual(7);
      // One op at a time per base: the next call to the same endpoint after a 429 is its retry (the
      // re-read's field list and records go out together, so the call right after may be the other one),
      // and it must come no sooner than x-ogw-ratelimit-reset.
      const gapsAfter429 = onBase.flatMap((call, index) => {
        const retry = onBase
          .slice(index + 1)
          .find((later) => later.method === call.method && later.path === call.path);
        return call.status === 429 && retry ? [retry.time - call.time] : [];
      });
      expect(gapsAfter429.length).toBeGreaterThanOrEqual(6);
      expect(Math.min(...gapsAfter429)).toBeGreaterThanOrEqual(resetMs - 5);
      // A write that goes through is in flight for writeLatencyMs after it arrives: no other write may
      // arrive at that base meanwhile.
      const writes = onBase.filter((call) => call.method === 'PUT');
      const gapsAfterWrite = writes.flatMap((call, index) => {
        const next = writes[index + 1];
        return call.status === 200 && next ? [next.time - call.time] : [];
      });
      expect(gapsAfterWrite).toHaveLength(2);
      expect(Math.min(...gapsAfterWrite)).toBeGreaterThanOrEqual(writeLatencyMs - 5);
    }
    // The two bases really ran side by side.
    const span = (token: string) => {
      const times = log.filter((call) => call.path.includes(token)).map((call) => call.time);
      return { first: Math.min(...times), last: Math.max(...times) };
    };
    expect(span(bases.crm).first).toBeLessThan(span(bases.sandbox).last);
    expect(span(bases.sandbox).first).toBeLessThan(span(bases.crm).last);
    // Nothing dropped, nothing doubled: every op's write landed exactly once, with its value.
    for (const op of ops) {
      const landed = log.filter(
        (call) => call.method === 'PUT' && call.path.endsWith(`/${op.record}`) && call.status === 200,
      );
      expect(landed, op.ask).toHaveLength(1);
      expect((await recordOf(h, op.token, op.table, op.record))?.[op.field], op.ask).toBe(op.value);
    }
  }, 120_000);

  it.each([
    ['timed out', 'timeout_after_apply', { latency_ms: 2_500 }],
    ['got a 5xx', 'server_error_after_apply', {}],
  ] as const)(
    'reconciles a create that was applied but %s: one POST, adopted by reading, exactly one record',
    async (what, kind, extra) => {
      const title = `Applied then ${what}`;
      const card = await ask(`create crm/Tasks Title="${title}" Points=7`);
      // Only the create itself fails (search and batch_get are POSTs too, under the same prefix).
      await fault({
        kind,
        path_prefix: TASKS(tokenOf(h, 'crm')),
        method: 'POST',
        exact: true,
        count: 1,
        ...extra,
      });
      const mark = (await calls()).length;

      await h.click(card.message_id, 'ou_bob', buttonValue(card, 'approve'));
      await waitForCard(h, 'oc_requests', card.message_id, 'Applied and verified', 30_000);
      const base = await h.base(tokenOf(h, 'crm'));
      const matches = base.tables
        .find((t) => t.name === 'Tasks')
        ?.records.filter((r) => JSON.stringify(r.fields.Title).includes(title));
      // A blind retry would send a second POST (which the emulator refuses for its reused client_token).
      const creates = (await calls())
        .slice(mark)
        .filter((call) => call.method === 'POST' && call.path === TASKS(tokenOf(h, 'crm')));
      const [applied] = await auditEvents('op.applied', requestIdOf(card));

      expect(matches).toHaveLength(1);
      expect(creates).toHaveLength(1);
      expect(creates[0]?.status).toBe(kind === 'timeout_after_apply' ? 0 : 500);
      expect(applied?.details).toMatchObject({ reconciled: true, written_now: 0 });
    },
  );

  it('reconciles an update that timed out after the write, without writing twice', async () => {
    const card = await ask('update crm/Tasks recTask0002 Points=9');
    await fault({
      kind: 'timeout_after_apply',
      path_prefix: `/open-apis/bitable/v1/apps/${tokenOf(h, 'crm')}/tables/tblTasks0000001/records/recTask0002`,
      method: 'PUT',
      count: 1,
      latency_ms: 2_000,
    });

    await h.click(card.message_id, 'ou_bob', buttonValue(card, 'approve'));
    await waitForCard(h, 'oc_requests', card.message_id, 'Applied and verified', 30_000);
    const puts = (await h.requests()).filter(
      (item) => item.method === 'PUT' && item.path.endsWith('/recTask0002'),
    );

    expect(puts).toHaveLength(1);
    expect((await recordOf(h, tokenOf(h, 'crm'), 'Tasks', 'recTask0002'))?.Points).toBe(9);
  });

  it('reconciles an update that got a 5xx after the write: no blind retry, one effect', async () => {
    const crm = tokenOf(h, 'crm');
    const card = await ask('update crm/Tasks recTask0003 Points=17');
    await fault({
      kind: 'server_error_after_apply',
      path_prefix: `${TASKS(crm)}/recTask0003`,
      method: 'PUT',
      count: 1,
    });
    const mark = (await calls()).length;

    await h.click(card.message_id, 'ou_bob', buttonValue(card, 'approve'));
    await waitForCard(h, 'oc_requests', card.message_id, 'Applied and verified', 30_000);
    const puts = (await calls())
      .slice(mark)
      .filter((call) => call.method === 'PUT' && call.path === `${TASKS(crm)}/recTask0003`);
    const [applied] = await auditEvents('op.applied', requestIdOf(card));

    expect(puts.map((call) => call.status)).toEqual([500]);
    expect(applied?.details).toMatchObject({ reconciled: true, written_now: 0 });
    expect((await recordOf(h, crm, 'Tasks', 'recTask0003'))?.Points).toBe(17);
  });

  it('ends at once when Lark refuses the re-read for permission: the card says failed within seconds', async () => {
    const crm = tokenOf(h, 'crm');
    const card = await ask('update crm/Tasks recTask0001 Status=Done');
    const fieldsPath = `/open-apis/bitable/v1/apps/${crm}/tables/tblTasks0000001/fields`;
    // Every read of the fields is refused from now on: a retry could not help.
    await fault({
      kind: 'server_error',
      path_prefix: fieldsPath,
      method: 'GET',
      status: 403,
      code: 1254302,
      count: -1,
    });
    const mark = (await calls()).length;
    const clickedAt = Date.now();

    await h.click(card.message_id, 'ou_bob', buttonValue(card, 'approve'));
    const failed = await waitForCard(h, 'oc_requests', card.message_id, 'Lark refused', 10_000);
    const elapsed = Date.now() - clickedAt;
    // Would there be a retry, it would come 2 s later: wait past it before counting the reads.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const reads = (await calls()).slice(mark).filter((call) => call.path === fieldsPath);
    const [event] = await auditEvents('op.failed', requestIdOf(card));

    expect(elapsed).toBeLessThan(10_000);
    expect(cardText(failed)).toContain('Failed');
    expect(cardText(failed)).toContain('permission, code 1254302');
    expect(reads.map((call) => call.status)).toEqual([403]);
    expect(event?.details).toMatchObject({ state: 'failed' });
    expect(String(event?.details.problem)).toContain('nothing was written');
    expect((await recordOf(h, crm, 'Tasks', 'recTask0001'))?.Status).toBe('Open');
  });

  it('takes a backup that the gpg CLI decrypts to the exact before-state', async () => {
    const card = await ask('delete crm/Accounts recAcct0001');
    const requestId = requestIdOf(card);
    await h.click(card.message_id, 'ou_carol', buttonValue(card, 'approve'));
    const applied = await waitForCard(h, 'oc_requests', card.message_id, 'Applied and verified');
    const backupId = /bk_[0-9a-f]{64}/.exec(cardText(applied))?.[0] as string;

    const ciphertext = await readFile(join(h.dir, 'backups', `${backupId}.asc`));
    const home = await createGpgHome();
    await home.importKey(h.privateKey);
    const decrypted = await home.decrypt(ciphertext);
    await home.cleanup();
    const document = JSON.parse(decrypted.stdout.toString('utf8'));

    expect(decrypted.code).toBe(0);
    expect(decrypted.status).toContain('DECRYPTION_OKAY');
    expect(document).toMatchObject({ format: 'larkgate-backup/1', request_id: requestId, op: 'delete' });
    expect(document.records).toEqual([
      { record_id: 'recAcct0001', fields: { ARR: 120000, Name: 'Acme', Plan: 'Enterprise' } },
    ]);
    expect(await recordOf(h, tokenOf(h, 'crm'), 'Accounts', 'recAcct0001')).toBeUndefined();
  });
});
