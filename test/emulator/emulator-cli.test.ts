import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BASE_SEED_PATH, CRM, TASKS } from './platform-test-kit.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** A `larkgate emulator` child process: its stdout lines, its stderr, and how it ended. */
type Run = {
  child: ChildProcess;
  stdout: string[];
  stderr: () => string;
  exited: Promise<number | null>;
};

function runEmulator(args: string[]): Run {
  const child = spawn(process.execPath, ['bin/larkgate.js', 'emulator', '--port', '0', ...args], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    stdout.push(...lines);
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stdout, stderr: () => stderr, exited };
}

async function waitForReady(run: Run): Promise<string> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const line = run.stdout.find((candidate) => candidate.includes('"ready"'));
    if (line) return (JSON.parse(line) as { emulator: string }).emulator;
    if (run.child.exitCode !== null) throw new Error(`exited ${run.child.exitCode}: ${run.stderr()}`);
    if (Date.now() > deadline) throw new Error(`not ready within 90 s: ${run.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const APP = `app:
  app_id: cli_a1b2c3d4e5f60718
  app_secret: cli-test-secret
  encrypt_key: cli-test-encrypt-key
  verification_token: cli-test-verification-token
`;

describe('larkgate emulator (the CLI)', () => {
  let dir: string;
  let running: Run | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'larkgate-emulator-cli-'));
  });
  afterEach(async () => {
    if (running && running.child.exitCode === null) {
      running.child.kill('SIGTERM');
      await running.exited;
    }
    running = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('starts from a good seed, prints its ready line, answers, and stops cleanly on SIGTERM', async () => {
    running = runEmulator(['--seed', BASE_SEED_PATH]);
    const url = await waitForReady(running);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const response = await fetch(`${url}/open-apis/auth/v3/tenant_access_token/internal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: 'cli_a1b2c3d4e5f60718', app_secret: 'test-secret-base' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      code: 0,
      tenant_access_token: expect.stringMatching(/^t-/),
    });
    running.child.kill('SIGTERM');
    expect(await running.exited).toBe(0);
  });

  it.each([
    [
      'a schema-invalid seed',
      `app:\n  app_id: not-an-app-id\n  app_secret: s\n  encrypt_key: k\n  verification_token: v\n`,
      /invalid seed at app\.app_id: app ids look like cli_/,
    ],
    [
      'a seed whose cell a create would refuse',
      `${APP}bases:
  - app_token: bascnCliTestBase
    name: CLI
    tables:
      - table_id: tblCliTest000001
        name: Tasks
        fields: [{ field_name: Title, type: 1 }, { field_name: Points, type: 2 }]
        records: [{ record_id: recCli0001, fields: { Title: a, Points: three } }]
`,
      /table tblCliTest000001, record recCli0001, field "Points": NumberFieldConvFail \(1254061\)/,
    ],
    [
      'a seed whose primary field is a checkbox',
      `${APP}bases:
  - app_token: bascnCliTestBase
    name: CLI
    tables:
      - table_id: tblCliTest000001
        name: Tasks
        fields: [{ field_name: Done, type: 7 }]
`,
      /field "Done": the first \(primary\) field can not be of type 7 \(1254012/,
    ],
    ['a seed that is not YAML', 'app: [unclosed\n', /not valid YAML/],
  ])('refuses %s with exit 2 and one line naming the file', async (_name, text, reason) => {
    const file = join(dir, 'seed.yaml');
    await writeFile(file, text);
    running = runEmulator(['--seed', file]);
    expect(await running.exited).toBe(2);
    const stderr = running.stderr();
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`larkgate emulator: ${file}: `);
    expect(stderr).toMatch(reason);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(running.stdout.join('\n')).not.toContain('ready');
  });

  it('takes rate-limit overrides, batch limits and the push retry schedule from --options', async () => {
    const bot = createServer((_req, res) => res.writeHead(500).end());
    await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', resolve));
    try {
      const address = bot.address();
      const botUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/events`;
      const file = join(dir, 'options.json');
      await writeFile(
        file,
        JSON.stringify({
          rateLimitOverrides: { 'bitable.app.get': [{ max: 1, per: 'minute' }] },
          batchLimits: { create: 1 },
          eventRetryScheduleMs: [20],
          pushTimeoutMs: 1000,
        }),
      );
      running = runEmulator(['--seed', BASE_SEED_PATH, '--options', file, '--event-url', botUrl]);
      const url = await waitForReady(running);
      const token = (await (
        await fetch(`${url}/open-apis/auth/v3/tenant_access_token/internal`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ app_id: 'cli_a1b2c3d4e5f60718', app_secret: 'test-secret-base' }),
        })
      ).json()) as { tenant_access_token: string };
      const call = (method: string, path: string, body?: unknown) =>
        fetch(`${url}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token.tenant_access_token}`,
            'content-type': 'application/json',
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      const app = `/open-apis/bitable/v1/apps/${CRM}`;
      expect((await call('GET', app)).status).toBe(200);
      const throttled = await call('GET', app);
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get('x-ogw-ratelimit-limit')).toBe('1');

      const batch = await call('POST', `${app}/tables/${TASKS}/records/batch_create`, {
        records: [{ fields: { Title: 'a' } }, { fields: { Title: 'b' } }],
      });
      expect(((await batch.json()) as { code: number }).code).toBe(1254104);

      // The bot answers 500: one re-push 20 ms later, then no more (the documented first delay is 15 s).
      await fetch(`${url}/__emulator/chats/oc_ops/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: 'ou_alice', text: '@Larkgate hello' }),
      });
      const deliveries = async () =>
        ((await (await fetch(`${url}/__emulator/deliveries`)).json()) as { items: unknown[] }).items.length;
      await expect.poll(deliveries, { timeout: 5000 }).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await deliveries()).toBe(2);
    } finally {
      bot.closeAllConnections();
      await new Promise<void>((resolve) => bot.close(() => resolve()));
    }
  });

  it.each([
    [
      'an unknown key',
      { rateLimitOveride: {} },
      /invalid options at \(top level\): unknown key\(s\) "rateLimitOveride"/,
    ],
    [
      'an unknown rate-limit id',
      { rateLimitOverrides: { 'bitable.record.craete': [{ max: 1, per: 'second' }] } },
      /invalid options at rateLimitOverrides\.bitable\.record\.craete: not an endpoint id/,
    ],
    ['a bad batch limit', { batchLimits: { create: 0 } }, /invalid options at batchLimits\.create/],
    ['text that is not JSON', '{"rateLimits": tru', /not valid JSON/],
  ])('refuses an options file with %s: exit 2, one line naming the file', async (_name, content, reason) => {
    const file = join(dir, 'options.json');
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
    running = runEmulator(['--seed', BASE_SEED_PATH, '--options', file]);
    expect(await running.exited).toBe(2);
    const stderr = running.stderr();
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`larkgate emulator: ${file}: `);
    expect(stderr).toMatch(reason);
  });

  it('refuses a seed file that does not exist with exit 2', async () => {
    const file = join(dir, 'missing.yaml');
    running = runEmulator(['--seed', file]);
    expect(await running.exited).toBe(2);
    expect(running.stderr()).toBe(`larkgate emulator: ${file}: file not found\n`);
  });
});
