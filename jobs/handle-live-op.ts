import type { Job } from 'bullmq';
import type { LiveOpDeps } from '../src/app/live-op/live-op-deps.js';
import { runLiveOp } from '../src/app/live-op/run-live-op.js';
import { RetryLater } from '../src/app/retry-later.js';
import type { GovernedRequest } from '../src/domain/governed-request.js';
import { LiveOpJob } from './queue-names.js';

/**
 * The live-op queue's processor: parses the job and runs the live op (src/app/live-op/run-live-op.ts). A
 * RetryLater goes back to BullMQ, which waits what it names (retry-later.ts) and runs the job again.
 */
export async function handleLiveOp(
  job: Pick<Job<LiveOpJob>, 'data' | 'id'>,
  deps: LiveOpDeps,
): Promise<GovernedRequest['state']> {
  const { requestId } = LiveOpJob.parse(job.data);
  try {
    return await runLiveOp(requestId, { ...deps, logger: deps.logger.child({ requestId, jobId: job.id }) });
  } catch (error) {
    if (error instanceof RetryLater)
      deps.logger.warn({ requestId, why: error.message }, 'live op will retry');
    throw error;
  }
}
