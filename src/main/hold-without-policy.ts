import { DelayedError, type Job } from 'bullmq';
import type { PolicySource } from '../config/create-policy-source.js';
import { PolicyUnavailableError } from '../config/policy-unavailable-error.js';

/** How long a held job waits before it looks for a policy again. */
export const POLICY_RECHECK_MS = 2_000;

/**
 * Wraps a BullMQ processor so that no job runs while no policy is in force. Pausing the worker is not
 * enough: a worker blocked waiting for a job when it is paused still takes the next one that arrives.
 *
 * - `hold`: the job goes back to the delayed set (no attempt spent) and is looked at again later; a job
 *   whose policy disappears mid-run (PolicyUnavailableError) is held the same way. For work that must
 *   not be lost: chat intake, approved live ops.
 * - `skip`: the job completes without doing anything. For periodic work whose next round will come
 *   (the sweeper, scheduled drills).
 */
export function holdWithoutPolicy<Data, Result>(
  policy: Pick<PolicySource, 'current'>,
  mode: 'hold' | 'skip',
  processor: (job: Job<Data>, token?: string) => Promise<Result>,
  recheckMs: number = POLICY_RECHECK_MS,
): (job: Job<Data>, token?: string) => Promise<Result | undefined> {
  const hold = async (job: Job<Data>, token: string | undefined): Promise<never> => {
    await job.moveToDelayed(Date.now() + recheckMs, token);
    throw new DelayedError('no policy in force: held until one is');
  };
  return async (job, token) => {
    if (policy.current() === null) {
      if (mode === 'skip') return undefined;
      return hold(job, token);
    }
    try {
      return await processor(job, token);
    } catch (error) {
      if (mode === 'hold' && error instanceof PolicyUnavailableError) return hold(job, token);
      throw error;
    }
  };
}
