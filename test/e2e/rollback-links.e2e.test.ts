import * as lark from '@larksuiteoapi/node-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTokenCache } from '../emulator/platform-test-kit.js';
import { buttonValue, type Harness, startHarness, tokenOf, waitForCard } from './demo-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe('rolling back a delete of records that link to each other', () => {
  it('re-creates them, then writes their links with the new ids', async () => {
    const sandbox = tokenOf(h, 'sandbox');
    const client = new lark.Client({
      appId: h.seed.app.app_id,
      appSecret: h.seed.app.app_secret,
      domain: h.info.emulator,
      loggerLevel: lark.LoggerLevel.error,
      cache: makeTokenCache(),
    });
    const path = { app_token: sandbox, table_id: 'tblScratch000001' };
    const created = await client.bitable.appTableField.create({
      path,
      data: { field_name: 'Related', type: 18, property: { table_id: 'tblScratch000001', multiple: true } },
    });
    expect(created.code).toBe(0);
    // recScr0001 ↔ recScr0002 (both deleted below), and recScr0001 → recScr0003 (kept).
    await client.bitable.appTableRecord.update({
      path: { ...path, record_id: 'recScr0001' },
      data: { fields: { Related: ['recScr0002', 'recScr0003'] } },
    });
    await client.bitable.appTableRecord.update({
      path: { ...path, record_id: 'recScr0002' },
      data: { fields: { Related: ['recScr0001'] } },
    });

    const asked = await h.say(
      'oc_requests',
      'ou_alice',
      '@Larkgate batch-delete sandbox/Scratch Larkgate=deletable',
    );
    const card = await h.cardReplyTo('oc_requests', asked.message_id);
    await h.clickButton(card.message_id, 'ou_bob', 'Approve');
    await waitForCard(h, 'oc_requests', card.message_id, 'Applied and verified');
    const rollbackAsked = await h.say(
      'oc_requests',
      'ou_alice',
      `@Larkgate rollback ${String(buttonValue(card, 'approve').request_id)}`,
    );
    const rollback = await h.cardReplyTo('oc_requests', rollbackAsked.message_id);
    await h.clickButton(rollback.message_id, 'ou_carol', 'Approve');
    await waitForCard(h, 'oc_requests', rollback.message_id, 'Applied and verified');

    const records = (await h.base(sandbox)).tables.find((t) => t.name === 'Scratch')?.records ?? [];
    const byName = (name: string) => records.find((r) => JSON.stringify(r.fields.Name).includes(name));
    const one = byName('sample one');
    const two = byName('sample two');
    const links = (record: typeof one) =>
      [
        ...((record?.fields.Related as { link_record_ids?: string[] } | undefined)?.link_record_ids ?? []),
      ].sort();
    expect(one?.record_id).not.toBe('recScr0001');
    expect(links(one)).toEqual([two?.record_id, 'recScr0003'].sort());
    expect(links(two)).toEqual([one?.record_id]);
  });
});
