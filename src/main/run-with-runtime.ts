import type { Logger } from 'pino';
import { ConfigError } from '../config/config-error.js';
import { describePortInUse, isPortInUse } from '../platform/is-port-in-use.js';
import { createLogger } from './create-logger.js';
import { createRuntime, LARKGATE_VERSION, type Runtime } from './create-runtime.js';
import { createStartupReadiness } from './create-startup-readiness.js';
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
  let startup: ReturnType<typeof createStartupReadiness> | undefined;
  try {
    runtime = await createRuntime({
      configPath,
      role,
      env: process.env,
      logger,
      // Waiting for the audit log: /readyz says why, on the port this role will serve on.
      onAuditWait: (why, loaded) => {
        startup ??= createStartupReadiness({
          host: loaded.config.server.host,
          port: role === 'worker' ? loaded.config.monitoring?.worker_metrics_port : loaded.config.server.port,
          logger,
        });
        return startup.update(why);
      },
    });
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
    process.stderr.write(
      `larkgate ${role}: ${isPortInUse(error) ? `${describePortInUse(error)}: change server.port or pass --port` : (error as Error).message}\n`,
    );
    await runtime.close();
    setExit(error instanceof ConfigError || isPortInUse(error) ? EXIT.usage : EXIT.failure);
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
  await waitForSignal(
    runtime.appSecretDeadlineMs === null ? null : runtime.appSecretDeadlineMs - runtime.clock(),
    () =>
      logger.error(
        'the previous app secret’s overlap has ended and this process runs on it: stopping (restart to use the current one)',
      ),
  );
  watcher.close();
  logger.info('stopping');
  await running.close();
  await runtime.close();
}

/**
 * Resolves on SIGINT or SIGTERM, or after `deadlineMs` (a process running on a retired app secret must
 * stop when its overlap ends, calling `onDeadline` first).
 */
export function waitForSignal(
  deadlineMs: number | null = null,
  onDeadline: () => void = () => undefined,
): Promise<void> {
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const stop = () => {
      clearTimeout(timer);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (deadlineMs !== null) {
      // setTimeout holds at most ~24.8 days; an overlap is at most 7.
      timer = setTimeout(
        () => {
          onDeadline();
          stop();
        },
        Math.max(0, deadlineMs),
      );
    }
  });
}
