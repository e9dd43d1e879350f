import type { Logger } from 'pino';
import type { Observation } from '../src/domain/alert.js';
import type { SyntheticCheckName } from '../src/monitoring/create-synthetic-checks.js';

export type SyntheticCheckJobDeps = {
  run(name: SyntheticCheckName): Promise<Observation[]>;
  /** Stores the results for the monitor (Redis); a failure fails the job, and BullMQ records it. */
  save(results: readonly Observation[]): Promise<void>;
  onResult?(result: Observation): void;
  logger: Logger;
};

/**
 * One run of a synthetic check job scheduler: run the checks, store what they observed for the bot's
 * monitor, and log what failed. The checks themselves never throw; judging and paging is the monitor's job.
 * The log line (`probe found problems`, field `probe`) keeps its old words: operators' log queries use it.
 */
export async function handleSyntheticCheck(
  name: string,
  deps: SyntheticCheckJobDeps,
): Promise<{ failing: string[] }> {
  const check: SyntheticCheckName = name === 'token-refresh' ? 'token-refresh' : 'probes';
  const results = await deps.run(check);
  await deps.save(results);
  for (const result of results) deps.onResult?.(result);
  const failing = results.filter((result) => result.status === 'failing');
  if (failing.length > 0) {
    deps.logger.warn(
      { probe: check, failing: failing.map((result) => `${result.key}: ${result.detail}`) },
      'probe found problems',
    );
  }
  return { failing: failing.map((result) => result.key) };
}
