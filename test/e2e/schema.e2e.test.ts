import { join } from 'node:path';
import * as lark from '@larksuiteoapi/node-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAuditFile } from '../../src/store/read-audit-file.js';
import { makeTokenCache } from '../emulator/platform-test-kit.js';
import {
  buttonValue,
  type ChatItem,
  cardText,
  type Harness,
  startHarness,
  tokenOf,
  waitForCard,
} from './demo-harness.js';

let h: Harness;
let sandbox: string;
beforeAll(async () => {
  h = await startHarness({ larkTimeoutMs: 1_500 });
  sandbox = tokenOf(h, 'sandbox');
}, 120_000);
afterAll(async () => {
  await h?.close();
});

type Table = {
  table_id: string;
  name: string;
  fields: { field_id: string; field_name: string; type: number }[];
  records: { record_id: string; fields: Record<string, unknown> }[];
};

async function table(name: string): Promise<Table | undefined> {
  const base = (await h.base(sandbox)) as unknown as { tables: Table[] };
  return base.tables.find((candidate) => candidate.name === name);
}

/** Asks in chat and returns the bot's reply (a card or a text). */
async function ask(text: string, from = 'ou_alice'): Promise<ChatItem> {
  const asked = await h.say('oc_requests', from, `@Larkgate ${text}`);
  return h.waitFor(`a reply to "${text}"`, async () =>
    (await h.messages('oc_requests')).find((item) => item.parent_id === asked.message_id),
  );
}

/** Asks, approves as `approver`, waits until applied; returns the request id. */
async function apply(text: string, approver = 'ou_bob'): Promise<string> {
  const card = await ask(text);
  expect(card.msg_type, cardText(card)).toBe('interactive');
  await h.clickButton(card.message_id, approver, 'Approve');
  await waitForCard(h, 'oc_requests', card.message_id, 'Applied and verified', 30_000);
  return String(buttonValue(card, 'approve').request_id);
}

async function rollBack(requestId: string): Promise<string> {
  return apply(`rollback ${requestId}`, 'ou_carol');
}

async function auditEvents(
  type: string,
): Promise<{ request_id: string; details: Record<string, unknown> }[]> {
  return (await readAuditFile(join(h.dir, 'audit/audit.jsonl')))
    .map((record) => JSON.parse(record.text))
    .filter((event) => event.type === type);
}

function outsider(): lark.Client {
  return new lark.Client({
    appId: h.seed.app.app_id,
    appSecret: h.seed.app.app_secret,
    domain: h.info.emulator,
    loggerLevel: lark.LoggerLevel.error,
    cache: makeTokenCache(),
  });
}

function fieldsOf(found: Table | undefined): [string, number][] {
  return (found?.fields ?? []).map((field) => [field.field_name, field.type]);
}

function text(value: unknown): string {
  return Array.isArray(value)
    ? value.map((segment) => (segment as { text?: string }).text ?? '').join('')
    : String(value);
}

describe('schema ops on the sandbox', () => {
  it('creates a temp table from a dry-run card, and its rollback deletes it', async () => {
    const card = await ask('table-create sandbox/tmp_shape Name:text Points:number Stage:select=Open,Done');
    expect(cardText(card)).toContain('Create table');
    expect(cardText(card)).toContain('select, options Open, Done');
    expect(await table('tmp_shape')).toBeUndefined();
    await h.clickButton(card.message_id, 'ou_bob', 'Approve');
    await waitForCard(h, 'oc_requests', card.message_id, 'Applied and verified');
    const requestId = String(buttonValue(card, 'approve').request_id);

    expect(fieldsOf(await table('tmp_shape'))).toEqual([
      ['Name', 1],
      ['Points', 2],
      ['Stage', 3],
    ]);

    const rollbackId = await rollBack(requestId);
    expect(await table('tmp_shape')).toBeUndefined();
    const receipt = (await auditEvents('rollback.executed')).find((event) => event.request_id === rollbackId);
    expect(receipt?.details).toMatchObject({ rollback_of: requestId, op: 'table.delete', verified: true });
  });

  it('creates, updates (a type change that destroys values) and deletes fields, and rolls each back with its values', async () => {
    await apply('table-create sandbox/tmp_fields Name:text Points:number Stage:select=Open,Done');
    const created = (await table('tmp_fields')) as Table;
    await outsider().bitable.appTableRecord.batchCreate({
      path: { app_token: sandbox, table_id: created.table_id },
      data: {
        records: [
          { fields: { Name: 'one', Points: 1, Stage: 'Open' } },
          { fields: { Name: 'two', Points: 2, Stage: 'Done' } },
          { fields: { Name: 'three', Points: 3 } },
        ],
      },
    });
    const points = async () =>
      Object.fromEntries(
        ((await table('tmp_fields'))?.records ?? []).map((r) => [text(r.fields.Name), r.fields.Points]),
      );

    // field.create ↔ field.delete
    const addition = await apply('field-create sandbox/tmp_fields Priority select options=Low,High');
    expect(fieldsOf(await table('tmp_fields'))).toContainEqual(['Priority', 3]);
    await rollBack(addition);
    expect(fieldsOf(await table('tmp_fields')).map(([name]) => name)).toEqual(['Name', 'Points', 'Stage']);

    // field.update ↔ field.update back, writing back the values the type change destroyed
    const update = await apply('field-update sandbox/tmp_fields Points name=Score type=text');
    expect(fieldsOf(await table('tmp_fields'))).toContainEqual(['Score', 1]);
    expect(((await table('tmp_fields'))?.records ?? []).every((r) => r.fields.Score === undefined)).toBe(
      true,
    );
    const back = await rollBack(update);
    expect(fieldsOf(await table('tmp_fields'))).toContainEqual(['Points', 2]);
    expect(await points()).toEqual({ one: 1, two: 2, three: 3 });
    const receipt = (await auditEvents('rollback.executed')).find((event) => event.request_id === back);
    expect(receipt?.details.restored).toEqual(expect.arrayContaining(['field tmp_fields.Points']));
    expect(receipt?.details.restored as string[]).toHaveLength(4);

    // field.delete ↔ field.create with its values
    const removal = await apply('field-delete sandbox/tmp_fields Stage');
    expect(fieldsOf(await table('tmp_fields')).map(([name]) => name)).not.toContain('Stage');
    await rollBack(removal);
    const stages = Object.fromEntries(
      ((await table('tmp_fields'))?.records ?? []).map((r) => [text(r.fields.Name), r.fields.Stage ?? null]),
    );
    expect(stages).toEqual({ one: 'Open', two: 'Done', three: null });
  });

  it('backs up every record of a deleted table, and the rollback re-creates the table and its records under new ids', async () => {
    await apply('table-create sandbox/tmp_gone Name:text Size:number Tags:multi-select=a,b,c');
    const created = (await table('tmp_gone')) as Table;
    await outsider().bitable.appTableRecord.batchCreate({
      path: { app_token: sandbox, table_id: created.table_id },
      data: {
        records: [
          { fields: { Name: 'alpha', Size: 10, Tags: ['a', 'c'] } },
          { fields: { Name: 'beta', Size: 20 } },
        ],
      },
    });
    const oldIds = ((await table('tmp_gone'))?.records ?? []).map((record) => record.record_id);

    const card = await ask('table-delete sandbox/tmp_gone');
    expect(cardText(card)).toContain('backed up, then deleted');
    await h.clickButton(card.message_id, 'ou_bob', 'Approve');
    const done = await waitForCard(h, 'oc_requests', card.message_id, 'Applied and verified');
    expect(await table('tmp_gone')).toBeUndefined();
    const backupId = /bk_[0-9a-f]{64}/.exec(cardText(done))?.[0] as string;
    const backup = (await auditEvents('backup.created')).find(
      (event) => event.details.backup_id === backupId,
    );
    expect(backup?.details).toMatchObject({ kind: 'schema', records: 2, fields: 3 });

    const rollbackId = await rollBack(String(buttonValue(card, 'approve').request_id));
    const restored = (await table('tmp_gone')) as Table;
    expect(fieldsOf(restored)).toEqual([
      ['Name', 1],
      ['Size', 2],
      ['Tags', 4],
    ]);
    const receipt = (await auditEvents('rollback.executed')).find((event) => event.request_id === rollbackId);
    const idMap = receipt?.details.id_map as Record<string, string>;
    expect(Object.keys(idMap).sort()).toEqual([...oldIds].sort());
    const byId = new Map(restored.records.map((record) => [record.record_id, record.fields]));
    const alpha = byId.get(idMap[oldIds[0] as string] as string);
    expect([text(alpha?.Name), alpha?.Size, alpha?.Tags]).toEqual(['alpha', 10, ['a', 'c']]);
    expect(restored.records).toHaveLength(2);
  });

  it('adopts a table whose create timed out after it was applied, instead of creating it twice', async () => {
    const creates = async () =>
      (await h.requests()).filter(
        (r) => r.method === 'POST' && r.path === `/open-apis/bitable/v1/apps/${sandbox}/tables`,
      ).length;
    const before = await creates();
    await fetch(`${h.info.emulator}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'timeout_after_apply',
        path_prefix: `/open-apis/bitable/v1/apps/${sandbox}/tables`,
        method: 'POST',
        exact: true,
        count: 1,
        latency_ms: 3_000,
      }),
    });

    await apply('table-create sandbox/tmp_slow Name:text');

    const base = (await h.base(sandbox)) as unknown as { tables: Table[] };
    expect(base.tables.filter((candidate) => candidate.name === 'tmp_slow')).toHaveLength(1);
    expect((await creates()) - before).toBe(1);
    expect(
      h.logs.some((line) => line.includes('ambiguous schema write outcome: reconciling by reading')),
    ).toBe(true);
  });

  it.each([
    [
      'on a production base',
      'crm',
      'table-create crm/tmp_x Name:text',
      'Refused: crm is not a staging base: schema changes run only on the sandbox (sandbox), on tables named tmp_…',
    ],
    [
      'on a table without the temp prefix',
      'sandbox',
      'field-create sandbox/Scratch Extra text',
      'Refused: schema changes run only on temp tables, whose name starts with tmp_; "Scratch" does not',
    ],
  ])('refuses a schema op %s, saying why, and changes nothing', async (_name, alias, command, reply) => {
    // The base the command targets is the one that must stay as it was.
    const target = tokenOf(h, alias);
    const before = JSON.stringify(await h.base(target));
    const answer = await ask(command);

    expect(answer.msg_type).toBe('text');
    expect(String(answer.content.text)).toBe(reply);
    expect(JSON.stringify(await h.base(target))).toBe(before);
    const denied = (await auditEvents('tool.denied')).filter(
      (event) => event.details.action === 'request-schema',
    );
    expect(denied.at(-1)?.details.denials).toEqual([
      expect.objectContaining({ code: 'schema_outside_sandbox' }),
    ]);
  });
});
