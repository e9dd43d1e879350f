import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCardActionEvent } from '../../emulator/events/build-card-action-event.js';
import { sealPush } from '../../emulator/events/seal-push.js';
import type { AuditEvent } from '../../src/domain/audit-event.js';
import { readAuditFile } from '../../src/store/read-audit-file.js';
import {
  buttonValue,
  cardText,
  currentMessage,
  type Harness,
  recordOf,
  startHarness,
  tokenOf,
  waitForCard,
} from './demo-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

async function ask(text: string, from = 'ou_alice') {
  const asked = await h.say('oc_requests', from, `@Larkgate ${text}`);
  return h.cardReplyTo('oc_requests', asked.message_id);
}

/** The audit events of one request, in the order they were written. */
async function auditOf(requestId: unknown): Promise<AuditEvent[]> {
  const records = await readAuditFile(`${h.dir}/audit/audit.jsonl`);
  return records
    .map((record) => JSON.parse(record.text) as AuditEvent)
    .filter((event) => event.request_id === requestId);
}

/** `voter:result` of every vote audited on the request. */
async function votesOf(requestId: unknown): Promise<string[]> {
  return (await auditOf(requestId))
    .filter((event) => event.type === 'approval.vote')
    .map((event) => `${event.actor}:${String(event.details.result)}`);
}

describe('approvals', () => {
  it('a reject ends the request and nothing is written', async () => {
    const card = await ask('update crm/Tasks recTask0002 Status=Done');

    const answer = await h.click(card.message_id, 'ou_carol', buttonValue(card, 'reject'));
    const late = await h.click(card.message_id, 'ou_bob', buttonValue(card, 'approve'), true);

    expect(answer.body.toast).toMatchObject({ type: 'info', content: 'Rejected: nothing will be written.' });
    expect(cardText(await currentMessage(h, 'oc_requests', card.message_id))).toContain(
      'Rejected by <at id=ou_carol></at>',
    );
    expect(late.body.toast?.content).toMatch(/this request is rejected: votes are closed/);
    expect((await recordOf(h, tokenOf(h, 'crm'), 'Tasks', 'recTask0002'))?.Status).toBe('In progress');
  });

  it('someone who is not an approver cannot approve', async () => {
    const card = await ask('update crm/Tasks recTask0003 Points=8');

    const answer = await h.click(card.message_id, 'ou_erin', buttonValue(card, 'approve'));

    expect(answer.body.toast).toMatchObject({ type: 'error', content: 'you are not an approver for crm' });
    // The toast carries every locale: each clicker's Lark client shows its own.
    expect(answer.body.toast).toMatchObject({
      i18n: { vi_vn: 'bạn không phải người phê duyệt của crm', zh_cn: '你不是 crm 的审批人' },
    });
    expect(cardText(await currentMessage(h, 'oc_requests', card.message_id))).toContain('0 of 1 needed');
  });

  it('an L3 base needs two approvals from different groups, and applies after the second', async () => {
    const card = await ask('update billing/Invoices recInv0002 Status=Sent');

    const first = await h.click(card.message_id, 'ou_bob', buttonValue(card, 'approve'));
    expect(first.body.toast).toMatchObject({ type: 'success', content: 'Vote recorded: 1 of 2 approvals.' });
    expect((await recordOf(h, tokenOf(h, 'billing'), 'Invoices', 'recInv0002'))?.Status).toBe('Draft');
    const second = await h.click(card.message_id, 'ou_carol', buttonValue(card, 'approve'));

    expect(second.body.toast?.type).toBe('success');
    await waitForCard(h, 'oc_requests', card.message_id, 'Applied and verified');
    expect((await recordOf(h, tokenOf(h, 'billing'), 'Invoices', 'recInv0002'))?.Status).toBe('Sent');
  });

  it('a double click records one vote', async () => {
    const card = await ask('update billing/Invoices recInv0001 Amount=12500');
    const value = buttonValue(card, 'approve');

    const answers = await Promise.all([
      h.click(card.message_id, 'ou_bob', value),
      h.click(card.message_id, 'ou_bob', value),
    ]);
    const toasts = answers.map((answer) => answer.body.toast?.content).sort();

    expect(toasts).toEqual(['Vote recorded: 1 of 2 approvals.', 'you have already voted on this request']);
    expect(cardText(await currentMessage(h, 'oc_requests', card.message_id))).toContain('1 of 2 needed');
    // One vote in the log too: the second click is audited only as refused.
    expect((await votesOf(value.request_id)).sort()).toEqual(['ou_bob:denied', 'ou_bob:recorded']);
  });

  it('two approvers racing on a 1-of-2 request give one approval and one write, and the log holds only that approval', async () => {
    for (const race of ['one', 'two', 'three']) {
      const card = await ask(`create crm/Tasks Title="Race ${race}" Points=1`);
      const value = buttonValue(card, 'approve');

      const answers = await Promise.all([
        h.click(card.message_id, 'ou_bob', value),
        h.click(card.message_id, 'ou_carol', value),
      ]);
      await waitForCard(h, 'oc_requests', card.message_id, 'Applied and verified');
      const base = await h.base(tokenOf(h, 'crm'));
      const created = base.tables
        .find((t) => t.name === 'Tasks')
        ?.records.filter((r) => JSON.stringify(r.fields.Title).includes(`Race ${race}`));
      const events = await auditOf(value.request_id);
      const votes = await votesOf(value.request_id);
      // A voter whose vote was stored is never later refused on the same request (a lost race's ghost).
      const ghosts = votes.filter(
        (vote, index) =>
          vote.endsWith(':denied') &&
          votes
            .slice(0, index)
            .some(
              (earlier) => earlier.startsWith(vote.replace(':denied', ':')) && !earlier.endsWith(':denied'),
            ),
      );

      expect(answers.filter((answer) => answer.body.toast?.type === 'success')).toHaveLength(1);
      expect(created).toHaveLength(1);
      expect(events.filter((event) => event.type === 'approval.created')).toHaveLength(1);
      expect(votes.filter((vote) => vote.endsWith(':approved'))).toHaveLength(1);
      expect(ghosts).toEqual([]);
    }
  });

  it('a replayed card callback changes nothing', async () => {
    const card = await ask('update billing/Invoices recInv0001 Customer="Acme Corp"');
    const seed = h.seed;
    const event = buildCardActionEvent(
      {
        appId: seed.app.app_id,
        tenantKey: seed.app.tenant_key,
        verificationToken: seed.app.verification_token,
      },
      {
        operator: { openId: 'ou_bob', unionId: 'on_bob', userId: 'bob' },
        value: buttonValue(card, 'approve'),
        name: undefined,
        messageId: card.message_id,
        chatId: 'oc_requests',
      },
      Date.now(),
    );
    const sealed = sealPush(event, seed.app.encrypt_key, Date.now());
    const send = () =>
      fetch(`${h.info.bot}/lark/card`, { method: 'POST', headers: sealed.headers, body: sealed.body }).then(
        (r) => r.json() as Promise<{ toast?: { type: string; content: string } }>,
      );

    const first = await send();
    const replay = await send();

    expect(first.toast).toMatchObject({ type: 'success', content: 'Vote recorded: 1 of 2 approvals.' });
    expect(replay.toast).toMatchObject({ type: 'info', content: 'Already handled.' });
    const stored = await h.runtime.redis.get(
      `larkgate:req:${String(buttonValue(card, 'approve').request_id)}`,
    );
    expect(JSON.parse(stored ?? '{}').votes).toHaveLength(1);
  });

  it('a button from a card of another version of the request is refused', async () => {
    const card = await ask('update crm/Accounts recAcct0002 ARR=19000');
    const forged = { ...buttonValue(card, 'approve'), scope: 'f'.repeat(64) };

    const answer = await h.click(card.message_id, 'ou_bob', forged, true);

    expect(answer.body.toast).toMatchObject({
      type: 'error',
      content: 'this card shows an older version of the request: the change is not what you would approve',
    });
  });

  it('the requester can withdraw their own request', async () => {
    const card = await ask('update crm/Accounts recAcct0001 ARR=130000');

    const answer = await h.click(card.message_id, 'ou_alice', buttonValue(card, 'reject'));

    expect(answer.body.toast?.content).toBe('Withdrawn.');
    expect(cardText(await currentMessage(h, 'oc_requests', card.message_id))).toContain(
      'Withdrawn by the requester',
    );
  });
});
