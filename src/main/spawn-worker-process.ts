import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { REPO_DIR } from './start-demo.js';

export type WorkerProcess = {
  child: ChildProcess;
  /**
   * Settles once the worker logged `worker started` (its queues are being consumed): a test waits on it, not
   * on a clock, since starting a Node process that compiles the app takes seconds on a busy machine.
   * Rejects if the process exits first or has not started within 120 s.
   */
  ready: Promise<void>;
  kill(): Promise<void>;
  stop(): Promise<void>;
};

/**
 * Node flags the worker runs with, as docker-compose.yml's worker service runs it (issue 17: RSS ≤ 150 MB
 * under load). V8's young generation capped at 1 MB a semi-space (default 16), for more, shorter
 * scavenges; and V8 tuned for size, so the old generation is collected before it grows far past what is
 * live: the worker keeps ~50 MB live, but by default its heap grew to ~100 MB of mostly garbage over 200
 * writes (throughput bench, compiled worker: 178–188 MB RSS with a 2 MB semi-space alone, 140–151 MB with
 * it and --optimize-for-size, 138 MB with 1 MB; ops/s unchanged).
 */
export const WORKER_NODE_FLAGS = ['--max-semi-space-size=1', '--optimize-for-size'];

/**
 * `larkgate worker` as its own OS process, so a crash test or the crash-recovery bench can SIGKILL it
 * mid-job; `env` adds to this process's environment.
 */
export function spawnWorker(
  configPath: string,
  logPath: string,
  env: Record<string, string> = {},
): WorkerProcess {
  const child = spawn(
    process.execPath,
    [
      ...WORKER_NODE_FLAGS,
      join(REPO_DIR, 'bin/larkgate.js'),
      'worker',
      '--config',
      configPath,
      '--lock-duration',
      '2000',
      '--stalled-interval',
      '1000',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'debug', ...env } },
  );
  const log = createWriteStream(logPath, { flags: 'a' });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error('larkgate worker did not start within 120 s')), 120_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      seen = (seen + chunk.toString()).slice(-4_096);
      if (seen.includes('"msg":"worker started"')) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error('larkgate worker exited before it started'));
    });
  });
  // A test that never waits on `ready` (it kills the worker first) must not see an unhandled rejection.
  ready.catch(() => undefined);
  return {
    child,
    ready,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
