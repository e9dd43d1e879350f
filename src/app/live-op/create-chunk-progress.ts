import type { Execution, GovernedRequest } from '../../domain/governed-request.js';
import type { LiveOpStep } from '../../domain/live-op-progress.js';
import type { LiveOpDeps } from './live-op-deps.js';

/** What telling progress needs: the request, its execution's start (if it has one yet), the deps. */
export type ProgressContext = {
  request: GovernedRequest;
  execution?: Pick<Execution, 'startedAt'> | null | undefined;
  deps: Pick<LiveOpDeps, 'onProgress' | 'clock'>;
};

/**
 * Tells the live op's `onProgress` where a chunked pass stands: `step`, records done of `total`, chunks of
 * `size`. Called before the first chunk (counting what an earlier attempt already did, as read or
 * persisted) and after each. A pass of one chunk tells nothing (`several`, by default more than one chunk
 * of `size`): one call needs no card update before the final one (it would cost Lark calls and a message
 * edit per write). Fire and forget: the op never waits for a card (its body runs up to its first await).
 */
export function createChunkProgress(
  context: ProgressContext,
  step: LiveOpStep,
  total: number,
  size: number,
  several = Math.ceil(total / size) > 1,
): (recordsDone: number) => void {
  const chunksTotal = Math.max(1, Math.ceil(total / size));
  const startedAt = context.execution?.startedAt ?? context.deps.clock();
  return (recordsDone) => {
    if (!several || !context.deps.onProgress) return;
    const told = context.deps.onProgress(context.request, {
      step,
      recordsDone,
      recordsTotal: total,
      chunksDone: Math.min(chunksTotal, Math.ceil(recordsDone / size)),
      chunksTotal,
      startedAt,
    });
    // A card that could not be told about is the card's concern (create-card-progress logs it).
    told.catch(() => undefined);
  };
}
