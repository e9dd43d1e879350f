import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCardActionEvent } from '../../emulator/events/build-card-action-event.js';
import { sealPush } from '../../emulator/events/seal-push.js';
import { readAuditFile } from '../../src/store/read-audit-file.js';
import { buttonValue, cardText, demoMessageEvent, type Harness, startHarness } from './demo-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

async function replyTo(text: string, from = 'ou_alice'): Promise<string> {
  const asked = await h.say('oc_requests', from, `@Larkgate ${text}`);
  return h.textReplyTo('oc_requests', asked.message_id);
}

async function auditTypes(): Promise<
  { type: string; request_id: string | null; details: Record<string, unknown> }[]
> {
  const records = await readAuditFile(`${h.dir}/audit/audit.jsonl`);
  return records.map((record) => JSON.parse(record.text));
}

/** Every request Larkgate has stored (Redis), so a test can tell that nothing was created. */
async function storedRequests(): Promise<string[]> {
  return (await h.runtime.redis.keys('larkgate:req:*')).sort();
}

/** A click on a card, as Lark would send it to /lark/card (before sealing). */
function clickEvent() {
  const app = h.seed.app;
  return buildCardActionEvent(
    { appId: app.app_id, tenantKey: app.tenant_key, verificationToken: app.verification_token },
    {
      operator: { openId: 'ou_bob', unionId: 'on_bob', userId: 'bob' },
      value: { action: 'approve', request_id: 'req_aaaaaaaaaaaa', scope: 'a'.repeat(64) },
      name: undefined,
      messageId: 'om_forged_card',
      chatId: 'oc_requests',
    },
    Date.now(),
  );
}

describe('chat intake: bad input gets a clear reply and changes nothing', () => {
  it.each([
    [
      'update nowhere/Tasks recTask0001 Status=Done',
      /Refused: no base "nowhere" in policy \(known: crm, billing, sandbox\)/,
    ],
    [
      'update crm/Salaries recTask0001 Status=Done',
      /Refused: table "Salaries" is not allowed on crm \(allowed: Tasks, Accounts\)/,
    ],
    [
      'update crm/Tasks recTask0001 Stauts=Done',
      /crm\/Tasks has no field "Stauts" \(did you mean "Status"\?\)/,
    ],
    ['update crm/Tasks recNope0001 Status=Done', /No record recNope0001 in crm\/Tasks\./],
    [
      'update crm/Tasks recTask0001 Points=abc',
      /^Points is a number field: "abc" is not a number; write it like 42, -3 or 12\.5\.$/,
    ],
    [
      'update crm/Tasks recTask0001 Status=Dne',
      /^Status has no option "Dne"\. Did you mean Done\? Options: Open, In progress, Done\. I don't create options from chat; add new ones in Lark first\.$/,
    ],
    ['frobnicate crm/Tasks', /frobnicate/],
    ['update crm/Tasks recTask0001', /Usage: /],
  ])('"%s"', async (text, expected) => {
    const before = await h.base(h.info.bases[0]?.app_token ?? '');
    const requestsBefore = await storedRequests();
    const createdBefore = (await auditTypes()).filter((e) => e.type === 'request.created').length;

    expect(await replyTo(text)).toMatch(expected);
    expect(await h.base(h.info.bases[0]?.app_token ?? '')).toEqual(before);
    // Nothing was created: no request stored, none audited (and so no diff card to approve).
    expect(await storedRequests()).toEqual(requestsBefore);
    expect((await auditTypes()).filter((e) => e.type === 'request.created')).toHaveLength(createdBefore);
  });

  it('answers help with every verb', async () => {
    const text = await replyTo('help');

    for (const verb of ['get', 'search', 'create', 'update', 'delete', 'status'])
      expect(text).toContain(verb);
  });

  it('reads a record without approval, and audits the decision', async () => {
    const asked = await h.say('oc_requests', 'ou_erin', '@Larkgate get crm/Tasks recTask0002');
    const card = await h.cardReplyTo('oc_requests', asked.message_id);

    expect(JSON.stringify(card.content)).toContain('Write the runbook');
    expect((await auditTypes()).some((e) => e.type === 'tool.allowed' && e.details.action === 'get')).toBe(
      true,
    );
  });

  it('ignores a group message that does not mention the bot', async () => {
    const said = await h.say('oc_requests', 'ou_alice', 'update crm/Tasks recTask0001 Status=Done');
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect((await h.messages('oc_requests')).filter((m) => m.parent_id === said.message_id)).toEqual([]);
  });
});

describe('status <request_id> is a guarded, audited read', () => {
  let asks = 0;
  // A different change each time: an identical one while the first is pending would not be opened.
  async function billingRequest(): Promise<string> {
    asks++;
    const asked = await h.say(
      'oc_requests',
      'ou_alice',
      `@Larkgate update billing/Invoices recInv0002 Customer="Status check ${asks}"`,
    );
    const card = await h.cardReplyTo('oc_requests', asked.message_id);
    return String(buttonValue(card, 'approve').request_id);
  }

  function statusAudit(requestId: string) {
    return async () =>
      (await auditTypes()).filter((e) => e.request_id === requestId && e.details.action === 'status');
  }

  it('in a requests chat it shows the state and the diff, with no buttons to vote with', async () => {
    const requestId = await billingRequest();

    const asked = await h.say('oc_requests', 'ou_erin', `@Larkgate status ${requestId}`);
    const snapshot = await h.cardReplyTo('oc_requests', asked.message_id);
    const audited = await statusAudit(requestId)();

    expect(cardText(snapshot)).toContain(`Approval needed · ${requestId}`);
    expect(cardText(snapshot)).toContain('Status check');
    expect(cardText(snapshot)).toContain('approve or reject on the request’s own card');
    expect(cardText(snapshot)).not.toContain('"tag":"button"');
    expect(() => buttonValue(snapshot, 'approve')).toThrow(/no approve button/);
    expect(audited.map((e) => [e.type, e.details.base, e.details.table])).toEqual([
      ['tool.allowed', 'billing', 'Invoices'],
    ]);
  });

  it('from a chat that is not a requests chat it is refused with the reason, shows nothing, and audits the refusal', async () => {
    const requestId = await billingRequest();

    const asked = await h.say('oc_oncall', 'ou_bob', `@Larkgate status ${requestId}`);
    const text = await h.textReplyTo('oc_oncall', asked.message_id);
    const replies = (await h.messages('oc_oncall')).filter((m) => m.parent_id === asked.message_id);
    const audited = await statusAudit(requestId)();

    expect(text).toBe(
      'Refused: this chat is not a Larkgate requests chat: ask in one of the configured requests chats',
    );
    expect(replies.map((m) => m.msg_type)).toEqual(['text']);
    expect(JSON.stringify(replies)).not.toContain('Status check');
    expect(audited.map((e) => [e.type, (e.details.denials as { code: string }[])[0]?.code])).toEqual([
      ['tool.denied', 'not_a_request_chat'],
    ]);
  });
});

describe('the events and card routes fail closed', () => {
  const post = (body: string, headers: Record<string, string>, route: 'events' | 'card' = 'events') =>
    fetch(`${h.info.bot}/lark/${route}`, { method: 'POST', headers, body }).then(async (r) => ({
      status: r.status,
      body: (await r.json()) as Record<string, unknown>,
    }));

  it.each([
    ['events', () => demoMessageEvent(h, 'help', `om_forged_${Math.random().toString(36).slice(2)}`)],
    ['card', clickEvent],
  ] as const)(
    '/lark/%s refuses a forged signature, a stale timestamp, a body altered after signing and an unencrypted push with one uniform 401, auditing each reason (the first at once, the rest counted per window)',
    async (route, event) => {
      const key = h.seed.app.encrypt_key;
      const good = sealPush(event(), key, Date.now());
      const forged = { ...good.headers, 'X-Lark-Signature': 'a'.repeat(64) };
      const stale = sealPush(event(), key, Date.now() - 10 * 60_000);
      const altered = good.body.replace(/"}$/, 'A"}');
      const plain = JSON.stringify(event());
      const attempts: [string, Record<string, string>][] = [
        [good.body, forged],
        [stale.body, stale.headers],
        [altered, good.headers],
        [plain, { 'content-type': 'application/json' }],
      ];

      const from = (await auditTypes()).length;
      const answers = [];
      for (const [body, headers] of attempts) answers.push(await post(body, headers, route));
      // One source's refusals: the first of a window is audited at once, the others as one aggregated
      // auth.denied with their count and reasons when the window closes (create-refusal-tally.ts).
      const reasons = await h.waitFor('the four refusals in the audit log', async () => {
        const tally: Record<string, number> = {};
        for (const event of (await auditTypes()).slice(from)) {
          if (event.type !== 'auth.denied' || event.details.route !== route) continue;
          const counted = (event.details.reasons as Record<string, number> | undefined) ?? {
            [String(event.details.reason)]: 1,
          };
          for (const [reason, count] of Object.entries(counted)) tally[reason] = (tally[reason] ?? 0) + count;
        }
        return Object.values(tally).reduce((sum, count) => sum + count, 0) === 4 ? tally : undefined;
      });

      // The sender learns only "unauthorized"; the audit log says which check failed, on which route.
      expect(answers).toEqual(Array(4).fill({ status: 401, body: { error: 'unauthorized' } }));
      expect(reasons).toEqual({ bad_signature: 2, stale: 1, not_encrypted: 1 });
    },
  );

  it('handles a duplicate delivery once (same event_id, and same message_id under a new event_id)', async () => {
    const key = h.seed.app.encrypt_key;
    // A message that exists in the chat (not mentioning the bot, so the emulator pushes nothing itself).
    const { message_id: messageId } = await h.say(
      'oc_requests',
      'ou_alice',
      'update crm/Tasks recTask0004 Points=6',
    );
    const event = demoMessageEvent(h, 'update crm/Tasks recTask0004 Points=6', messageId);
    const again = {
      ...event,
      header: { ...event.header, event_id: 'another-event-id-for-the-same-message' },
    };

    const answers = [];
    for (const envelope of [event, event, again]) {
      const sealed = sealPush(envelope, key, Date.now());
      answers.push(await post(sealed.body, sealed.headers));
    }
    await h.cardReplyTo('oc_requests', messageId);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const cards = (await h.messages('oc_requests')).filter((m) => m.parent_id === messageId);

    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(cards).toHaveLength(1);
  });

  it('answers the url_verification handshake only with the right token', async () => {
    const key = h.seed.app.encrypt_key;
    const sealed = (token: string) =>
      sealPush({ type: 'url_verification', challenge: 'c-123', token }, key, Date.now()).body;

    expect(await post(sealed(h.seed.app.verification_token), { 'content-type': 'application/json' })).toEqual(
      {
        status: 200,
        body: { challenge: 'c-123' },
      },
    );
    expect((await post(sealed('wrong'), { 'content-type': 'application/json' })).status).toBe(401);
  });
});

describe('egress outside the allowlist', () => {
  it('is refused before it leaves the process, and audited', async () => {
    const before = (
      (await (await fetch(`${h.info.emulator}/__emulator/requests`)).json()) as { items: unknown[] }
    ).items.length;

    await expect(
      h.runtime.lark.client.bitable.appTableRecord.list({
        path: { app_token: h.info.bases[0]?.app_token ?? '', table_id: 'tblTasks0000001' },
      }),
    ).rejects.toMatchObject({ code: 'egress_denied' });
    const after = (
      (await (await fetch(`${h.info.emulator}/__emulator/requests`)).json()) as { items: { path: string }[] }
    ).items;

    expect(after.slice(before).some((item: { path: string }) => item.path.endsWith('/records'))).toBe(false);
    expect(
      (await auditTypes()).some(
        (e) => e.type === 'egress.denied' && String(e.details.path).endsWith('/records'),
      ),
    ).toBe(true);
  });
});
