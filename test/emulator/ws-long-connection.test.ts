import * as lark from '@larksuiteoapi/node-sdk';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type ImTestEmulator, makeCard, SILENT_LOGGER, startImEmulator, waitFor } from './im-test-kit.js';

type Received = Record<string, unknown>;
type MessageEvent = {
  event_id: string;
  event_type: string;
  message: { content: string };
  sender: { sender_id: { open_id: string } };
};
type ClickEvent = { operator: { open_id: string }; action: { value: unknown } };
type ClickReply = { status: number; error: string | null; toast: unknown; card_updated: boolean };
type EndpointReply = { code: number; data: { URL?: string; ClientConfig?: unknown } };

/**
 * Lark's long connection, driven by the SDK's own `WSClient` and `EventDispatcher` (docs/reference/lark-api.md §1.6): the
 * endpoint, protobuf frames, fragments, acks carrying the handler's answer, re-delivery and reconnects.
 */
describe('emulator long connection (WSClient)', () => {
  let emu: ImTestEmulator | undefined;
  const clients: lark.WSClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close({ force: true });
    await emu?.close();
    emu = undefined;
  });

  async function setUp(options: Parameters<typeof startImEmulator>[0] = {}): Promise<ImTestEmulator> {
    emu = await startImEmulator(
      {
        pushTimeoutMs: 1000,
        eventRetryScheduleMs: [100, 100, 100],
        wsClientConfig: { ReconnectNonce: 0, ReconnectInterval: 0.2 },
        ...options,
      },
      (seed) => ({ ...seed, bot: { transport: 'ws' } }),
    );
    return emu;
  }

  /** Starts a real WSClient with handlers for messages and card clicks; resolves once it is connected. */
  async function connect(
    target: ImTestEmulator,
    handlers: {
      message?: (data: Received) => unknown;
      card?: (data: Received) => unknown;
    },
    extra: Partial<ConstructorParameters<typeof lark.WSClient>[0]> = {},
  ): Promise<{ client: lark.WSClient; reconnected: () => number }> {
    let reconnected = 0;
    let ready: () => void = () => undefined;
    const isReady = new Promise<void>((resolve) => {
      ready = resolve;
    });
    const client = new lark.WSClient({
      appId: target.seed.app.app_id,
      appSecret: target.seed.app.app_secret,
      domain: target.emulator.url,
      loggerLevel: lark.LoggerLevel.error,
      logger: SILENT_LOGGER,
      onReady: () => ready(),
      onReconnected: () => {
        reconnected += 1;
      },
      ...extra,
    });
    clients.push(client);
    const dispatcher = new lark.EventDispatcher({
      logger: SILENT_LOGGER,
      loggerLevel: lark.LoggerLevel.error,
    });
    dispatcher.register({
      'im.message.receive_v1': async (data: Received) => handlers.message?.(data),
      'card.action.trigger': async (data: Received) => handlers.card?.(data),
    } as never);
    await client.start({ eventDispatcher: dispatcher });
    await isReady;
    return { client, reconnected: () => reconnected };
  }

  it('hands out the connection URL and client config for the right app id and secret only', async () => {
    const target = await setUp();
    const ask = (body: unknown) =>
      fetch(`${target.emulator.url}/callback/ws/endpoint`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', locale: 'zh' },
        body: JSON.stringify(body),
      }).then((response) => response.json() as Promise<EndpointReply>);

    const good = await ask({ AppID: target.seed.app.app_id, AppSecret: target.seed.app.app_secret });
    expect(good.code).toBe(0);
    expect(good.data.URL).toMatch(
      /^ws:\/\/127\.0\.0\.1:\d+\/ws\/v2\?fpid=\d+&.*device_id=\d+.*&service_id=\d+&ticket=/,
    );
    expect(good.data.ClientConfig).toEqual({
      PingInterval: 120,
      ReconnectCount: -1,
      ReconnectInterval: 0.2,
      ReconnectNonce: 0,
    });
    const bad = await ask({ AppID: target.seed.app.app_id, AppSecret: 'wrong' });
    expect(bad.code).toBe(514);
    expect(bad.data.URL).toBeUndefined();
  });

  it('delivers a chat message to the connected client, which acks it', async () => {
    const target = await setUp();
    const got: Received[] = [];
    await connect(target, { message: (data) => void got.push(data) });

    const posted = await target.control<{ event_id: string }>('POST', '/chats/oc_dm_alice/messages', {
      from: 'ou_alice',
      text: 'add Points=5 to rec1',
    });
    await waitFor(
      () => got.length,
      (n) => n === 1,
    );
    const event = got[0] as MessageEvent;
    expect(event.event_id).toBe(posted.body.event_id);
    expect(event.event_type).toBe('im.message.receive_v1');
    expect(JSON.parse(event.message.content)).toEqual({ text: 'add Points=5 to rec1' });
    expect(event.sender.sender_id.open_id).toBe('ou_alice');
    const deliveries = await waitFor(
      () => target.deliveries(`?event_id=${posted.body.event_id}`),
      (items) => items.length === 1,
    );
    expect(deliveries[0]).toMatchObject({ attempt: 1, status: 200, error: null, url: 'ws:conn_1' });
  });

  it('splits a large event into frames (sum/seq) that the SDK reassembles', async () => {
    const target = await setUp({ wsFragmentBytes: 200 });
    const got: Received[] = [];
    await connect(target, { message: (data) => void got.push(data) });
    const text = `long ${'x'.repeat(3000)} é end`;
    await target.control('POST', '/chats/oc_dm_alice/messages', { from: 'ou_alice', text });
    const [event] = await waitFor(
      () => got,
      (items) => items.length === 1,
    );
    expect(JSON.parse((event as MessageEvent).message.content).text).toBe(text);
  });

  it('keeps an event while no client is connected and delivers it once one connects', async () => {
    const target = await setUp();
    const posted = await target.control<{ event_id: string }>('POST', '/chats/oc_dm_alice/messages', {
      from: 'ou_alice',
      text: 'hello',
    });
    await waitFor(
      () => target.deliveries(),
      (items) => items.length === 1,
    );
    const got: Received[] = [];
    await connect(target, { message: (data) => void got.push(data) });
    await waitFor(
      () => got.length,
      (n) => n === 1,
    );
    const deliveries = await target.deliveries(`?event_id=${posted.body.event_id}`);
    expect(deliveries.map((d) => [d.attempt, d.status])).toEqual([
      [1, 0],
      [2, 200],
    ]);
    expect(deliveries[0]?.error).toBe('no long-connection client is connected');
  });

  it('re-delivers an event, same event_id, when the handler throws (ack code 500)', async () => {
    const target = await setUp();
    const seen: string[] = [];
    await connect(target, {
      message: (data) => {
        seen.push(String(data.event_id));
        if (seen.length === 1) throw new Error('not now');
      },
    });
    await target.control('POST', '/chats/oc_dm_alice/messages', { from: 'ou_alice', text: 'hello' });
    await waitFor(
      () => seen.length,
      (n) => n === 2,
    );
    expect(seen[1]).toBe(seen[0]);
    const deliveries = await target.deliveries();
    expect(deliveries.map((d) => [d.attempt, d.status, d.error])).toEqual([
      [1, 500, 'ack code 500'],
      [2, 200, null],
    ]);
  });

  it('sends a card click over the connection and applies the toast and card from the ack', async () => {
    const target = await setUp();
    const clicks: Received[] = [];
    await connect(target, {
      card: (data) => {
        clicks.push(data);
        return {
          toast: { type: 'success', content: 'Approved' },
          card: { type: 'raw', data: makeCard({ action: 'rollback', plan_id: 'p1' }, 'Applied') },
        };
      },
    });
    const sent = await target.newClient().im.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: 'oc_requests', msg_type: 'interactive', content: JSON.stringify(makeCard()) },
    });
    const id = sent.data?.message_id as string;
    const click = await target.control<ClickReply>('POST', `/messages/${id}/actions`, {
      from: 'ou_bob',
      button: 'Approve',
    });
    expect(click.body).toMatchObject({
      status: 200,
      error: null,
      toast: { type: 'success', content: 'Approved' },
      card_updated: true,
    });
    expect((clicks[0] as ClickEvent).operator.open_id).toBe('ou_bob');
    expect((clicks[0] as ClickEvent).action.value).toEqual({ action: 'approve', plan_id: 'p1' });
    const [card] = (await target.history('oc_requests')).filter((m) => m.message_id === id);
    expect(JSON.stringify(card?.content)).toContain('Applied');
  });

  it('answers a click with 200342 when no client is connected, and 200671 when the handler throws', async () => {
    const target = await setUp();
    const sent = await target.newClient().im.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: 'oc_requests', msg_type: 'interactive', content: JSON.stringify(makeCard()) },
    });
    const id = sent.data?.message_id as string;
    const first = await target.control<ClickReply>('POST', `/messages/${id}/actions`, {
      from: 'ou_bob',
      button: 'Approve',
    });
    expect(first.body.error).toMatch(/^200342 /);
    await connect(target, {
      card: () => {
        throw new Error('boom');
      },
    });
    const second = await target.control<ClickReply>('POST', `/messages/${id}/actions`, {
      from: 'ou_bob',
      button: 'Approve',
    });
    expect(second.body).toMatchObject({ status: 500, card_updated: false });
    expect(second.body.error).toMatch(/^200671 /);
  });

  it('answers pings with pongs: a client that wants an answer within 0.3 s of each ping keeps its connection', async () => {
    // The SDK pings at once and every PingInterval; with no inbound frame within pingTimeout it drops the socket.
    const target = await setUp({
      wsClientConfig: { PingInterval: 0.5, ReconnectNonce: 0, ReconnectInterval: 0.2 },
    });
    await connect(target, {}, { wsConfig: { pingTimeout: 0.3 } } as never);
    await new Promise((resolve) => setTimeout(resolve, 1300));
    const { body } = await target.control<{ items: Array<{ connection_id: string }> }>(
      'GET',
      '/ws/connections',
    );
    expect(body.items.map((c) => c.connection_id)).toEqual(['conn_1']);
  });

  it('the client reconnects after the emulator drops the socket, and events flow again', async () => {
    const target = await setUp();
    const got: Received[] = [];
    const { reconnected } = await connect(target, { message: (data) => void got.push(data) });
    const dropped = await target.control<{ dropped: number }>('POST', '/ws/drop');
    expect(dropped.body.dropped).toBe(1);
    await waitFor(
      () => reconnected(),
      (n) => n === 1,
    );
    const { body } = await target.control<{ items: Array<{ connection_id: string }> }>(
      'GET',
      '/ws/connections',
    );
    expect(body.items.map((c) => c.connection_id)).toEqual(['conn_2']);
    await target.control('POST', '/chats/oc_dm_alice/messages', { from: 'ou_alice', text: 'after' });
    await waitFor(
      () => got.length,
      (n) => n === 1,
    );
  });

  it('with two clients connected, each event goes to exactly one of them', async () => {
    const target = await setUp();
    const got: string[] = [];
    await connect(target, { message: () => void got.push('a') });
    await connect(target, { message: () => void got.push('b') });
    for (let i = 0; i < 6; i++) {
      await target.control('POST', '/chats/oc_dm_alice/messages', { from: 'ou_alice', text: `m${i}` });
    }
    await waitFor(
      () => got.length,
      (n) => n === 6,
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(got).toHaveLength(6);
  });

  it('a ticket opens one connection only, and an app holds at most 50 (then 1000040350)', async () => {
    const target = await setUp();
    const ask = async () =>
      (await (
        await fetch(`${target.emulator.url}/callback/ws/endpoint`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ AppID: target.seed.app.app_id, AppSecret: target.seed.app.app_secret }),
        })
      ).json()) as EndpointReply;
    const open = (url: string) =>
      new Promise<WebSocket | number>((resolve) => {
        const socket = new WebSocket(url);
        socket.once('open', () => resolve(socket));
        socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.once('error', () => undefined);
      });
    const sockets: WebSocket[] = [];
    try {
      const first = (await ask()).data.URL as string;
      const socket = await open(first);
      expect(socket).toBeInstanceOf(WebSocket);
      sockets.push(socket as WebSocket);
      expect(await open(first)).toBe(403);
      for (let i = 1; i < 50; i++) sockets.push((await open((await ask()).data.URL as string)) as WebSocket);
      expect(sockets.every((s) => s instanceof WebSocket)).toBe(true);
      expect(await ask()).toMatchObject({ code: 1000040350 });
    } finally {
      for (const socket of sockets) socket.terminate();
    }
  });
});
