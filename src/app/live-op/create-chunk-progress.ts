import type { GovernedRequest } from '../../domain/governed-request.js';
import type { LiveOpStep } from '../../domain/live-op-progress.js';
import type { StepContext } from './live-op-planner.js';

/**
 * Tells the live op's `onProgress` where a chunked pass stands: `step`, records done of `total`, chunks of
 * `size`. Called before the first chunk (counting what an earlier attempt already did, as read or
 * persisted) and after each. A pass of one chunk tells nothing: one call needs no card update before the
 * final one (it would cost Lark calls and a message edit per write).
 */
export function createChunkProgress(
  context: Pick<StepContext<GovernedRequest>, 'request' | 'execution' | 'deps'>,
  step: LiveOpStep,
  total: number,
  size: number,
): (recordsDone: number) => Promise<void> {
  const chunksTotal = Math.ceil(total / size);
  return async (recordsDone) => {
    if (chunksTotal <= 1) return;
    await context.deps.onProgress?.(context.request, {
      step,
      recordsDone,
      recordsTotal: total,
      chunksDone: Math.min(chunksTotal, Math.ceil(recordsDone / size)),
      chunksTotal,
      startedAt: context.execution.startedAt,
    });
  };
}
