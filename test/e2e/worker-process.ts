import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { REPO_DIR } from '../../src/main/start-demo.js';

export type WorkerProcess = { child: ChildProcess; kill(): Promise<void>; stop(): Promise<void> };

/** `larkgate worker` as its own OS process, so a test can SIGKILL it mid-job; `env` adds to the test's. */
export function spawnWorker(
  configPath: string,
  logPath: string,
  env: Record<string, string> = {},
): WorkerProcess {
  const child = spawn(
    process.execPath,
    [
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
  return {
    child,
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
