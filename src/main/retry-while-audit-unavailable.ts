import type { Logger } from 'pino';
import { AuditUnavailableError } from '../store/audit-unavailable-error.js';

export type AuditWaitDeps = {
  logger: Logger;
  /** Why this process is not ready yet (null once the audit log took the event), for `/readyz`. */
  onWaiting?: (why: string | null) => void | Promise<void>;
  sleep?: (ms: number) => Promise<void>;
  /** Waits between attempts; the last one repeats. Default 1 s doubling to 10 s. */
  delaysMs?: readonly number[];
};

const DELAYS_MS = [1_000, 2_000, 4_000, 8_000, 10_000];

/**
 * Runs `attempt` (an audit append at start) until the audit log takes it. While no sink can record, the
 * process waits instead of crashing: each failed attempt logs one error naming every sink and why, and
 * `onWaiting` says so for readiness. Any other error is thrown at once.
 */
export async function retryWhileAuditUnavailable<T>(
  attempt: () => Promise<T>,
  deps: AuditWaitDeps,
): Promise<T> {
  const delays = deps.delaysMs ?? DELAYS_MS;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let tries = 0; ; tries++) {
    try {
      const result = await attempt();
      if (tries > 0) {
        await deps.onWaiting?.(null);
        deps.logger.info({ attempts: tries + 1 }, 'the audit log records again: starting');
      }
      return result;
    } catch (error) {
      if (!(error instanceof AuditUnavailableError)) throw error;
      const retryInMs = delays[Math.min(tries, delays.length - 1)] ?? 10_000;
      const sinks = error.failures.map((failure) => ({ sink: failure.sink, error: describe(failure.error) }));
      const why = `audit: no audit sink can record (${sinks.map((s) => `${s.sink}: ${s.error}`).join('; ') || error.message}); retrying every ≤ ${(delays.at(-1) ?? 10_000) / 1000} s`;
      await deps.onWaiting?.(why);
      deps.logger.error({ sinks, retryInMs }, 'no audit sink can record: not starting yet, retrying');
      await sleep(retryInMs);
    }
  }
}

function describe(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}
