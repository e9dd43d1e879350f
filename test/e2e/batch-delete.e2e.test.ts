import { join } from 'node:path';
import * as lark from '@larksuiteoapi/node-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardBytes } from '../../cards/fit-card.js';
import { readAuditFile } from '../../src/store/read-audit-file.js';
import { makeTokenCache } from '../emulator/platform-test-kit.js';
import { buttonValue, cardText, type Harness, startHarness, tokenOf, waitForCard } from './demo-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    batchDeleteCeiling: 1_500,
    // The emulator's documented ceilings (create and update 1,000): a bigger batch is refused (1254104).
    emulator: {
      eventRetryScheduleMs: [500, 1_000, 2_000],
      rateLimits: true,
    },
  });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

async function ask(text: string) {
  const asked = await h.say('oc_requests', 'ou_alice', `@Larkgate ${text}`);
  return {
    asked,
    items: await h.waitFor('a reply', async () =>
      (await h.messages('oc_requests')).filter((m) => m.parent_id === asked.message_id).at(0),
    ),
  };
}

async function auditEvents(type: string, requestId: string): Promise<{ details: Record<string, unknown> }[]> {
  return (await readAuditFile(join(h.dir, 'audit/audit.jsonl')))
    .map((record) => JSON.parse(record.text))
    .filter((event) => event.type === type && event.request_id === requestId);
}

async function scratch(): Promise<{ record_id: string; fields: Record<string, unknown> }[]> {
  return (await h.base(tokenOf(h, 'sandbox'))).tables.find((t) => t.name === 'Scratch')?.records ?? [];
}

describe('batch delete', () => {
  it('is refused when any matched record lacks the marker, naming it', async () => {
    const { items } = await ask('batch-delete sandbox/Scratch Value=3');

    expect(String(items.content.text)).toBe(
      'Refused: every record must carry Larkgate=deletable to be batch-deleted; these do not: recScr0003',
    );
  });

  it('is refused on a base with no marker configured', async () => {
    const { items } = await ask('batch-delete crm/Tasks Status=Open');

    expect(String(items.content.text)).toContain(
      'crm has no marker configured, so batch deletes are refused there',
    );
  });

  it('deletes 1,200 marked records in Lark-sized chunks after one backup, and a rollback re-creates every one', async () => {
    const sandbox = tokenOf(h, 'sandbox');
    const client = new lark.Client({
      appId: h.seed.app.app_id,
      appSecret: h.seed.app.app_secret,
      domain: h.info.emulator,
      loggerLevel: lark.LoggerLevel.error,
      cache: makeTokenCache(),
    });
    for (let chunk = 0; chunk < 3; chunk++) {
      await client.bitable.appTableRecord.batchCreate({
        path: { app_token: sandbox, table_id: 'tblScratch000001' },
        data: {
          records: Array.from({ length: 400 }, (_, i) => ({
            fields: { Name: `bulk ${chunk * 400 + i}`, Value: chunk * 400 + i, Larkgate: 'deletable' },
          })),
        },
      });
    }
    const before = await scratch();
    const marked = before.filter((record) => record.fields.Larkgate === 'deletable');
    expect(marked).toHaveLength(1_202);

    const { items: card } = await ask('batch-delete sandbox/Scratch Larkgate=deletable');
    expect(cardText(card)).toContain('1202 records');
    expect(cardText(card)).toMatch(/Showing \d+ of \d+ field changes/);
    expect(cardBytes(card.content)).toBeLessThanOrEqual(30 * 1024);
    await h.clickButton(card.message_id, 'ou_bob', 'Approve');
    await waitForCard(h, 'oc_requests', card.message_id, 'Applied and verified', 60_000);

    const after = await scratch();
    expect(after.map((record) => record.record_id)).toEqual(['recScr0003']);
    const deletes = (await h.requests()).filter((r) => r.path.endsWith('/records/batch_delete'));
    expect(deletes.length).toBe(3);
    const deleteId = String(buttonValue(card, 'approve').request_id);
    expect(await auditEvents('backup.created', deleteId)).toHaveLength(1);

    const mark = (await h.requests()).length;
    const rollback = await ask(`rollback ${deleteId}`);
    await h.clickButton(rollback.items.message_id, 'ou_carol', 'Approve');
    await waitForCard(h, 'oc_requests', rollback.items.message_id, 'Applied and verified', 60_000);

    const restored = await scratch();
    const key = (record: { fields: Record<string, unknown> }) =>
      JSON.stringify([record.fields.Name, record.fields.Value, record.fields.Larkgate]);
    expect(restored.map(key).sort()).toEqual(before.map(key).sort());
    // The receipt maps every deleted record to the one that replaced it.
    const rollbackId = String(buttonValue(rollback.items, 'approve').request_id);
    const [receipt] = await auditEvents('rollback.executed', rollbackId);
    const idMap = (receipt?.details.id_map ?? {}) as Record<string, string>;
    expect(Object.keys(idMap).sort()).toEqual(marked.map((record) => record.record_id).sort());
    const restoredById = new Map(restored.map((record) => [record.record_id, key(record)]));
    for (const old of marked) expect(restoredById.get(idMap[old.record_id] ?? '')).toBe(key(old));
    expect(new Set(Object.values(idMap)).size).toBe(marked.length);
    // Re-created in chunks of Lark's ceiling: ceil(1202 / 1000) batch_create calls. The emulator refuses a batch
    // over 1,000 (1254104, which would have failed the rollback), so each of them held at most 1,000.
    const creates = (await h.requests())
      .slice(mark)
      .filter(
        (r) =>
          r.method === 'POST' &&
          r.path.endsWith('/tblScratch000001/records/batch_create') &&
          r.status === 200,
      );
    expect(creates).toHaveLength(2);
  }, 120_000);

  it('is refused over the ceiling', async () => {
    const small = await startHarness({ batchDeleteCeiling: 1 });
    try {
      const asked = await small.say(
        'oc_requests',
        'ou_alice',
        '@Larkgate batch-delete sandbox/Scratch Larkgate=deletable',
      );

      expect(await small.textReplyTo('oc_requests', asked.message_id)).toBe(
        // Larkgate's own words from the catalogue (the file name kept as it is); only parameters are made inert.
        'Refused: 2 records is more than the batch ceiling of 1 (lark-api-limits.yaml): narrow the match',
      );
    } finally {
      await small.close();
    }
  });
});
