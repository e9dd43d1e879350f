import * as lark from '@larksuiteoapi/node-sdk';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import {
  decryptPush,
  expectedSignature,
  type ImTestEmulator,
  type Receiver,
  SILENT_LOGGER,
  startImEmulator,
  startReceiver,
  startServer,
  waitFor,
} from './im-test-kit.js';

type Envelope = {
  schema: string;
  header: Record<string, string>;
  event: {
    sender: Record<string, unknown>;
    message: Record<string, unknown> & { content: string; mentions?: unknown[] };
  };
};

describe('emulator event pushes (im.message.receive_v1)', () => {
  let emu: ImTestEmulator | undefined;
  let receiver: Omit<Receiver, 'pushes'> | undefined;
  afterEach(async () => {
    await emu?.close();
    await receiver?.close();
    emu = undefined;
    receiver = undefined;
  });

  async function post(chatId: string, from: string, text: string) {
    const res = await emu?.control<{ message_id: string; event_id: string | null }>(
      'POST',
      `/chats/${chatId}/messages`,
      { from, text },
    );
    if (!res) throw new Error('no emulator');
    return res;
  }

  it('pushes a group @mention of the bot, encrypted and signed over the exact body bytes', async () => {
    const bot = await startReceiver((_push, res) => res.writeHead(200).end('{}'));
    receiver = bot;
    emu = await startImEmulator({ eventUrl: bot.url });
    const { app } = emu.seed;

    const posted = await post('oc_requests', 'ou_alice', '@Larkgate update crm/Tasks recAbc Status=Done');
    expect(posted.status).toBe(200);
    const [push] = await waitFor(
      () => bot.pushes,
      (p) => p.length === 1,
    );
    if (!push) throw new Error('no push');

    const raw = push.raw.toString('utf8');
    expect(raw).toMatch(/^\{"encrypt":"[A-Za-z0-9+/=]+"\}$/);
    expect(push.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(push.headers['x-lark-request-timestamp']).toMatch(/^\d{10}$/);
    expect(push.headers['x-lark-request-nonce']).toBeTruthy();
    expect(push.headers['x-lark-signature']).toBe(expectedSignature(push, app.encrypt_key));
    expect(push.headers['x-lark-signature']).not.toBe(expectedSignature(push, 'another key'));

    const envelope = decryptPush(push, app.encrypt_key) as Envelope;
    expect(envelope).toEqual({
      schema: '2.0',
      header: {
        event_id: posted.body.event_id,
        event_type: 'im.message.receive_v1',
        create_time: expect.stringMatching(/^\d{13}$/),
        token: app.verification_token,
        app_id: app.app_id,
        tenant_key: app.tenant_key,
      },
      event: {
        sender: {
          sender_id: { union_id: 'on_alice', user_id: 'alice01', open_id: 'ou_alice' },
          sender_type: 'user',
          tenant_key: app.tenant_key,
        },
        message: {
          message_id: posted.body.message_id,
          create_time: expect.stringMatching(/^\d{13}$/),
          update_time: expect.stringMatching(/^\d{13}$/),
          chat_id: 'oc_requests',
          chat_type: 'group',
          message_type: 'text',
          content: JSON.stringify({ text: '@_user_1 update crm/Tasks recAbc Status=Done' }),
          mentions: [
            {
              key: '@_user_1',
              id: { union_id: expect.stringMatching(/^on_/), user_id: '', open_id: app.bot_open_id },
              name: 'Larkgate',
              tenant_key: app.tenant_key,
            },
          ],
        },
      },
    });

    const history = await emu.history('oc_requests');
    expect(history).toMatchObject([
      { message_id: posted.body.message_id, sender: 'ou_alice', sender_type: 'user', msg_type: 'text' },
    ]);
    expect(history[0]?.text).toBe('@Larkgate update crm/Tasks recAbc Status=Done');
    expect(await emu.deliveries()).toMatchObject([
      {
        event_id: posted.body.event_id,
        event_type: 'im.message.receive_v1',
        attempt: 1,
        status: 200,
        error: null,
      },
    ]);
  });

  it('pushes every one-to-one message but only @mentions of the bot in groups, and nothing where the bot is absent', async () => {
    const bot = await startReceiver((_push, res) => res.writeHead(200).end());
    receiver = bot;
    emu = await startImEmulator({ eventUrl: bot.url });
    const key = emu.seed.app.encrypt_key;

    const chatter = await post('oc_requests', 'ou_bob', 'lunch? @Ann Lee');
    const absent = await post('oc_nobot', 'ou_alice', '@Larkgate are you there?');
    const direct = await post('oc_dm_alice', 'ou_alice', 'status req_1');
    const mention = await post('oc_requests', 'ou_ann', '@Ann Lee and @Larkgate: get crm/Tasks recAbc');
    expect([chatter.body.event_id, absent.body.event_id]).toEqual([null, null]);

    await waitFor(
      () => bot.pushes,
      (p) => p.length === 2,
    );
    const messages = bot.pushes.map((p) => (decryptPush(p, key) as Envelope).event.message);
    const byId = new Map(messages.map((m) => [m.message_id, m]));
    expect(byId.get(direct.body.message_id)).toMatchObject({
      chat_type: 'p2p',
      chat_id: 'oc_dm_alice',
      content: JSON.stringify({ text: 'status req_1' }),
    });
    expect(byId.get(direct.body.message_id)?.mentions).toBeUndefined();
    expect(byId.get(mention.body.message_id)).toMatchObject({
      chat_type: 'group',
      content: JSON.stringify({ text: '@_user_1 and @_user_2: get crm/Tasks recAbc' }),
      mentions: [
        { key: '@_user_1', name: 'Ann Lee', id: { open_id: 'ou_annlee' } },
        { key: '@_user_2', name: 'Larkgate', id: { open_id: 'ou_larkgate_bot' } },
      ],
    });
    // Nothing else arrives, and both unpushed messages still sit in their chats' history.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(bot.pushes).toHaveLength(2);
    expect((await emu.history('oc_requests')).map((m) => m.message_id)).toEqual([
      chatter.body.message_id,
      mention.body.message_id,
    ]);
    expect((await emu.history('oc_nobot')).map((m) => m.message_id)).toEqual([absent.body.message_id]);
  });

  it.each([
    ['unknown chat', 'oc_missing', 'ou_alice', 'hi', 404],
    ['unknown user', 'oc_requests', 'ou_nobody', 'hi', 400],
    ['not a member', 'oc_requests', 'ou_mallory', 'hi', 403],
    ['empty text', 'oc_requests', 'ou_alice', '  ', 400],
  ])('refuses a control post from an %s', async (_name, chatId, from, text, status) => {
    emu = await startImEmulator();
    const res = await post(chatId, from, text);
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: expect.any(String) });
  });

  it("is accepted by the SDK's own EventDispatcher through adaptDefault, and refused under the wrong encrypt key", async () => {
    const seen: Record<string, unknown>[] = [];
    emu = await startImEmulator();
    const { app } = emu.seed;
    const dispatcher = new lark.EventDispatcher({
      encryptKey: app.encrypt_key,
      verificationToken: app.verification_token,
      logger: SILENT_LOGGER,
    }).register({
      'im.message.receive_v1': async (data) => {
        seen.push(data as unknown as Record<string, unknown>);
        return { ok: true };
      },
    });
    const server = await startServer(
      lark.adaptDefault('/lark/events', dispatcher, { autoChallenge: true }),
      '/lark/events',
    );
    receiver = server;
    await emu.close();
    emu = await startImEmulator({ eventUrl: server.url });

    const posted = await post('oc_dm_alice', 'ou_alice', 'help');
    await waitFor(
      () => seen,
      (s) => s.length === 1,
    );
    expect(seen[0]).toMatchObject({
      event_id: posted.body.event_id,
      event_type: 'im.message.receive_v1',
      token: app.verification_token,
      sender: { sender_id: { open_id: 'ou_alice' } },
      message: { message_id: posted.body.message_id, content: '{"text":"help"}' },
    });
    await waitFor(
      () => emu?.deliveries() ?? [],
      (d) => d.length === 1,
    );

    // Control: a dispatcher holding another key rejects the same kind of push (the SDK answers an empty 200).
    // Without autoChallenge, because the SDK's challenge probe throws on a body it cannot decrypt.
    const strangers: unknown[] = [];
    const wrong = new lark.EventDispatcher({ encryptKey: 'not-the-key', logger: SILENT_LOGGER }).register({
      'im.message.receive_v1': async (data) => {
        strangers.push(data);
      },
    });
    const other = await startServer(lark.adaptDefault('/lark/events', wrong), '/lark/events');
    const second = await startImEmulator({ eventUrl: other.url });
    try {
      await second.control('POST', '/chats/oc_dm_alice/messages', { from: 'ou_alice', text: 'help' });
      await waitFor(
        () => second.deliveries(),
        (d) => d.length === 1,
      );
      expect(strangers).toEqual([]);
    } finally {
      await second.close();
      await other.close();
    }
  });

  it("is refused by the SDK's EventDispatcher when one byte of X-Lark-Signature is flipped, under the right key", async () => {
    const seen: unknown[] = [];
    emu = await startImEmulator();
    const { app } = emu.seed;
    const dispatcher = new lark.EventDispatcher({
      encryptKey: app.encrypt_key,
      logger: SILENT_LOGGER,
    }).register({
      'im.message.receive_v1': async (data) => {
        seen.push(data);
        return { handled: true };
      },
    });
    const handle = lark.adaptDefault('/lark/events', dispatcher, { autoChallenge: true });
    const answers: string[] = [];
    // A man in the middle: the body and the other headers pass untouched; the signature's last hex digit changes.
    const server = await startServer((req, res) => {
      const signature = String(req.headers['x-lark-signature']);
      const last = signature.slice(-1);
      req.headers['x-lark-signature'] = `${signature.slice(0, -1)}${last === '0' ? '1' : '0'}`;
      const end = res.end.bind(res);
      res.end = ((chunk?: unknown) => {
        answers.push(chunk === undefined ? '' : String(chunk));
        return end(chunk as never);
      }) as typeof res.end;
      void handle(req, res);
    }, '/lark/events');
    receiver = server;
    await emu.close();
    emu = await startImEmulator({ eventUrl: server.url, eventRetryScheduleMs: [50] });

    await post('oc_dm_alice', 'ou_alice', 'help');
    const deliveries = await waitFor(
      () => emu?.deliveries() ?? [],
      (d) => d.length === 1 && d[0]?.status !== 0,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The handler never runs. What really happens next is the SDK failing quietly: it answers HTTP 200 with an
    // empty body (invoke returns undefined), so Lark counts the push as delivered and never re-pushes it.
    expect(seen).toEqual([]);
    expect(answers).toEqual(['']);
    expect(deliveries).toMatchObject([{ attempt: 1, status: 200, error: null }]);
    expect(await emu.deliveries()).toHaveLength(1);

    // Control: the same man in the middle passing the signature through untouched lets the handler run.
    await emu.close();
    await server.close();
    const honest = await startServer(handle, '/lark/events');
    receiver = honest;
    emu = await startImEmulator({ eventUrl: honest.url });
    await post('oc_dm_alice', 'ou_alice', 'help');
    await waitFor(
      () => seen,
      (s) => s.length === 1,
    );
  });

  it("is accepted by the SDK's adaptExpress behind express.json()", async () => {
    const seen: Record<string, unknown>[] = [];
    const encryptKey = 'im-test-encrypt-key';
    const dispatcher = new lark.EventDispatcher({ encryptKey, logger: SILENT_LOGGER }).register({
      'im.message.receive_v1': async (data) => {
        seen.push(data as unknown as Record<string, unknown>);
        return {};
      },
    });
    const app = express();
    app.post('/lark/events', express.json(), lark.adaptExpress(dispatcher, { autoChallenge: true }));
    receiver = await startServer(app, '/lark/events');
    emu = await startImEmulator({ eventUrl: receiver.url });
    expect(emu.seed.app.encrypt_key).toBe(encryptKey);

    const posted = await post('oc_requests', 'ou_bob', '@larkgate help');
    await waitFor(
      () => seen,
      (s) => s.length === 1,
    );
    expect(seen[0]).toMatchObject({ event_id: posted.body.event_id, message: { chat_type: 'group' } });
    const deliveries = await waitFor(
      () => emu?.deliveries() ?? [],
      (d) => d.length === 1,
    );
    expect(deliveries[0]?.status).toBe(200);
  });

  it('re-pushes a 500 on the schedule with the same event_id and a fresh signature each time, at most 4 times', async () => {
    const bot = await startReceiver((_push, res) => res.writeHead(500).end('boom'));
    receiver = bot;
    emu = await startImEmulator({
      eventUrl: bot.url,
      pushTimeoutMs: 1000,
      eventRetryScheduleMs: [40, 40, 40, 40],
    });
    const key = emu.seed.app.encrypt_key;

    const posted = await post('oc_dm_alice', 'ou_alice', 'status req_9');
    const deliveries = await waitFor(
      () => emu?.deliveries() ?? [],
      (d) => d.length === 5,
    );
    expect(deliveries.map((d) => [d.attempt, d.status, d.error])).toEqual(
      [1, 2, 3, 4, 5].map((n) => [n, 500, 'HTTP 500']),
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bot.pushes).toHaveLength(5);
    const envelopes = bot.pushes.map((p) => decryptPush(p, key) as Envelope);
    expect(new Set(envelopes.map((e) => e.header.event_id))).toEqual(new Set([posted.body.event_id]));
    expect(new Set(envelopes.map((e) => e.event.message.message_id))).toEqual(
      new Set([posted.body.message_id]),
    );
    expect(new Set(bot.pushes.map((p) => p.headers['x-lark-request-nonce'])).size).toBe(5);
    for (const push of bot.pushes)
      expect(push.headers['x-lark-signature']).toBe(expectedSignature(push, key));
  });

  it('counts a push unanswered within pushTimeoutMs as failed and re-pushes it', async () => {
    const bot = await startReceiver((_push, res, index) => {
      if (index > 0) res.writeHead(200).end();
    });
    receiver = bot;
    emu = await startImEmulator({ eventUrl: bot.url, pushTimeoutMs: 1000, eventRetryScheduleMs: [50] });

    const posted = await post('oc_dm_alice', 'ou_alice', 'slow');
    const deliveries = await waitFor(
      () => emu?.deliveries() ?? [],
      (d) => d.length === 2,
    );
    expect(deliveries).toMatchObject([
      { event_id: posted.body.event_id, attempt: 1, status: 0, error: 'no answer within 1000 ms' },
      { event_id: posted.body.event_id, attempt: 2, status: 200, error: null },
    ]);
    expect(deliveries[0]?.latency_ms).toBeGreaterThanOrEqual(990);
  });

  it('logs a push with nowhere to go', async () => {
    emu = await startImEmulator();
    const posted = await post('oc_dm_alice', 'ou_alice', 'hello?');
    expect(await emu.deliveries(`?event_id=${posted.body.event_id}`)).toMatchObject([
      { attempt: 1, status: 0, error: expect.stringMatching(/no event_url/) },
    ]);
  });
});
