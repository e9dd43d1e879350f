import type { ServerResponse } from 'node:http';
import * as lark from '@larksuiteoapi/node-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import {
  decryptPush,
  expectedSignature,
  type FakeClock,
  type ImTestEmulator,
  makeCard,
  makeFakeClock,
  type Receiver,
  SILENT_LOGGER,
  startImEmulator,
  startReceiver,
  startServer,
} from './im-test-kit.js';

const APPROVE = { action: 'approve', plan_id: 'p1' };
const APPLIED = makeCard({ action: 'rollback', plan_id: 'p1' }, 'Applied');

type ClickResult = {
  status: number;
  body: unknown;
  latency_ms: number;
  error: string | null;
  toast: unknown;
  card_updated: boolean;
  event_id: string;
};

describe('emulator card clicks (card.action.trigger)', () => {
  let emu: ImTestEmulator | undefined;
  let receiver: Omit<Receiver, 'pushes'> | undefined;
  let clock: FakeClock;
  afterEach(async () => {
    await emu?.close();
    await receiver?.close();
    emu = undefined;
    receiver = undefined;
  });

  /** Starts the emulator with the bot's card URL, sends the Approve card to the requests group. */
  async function setUp(
    cardUrl: string | undefined,
    pushTimeoutMs = 3000,
  ): Promise<{ emu: ImTestEmulator; id: string }> {
    clock = makeFakeClock();
    emu = await startImEmulator({ clock: clock.now, pushTimeoutMs, ...(cardUrl ? { cardUrl } : {}) });
    const sent = await emu.newClient().im.message.create({
      params: { receive_id_type: 'chat_id' },
      data: {
        receive_id: 'oc_requests',
        msg_type: 'interactive',
        content: JSON.stringify(makeCard(APPROVE)),
      },
    });
    return { emu, id: sent.data?.message_id as string };
  }

  async function click(id: string, body: Record<string, unknown>) {
    if (!emu) throw new Error('no emulator');
    return emu.control<ClickResult & { error: string }>('POST', `/messages/${id}/actions`, body);
  }

  const answering =
    (status: number, body: string) =>
    (_push: unknown, res: ServerResponse): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    };

  it("reaches the SDK's CardActionHandler and applies its toast and raw card", async () => {
    const seen: Record<string, unknown>[] = [];
    const handler = new lark.CardActionHandler(
      { encryptKey: 'im-test-encrypt-key', logger: SILENT_LOGGER },
      async (data: unknown) => {
        seen.push(data as Record<string, unknown>);
        return { toast: { type: 'success', content: 'Approved' }, card: { type: 'raw', data: APPLIED } };
      },
    );
    receiver = await startServer(lark.adaptDefault('/lark/card', handler), '/lark/card');
    const { emu, id } = await setUp(receiver.url);

    const result = await click(id, { from: 'ou_bob', value: APPROVE });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      status: 200,
      error: null,
      toast: { type: 'success', content: 'Approved' },
      card_updated: true,
      body: { toast: { type: 'success', content: 'Approved' }, card: { type: 'raw', data: APPLIED } },
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      event_id: result.body.event_id,
      event_type: 'card.action.trigger',
      token: expect.stringMatching(/^c-/),
      operator: { open_id: 'ou_bob', tenant_key: emu.seed.app.tenant_key },
      action: { value: APPROVE, tag: 'button', name: 'approve_button' },
      host: 'im_message',
      context: { open_message_id: id, open_chat_id: 'oc_requests' },
    });

    const [card] = await emu.history('oc_requests');
    expect(card).toMatchObject({ message_id: id, update_count: 1, content: APPLIED });
    const got = await emu.newClient().im.message.get({ path: { message_id: id } });
    expect(JSON.parse(got.data?.items?.[0]?.body?.content as string)).toEqual(APPLIED);
  });

  it('sends the documented envelope, encrypted and signed like events', async () => {
    const bot = await startReceiver(answering(200, '{}'), '/lark/card');
    receiver = bot;
    const { emu, id } = await setUp(bot.url);
    const { app } = emu.seed;

    const result = await click(id, { from: 'ou_alice', value: APPROVE });
    expect(result.body).toMatchObject({ status: 200, error: null, card_updated: false, body: {} });
    const [push] = bot.pushes;
    if (!push) throw new Error('no push');
    expect(push.raw.toString('utf8')).toMatch(/^\{"encrypt":"[A-Za-z0-9+/=]+"\}$/);
    expect(push.headers['x-lark-signature']).toBe(expectedSignature(push, app.encrypt_key));
    expect(decryptPush(push, app.encrypt_key)).toEqual({
      schema: '2.0',
      header: {
        event_id: result.body.event_id,
        token: app.verification_token,
        create_time: `${clock.now()}000`,
        event_type: 'card.action.trigger',
        tenant_key: app.tenant_key,
        app_id: app.app_id,
      },
      event: {
        operator: {
          tenant_key: app.tenant_key,
          user_id: 'alice01',
          open_id: 'ou_alice',
          union_id: 'on_alice',
        },
        token: expect.stringMatching(/^c-[0-9a-f]+$/),
        action: { value: APPROVE, tag: 'button', name: 'approve_button' },
        host: 'im_message',
        context: { open_message_id: id, open_chat_id: 'oc_requests' },
      },
    });
  });

  it('shows a toast-only answer without touching the card', async () => {
    receiver = await startReceiver(
      answering(200, '{"toast":{"type":"error","content":"Not allowed"}}'),
      '/lark/card',
    );
    const { emu, id } = await setUp(receiver.url);
    const result = await click(id, { from: 'ou_alice', value: APPROVE });
    expect(result.body).toMatchObject({
      toast: { type: 'error', content: 'Not allowed' },
      card_updated: false,
    });
    expect((await emu.history('oc_requests'))[0]).toMatchObject({
      update_count: 0,
      content: makeCard(APPROVE),
    });
  });

  it('clicks a button named by its label ({from, button}), case ignored, and 409s a label the card lacks', async () => {
    const bot = await startReceiver(answering(200, '{}'), '/lark/card');
    receiver = bot;
    const { emu } = await setUp(bot.url);
    const REJECT = { action: 'reject', plan_id: 'p1' };
    const card = makeCard(APPROVE);
    card.body.elements.push({
      tag: 'button',
      name: 'reject_button',
      text: { tag: 'plain_text', content: 'Reject' },
      type: 'danger',
      behaviors: [{ type: 'callback', value: REJECT }],
    });
    const sent = await emu.newClient().im.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: 'oc_requests', msg_type: 'interactive', content: JSON.stringify(card) },
    });
    const id = sent.data?.message_id as string;

    const rejected = await click(id, { from: 'ou_bob', button: 'Reject' });
    expect(rejected.body).toMatchObject({ status: 200, error: null });
    const approved = await click(id, { from: 'ou_bob', button: 'approve' });
    expect(approved.body).toMatchObject({ status: 200, error: null });
    const actions = bot.pushes.map(
      (push) =>
        (decryptPush(push, emu.seed.app.encrypt_key) as { event: { action: Record<string, unknown> } }).event
          .action,
    );
    expect(actions).toEqual([
      { value: REJECT, tag: 'button', name: 'reject_button' },
      { value: APPROVE, tag: 'button', name: 'approve_button' },
    ]);

    const missing = await click(id, { from: 'ou_bob', button: 'Merge' });
    expect(missing.status).toBe(409);
    expect(missing.body.error).toMatch(/no button labelled "Merge"/);
    expect(bot.pushes).toHaveLength(2);
  });

  it('clicks only buttons of the current card version, unless forced', async () => {
    const bot = await startReceiver(
      answering(200, JSON.stringify({ card: { type: 'raw', data: APPLIED } })),
      '/lark/card',
    );
    receiver = bot;
    const { emu, id } = await setUp(bot.url);
    expect((await click(id, { from: 'ou_alice', value: APPROVE })).body.card_updated).toBe(true);

    const stale = await click(id, { from: 'ou_alice', value: APPROVE });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatch(/no callback button/);
    expect(bot.pushes).toHaveLength(1);

    const forced = await click(id, { from: 'ou_alice', value: APPROVE, force: true });
    expect(forced.body).toMatchObject({ status: 200, card_updated: true });
    expect(bot.pushes).toHaveLength(2);
    const replayed = decryptPush(bot.pushes[1] as never, emu.seed.app.encrypt_key) as {
      event: { action: Record<string, unknown> };
    };
    expect(replayed.event.action).toEqual({ value: APPROVE, tag: 'button' });
    expect((await emu.history('oc_requests'))[0]?.update_count).toBe(2);
  });

  it.each([
    ['from a non-member', { from: 'ou_mallory', value: APPROVE }, 403, /not a member/],
    ['from an unknown user', { from: 'ou_nobody', value: APPROVE }, 400, /no seed user/],
    [
      'of a button that is not on the card',
      { from: 'ou_alice', value: { action: 'reject' } },
      409,
      /no callback button/,
    ],
    ['without a value', { from: 'ou_alice' }, 400, /value is required/],
  ])('refuses a click %s and sends nothing', async (_name, body, status, error) => {
    const bot = await startReceiver(answering(200, '{}'), '/lark/card');
    receiver = bot;
    const { id } = await setUp(bot.url);
    const result = await click(id, body);
    expect(result.status).toBe(status);
    expect(result.body.error).toMatch(error);
    expect(bot.pushes).toHaveLength(0);
  });

  it('refuses clicks on unknown messages, text messages and cards older than 30 days', async () => {
    const bot = await startReceiver(answering(200, '{}'), '/lark/card');
    receiver = bot;
    const { emu, id } = await setUp(bot.url);
    expect((await click('om_missing', { from: 'ou_alice', value: APPROVE })).status).toBe(404);
    const posted = await emu.control<{ message_id: string }>('POST', '/chats/oc_requests/messages', {
      from: 'ou_alice',
      text: 'hi',
    });
    expect((await click(posted.body.message_id, { from: 'ou_alice', value: APPROVE })).status).toBe(409);
    clock.advance(30 * 24 * 60 * 60 * 1000 + 1);
    const expired = await click(id, { from: 'ou_alice', value: APPROVE });
    expect([expired.status, expired.body.error]).toEqual([409, expect.stringMatching(/30 days/)]);
    expect(bot.pushes).toHaveLength(0);
  });

  it.each<[string, number, string, RegExp]>([
    ['a non-200 answer', 500, '{"toast":{"type":"info","content":"x"}}', /^200671 /],
    ['an answer that is not JSON', 200, 'ok!', /^200672 /],
    ['a toast of an unknown type', 200, '{"toast":{"type":"shout","content":"x"}}', /^200672 /],
    [
      'an invalid raw card',
      200,
      JSON.stringify({ card: { type: 'raw', data: { ...APPLIED, config: { update_multi: false } } } }),
      /^200673 /,
    ],
    [
      'a raw card downgraded to 1.0',
      200,
      JSON.stringify({ card: { type: 'raw', data: { config: { update_multi: true }, elements: [] } } }),
      /^200830 /,
    ],
  ])(
    'reports %s like the client does, leaves the card alone, and does not re-push',
    async (_name, status, answer, error) => {
      const bot = await startReceiver(answering(status, answer), '/lark/card');
      receiver = bot;
      const { emu, id } = await setUp(bot.url);
      const result = await click(id, { from: 'ou_alice', value: APPROVE });
      expect(result.status).toBe(200);
      expect(result.body).toMatchObject({ status, card_updated: false, error: expect.stringMatching(error) });
      expect((await emu.history('oc_requests'))[0]?.update_count).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(bot.pushes).toHaveLength(1);
      expect(await emu.deliveries('?event_type=card.action.trigger')).toHaveLength(1);
    },
  );

  it('reports 200341 when the bot does not answer within the timeout', async () => {
    receiver = await startReceiver(() => undefined, '/lark/card');
    const { emu, id } = await setUp(receiver.url, 300);
    const result = await click(id, { from: 'ou_alice', value: APPROVE });
    expect(result.body).toMatchObject({
      status: 0,
      card_updated: false,
      error: expect.stringMatching(/^200341 /),
    });
    expect(result.body.latency_ms).toBeGreaterThanOrEqual(290);
    expect((await emu.history('oc_requests'))[0]?.update_count).toBe(0);
  });

  it('sends one click to card_url instead (a load balancer picking a replica); only loopback http URLs', async () => {
    const usual = await startReceiver(answering(200, '{}'), '/lark/card');
    const other = await startReceiver(answering(200, '{}'), '/lark/card');
    receiver = {
      url: usual.url,
      close: async () => {
        await usual.close();
        await other.close();
      },
    };
    const { id } = await setUp(usual.url);

    const result = await click(id, { from: 'ou_alice', value: APPROVE, card_url: other.url });
    const refused = await click(id, {
      from: 'ou_alice',
      value: APPROVE,
      card_url: 'http://example.com/lark/card',
    });

    expect(result.body).toMatchObject({ status: 200, error: null });
    expect(other.pushes).toHaveLength(1);
    expect(usual.pushes).toHaveLength(0);
    expect(refused.status).toBe(400);
  });

  it('reports 200340 when no card URL is configured', async () => {
    const { id } = await setUp(undefined);
    const result = await click(id, { from: 'ou_alice', value: APPROVE });
    expect(result.body).toMatchObject({ status: 0, error: expect.stringMatching(/^200340 /) });
  });
});
