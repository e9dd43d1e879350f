import type { Logger } from 'pino';
import { ConfigError } from '../config/config-error.js';
import { createLogger } from './create-logger.js';
import { createRuntime, type Runtime } from './create-runtime.js';
import { EXIT } from './exit-codes.js';

/**
 * Runs a one-shot command with the runtime (config, Redis, audit, Lark) and closes it after. Logs go to
 * stderr so stdout stays the command's output. A config problem exits 2 naming the file, key and fix.
 */
export async function runOnce(
  role: string,
  configPath: string,
  setExit: (code: number) => void,
  run: (runtime: Runtime, logger: Logger) => Promise<number>,
): Promise<void> {
  const logger = createLogger({
    name: `larkgate-${role}`,
    level: process.env.LOG_LEVEL ?? 'warn',
    destination: process.stderr,
  });
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
  try {
    setExit(await run(runtime, logger));
  } finally {
    await runtime.close();
  }
}
