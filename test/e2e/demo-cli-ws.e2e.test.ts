import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_DIR } from '../../src/main/start-demo.js';
import { type ChatItem, cardText } from './demo-harness.js';

/** `npm run demo -- --transport ws`: the demo with the bot on the emulator's long connection, as a person runs it. */
const run = promisify(execFile);
const BIN = join(REPO_DIR, 'bin/larkgate.js');

let dir: string;
let demo: ChildProcess;
let stderr = '';
let ready: { ready: true; transport: string; emulator: string; bot: string };

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; demo stderr:\n${stderr.slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'larkgate-demo-ws-'));
  demo = spawn(
    process.execPath,
    [BIN, 'demo', '--json', '--transport', 'ws', '--emulator-port', '0', '--bot-port', '0', '--dir', dir],
    { cwd: REPO_DIR, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, REDIS_URL: '' } },
  );
  let stdout = '';
  demo.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  demo.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const line = await waitFor(
    'the ready line',
    async () => {
      if (demo.exitCode !== null) throw new Error(`demo exited ${demo.exitCode}: ${stderr.slice(-2000)}`);
      return stdout.includes('\n') ? stdout.slice(0, stdout.indexOf('\n')) : undefined;
    },
    60_000,
  );
  ready = JSON.parse(line);
}, 180_000);

afterAll(async () => {
  if (demo && demo.exitCode === null) demo.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe('larkgate demo --transport ws', () => {
  it('says "transport": "ws" when ready, and the README walk-through gets its card over the connection', async () => {
    expect(ready.transport).toBe('ws');
    const connections = (await (await fetch(`${ready.emulator}/__emulator/ws/connections`)).json()) as {
      items: unknown[];
    };
    expect(connections.items).toHaveLength(1);
    const asked = (await (
      await fetch(`${ready.emulator}/__emulator/chats/oc_requests/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          from: 'ou_alice',
          text: '@Larkgate update crm/Tasks recTask0001 Status=Done',
        }),
      })
    ).json()) as { message_id: string };
    const card = await waitFor('the diff card', async () => {
      const { items } = (await (
        await fetch(`${ready.emulator}/__emulator/chats/oc_requests/messages`)
      ).json()) as { items: ChatItem[] };
      return items.find((item) => item.parent_id === asked.message_id && item.msg_type === 'interactive');
    });
    expect(cardText(card)).toContain('Done');
    const exited = new Promise<number | null>((resolve) => demo.once('exit', (code) => resolve(code)));
    demo.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('refuses a transport it does not know (exit 2)', async () => {
    const refused = await run(process.execPath, [BIN, 'demo', '--transport', 'pigeon'], {
      cwd: REPO_DIR,
    }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused?.code).toBe(2);
    expect(refused?.stderr).toContain('--transport must be webhook or ws');
  });
});
