import type { Logger } from 'pino';
import type { Observation } from '../src/monitoring/alert.js';
import type { ProbeName } from '../src/monitoring/create-probes.js';

export type ProbeJobDeps = {
  run(name: ProbeName): Promise<Observation[]>;
  /** Stores the results for the monitor (Redis); a failure fails the job, and BullMQ records it. */
  save(results: readonly Observation[]): Promise<void>;
  onResult?(result: Observation): void;
  logger: Logger;
};

/**
 * One run of a probe job scheduler: run the probes, store what they observed for the bot's monitor, and
 * log what failed. The probes themselves never throw; judging and paging is the monitor's job.
 */
export async function handleProbe(name: string, deps: ProbeJobDeps): Promise<{ failing: string[] }> {
  const probe: ProbeName = name === 'token-refresh' ? 'token-refresh' : 'probes';
  const results = await deps.run(probe);
  await deps.save(results);
  for (const result of results) deps.onResult?.(result);
  const failing = results.filter((result) => result.status === 'failing');
  if (failing.length > 0) {
    deps.logger.warn(
      { probe, failing: failing.map((result) => `${result.key}: ${result.detail}`) },
      'probe found problems',
    );
  }
  return { failing: failing.map((result) => result.key) };
}
