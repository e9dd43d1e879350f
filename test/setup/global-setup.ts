import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findLeakedRedisServers } from './find-leaked-redis-servers.js';

/**
 * Gives the run one temp root (each test file gets its own folder in it: mark-test-file.ts), and after
 * the run fails it when a test left a redis-server running: each is named with the test file that started
 * it, then killed. The root is removed either way, so neither processes nor temp folders outlive the run.
 */
export default function globalSetup(): () => Promise<void> {
  const runRoot = mkdtempSync(join(tmpdir(), 'lgt-'));
  process.env.LARKGATE_TEST_ROOT = runRoot;
  return async () => {
    const leaked = await findLeakedRedisServers(runRoot);
    for (const server of leaked) {
      try {
        process.kill(server.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await rm(runRoot, { recursive: true, force: true });
    if (leaked.length > 0) {
      // Vitest reports an error thrown here but does not change its exit code: set it too.
      process.exitCode = 1;
      const lines = leaked.map((server) => `  ${server.testFile ?? '(unknown file)'} (pid ${server.pid})`);
      throw new Error(
        `${leaked.length} redis-server process(es) left running by the tests (now killed):\n${lines.join('\n')}`,
      );
    }
  };
}
