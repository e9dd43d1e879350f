import type * as lark from '@larksuiteoapi/node-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import type { RateWindow } from '../../emulator/platform/endpoint-catalog.js';
import {
  type FakeClock,
  type ImTestEmulator,
  makeCard,
  makeFakeClock,
  startImEmulator,
} from './im-test-kit.js';
import { expectHttpError } from './platform-test-kit.js';

const DAY = 24 * 60 * 60 * 1000;

describe('emulator IM API through the real SDK', () => {
  let emu: ImTestEmulator;
  let clock: FakeClock;
  let client: lark.Client;

  async function start(rateLimits = false, rateLimitOverrides: Record<string, RateWindow[]> = {}) {
    clock = makeFakeClock();
    emu = await startImEmulator({ clock: clock.now, rateLimits, rateLimitOverrides });
    client = emu.newClient();
  }
  afterEach(async () => {
    await emu.close();
  });

  const sendText = (
    receiveId: string,
    text: string,
    idType: 'chat_id' | 'open_id' | 'user_id' | 'union_id' = 'chat_id',
    uuid?: string,
  ) =>
    client.im.message.create({
      params: { receive_id_type: idType },
      data: {
        receive_id: receiveId,
        msg_type: 'text',
        content: JSON.stringify({ text }),
        ...(uuid ? { uuid } : {}),
      },
    });
  const sendCard = (card: unknown, chatId = 'oc_requests') =>
    client.im.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: chatId, msg_type: 'interactive', content: JSON.stringify(card) },
    });
  const patch = (messageId: string, card: unknown) =>
    client.im.message.patch({ path: { message_id: messageId }, data: { content: JSON.stringify(card) } });

  it('sends text as the app and returns the documented message object', async () => {
    await start();
    const res = await sendText('oc_requests', 'hello <at user_id="ou_alice">Al</at>');
    expect(res.code).toBe(0);
    expect(res.data).toMatchObject({
      message_id: expect.stringMatching(/^om_/),
      chat_id: 'oc_requests',
      msg_type: 'text',
      create_time: String(clock.now()),
      sender: {
        id: emu.seed.app.app_id,
        id_type: 'app_id',
        sender_type: 'app',
        tenant_key: emu.seed.app.tenant_key,
      },
      body: { content: JSON.stringify({ text: 'hello @_user_1' }) },
      mentions: [{ key: '@_user_1', id: 'ou_alice', id_type: 'open_id', name: 'Alice' }],
    });

    const got = await client.im.message.get({ path: { message_id: res.data?.message_id as string } });
    expect(got.data?.items).toHaveLength(1);
    expect(got.data?.items?.[0]).toEqual(res.data);

    const history = await emu.history('oc_requests');
    expect(history).toMatchObject([
      {
        sender: emu.seed.app.app_id,
        sender_type: 'app',
        content: { text: 'hello @_user_1' },
        text: 'hello @Alice',
      },
    ]);
  });

  it('sends to an open_id in the one-to-one chat, creating it when the seed lacks it', async () => {
    await start();
    const toAlice = await sendText('ou_alice', 'hi Alice', 'open_id');
    expect(toAlice.data?.chat_id).toBe('oc_dm_alice');
    const toBob = await sendText('ou_bob', 'hi Bob', 'open_id');
    const again = await sendText('ou_bob', 'hi again', 'open_id');
    expect(toBob.data?.chat_id).toMatch(/^oc_/);
    expect(again.data?.chat_id).toBe(toBob.data?.chat_id);
    const { body } = await emu.control<{ items: { chat_id: string; type: string; members: string[] }[] }>(
      'GET',
      '/chats',
    );
    expect(body.items).toContainEqual(
      expect.objectContaining({ chat_id: toBob.data?.chat_id, type: 'p2p', members: ['ou_bob'] }),
    );
    expect((await emu.history(toBob.data?.chat_id as string)).map((m) => m.text)).toEqual([
      'hi Bob',
      'hi again',
    ]);
  });

  it('sends to a user_id or union_id in the same one-to-one chat as to the open_id, and refuses unknown ids', async () => {
    await start();
    // Alice's seed gives user_id alice01 and union_id on_alice; her seed p2p chat is oc_dm_alice.
    expect((await sendText('alice01', 'by user_id', 'user_id')).data?.chat_id).toBe('oc_dm_alice');
    expect((await sendText('on_alice', 'by union_id', 'union_id')).data?.chat_id).toBe('oc_dm_alice');
    expect((await emu.history('oc_dm_alice')).map((m) => m.text)).toEqual(['by user_id', 'by union_id']);

    // An open_id is not a user_id: the id types are not interchangeable.
    const crossed = await expectHttpError(() => sendText('ou_alice', 'crossed', 'user_id'));
    expect([crossed.status, crossed.data.code]).toEqual([400, 230001]);
    const unknown = await expectHttpError(() => sendText('on_nobody', 'nobody', 'union_id'));
    expect([unknown.status, unknown.data.code]).toEqual([400, 230001]);
  });

  it('replies in the parent chat with parent_id and root_id set', async () => {
    await start();
    const root = await sendText('oc_requests', 'root');
    const rootId = root.data?.message_id as string;
    const first = await client.im.message.reply({
      path: { message_id: rootId },
      data: { msg_type: 'text', content: JSON.stringify({ text: 'first reply' }) },
    });
    const second = await client.im.message.reply({
      path: { message_id: first.data?.message_id as string },
      data: { msg_type: 'interactive', content: JSON.stringify(makeCard()) },
    });
    expect(first.data).toMatchObject({ chat_id: 'oc_requests', parent_id: rootId, root_id: rootId });
    expect(second.data).toMatchObject({
      parent_id: first.data?.message_id,
      root_id: rootId,
      msg_type: 'interactive',
    });
    expect((await emu.history('oc_requests')).map((m) => m.parent_id)).toEqual([
      null,
      rootId,
      first.data?.message_id,
    ]);
  });

  it('de-duplicates a uuid for one hour: the same message comes back and nothing new is sent', async () => {
    await start();
    const first = await sendText('oc_requests', 'once', 'chat_id', 'req-42');
    const again = await sendText('oc_requests', 'once', 'chat_id', 'req-42');
    expect(again.data?.message_id).toBe(first.data?.message_id);
    expect(await emu.history('oc_requests')).toHaveLength(1);

    clock.advance(60 * 60 * 1000);
    client = emu.newClient();
    const later = await sendText('oc_requests', 'once', 'chat_id', 'req-42');
    expect(later.data?.message_id).not.toBe(first.data?.message_id);
    expect(await emu.history('oc_requests')).toHaveLength(2);
  });

  it('updates a card: update_count goes up, get and history show the new version', async () => {
    await start();
    const sent = await sendCard(makeCard({ action: 'approve' }, 'v1'));
    const id = sent.data?.message_id as string;
    clock.advance(1000);
    const res = await patch(id, makeCard({ action: 'approve' }, 'v2'));
    expect(res).toMatchObject({ code: 0, data: {} });
    const got = await client.im.message.get({ path: { message_id: id } });
    expect(got.data?.items?.[0]).toMatchObject({ updated: true, update_time: String(clock.now()) });
    expect(JSON.parse(got.data?.items?.[0]?.body?.content as string).header.title.content).toBe('v2');
    const [item] = await emu.history('oc_requests');
    expect(item?.update_count).toBe(1);
    expect(item?.content).toMatchObject({ header: { title: { content: 'v2' } } });
  });

  it('updates a card for 14 days and refuses after with 230031', async () => {
    await start();
    const id = (await sendCard(makeCard())).data?.message_id as string;
    clock.advance(14 * DAY);
    client = emu.newClient();
    expect((await patch(id, makeCard({}, 'day 14'))).code).toBe(0);
    clock.advance(1);
    client = emu.newClient();
    const error = await expectHttpError(() => patch(id, makeCard({}, 'too late')));
    expect(error.status).toBe(400);
    expect(error.data.code).toBe(230031);
  });

  it('answers bot info at the top level', async () => {
    await start();
    const info = await client.request({ method: 'GET', url: '/open-apis/bot/v3/info' });
    expect(info).toEqual({
      code: 0,
      msg: 'ok',
      bot: {
        activate_status: 2,
        app_name: 'Larkgate',
        avatar_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\//),
        ip_white_list: [],
        open_id: 'ou_larkgate_bot',
      },
    });
  });

  describe('refusals are HTTP 400 with the documented code', () => {
    const bigText = 'x'.repeat(150 * 1024);

    it.each<[string, number, (c: lark.Client) => Promise<unknown>]>([
      ['the bot is not in the chat', 230002, () => sendText('oc_nobot', 'hello')],
      ['an unknown chat', 230001, () => sendText('oc_missing', 'hello')],
      ['an unknown open_id', 230001, () => sendText('ou_nobody', 'hello', 'open_id')],
      [
        'a msg_type that is not emulated',
        230001,
        (c) =>
          c.im.message.create({
            params: { receive_id_type: 'chat_id' },
            data: { receive_id: 'oc_requests', msg_type: 'sticker', content: '{"file_key":"x"}' },
          }),
      ],
      [
        'content that is not JSON',
        230001,
        (c) =>
          c.im.message.create({
            params: { receive_id_type: 'chat_id' },
            data: { receive_id: 'oc_requests', msg_type: 'text', content: 'hello' },
          }),
      ],
      ['a uuid over 50 characters', 230001, () => sendText('oc_requests', 'x', 'chat_id', 'u'.repeat(51))],
      ['text over 150 KB', 230025, () => sendText('oc_requests', bigText)],
      ['a card over 30 KB', 230025, () => sendCard({ ...makeCard(), pad: 'x'.repeat(30 * 1024) })],
      [
        'a card with 201 components',
        230099,
        () =>
          sendCard({
            ...makeCard(),
            body: { elements: Array.from({ length: 201 }, () => ({ tag: 'markdown', content: 'x' })) },
          }),
      ],
      [
        'a 2.0 card with the action module',
        230099,
        () => sendCard({ ...makeCard(), body: { elements: [{ tag: 'action', actions: [] }] } }),
      ],
      [
        'a 2.0 card with update_multi false',
        230099,
        () => sendCard({ ...makeCard(), config: { update_multi: false } }),
      ],
      [
        'a reply to an unknown message',
        230001,
        (c) =>
          c.im.message.reply({
            path: { message_id: 'om_missing' },
            data: { msg_type: 'text', content: '{"text":"x"}' },
          }),
      ],
      [
        'a get of an unknown message',
        230001,
        (c) => c.im.message.get({ path: { message_id: 'om_missing' } }),
      ],
    ])('%s → %i', async (_name, code, call) => {
      await start();
      const error = await expectHttpError(() => call(client));
      expect(error.status).toBe(400);
      expect(error.data.code).toBe(code);
      expect(await emu.history('oc_requests')).toHaveLength(0);
    });

    it('text of exactly 150 KB is accepted', async () => {
      await start();
      expect((await sendText('oc_requests', 'y'.repeat(150 * 1024 - 20))).code).toBe(0);
    });

    it('patch: a text message (230001), a user message (230027), a downgrade (200830), a bad card (230099)', async () => {
      await start();
      const text = (await sendText('oc_requests', 'plain')).data?.message_id as string;
      const card = (await sendCard(makeCard())).data?.message_id as string;
      const posted = await emu.control<{ message_id: string }>('POST', '/chats/oc_requests/messages', {
        from: 'ou_alice',
        text: 'hi',
      });
      const cases: [string, unknown, number][] = [
        [text, makeCard(), 230001],
        [posted.body.message_id, makeCard(), 230027],
        [card, { config: { update_multi: true }, elements: [{ tag: 'markdown', content: 'v1' }] }, 200830],
        [card, { ...makeCard(), header: { text_tag_list: [{}, {}, {}, {}] } }, 230099],
        [
          card,
          { ...makeCard(), body: { elements: [{ tag: 'table', page_size: 11, columns: [], rows: [] }] } },
          230099,
        ],
        [card, { ...makeCard(), body: { elements: [{ tag: 'button', type: 'huge' }] } }, 230099],
        [card, { ...makeCard(), body: { elements: [{ tag: 'button', confirm: { title: {} } }] } }, 230099],
        [card, { ...makeCard(), pad: 'x'.repeat(30 * 1024) }, 230025],
        ['om_missing', makeCard(), 230001],
      ];
      for (const [id, content, code] of cases) {
        const error = await expectHttpError(() => patch(id, content));
        expect([id, error.status, error.data.code]).toEqual([id, 400, code]);
      }
      expect((await emu.history('oc_requests')).find((m) => m.message_id === card)?.update_count).toBe(0);
    });
  });

  describe('per-chat and per-message limits (rate limits on)', () => {
    it('allows 5 messages per second in a chat, refuses the 6th with 230020, and frees up a second later', async () => {
      await start(true);
      for (let i = 0; i < 5; i++) expect((await sendText('oc_requests', `m${i}`)).code).toBe(0);
      const error = await expectHttpError(() => sendText('oc_requests', 'm5'));
      expect([error.status, error.data.code]).toEqual([400, 230020]);
      expect((await sendText('ou_bob', 'other chat', 'open_id')).code).toBe(0);
      clock.advance(1000);
      expect((await sendText('oc_requests', 'm6')).code).toBe(0);
      expect(await emu.history('oc_requests')).toHaveLength(6);
    });

    it('allows 5 updates per second per message', async () => {
      await start(true);
      const id = (await sendCard(makeCard())).data?.message_id as string;
      for (let i = 0; i < 5; i++) expect((await patch(id, makeCard({}, `v${i}`))).code).toBe(0);
      const error = await expectHttpError(() => patch(id, makeCard({}, 'v5')));
      expect([error.status, error.data.code]).toEqual([400, 230020]);
      clock.advance(1000);
      expect((await patch(id, makeCard({}, 'v6'))).code).toBe(0);
    });

    it('takes the per-chat limit from rateLimitOverrides["im.per_chat"], lower or higher', async () => {
      await start(true, { 'im.per_chat': [{ max: 2, per: 'second' }] });
      for (let i = 0; i < 2; i++) expect((await sendText('oc_requests', `m${i}`)).code).toBe(0);
      const error = await expectHttpError(() => sendText('oc_requests', 'm2'));
      expect([error.status, error.data.code]).toEqual([400, 230020]);
      expect(error.data.msg).toMatch(/at most 2 messages per second per chat/);
      await emu.close();

      await start(true, { 'im.per_chat': [{ max: 8, per: 'second' }] });
      for (let i = 0; i < 8; i++) expect((await sendText('oc_requests', `m${i}`)).code).toBe(0);
      expect((await expectHttpError(() => sendText('oc_requests', 'm8'))).data.code).toBe(230020);
    });

    it('takes the per-message limit from rateLimitOverrides["im.per_message"]', async () => {
      await start(true, { 'im.per_message': [{ max: 1, per: 'second' }] });
      const id = (await sendCard(makeCard())).data?.message_id as string;
      expect((await patch(id, makeCard({}, 'v0'))).code).toBe(0);
      const error = await expectHttpError(() => patch(id, makeCard({}, 'v1')));
      expect([error.status, error.data.code]).toEqual([400, 230020]);
      // The per-chat limit is unchanged by it: 5 sends a second still go through.
      for (let i = 0; i < 4; i++) expect((await sendText('oc_requests', `m${i}`)).code).toBe(0);
    });

    it('has no per-chat limit when rate limits are off', async () => {
      await start(false);
      for (let i = 0; i < 8; i++) expect((await sendText('oc_requests', `m${i}`)).code).toBe(0);
    });
  });
});
