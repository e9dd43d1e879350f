import type { Logger } from 'pino';
import type { Observation } from '../domain/alert.js';

export type MonitorCheck = (context: { uptimeMs: number }) => Promise<Observation[]>;

/**
 * Runs every check at once, each bounded by `timeoutMs`: a check that throws or hangs observes nothing
 * this round (`unknown` neither fires nor clears).
 */
export async function runMonitorChecks(
  checks: ReadonlyArray<MonitorCheck>,
  context: { uptimeMs: number; timeoutMs: number; logger: Logger },
): Promise<Observation[]> {
  const { uptimeMs, timeoutMs, logger } = context;
  const results = await Promise.all(
    checks.map((check) =>
      Promise.race([
        check({ uptimeMs }),
        new Promise<Observation[]>((resolve) => setTimeout(() => resolve([]), timeoutMs).unref()),
      ]).catch((error: Error) => {
        logger.warn({ err: error.message }, 'monitor check failed');
        return [] as Observation[];
      }),
    ),
  );
  return results.flat();
}
