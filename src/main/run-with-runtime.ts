import type { Logger } from 'pino';
import { ConfigError } from '../config/config-error.js';
import { createLogger } from './create-logger.js';
import { createRuntime, LARKGATE_VERSION, type Runtime } from './create-runtime.js';
import { EXIT } from './exit-codes.js';
import { watchPolicy } from './watch-policy.js';

/**
 * Builds the runtime for a long-running command and keeps it until SIGINT/SIGTERM. A config problem
 * prints the file, key and fix and exits 2; nothing starts on a bad config.
 */
export async function runWithRuntime(
  role: string,
  configPath: string,
  setExit: (code: number) => void,
  start: (runtime: Runtime, logger: Logger) => Promise<{ close(): Promise<void> }>,
): Promise<void> {
  const logger = createLogger({ name: `larkgate-${role}`, level: process.env.LOG_LEVEL ?? 'info' });
  let runtime: Runtime;
  try {
    runtime = await createRuntime({ configPath, role, env: process.env, logger });
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`larkgate ${role}: config error: ${error.message}\n`);
      setExit(EXIT.usage);
      return;
    }
    throw error;
  }
  let running: { close(): Promise<void> };
  try {
    running = await start(runtime, logger);
  } catch (error) {
    process.stderr.write(`larkgate ${role}: ${(error as Error).message}\n`);
    await runtime.close();
    setExit(error instanceof ConfigError ? EXIT.usage : EXIT.failure);
    return;
  }
  // The policy is reloaded on SIGHUP or when its files change; a bad one stops serving, never falls back.
  const watcher = watchPolicy({
    source: runtime.policy,
    role,
    version: LARKGATE_VERSION,
    audit: runtime.audit,
    logger,
  });
  await waitForSignal();
  watcher.close();
  logger.info('stopping');
  await running.close();
  await runtime.close();
}

export function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
