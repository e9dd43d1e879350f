import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_DIR } from '../../src/main/start-demo.js';

// A port someone else holds is an error naming it, exit 2: not "listening on port 0" and running on.
const run = promisify(execFile);
const BIN = join(REPO_DIR, 'bin/larkgate.js');
let holder: Server;
let port: number;

beforeAll(async () => {
  holder = createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  port = (holder.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => holder.close(() => resolve()));
});

async function larkgate(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(process.execPath, [BIN, ...args], { timeout: 120_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

describe('a busy port', () => {
  it('stops the emulator with exit 2 naming the port, and it never says it is ready', async () => {
    const result = await larkgate([
      'emulator',
      '--port',
      String(port),
      '--seed',
      'config/emulator/demo-seed.yaml',
    ]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`port ${port} on 127.0.0.1 is in use by another process`);
    expect(result.stdout).not.toContain('ready');
  });

  it('stops the demo with exit 2 naming the port, after stopping what it had started', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'larkgate-busy-demo-'));

    const result = await larkgate([
      'demo',
      '--json',
      '--emulator-port',
      String(port),
      '--bot-port',
      '0',
      '--dir',
      dir,
    ]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`port ${port} on 127.0.0.1 is in use by another process`);
    expect(result.stdout).toBe('');
  });
});
