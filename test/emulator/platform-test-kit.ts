import { fileURLToPath } from 'node:url';
import * as lark from '@larksuiteoapi/node-sdk';
import { type Emulator, type StartEmulatorOptions, startEmulator } from '../../emulator/create-emulator.js';
import { type EmulatorSeed, loadSeedFile } from '../../emulator/seed.js';

export const BASE_SEED_PATH = fileURLToPath(new URL('../fixtures/emulator/base-seed.yaml', import.meta.url));
export const CRM = 'bascnCRMtestBaseToken000001';
export const TASKS = 'tblTasks00000001';

/** A token cache private to one client: the SDK's default cache is shared by every client of an appId. */
export function makeTokenCache(): lark.Cache {
  const namespaces = new Map<string, Map<string | symbol | symbol, { value: unknown; expiresAt: number }>>();
  const space = (options?: { namespace?: string }) => {
    const name = options?.namespace ?? '';
    const found = namespaces.get(name) ?? new Map();
    namespaces.set(name, found);
    return found;
  };
  return {
    async get(key, options) {
      const hit = space(options).get(key);
      return hit && hit.expiresAt > Date.now() ? hit.value : undefined;
    },
    async set(key, value, expiresAt, options) {
      space(options).set(key, { value, expiresAt: expiresAt ?? Number.POSITIVE_INFINITY });
      return true;
    },
  };
}

/** The SDK logs every failed call before throwing; the tests assert on the errors instead. */
export const QUIET_LOGGER = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

export function makeClient(url: string, seed: EmulatorSeed, appSecret = seed.app.app_secret): lark.Client {
  return new lark.Client({
    appId: seed.app.app_id,
    appSecret,
    domain: url,
    cache: makeTokenCache(),
    loggerLevel: lark.LoggerLevel.error,
    logger: QUIET_LOGGER,
  });
}

export type TestEmulator = {
  emulator: Emulator;
  seed: EmulatorSeed;
  client: lark.Client;
  /** Raw call with a fresh tenant token (or the given headers), for what the SDK hides. */
  call(
    method: string,
    path: string,
    init?: { body?: unknown; headers?: Record<string, string> },
  ): Promise<RawResponse>;
  token(): Promise<string>;
  close(): Promise<void>;
};

export type RawResponse = {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { code?: number };
};

export async function startTestEmulator(options: StartEmulatorOptions = {}): Promise<TestEmulator> {
  const seed = await loadSeedFile(BASE_SEED_PATH);
  const emulator = await startEmulator(seed, options);
  async function token(): Promise<string> {
    const response = await fetch(`${emulator.url}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: seed.app.app_id, app_secret: seed.app.app_secret }),
    });
    return ((await response.json()) as { tenant_access_token: string }).tenant_access_token;
  }
  let cachedToken: string | undefined;
  return {
    emulator,
    seed,
    client: makeClient(emulator.url, seed),
    token,
    async call(method, path, init = {}) {
      let headers = init.headers ?? (path.startsWith('/__emulator') ? {} : undefined);
      if (headers === undefined) {
        cachedToken ??= await token();
        headers = { authorization: `Bearer ${cachedToken}` };
      }
      const response = await fetch(`${emulator.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        ...(init.body === undefined
          ? {}
          : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
      });
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
    },
    close: () => emulator.close(),
  };
}

/** Runs `action` expecting the SDK to throw an AxiosError; returns its response. */
export async function expectHttpError(
  action: () => Promise<unknown>,
): Promise<{ status: number; data: { code: number; msg: string }; headers: Record<string, string> }> {
  try {
    await action();
  } catch (error) {
    const response = (error as { response?: { status: number; data: never; headers: never } }).response;
    if (response) return response;
    throw error;
  }
  throw new Error('expected the call to fail with an HTTP error');
}
