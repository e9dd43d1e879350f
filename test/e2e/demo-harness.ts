import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { buildMessageReceiveEvent } from '../../emulator/events/build-message-receive-event.js';
import { type Demo, type DemoOptions, startDemo } from '../../src/main/start-demo.js';

export type ChatItem = {
  message_id: string;
  sender: string;
  msg_type: string;
  content: Record<string, unknown>;
  update_count: number;
  parent_id?: string | null;
};

export type Harness = Demo & {
  logs: string[];
  say(chatId: string, from: string, text: string): Promise<{ message_id: string }>;
  messages(chatId: string): Promise<ChatItem[]>;
  click(
    messageId: string,
    from: string,
    value: Record<string, unknown>,
    force?: boolean,
  ): Promise<{ status: number; body: { toast?: { type: string; content: string } } }>;
  /** A person clicks the button with this label on the card. */
  clickButton(
    messageId: string,
    from: string,
    label: string,
  ): Promise<{ status: number; body: { toast?: { type: string; content: string } } }>;
  waitFor<T>(
    what: string,
    probe: () => Promise<T | undefined | null | false>,
    timeoutMs?: number,
  ): Promise<T>;
  /** The bot's card replying to a user message, once it appears. */
  cardReplyTo(chatId: string, messageId: string): Promise<ChatItem>;
  textReplyTo(chatId: string, messageId: string): Promise<string>;
  /** The Lark API calls the emulator received, oldest first. */
  requests(): Promise<{ method: string; path: string; status: number | null }[]>;
  base(appToken: string): Promise<{
    tables: { name: string; records: { record_id: string; fields: Record<string, unknown> }[] }[];
  }>;
};

/** The whole demo (real Redis, emulator, bot, workers) in a temp folder, with helpers to act as users. */
export async function startHarness(options: Partial<DemoOptions> = {}): Promise<Harness> {
  const dir = await mkdtemp(join(tmpdir(), 'larkgate-e2e-'));
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const demo = await startDemo({
    dir,
    logDestination: destination,
    logLevel: 'debug',
    emulator: { eventRetryScheduleMs: [500, 1_000, 2_000], rateLimits: true },
    worker: { maintenanceEveryMs: 1_000, requeueAfterMs: 2_000, reconcileDelayMs: 200 },
    ...options,
  });
  const url = demo.info.emulator;
  // biome-ignore lint/suspicious/noExplicitAny: the control API's JSON, typed by each helper below
  const call = async (method: string, path: string, body?: unknown): Promise<any> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = await response.json();
    if (response.status >= 400)
      throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  const harness: Harness = {
    ...demo,
    logs,
    say: (chatId, from, text) => call('POST', `/__emulator/chats/${chatId}/messages`, { from, text }),
    messages: async (chatId) => (await call('GET', `/__emulator/chats/${chatId}/messages`)).items,
    click: (messageId, from, value, force) =>
      call('POST', `/__emulator/messages/${messageId}/actions`, { from, value, ...(force ? { force } : {}) }),
    clickButton: (messageId, from, label) =>
      call('POST', `/__emulator/messages/${messageId}/actions`, { from, button: label }),
    async waitFor(what, probe, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await probe();
        if (value) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    cardReplyTo(chatId, messageId) {
      return harness.waitFor(`a card replying to ${messageId}`, async () =>
        (await harness.messages(chatId)).find(
          (item) => item.parent_id === messageId && item.msg_type === 'interactive',
        ),
      );
    },
    async textReplyTo(chatId, messageId) {
      const item = await harness.waitFor(`a text reply to ${messageId}`, async () =>
        (await harness.messages(chatId)).find(
          (candidate) => candidate.parent_id === messageId && candidate.msg_type === 'text',
        ),
      );
      return String(item.content.text);
    },
    base: (appToken) => call('GET', `/__emulator/bases/${appToken}`),
    requests: async () => (await call('GET', '/__emulator/requests')).items,
  };
  return harness;
}

/** The value of the card's button with this action (approve, reject…). */
export function buttonValue(card: ChatItem, action: string): Record<string, unknown> {
  const found: Record<string, unknown>[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const behaviors = (node as { behaviors?: { value?: Record<string, unknown> }[] }).behaviors;
      for (const behavior of behaviors ?? [])
        if (behavior.value?.action === action) found.push(behavior.value);
      Object.values(node).forEach(walk);
    }
  };
  walk(card.content);
  const value = found[0];
  if (!value) throw new Error(`no ${action} button on the card`);
  return value;
}

export function cardText(card: ChatItem): string {
  return JSON.stringify(card.content);
}

/** Reads the current version of one chat message. */
export async function currentMessage(h: Harness, chatId: string, messageId: string): Promise<ChatItem> {
  const item = (await h.messages(chatId)).find((candidate) => candidate.message_id === messageId);
  if (!item) throw new Error(`no message ${messageId} in ${chatId}`);
  return item;
}

/** Waits until the card's text contains `text`. */
export function waitForCard(
  h: Harness,
  chatId: string,
  messageId: string,
  text: string,
  timeoutMs?: number,
): Promise<ChatItem> {
  return h.waitFor(
    `card ${messageId} to show "${text}"`,
    async () => {
      const item = await currentMessage(h, chatId, messageId);
      return cardText(item).includes(text) ? item : undefined;
    },
    timeoutMs,
  );
}

/** The record as the emulator holds it now (read shape). */
export async function recordOf(
  h: Harness,
  appToken: string,
  table: string,
  recordId: string,
): Promise<Record<string, unknown> | undefined> {
  const base = await h.base(appToken);
  return base.tables
    .find((candidate) => candidate.name === table)
    ?.records.find((record) => record.record_id === recordId)?.fields;
}

export function tokenOf(h: Harness, alias: string): string {
  const base = h.info.bases.find((candidate) => candidate.alias === alias);
  if (!base) throw new Error(`no base ${alias}`);
  return base.app_token;
}

/** Alice's `im.message.receive_v1` mentioning the bot in the requests chat, as Lark builds it (unsealed). */
export function demoMessageEvent(h: Harness, text: string, messageId: string) {
  const app = h.seed.app;
  return buildMessageReceiveEvent(
    { appId: app.app_id, tenantKey: app.tenant_key, verificationToken: app.verification_token },
    {
      messageId,
      chatId: 'oc_requests',
      chatType: 'group',
      content: JSON.stringify({ text: `@_user_1 ${text}` }),
      createTime: Date.now(),
      sender: { openId: 'ou_alice', unionId: 'on_alice', userId: 'alice' },
      mentions: [
        { key: '@_user_1', name: 'Larkgate', ids: { openId: app.bot_open_id, unionId: '', userId: '' } },
      ],
    },
    Date.now(),
  );
}
