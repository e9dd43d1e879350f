import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getFreePort } from './get-free-port.js';

export type RedisServerOptions = {
  /** Append-only file with `appendfsync everysec`, as production runs it; off by default. */
  aof?: boolean;
  /** Keep data in this folder (created by the caller); a fresh temp folder otherwise. */
  dir?: string;
  port?: number;
  binary?: string;
};

export type RedisServer = {
  url: string;
  port: number;
  dir: string;
  /** SIGKILL, as a crash would. The data folder stays, so `start()` recovers from the AOF. */
  kill(): Promise<void>;
  /** Starts redis-server again on the same port and folder. */
  start(): Promise<void>;
  /** Graceful stop; removes the temp folder unless the caller supplied one. */
  stop(): Promise<void>;
  isRunning(): boolean;
};

/**
 * Spawns a private `redis-server` on a free loopback port. It never touches a Redis that is already
 * running, and runs with `noeviction` because BullMQ needs it.
 */
export async function spawnRedisServer(options: RedisServerOptions = {}): Promise<RedisServer> {
  const port = options.port ?? (await getFreePort());
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'larkgate-redis-')));
  const binary = options.binary ?? 'redis-server';
  let child: ChildProcess | undefined;

  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    options.aof ? 'yes' : 'no',
    '--appendfsync',
    'everysec',
    '--dir',
    dir,
    '--maxmemory-policy',
    'noeviction',
    '--daemonize',
    'no',
    '--protected-mode',
    'yes',
    '--loglevel',
    'warning',
  ];

  async function start(): Promise<void> {
    const proc = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child = proc;
    let stderr = '';
    proc.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<never>((_, reject) => {
      proc.once('error', (error) =>
        reject(
          new Error(
            `could not start ${binary}: ${error.message} (install it with apt-get install redis-server)`,
          ),
        ),
      );
      proc.once('exit', (code) => reject(new Error(`${binary} exited with ${code}: ${stderr.trim()}`)));
    });
    exited.catch(() => undefined);
    await Promise.race([waitForPing(port, 10_000), exited]);
  }

  async function kill(): Promise<void> {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGKILL');
    await gone;
  }

  async function stop(): Promise<void> {
    const proc = child;
    if (proc && proc.exitCode === null && proc.signalCode === null) {
      const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
      await gone;
      clearTimeout(timer);
    }
    if (ownDir) await rm(dir, { recursive: true, force: true });
  }

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    kill,
    start,
    stop,
    isRunning: () => child !== undefined && child.exitCode === null && child.signalCode === null,
  };
}

async function waitForPing(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ping(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms`);
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let answer = '';
    socket.setTimeout(500);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (answer.includes('\r\n')) {
        socket.destroy();
        // -LOADING means the AOF is still being replayed: not ready yet.
        resolve(answer.startsWith('+PONG'));
      }
    });
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.on('error', () => resolve(false));
  });
}
