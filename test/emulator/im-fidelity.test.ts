import { afterEach, describe, expect, it } from 'vitest';
import { type FakeClock, type ImTestEmulator, makeFakeClock, startImEmulator } from './im-test-kit.js';
import { expectHttpError } from './platform-test-kit.js';

/**
 * What real clients (lark-openapi-mcp, the SDK) found missing, driven through the SDK's own client: chat
 * history and recall, chats and members, users, images, and unknown paths (docs/emulator.md).
 */
describe('emulator IM and contact fidelity', () => {
  let emu: ImTestEmulator | undefined;
  let clock: FakeClock;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  async function setUp(): Promise<ImTestEmulator> {
    clock = makeFakeClock();
    emu = await startImEmulator({ clock: clock.now, rateLimits: false }, (seed) => ({
      ...seed,
      users: seed.users.map((user) =>
        user.open_id === 'ou_alice'
          ? { ...user, email: 'alice@example.com', mobile: '+8613800000000' }
          : user,
      ),
    }));
    return emu;
  }

  async function send(target: ImTestEmulator, chatId: string, text: string): Promise<string> {
    const sent = await target.newClient().im.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: chatId, msg_type: 'text', content: JSON.stringify({ text }) },
    });
    return sent.data?.message_id as string;
  }

  describe('GET im/v1/messages (chat history)', () => {
    it('pages a chat oldest first, with has_more and page_token, and newest first on ByCreateTimeDesc', async () => {
      const target = await setUp();
      for (const text of ['one', 'two', 'three']) {
        await send(target, 'oc_requests', text);
        clock.advance(1000);
      }
      const client = target.newClient();
      const first = await client.im.message.list({
        params: { container_id_type: 'chat', container_id: 'oc_requests', page_size: 2 },
      });
      expect(first.data?.items?.map((m) => JSON.parse(m.body?.content ?? '{}').text)).toEqual(['one', 'two']);
      expect(first.data?.has_more).toBe(true);
      const second = await client.im.message.list({
        params: {
          container_id_type: 'chat',
          container_id: 'oc_requests',
          page_size: 2,
          page_token: first.data?.page_token as string,
        },
      });
      expect(second.data?.items?.map((m) => JSON.parse(m.body?.content ?? '{}').text)).toEqual(['three']);
      expect(second.data?.has_more).toBe(false);

      const desc = await client.im.message.list({
        params: { container_id_type: 'chat', container_id: 'oc_requests', sort_type: 'ByCreateTimeDesc' },
      });
      expect(desc.data?.items?.map((m) => JSON.parse(m.body?.content ?? '{}').text)).toEqual([
        'three',
        'two',
        'one',
      ]);
      expect(desc.data?.items?.[0]).toMatchObject({
        msg_type: 'text',
        chat_id: 'oc_requests',
        deleted: false,
      });
    });

    it('filters by start_time and end_time in seconds, and walks pages with listWithIterator', async () => {
      const target = await setUp();
      const start = clock.now();
      for (const text of ['a', 'b', 'c', 'd']) {
        await send(target, 'oc_requests', text);
        clock.advance(10_000);
      }
      const client = target.newClient();
      const window = await client.im.message.list({
        params: {
          container_id_type: 'chat',
          container_id: 'oc_requests',
          start_time: String(start / 1000 + 10),
          end_time: String(start / 1000 + 20),
        },
      });
      expect(window.data?.items?.map((m) => JSON.parse(m.body?.content ?? '{}').text)).toEqual(['b', 'c']);

      const seen: string[] = [];
      for await (const page of await client.im.message.listWithIterator({
        params: { container_id_type: 'chat', container_id: 'oc_requests', page_size: 1 },
      })) {
        for (const item of page?.items ?? []) seen.push(JSON.parse(item.body?.content ?? '{}').text);
      }
      expect(seen).toEqual(['a', 'b', 'c', 'd']);
    });

    it('refuses a page size over 50 (400/99992402), a chat without the bot (230002) and threads (230001)', async () => {
      const target = await setUp();
      const client = target.newClient();
      const tooBig = await expectHttpError(() =>
        client.im.message.list({
          params: { container_id_type: 'chat', container_id: 'oc_requests', page_size: 51 },
        }),
      );
      expect(tooBig.status).toBe(400);
      expect(tooBig.data).toMatchObject({ code: 99992402 });
      const noBot = await expectHttpError(() =>
        client.im.message.list({ params: { container_id_type: 'chat', container_id: 'oc_nobot' } }),
      );
      expect(noBot.data).toMatchObject({ code: 230002 });
      const thread = await expectHttpError(() =>
        client.im.message.list({ params: { container_id_type: 'thread', container_id: 'omt_1' } }),
      );
      expect(thread.data).toMatchObject({ code: 230001 });
    });
  });

  describe('DELETE im/v1/messages/:id (recall)', () => {
    it("recalls the app's own message: it stays in the history, deleted, and can no longer be patched", async () => {
      const target = await setUp();
      const id = await send(target, 'oc_requests', 'oops');
      const client = target.newClient();
      expect((await client.im.message.delete({ path: { message_id: id } })).code).toBe(0);
      const got = await client.im.message.get({ path: { message_id: id } });
      expect(got.data?.items?.[0]?.deleted).toBe(true);
      expect(got.data?.items?.[0]?.body?.content).not.toContain('oops');
      const [listed] = (await target.history('oc_requests')).filter((m) => m.message_id === id);
      expect(listed).toMatchObject({ deleted: true });
      const again = await expectHttpError(() => client.im.message.delete({ path: { message_id: id } }));
      expect(again.data).toMatchObject({ code: 230011 });
      const patch = await expectHttpError(() =>
        client.im.message.patch({ path: { message_id: id }, data: { content: '{}' } }),
      );
      expect(patch.data).toMatchObject({ code: 230011 });
    });

    it("refuses someone else's message (230026), one older than a day (230009) and an unknown id (230001)", async () => {
      const target = await setUp();
      const client = target.newClient();
      const posted = await target.control<{ message_id: string }>('POST', '/chats/oc_requests/messages', {
        from: 'ou_alice',
        text: 'mine',
      });
      const theirs = await expectHttpError(() =>
        client.im.message.delete({ path: { message_id: posted.body.message_id } }),
      );
      expect(theirs.data).toMatchObject({ code: 230026 });
      const unknown = await expectHttpError(() =>
        client.im.message.delete({ path: { message_id: 'om_nope' } }),
      );
      expect(unknown.data).toMatchObject({ code: 230001 });
      const old = await send(target, 'oc_requests', 'old');
      clock.advance(24 * 60 * 60 * 1000 + 1);
      // The old tenant token has expired by now: a fresh client fetches another.
      const later = target.newClient();
      const late = await expectHttpError(() => later.im.message.delete({ path: { message_id: old } }));
      expect(late.data).toMatchObject({ code: 230009 });
    });
  });

  describe('im/v1/chats', () => {
    it('lists only the groups the bot is in, and reads one with its counts', async () => {
      const target = await setUp();
      const client = target.newClient();
      const list = await client.im.chat.list({});
      expect(list.data?.items?.map((chat) => chat.chat_id)).toEqual(['oc_requests']);
      expect(list.data?.items?.[0]).toMatchObject({
        name: 'requests',
        owner_id: 'ou_alice',
        external: false,
      });
      const chat = await client.im.chat.get({ path: { chat_id: 'oc_requests' } });
      expect(chat.data).toMatchObject({
        name: 'requests',
        chat_mode: 'group',
        user_count: '4',
        bot_count: '1',
      });
      const outside = await expectHttpError(() => client.im.chat.get({ path: { chat_id: 'oc_nobot' } }));
      expect(outside.data).toMatchObject({ code: 232011 });
      const unknown = await expectHttpError(() => client.im.chat.get({ path: { chat_id: 'oc_unknown' } }));
      expect(unknown.data).toMatchObject({ code: 232006 });
    });

    it('pages a chat’s members by the id type asked, without the bot', async () => {
      const target = await setUp();
      const client = target.newClient();
      const first = await client.im.chatMembers.get({
        path: { chat_id: 'oc_requests' },
        params: { member_id_type: 'user_id', page_size: 2 },
      });
      expect(first.data?.items?.map((m) => [m.member_id, m.name])).toEqual([
        ['alice01', 'Alice'],
        [expect.any(String), 'Bob'],
      ]);
      expect(first.data).toMatchObject({ has_more: true, member_total: 4 });
      const rest = await client.im.chatMembers.get({
        path: { chat_id: 'oc_requests' },
        params: { member_id_type: 'user_id', page_size: 2, page_token: first.data?.page_token as string },
      });
      expect(rest.data?.items?.map((m) => m.name)).toEqual(['Ann', 'Ann Lee']);
      const outside = await expectHttpError(() =>
        client.im.chatMembers.get({ path: { chat_id: 'oc_nobot' } }),
      );
      expect(outside.data).toMatchObject({ code: 232011 });
    });
  });

  describe('contact/v3/users', () => {
    it('reads a seed user by any id type; an unknown id is 41050', async () => {
      const target = await setUp();
      const client = target.newClient();
      const byOpenId = await client.contact.user.get({ path: { user_id: 'ou_alice' } });
      expect(byOpenId.data?.user).toMatchObject({
        open_id: 'ou_alice',
        user_id: 'alice01',
        union_id: 'on_alice',
        name: 'Alice',
        email: 'alice@example.com',
      });
      const byUserId = await client.contact.user.get({
        path: { user_id: 'alice01' },
        params: { user_id_type: 'user_id' },
      });
      expect(byUserId.data?.user?.open_id).toBe('ou_alice');
      const unknown = await expectHttpError(() =>
        client.contact.user.get({ path: { user_id: 'ou_nobody' } }),
      );
      expect(unknown.data).toMatchObject({ code: 41050 });
    });

    it('batch_get_id finds people by e-mail and mobile, and lists the ones it does not know without an id', async () => {
      const target = await setUp();
      const found = await target.newClient().contact.user.batchGetId({
        data: { emails: ['ALICE@example.com', 'nobody@example.com'], mobiles: ['+8613800000000'] },
        params: { user_id_type: 'user_id' },
      });
      expect(found.data?.user_list).toEqual([
        expect.objectContaining({ user_id: 'alice01', email: 'ALICE@example.com' }),
        { email: 'nobody@example.com' },
        expect.objectContaining({ user_id: 'alice01', mobile: '+8613800000000' }),
      ]);
    });
  });

  describe('images and unknown paths', () => {
    it('uploads an image (multipart) and sends it as an image message; an unknown image_key is 230001', async () => {
      const target = await setUp();
      const client = target.newClient();
      const uploaded = await client.im.image.create({
        data: { image_type: 'message', image: Buffer.from('\x89PNG fake image bytes') },
      });
      const imageKey = uploaded?.image_key as string;
      expect(imageKey).toMatch(/^img_v2_/);
      const sent = await client.im.message.create({
        params: { receive_id_type: 'chat_id' },
        data: {
          receive_id: 'oc_requests',
          msg_type: 'image',
          content: JSON.stringify({ image_key: imageKey }),
        },
      });
      expect(sent.data?.msg_type).toBe('image');
      const unknown = await expectHttpError(() =>
        client.im.message.create({
          params: { receive_id_type: 'chat_id' },
          data: {
            receive_id: 'oc_requests',
            msg_type: 'image',
            content: JSON.stringify({ image_key: 'img_v2_x' }),
          },
        }),
      );
      expect(unknown.data).toMatchObject({ code: 230001 });
    });

    it('answers an unknown path as such before reading its (multipart) body', async () => {
      const target = await setUp();
      const form = new FormData();
      form.append('file_type', 'stream');
      form.append('file', new Blob([Buffer.from('bytes')]), 'a.bin');
      const response = await fetch(`${target.emulator.url}/open-apis/im/v1/files`, {
        method: 'POST',
        body: form,
      });
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ code: 99991201, msg: 'path not found' });
      const wrongMethod = await fetch(`${target.emulator.url}/open-apis/im/v1/messages`, {
        method: 'PUT',
        body: form,
      });
      expect(await wrongMethod.json()).toMatchObject({ code: 99991301 });
    });
  });
});
