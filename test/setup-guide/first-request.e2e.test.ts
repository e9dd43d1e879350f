import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '../../emulator/create-emulator.js';
import { type EmulatorSeed, loadSeedFile } from '../../emulator/seed.js';
import { runRollbackDrill } from '../../src/app/drills/run-rollback-drill.js';
import { createDrillDeps } from '../../src/main/create-drill-deps.js';
import { createRuntime, type Runtime } from '../../src/main/create-runtime.js';
import { registerInitCommand } from '../../src/main/init-command.js';
import { type RunningServe, startServe } from '../../src/main/start-serve.js';
import { type RunningWorker, startWorker } from '../../src/main/start-worker.js';
import { getFreePort } from '../../src/platform/get-free-port.js';
import { useRedisServer } from '../helpers/redis.js';
import { runCommand } from '../helpers/run-command.js';

// The end of docs/setup-lark-app.md (step 10): a config made only by `larkgate init` runs serve and worker;
// until a rollback drill has passed an L2 base refuses requests (saying what to run), after one a request
// in the requests chat gets its dry-run diff card.
const redis = await useRedisServer({ aof: true });
const CONFIG_DIR = join(import.meta.dirname, '../../config');

let seed: EmulatorSeed;
let emulator: Emulator;
let runtime: Runtime | undefined;
let serve: RunningServe | undefined;
let worker: RunningWorker | undefined;

beforeAll(async () => {
  seed = await loadSeedFile(join(CONFIG_DIR, 'emulator/demo-seed.yaml'));
  const port = await getFreePort();
  emulator = await startEmulator(seed, {
    eventUrl: `http://127.0.0.1:${port}/lark/events`,
    cardUrl: `http://127.0.0.1:${port}/lark/card`,
  });
  const dir = await mkdtemp(join(tmpdir(), 'larkgate-first-'));
  const made = await runCommand(
    (program, setExit, output) => registerInitCommand(program, setExit, output, null),
    [
      'init',
      '--dir',
      join(dir, 'config'),
      '--app-id',
      seed.app.app_id,
      '--domain',
      emulator.url,
      '--var-dir',
      join(dir, 'var'),
      '--redis-url',
      redis.url,
      '--requests-chat',
      'oc_requests',
      '--audit-chat',
      'oc_audit',
      '--base',
      'crm=CrmDemoBaseToken0000000000A:Tasks',
      '--sandbox',
      'sandbox=SbxDemoBaseToken0000000000C:Scratch',
      '--approver',
      'ou_bob',
      '--approver',
      'ou_carol',
    ],
  );
  expect(made.code).toBe(0);
  runtime = await createRuntime({
    configPath: join(dir, 'config/larkgate.yaml'),
    role: 'serve',
    env: {
      LARK_APP_SECRET: seed.app.app_secret,
      LARK_ENCRYPT_KEY: seed.app.encrypt_key,
      LARK_VERIFICATION_TOKEN: seed.app.verification_token,
    },
    logger: pino({ level: 'silent' }),
  });
  worker = await startWorker(runtime);
  serve = await startServe(runtime, { port, host: '127.0.0.1' });
}, 120_000);

afterAll(async () => {
  await serve?.close();
  await worker?.close();
  await runtime?.close();
  await emulator?.close();
});

type ChatItem = { message_id: string; parent_id?: string; msg_type: string; content: unknown };

async function call(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${emulator.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await response.json()) as Record<string, unknown>;
}

/** Alice asks in the requests chat; the bot's answer in the thread, once it is there. */
async function ask(text: string): Promise<ChatItem> {
  const asked = await call('POST', '/__emulator/chats/oc_requests/messages', { from: 'ou_alice', text });
  const deadline = Date.now() + 60_000;
  for (;;) {
    const items = (await call('GET', '/__emulator/chats/oc_requests/messages')).items as ChatItem[];
    const reply = items.find((item) => item.parent_id === asked.message_id);
    if (reply) return reply;
    if (Date.now() > deadline) throw new Error(`no answer to ${text}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a tenant set up with larkgate init', () => {
  it('refuses a request on the L2 base until a drill has passed, saying what to run', async () => {
    const reply = await ask('@Larkgate update crm/Tasks recTask0001 Status=Done');

    expect(reply.msg_type).toBe('text');
    expect(JSON.stringify(reply.content)).toContain('larkgate drill --once');
  });

  it('after a drill on the sandbox, answers a change request with its dry-run diff card', async () => {
    const drill = await runRollbackDrill(
      { trigger: 'setup guide' },
      await createDrillDeps(runtime as Runtime),
    );
    expect(drill.passed).toBe(true);
    // The guard reads drill evidence through a 2 s cache (src/app/drills/create-drill-evidence.ts), and the
    // refusal above filled it moments ago.
    await new Promise((resolve) => setTimeout(resolve, 2_100));

    const reply = await ask('@Larkgate update crm/Tasks recTask0002 Status=Done');

    expect(reply.msg_type).toBe('interactive');
    const text = JSON.stringify(reply.content);
    expect(text).toContain('recTask0002');
    expect(text).toMatch(/dry.run/i);
  });

  it('refuses to serve a second time on the port the first holds: the listen fails, nothing claims port 0', async () => {
    await expect(
      startServe(runtime as Runtime, { port: serve?.port ?? 0, host: '127.0.0.1' }),
    ).rejects.toMatchObject({
      code: 'EADDRINUSE',
      port: serve?.port,
    });
  });
});
