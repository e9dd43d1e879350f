import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { type Emulator, startEmulator } from '../../emulator/create-emulator.js';
import { type EmulatorSeed, loadSeedFile } from '../../emulator/seed.js';
import { runRollbackDrill } from '../../src/app/drills/run-rollback-drill.js';
import { createDrillDeps } from '../../src/main/create-drill-deps.js';
import { createRuntime } from '../../src/main/create-runtime.js';
import { registerInitCommand } from '../../src/main/init-command.js';
import { REPO_DIR } from '../../src/main/start-demo.js';
import { getFreePort } from '../../src/platform/get-free-port.js';
import { useRedisServer } from '../helpers/redis.js';
import { runCommand } from '../helpers/run-command.js';

// docs/setup-lark-app.md step 12: two `serve` and two `worker` processes on one Redis. Every push and click
// is delivered to BOTH bots (as a Lark re-push to another machine would be): each request still gets
// exactly one answer.
const redis = await useRedisServer({ aof: true });
const CONFIG_DIR = join(REPO_DIR, 'config');
const REQUESTS = 8;

let seed: EmulatorSeed;
let emulator: Emulator;
let proxy: Server;
const children: ChildProcess[] = [];
const output: string[] = [];

/** Forwards each push and click to every bot; answers with the first bot's answer. */
function fanOut(ports: number[]): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([name]) => name.startsWith('x-lark') || name === 'content-type'),
      ) as Record<string, string>;
      const answers = await Promise.all(
        ports.map((port) =>
          fetch(`http://127.0.0.1:${port}${req.url}`, { method: 'POST', headers, body }).then(
            async (response) => ({ status: response.status, text: await response.text() }),
            () => ({ status: 502, text: '{}' }),
          ),
        ),
      );
      const first = answers[0] ?? { status: 502, text: '{}' };
      res.writeHead(first.status, { 'content-type': 'application/json' }).end(first.text);
    });
  });
}

function start(args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [join(REPO_DIR, 'bin/larkgate.js'), ...args], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk) => output.push(String(chunk)));
  child.stderr?.on('data', (chunk) => output.push(String(chunk)));
  children.push(child);
  return child;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}\n${output.join('').slice(-4000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  seed = await loadSeedFile(join(CONFIG_DIR, 'emulator/demo-seed.yaml'));
  const [proxyPort, botA, botB] = [await getFreePort(), await getFreePort(), await getFreePort()];
  proxy = fanOut([botA, botB]);
  await new Promise<void>((resolve) => proxy.listen(proxyPort, '127.0.0.1', resolve));
  emulator = await startEmulator(seed, {
    eventUrl: `http://127.0.0.1:${proxyPort}/lark/events`,
    cardUrl: `http://127.0.0.1:${proxyPort}/lark/card`,
  });
  const dir = await mkdtemp(join(tmpdir(), 'larkgate-scale-'));
  const configPath = join(dir, 'config/larkgate.yaml');
  const made = await runCommand(
    (program, setExit, out) => registerInitCommand(program, setExit, out, null),
    [
      'init',
      ...['--dir', join(dir, 'config'), '--app-id', seed.app.app_id, '--domain', emulator.url],
      ...['--var-dir', join(dir, 'var'), '--redis-url', redis.url],
      ...['--requests-chat', 'oc_requests', '--audit-chat', 'oc_audit'],
      ...[
        '--base',
        'crm=CrmDemoBaseToken0000000000A:Tasks',
        '--sandbox',
        'sandbox=SbxDemoBaseToken0000000000C:Scratch',
      ],
      ...['--approver', 'ou_bob', '--approver', 'ou_carol'],
    ],
  );
  expect(made.code).toBe(0);
  // Two workers on one host: each picks a free metrics port. The CRM base takes writes (`promote` would
  // move it there on evidence; this test is about what several processes do with approved writes).
  const doc = parseDocument(await readFile(configPath, 'utf8'));
  doc.setIn(['monitoring', 'worker_metrics_port'], 0);
  doc.setIn(['bases', 0, 'stage'], 'live');
  await writeFile(configPath, doc.toString());
  const env = {
    LARK_APP_SECRET: seed.app.app_secret,
    LARK_ENCRYPT_KEY: seed.app.encrypt_key,
    LARK_VERIFICATION_TOKEN: seed.app.verification_token,
  };
  // The drill L2 needs before it answers requests (docs/setup-lark-app.md step 10).
  const drillRuntime = await createRuntime({
    configPath,
    role: 'drill',
    env,
    logger: pino({ level: 'silent' }),
  });
  try {
    expect(
      (await runRollbackDrill({ trigger: 'scale-out test' }, await createDrillDeps(drillRuntime))).passed,
    ).toBe(true);
  } finally {
    await drillRuntime.close();
  }
  for (const port of [botA, botB]) start(['serve', '--config', configPath, '--port', String(port)], env);
  for (let index = 0; index < 2; index++) start(['worker', '--config', configPath], env);
  for (const port of [botA, botB]) {
    await waitFor(`serve on ${port}`, async () => {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      return response.status === 200 || undefined;
    });
  }
}, 240_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(
    children.map(
      (child) =>
        new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null))),
    ),
  );
  await new Promise<void>((resolve) => proxy?.close(() => resolve()));
  await emulator?.close();
});

type ChatItem = { message_id: string; parent_id?: string | null; msg_type: string; content: unknown };
const CRM = 'CrmDemoBaseToken0000000000A';
const WRITE_LATENCY_MS = 400;

async function control(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${emulator.url}/__emulator${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await response.json()) as Record<string, unknown>;
}

async function chat(): Promise<ChatItem[]> {
  return (
    (await (await fetch(`${emulator.url}/__emulator/chats/oc_requests/messages`)).json()) as {
      items: ChatItem[];
    }
  ).items;
}

describe('two bots and two workers on one Redis', () => {
  it('answer every request exactly once, though every push reaches both bots', async () => {
    const asked: string[] = [];
    for (let index = 0; index < REQUESTS; index++) {
      const response = await fetch(`${emulator.url}/__emulator/chats/oc_requests/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          from: 'ou_alice',
          text: `@Larkgate update crm/Tasks recTask0001 Points=${index + 10}`,
        }),
      });
      asked.push(((await response.json()) as { message_id: string }).message_id);
    }

    await waitFor('an answer to every request', async () => {
      const items = await chat();
      return asked.every((id) => items.some((item) => item.parent_id === id)) || undefined;
    });
    // Late duplicates would arrive within the queue's retry window: give them time to show up.
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    const items = await chat();
    for (const id of asked) {
      const answers = items.filter((item) => item.parent_id === id);
      expect(
        answers.map((item) => item.msg_type),
        id,
      ).toEqual(['interactive']);
    }
  });

  it('keep one write in flight per Base while both workers run approved changes', async () => {
    // Every record write to the CRM base is held 400 ms: two in flight at once would arrive closer than that.
    for (const fault of [
      { path_prefix: `/open-apis/bitable/v1/apps/${CRM}/tables/tblTasks0000001/records/`, method: 'PUT' },
      {
        path_prefix: `/open-apis/bitable/v1/apps/${CRM}/tables/tblTasks0000001/records/batch_update`,
        exact: true,
      },
    ]) {
      await control('POST', '/faults', {
        kind: 'latency',
        latency_ms: WRITE_LATENCY_MS,
        count: -1,
        ...fault,
      });
    }
    const records = ['recTask0001', 'recTask0002', 'recTask0003', 'recTask0004'];
    const cards: string[] = [];
    for (const [index, record] of records.entries()) {
      const asked = (await control('POST', '/chats/oc_requests/messages', {
        from: 'ou_alice',
        text: `@Larkgate update crm/Tasks ${record} Points=${100 + index}`,
      })) as { message_id: string };
      const card = await waitFor(`the card for ${record}`, async () =>
        (await chat()).find((item) => item.parent_id === asked.message_id && item.msg_type === 'interactive'),
      );
      cards.push(card.message_id);
    }
    for (const id of cards)
      await control('POST', `/messages/${id}/actions`, { from: 'ou_bob', button: 'Approve' });

    await waitFor('every change applied', async () => {
      const items = await chat();
      return (
        cards.every((id) =>
          JSON.stringify(items.find((item) => item.message_id === id)?.content).includes(
            'Applied and verified',
          ),
        ) || undefined
      );
    });

    const log = (await control('GET', '/requests')).items as Array<{
      endpoint: string | null;
      path: string;
      time: number;
    }>;
    const writes = log
      .filter(
        (call) =>
          call.path.includes(CRM) && /^bitable\.record\.(update|batch_update)$/.test(call.endpoint ?? ''),
      )
      .map((call) => call.time)
      .sort((a, b) => a - b);
    expect(writes.length).toBeGreaterThanOrEqual(records.length);
    const gaps = writes.slice(1).map((time, index) => time - (writes[index] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(WRITE_LATENCY_MS - 20);
    const base = (await control('GET', `/bases/${CRM}`)) as {
      tables: Array<{ name: string; records: Array<{ record_id: string; fields: Record<string, unknown> }> }>;
    };
    const tasks = base.tables.find((table) => table.name === 'Tasks')?.records ?? [];
    expect(records.map((id) => tasks.find((record) => record.record_id === id)?.fields.Points)).toEqual([
      100, 101, 102, 103,
    ]);
  });
});
