import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_DIR } from '../../src/main/start-demo.js';
import { getFreePort } from '../../src/platform/get-free-port.js';
import { readAuditFile } from '../../src/store/read-audit-file.js';
import { type Harness, startHarness } from '../e2e/demo-harness.js';

let h: Harness;
let serve: ChildProcess;
let outside: string;
let target: string;
let goodConfig: string;
let bot: string;
const output: string[] = [];

/**
 * A real `larkgate serve` process on the demo's Redis and emulator. Its larkgate.yaml is a symlink in the
 * demo folder (so its references resolve there) to a file in another folder: the file watcher, which
 * watches the config's own folder, does not see edits to the target, so only SIGHUP can reload it.
 */
beforeAll(async () => {
  h = await startHarness();
  outside = await mkdtemp(join(tmpdir(), 'larkgate-sighup-'));
  target = join(outside, 'larkgate.yaml');
  const port = await getFreePort();
  bot = `http://127.0.0.1:${port}`;
  goodConfig = (await readFile(h.configPath, 'utf8'))
    .replace(/\n {2}port: \d+\n/, `\n  port: ${port}\n`)
    .replace(/\nmonitoring:\n(?: {2}.*\n)+/, '\nmonitoring:\n  enabled: false\n');
  await writeFile(target, goodConfig);
  const link = join(h.dir, 'serve-sighup.yaml');
  await symlink(target, link);
  serve = spawn(process.execPath, [join(REPO_DIR, 'bin/larkgate.js'), 'serve', '--config', link], {
    env: { ...process.env, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  serve.stdout?.on('data', (chunk) => output.push(String(chunk)));
  serve.stderr?.on('data', (chunk) => output.push(String(chunk)));
  await h.waitFor(
    `larkgate serve to listen on ${bot} (${output.join('')})`,
    async () => (await events().catch(() => null))?.status === 401,
    30_000,
  );
}, 180_000);
afterAll(async () => {
  serve?.kill('SIGTERM');
  await new Promise((resolve) => (serve?.exitCode === null ? serve.once('exit', resolve) : resolve(null)));
  await h?.close();
  if (outside) await rm(outside, { recursive: true, force: true });
});

/** A push the bot cannot verify: 401 while a policy is in force, 503 (before verifying) while none is. */
async function events(): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${bot}/lark/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ encrypt: 'not a real push' }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function readyz(): Promise<{ status: number; why: string }> {
  const response = await fetch(`${bot}/readyz`);
  const body = (await response.json()) as { why?: string };
  return { status: response.status, why: body.why ?? '' };
}

async function serveEvents(type: string): Promise<Array<{ details: Record<string, unknown> }>> {
  const records = await readAuditFile(join(h.dir, 'audit/audit.jsonl'));
  return (
    records
      .map((record) => JSON.parse(record.text))
      // This process's own chain: `serve-<host>-<pid>-…`.
      .filter((event) => event.type === type && String(event.chain).includes(`-${serve.pid}-`))
  );
}

describe('a running larkgate serve on SIGHUP', () => {
  it('records the version from package.json and the commit of this checkout at start', async () => {
    const pkg = JSON.parse(await readFile(join(REPO_DIR, 'package.json'), 'utf8')) as { version: string };

    const started = await serveEvents('alignment.checked');
    expect(started.at(0)?.details).toMatchObject({
      version: pkg.version,
      commit: expect.stringMatching(/^[0-9a-f]{40}$/),
      ok: true,
    });
  });

  it('with a broken policy answers 503 on its Lark routes, and a fixed one brings it back', async () => {
    await writeFile(target, goodConfig.replace('tier: L2', 'tier: L9'));
    // Nothing reloads by itself: the watcher does not see the symlink's target change.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await events()).status).toBe(401);

    serve.kill('SIGHUP');
    await h.waitFor('serve to stop serving', async () => (await events()).status === 503);
    expect(await events()).toEqual({
      status: 503,
      body: { error: 'unavailable', why: 'no policy in force' },
    });
    expect(await readyz()).toMatchObject({
      status: 503,
      why: expect.stringMatching(/no policy in force.*tier/),
    });
    expect((await serveEvents('policy.reloaded')).at(-1)?.details).toMatchObject({
      ok: false,
      trigger: 'sighup',
    });

    await writeFile(target, goodConfig);
    serve.kill('SIGHUP');
    await h.waitFor('serve to serve again', async () => (await events()).status === 401);
    expect((await serveEvents('policy.reloaded')).at(-1)?.details).toMatchObject({
      ok: true,
      trigger: 'sighup',
    });
    expect(serve.exitCode).toBeNull();
  });
});
