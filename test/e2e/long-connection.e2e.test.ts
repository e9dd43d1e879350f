import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonValue, cardText, type Harness, startHarness } from './demo-harness.js';

let h: Harness;
beforeAll(async () => {
  // The seed's bot.transport and the bot's lark.transport are both `ws`: no push goes to an HTTP URL.
  h = await startHarness({
    transport: 'ws',
    emulator: {
      eventRetryScheduleMs: [500, 1_000, 2_000, 4_000, 8_000],
      rateLimits: true,
      wsClientConfig: { ReconnectNonce: 0, ReconnectInterval: 0.2 },
    },
  });
}, 120_000);
afterAll(async () => {
  await h?.close();
});

type AuditLine = { type: string; details: Record<string, unknown> };

async function auditLines(): Promise<AuditLine[]> {
  const text = await readFile(join(h.dir, 'audit/audit.jsonl'), 'utf8');
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as AuditLine);
}

async function connections(): Promise<string[]> {
  const response = await fetch(`${h.info.emulator}/__emulator/ws/connections`);
  const body = (await response.json()) as { items: Array<{ connection_id: string }> };
  return body.items.map((item) => item.connection_id);
}

describe('the governed write over Lark long connection (lark.transport: ws)', () => {
  it('request → diff card → self-approval refused → approval → applied, all over the WebSocket', async () => {
    expect(h.info.transport).toBe('ws');
    expect(await connections()).toHaveLength(1);

    const asked = await h.say(
      'oc_requests',
      'ou_alice',
      '@Larkgate update crm/Tasks recTask0001 Status=Done',
    );
    const card = await h.cardReplyTo('oc_requests', asked.message_id);
    expect(cardText(card)).toContain('Approval needed');

    const self = await h.click(card.message_id, 'ou_alice', buttonValue(card, 'approve'));
    expect(self.body.toast).toMatchObject({
      type: 'error',
      content: 'you asked for this change, so you cannot approve it',
    });
    const approved = await h.clickButton(card.message_id, 'ou_bob', 'Approve');
    expect(approved.status).toBe(200);
    expect(approved.body.toast?.type).toBe('success');

    await h.waitFor('the card to say applied', async () => {
      const item = (await h.messages('oc_requests')).find((m) => m.message_id === card.message_id);
      return item && cardText(item).includes('Applied and verified') ? item : undefined;
    });
    const crm = h.info.bases.find((base) => base.alias === 'crm');
    const base = await h.base(crm?.app_token ?? '');
    const record = base.tables
      .find((t) => t.name === 'Tasks')
      ?.records.find((r) => r.record_id === 'recTask0001');
    expect(record?.fields.Status).toBe('Done');

    // Every push went over the connection, and the audit log says so.
    const deliveries = (await (await fetch(`${h.info.emulator}/__emulator/deliveries`)).json()) as {
      items: Array<{ url: string | null; status: number }>;
    };
    expect(deliveries.items.length).toBeGreaterThanOrEqual(3);
    for (const delivery of deliveries.items) expect(delivery.url).toMatch(/^ws:conn_/);
    const accepted = (await auditLines()).filter((line) => line.type === 'auth.accepted');
    expect(accepted.map((line) => [line.details.route, line.details.transport])).toEqual([
      ['events', 'ws'],
      ['card', 'ws'],
      ['card', 'ws'],
    ]);
  });

  it('reconnects after the emulator drops the socket, counts it on /metrics, and keeps answering', async () => {
    const before = await connections();
    await fetch(`${h.info.emulator}/__emulator/ws/drop`, { method: 'POST' });
    await h.waitFor('a new connection', async () => {
      const now = await connections();
      return now.length === 1 && now[0] !== before[0];
    });
    const metrics = await (await fetch(`${h.info.bot}/metrics`)).text();
    expect(metrics).toMatch(/larkgate_lark_ws_reconnects_total\{[^}]*\} 1/);
    expect(metrics).toMatch(/larkgate_lark_ws_connected\{[^}]*\} 1/);
    expect(h.logs.join('')).toContain('long connection lost: reconnecting');

    const asked = await h.say('oc_requests', 'ou_alice', '@Larkgate get crm/Tasks recTask0002');
    const reply = await h.waitFor('an answer after the reconnect', async () =>
      (await h.messages('oc_requests')).find((m) => m.parent_id === asked.message_id),
    );
    expect(reply).toBeTruthy();
  });

  it('fails closed like the webhook: with no policy in force a message is acked 500, and re-delivered once fixed', async () => {
    const goodConfig = await readFile(h.configPath, 'utf8');
    await writeFile(h.configPath, goodConfig.replace('secret://file/secrets/app_secret', 'hunter2'));
    await h.waitFor('the policy to be refused', async () => h.runtime.policy.problem() !== null);
    const asked = (await h.say('oc_requests', 'ou_alice', '@Larkgate get crm/Tasks recTask0003')) as {
      message_id: string;
      event_id: string;
    };
    const refused = await h.waitFor('a refused delivery', async () => {
      const response = await fetch(`${h.info.emulator}/__emulator/deliveries?event_id=${asked.event_id}`);
      const { items } = (await response.json()) as { items: Array<{ status: number; error: string | null }> };
      return items.find((item) => item.status === 500);
    });
    expect(refused.error).toBe('ack code 500');

    await writeFile(h.configPath, goodConfig);
    await h.waitFor('the policy to be back', async () => h.runtime.policy.problem() === null);
    const reply = await h.waitFor('the answer to the re-delivered message', async () =>
      (await h.messages('oc_requests')).find((m) => m.parent_id === asked.message_id),
    );
    expect(JSON.stringify(reply.content)).toContain('recTask0003');
  }, 60_000);
});
