import { buildProgressLine } from '../../../cards/build-progress-line.js';
import { buildRequestCard } from '../../../cards/build-request-card.js';
import type { GovernedRequest } from '../../domain/governed-request.js';
import { estimateSecondsLeft, type LiveOpProgress } from '../../domain/live-op-progress.js';
import { findBase } from '../../domain/policy.js';
import { createProgressThrottle, type ProgressThrottle } from '../../domain/progress-throttle.js';
import type { LiveOpDeps } from '../live-op/live-op-deps.js';

type Deps = Pick<LiveOpDeps, 'chat' | 'policy' | 'clock' | 'logger'>;

/**
 * The live op's `onProgress`: patches the request's card with where a long write stands, at most once a
 * second per request (Lark allows 5 edits a second per message), the last count always. The time left is
 * the rate seen in this process (a resumed op starts its estimate afresh, its count from what landed).
 * A failed patch is logged, never thrown: progress must not interrupt a write.
 */
export function createCardProgress(
  deps: Deps,
): (request: GovernedRequest, progress: LiveOpProgress) => Promise<void> {
  const seen = new Map<string, { throttle: ProgressThrottle; firstAt: number; firstDone: number }>();
  return async (request, progress) => {
    if (!request.cardMessageId) return;
    const now = deps.clock();
    let entry = seen.get(request.id);
    if (!entry) {
      entry = {
        throttle: createProgressThrottle({ clock: deps.clock }),
        firstAt: now,
        firstDone: progress.recordsDone,
      };
      seen.set(request.id, entry);
    }
    const final = progress.recordsDone >= progress.recordsTotal;
    if (final) seen.delete(request.id);
    if (!entry.throttle.shouldSend(progress.recordsDone, final)) return;
    const sinceFirst = {
      ...progress,
      recordsDone: progress.recordsDone - entry.firstDone,
      recordsTotal: progress.recordsTotal - entry.firstDone,
      startedAt: entry.firstAt,
    };
    const line = buildProgressLine(progress, estimateSecondsLeft(sinceFirst, now));
    try {
      const base = findBase(deps.policy(), request.plan.base.alias);
      await deps.chat.patchCard(
        request.cardMessageId,
        buildRequestCard({ request, approvers: base?.approvers ?? [], now, progress: line }),
      );
      deps.logger.debug(
        {
          requestId: request.id,
          step: progress.step,
          done: progress.recordsDone,
          total: progress.recordsTotal,
          // When the throttle let it through (the patch itself may take a while).
          at: now,
        },
        'progress card patched',
      );
    } catch (error) {
      deps.logger.warn(
        { requestId: request.id, err: (error as Error).message },
        'progress card update failed',
      );
    }
  };
}
