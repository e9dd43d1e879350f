import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_DIR } from '../../src/main/start-demo.js';
import { type ChatItem, cardText } from './demo-harness.js';

/**
 * The README's first command, as a person runs it: `larkgate demo --json` in its own process, then the
 * walk-through the README shows (ask, self-approval refused, approve, applied, audit chat, audit verify),
 * all through the emulator's control API, and Ctrl-C.
 */
const run = promisify(execFile);
const BIN = join(REPO_DIR, 'bin/larkgate.js');

type Ready = {
  ready: true;
  emulator: string;
  bot: string;
  chats: { requests: string; audit: string; oncall: string };
  users: { requester: string; approvers: string[]; oncall: string };
  bases: Array<{
    alias: string;
    app_token: string;
    tier: string;
    stage: string;
    staging: boolean;
    tables: Array<{ name: string; table_id: string }>;
  }>;
};

let dir: string;
let demo: ChildProcess;
let stderr = '';
let ready: Ready;

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${ready.emulator}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await response.json()) as T;
}

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

const messages = async (chat: string) =>
  (await call<{ items: ChatItem[] }>('GET', `/__emulator/chats/${chat}/messages`)).items;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'larkgate-demo-cli-'));
  demo = spawn(
    process.execPath,
    [BIN, 'demo', '--json', '--emulator-port', '0', '--bot-port', '0', '--dir', dir],
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
  ready = JSON.parse(line) as Ready;
}, 180_000);

afterAll(async () => {
  if (demo && demo.exitCode === null) demo.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

describe('larkgate demo --json (the README walk-through, in its own process)', () => {
  it('prints exactly one ready line with the documented shape', () => {
    expect(ready).toMatchObject({
      ready: true,
      emulator: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      bot: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      chats: { requests: 'oc_requests', audit: 'oc_audit', oncall: 'oc_oncall' },
      users: { requester: 'ou_alice', approvers: ['ou_bob', 'ou_carol'], oncall: 'ou_dave' },
    });
    expect(ready.bases.map((base) => [base.alias, base.tier, base.stage, base.staging])).toEqual([
      ['crm', 'L2', 'live', false],
      ['billing', 'L3', 'live', false],
      ['sandbox', 'L0', 'live', true],
    ]);
  });

  it('a change asked in chat is refused to its requester, approved by Bob, applied, audited and verifiable', async () => {
    const crm = ready.bases.find((base) => base.alias === 'crm');
    const asked = await call<{ message_id: string }>('POST', '/__emulator/chats/oc_requests/messages', {
      from: 'ou_alice',
      text: '@Larkgate update crm/Tasks recTask0001 Status=Done',
    });
    const card = await waitFor('the diff card', async () =>
      (await messages('oc_requests')).find(
        (item) => item.parent_id === asked.message_id && item.msg_type === 'interactive',
      ),
    );
    expect(cardText(card)).toContain('Done');

    const own = await call<{ status: number; body: { toast?: { content: string } } }>(
      'POST',
      `/__emulator/messages/${card.message_id}/actions`,
      { from: 'ou_alice', button: 'Approve' },
    );
    expect(own.body.toast?.content).toMatch(/you asked for this change, so you cannot approve it/);

    const bob = await call<{ status: number; body: { toast?: { type: string } } }>(
      'POST',
      `/__emulator/messages/${card.message_id}/actions`,
      { from: 'ou_bob', button: 'Approve' },
    );
    expect(bob.status).toBe(200);
    expect(bob.body.toast?.type).toBe('success');

    const applied = await waitFor('the card to say Applied', async () => {
      const item = (await messages('oc_requests')).find((m) => m.message_id === card.message_id);
      return item && cardText(item).includes('Applied') ? item : undefined;
    });
    expect(cardText(applied)).toMatch(/bk_[0-9a-f]{64}/);
    const base = await call<{
      tables: Array<{ name: string; records: Array<{ record_id: string; fields: Record<string, unknown> }> }>;
    }>('GET', `/__emulator/bases/${crm?.app_token}`);
    const task = base.tables
      .find((t) => t.name === 'Tasks')
      ?.records.find((r) => r.record_id === 'recTask0001');
    expect(task?.fields.Status).toBe('Done');
    const auditLine = await waitFor('a line in the audit chat', async () =>
      (await messages('oc_audit')).find((item) => JSON.stringify(item.content).includes('recTask0001')),
    );
    expect(JSON.stringify(auditLine.content)).toMatch(/applied/i);

    const verified = await run(
      process.execPath,
      [BIN, 'audit', 'verify', '--config', join(dir, 'larkgate.yaml')],
      {
        cwd: REPO_DIR,
      },
    );
    expect(verified.stdout).toMatch(
      /^OK: \d+ events in \d+ chains \(file\), \d+ events in \d+ chains \(stream\)/,
    );
    // Every process checkpoints at start: each chain is held to a checkpoint kept outside the log.
    expect(verified.stdout).toMatch(
      /^trusted: chain \S+ up to seq \d+ \(signed checkpoint of seq \d+; anchor larkgate:audit:checkpoints/m,
    );
  });

  it('Ctrl-C stops everything and exits 0', async () => {
    const exited = new Promise<number | null>((resolve) => demo.once('exit', (code) => resolve(code)));
    demo.kill('SIGINT');
    expect(await exited).toBe(0);
  });

  it('a bad port is a usage error (exit 2) that names the flags', async () => {
    const refused = await run(process.execPath, [BIN, 'demo', '--emulator-port', 'lots'], {
      cwd: REPO_DIR,
    }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused?.code).toBe(2);
    expect(refused?.stderr).toContain('--emulator-port and --bot-port must be whole numbers from 0 to 65535');
  });
});
