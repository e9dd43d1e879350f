import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/run-cli.js';
import { buttonValue, cardText, type Harness, startHarness } from './demo-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

describe('the governed write, end to end through the emulator with real Redis', () => {
  it('request → diff card → self-approval refused → approval → applied, verified, card and audit chat updated', async () => {
    const crm = h.info.bases.find((base) => base.alias === 'crm');
    if (!crm) throw new Error('no crm base');

    const asked = await h.say(
      'oc_requests',
      'ou_alice',
      '@Larkgate update crm/Tasks recTask0001 Status=Done Points=5',
    );
    const card = await h.cardReplyTo('oc_requests', asked.message_id);

    expect(cardText(card)).toContain('recTask0001');
    expect(cardText(card)).toContain('Approval needed');
    const self = await h.click(card.message_id, 'ou_alice', buttonValue(card, 'approve'));
    expect(self.body.toast).toMatchObject({
      type: 'error',
      content: 'you asked for this change, so you cannot approve it',
    });

    const approved = await h.clickButton(card.message_id, 'ou_bob', 'Approve');
    expect(approved.status).toBe(200);
    expect(approved.body.toast?.type).toBe('success');

    const applied = await h.waitFor('the card to say applied', async () => {
      const item = (await h.messages('oc_requests')).find((m) => m.message_id === card.message_id);
      return item && cardText(item).includes('Applied and verified') ? item : undefined;
    });
    expect(cardText(applied)).toMatch(/bk_[0-9a-f]{64}/);
    const base = await h.base(crm.app_token);
    const record = base.tables
      .find((t) => t.name === 'Tasks')
      ?.records.find((r) => r.record_id === 'recTask0001');
    expect(record?.fields.Status).toBe('Done');
    expect(record?.fields.Points).toBe(5);
    const auditLine = await h.waitFor('a line in the audit chat', async () =>
      (await h.messages('oc_audit')).find((m) => !String(m.content.text).startsWith('audit checkpoint ')),
    );
    expect(String(auditLine.content.text)).toMatch(/applied: update crm\/Tasks/);

    // A signed checkpoint leaves the log's trust domain: it is posted to the audit chat.
    const checkpoint = await h.runtime.auditLog.checkpoint();
    const posted = await h.waitFor('the checkpoint in the audit chat', async () =>
      (await h.messages('oc_audit')).find((m) =>
        String(m.content.text).startsWith(
          `audit checkpoint {"chain":"${checkpoint.chain}","seq":${checkpoint.seq},`,
        ),
      ),
    );
    // With the sinks that took its event: verify holds those sinks to it.
    expect(JSON.parse(String(posted.content.text).slice('audit checkpoint '.length))).toEqual({
      ...checkpoint,
      sinks: ['file', 'stream'],
    });

    const verified = await runCli([
      'node',
      'larkgate',
      'audit',
      'verify',
      '--config',
      `${h.dir}/larkgate.yaml`,
    ]);
    expect(verified).toBe(0);
  });
});
