import { createDecipheriv, createHash } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import { fileURLToPath } from 'node:url';
import * as lark from '@larksuiteoapi/node-sdk';
import { type Emulator, type StartEmulatorOptions, startEmulator } from '../../emulator/create-emulator.js';
import { type EmulatorSeed, loadSeedFile } from '../../emulator/seed.js';
import { makeTokenCache } from './platform-test-kit.js';

/** The SDK logs every HTTP error it throws; the tests assert on the errors instead. */
export const SILENT_LOGGER = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

export const IM_SEED_PATH = fileURLToPath(new URL('../fixtures/emulator/im-seed.yaml', import.meta.url));

/** A fixed fake clock the test moves by hand. */
export type FakeClock = { now: () => number; advance(ms: number): void };

export function makeFakeClock(start = Date.parse('2026-03-02T09:00:00Z')): FakeClock {
  let current = start;
  return {
    now: () => current,
    advance(ms) {
      current += ms;
    },
  };
}

export type ImTestEmulator = {
  emulator: Emulator;
  seed: EmulatorSeed;
  /** A real SDK client with its own token cache. */
  newClient(): lark.Client;
  control<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  history(chatId: string): Promise<HistoryItem[]>;
  deliveries(query?: string): Promise<DeliveryItem[]>;
  close(): Promise<void>;
};

export type HistoryItem = {
  message_id: string;
  sender: string;
  sender_type: 'user' | 'app';
  msg_type: string;
  content: Record<string, unknown>;
  text: string | null;
  update_count: number;
  parent_id: string | null;
};

export type DeliveryItem = {
  event_id: string;
  event_type: string;
  attempt: number;
  status: number;
  latency_ms: number;
  error: string | null;
};

export async function startImEmulator(
  options: StartEmulatorOptions = {},
  editSeed: (seed: EmulatorSeed) => EmulatorSeed = (seed) => seed,
): Promise<ImTestEmulator> {
  const seed = editSeed(await loadSeedFile(IM_SEED_PATH));
  const emulator = await startEmulator(seed, options);
  const control: ImTestEmulator['control'] = async (method, path, body) => {
    const response = await fetch(`${emulator.url}/__emulator${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as never };
  };
  return {
    emulator,
    seed,
    newClient: () =>
      new lark.Client({
        appId: seed.app.app_id,
        appSecret: seed.app.app_secret,
        domain: emulator.url,
        cache: makeTokenCache(),
        loggerLevel: lark.LoggerLevel.error,
        logger: SILENT_LOGGER,
      }),
    control,
    async history(chatId) {
      const { body } = await control<{ items: HistoryItem[] }>('GET', `/chats/${chatId}/messages`);
      return body.items;
    },
    async deliveries(query = '') {
      const { body } = await control<{ items: DeliveryItem[] }>('GET', `/deliveries${query}`);
      return body.items;
    },
    close: () => emulator.close(),
  };
}

/** One request the receiver got: headers and the exact body bytes. */
export type ReceivedPush = { url: string; headers: IncomingMessage['headers']; raw: Buffer };

export type Receiver = {
  url: string;
  pushes: ReceivedPush[];
  close(): Promise<void>;
};

/**
 * A tiny HTTP server standing in for the bot. `answer` decides each reply (it may also never reply, to stall);
 * every request's raw bytes are kept for independent checks.
 */
export async function startReceiver(
  answer: (push: ReceivedPush, res: ServerResponse, index: number) => void,
  path = '/lark/events',
): Promise<Receiver> {
  const pushes: ReceivedPush[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const push = { url: req.url ?? '', headers: req.headers, raw: Buffer.concat(chunks) };
      pushes.push(push);
      answer(push, res, pushes.length - 1);
    });
  });
  return { ...(await listen(server, path)), pushes };
}

/** Serves an arbitrary request listener (an SDK adapter, an express app) on a free loopback port. */
export async function startServer(handler: RequestListener, path: string): Promise<Omit<Receiver, 'pushes'>> {
  return listen(createServer(handler), path);
}

async function listen(server: Server, path: string): Promise<Omit<Receiver, 'pushes'>> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Recomputes Lark's signature over the raw bytes, independently of the emulator's code. */
export function expectedSignature(push: ReceivedPush, encryptKey: string): string {
  const timestamp = String(push.headers['x-lark-request-timestamp']);
  const nonce = String(push.headers['x-lark-request-nonce']);
  return createHash('sha256')
    .update(Buffer.concat([Buffer.from(timestamp + nonce + encryptKey, 'utf8'), push.raw]))
    .digest('hex');
}

/** Decrypts a push body with node:crypto: AES-256-CBC, key sha256(encryptKey), iv the first 16 bytes. */
export function decryptPush(push: ReceivedPush, encryptKey: string): Record<string, unknown> {
  const { encrypt } = JSON.parse(push.raw.toString('utf8')) as { encrypt: string };
  const blob = Buffer.from(encrypt, 'base64');
  const key = createHash('sha256').update(encryptKey, 'utf8').digest();
  const decipher = createDecipheriv('aes-256-cbc', key, blob.subarray(0, 16));
  const plain = Buffer.concat([decipher.update(blob.subarray(16)), decipher.final()]).toString('utf8');
  return JSON.parse(plain) as Record<string, unknown>;
}

/** Polls until `read` yields a value `done` accepts, or fails after `timeoutMs`. */
export async function waitFor<T>(
  read: () => Promise<T> | T,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`condition not met within ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A JSON 2.0 card with one Approve button carrying `value`. */
export function makeCard(
  value: Record<string, unknown> = { action: 'approve', plan_id: 'p1' },
  title = 'Approve write?',
) {
  return {
    schema: '2.0',
    config: { update_multi: true },
    header: { title: { tag: 'plain_text', content: title }, template: 'orange' },
    body: {
      elements: [
        { tag: 'markdown', content: '**3 records** will change' },
        {
          tag: 'button',
          name: 'approve_button',
          text: { tag: 'plain_text', content: 'Approve' },
          type: 'primary_filled',
          behaviors: [{ type: 'callback', value }],
        },
      ],
    },
  };
}
