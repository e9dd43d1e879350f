import { buildProgressLine } from '../../../cards/build-progress-line.js';
import { buildRequestCard } from '../../../cards/build-request-card.js';
import type { GovernedRequest } from '../../domain/governed-request.js';
import { estimateSecondsLeft, type LiveOpProgress, type LiveOpStep } from '../../domain/live-op-progress.js';
import { findBase } from '../../domain/policy.js';
import { createProgressThrottle, type ProgressThrottle } from '../../domain/progress-throttle.js';
import type { LiveOpDeps } from '../live-op/live-op-deps.js';

type Deps = Pick<LiveOpDeps, 'chat' | 'policy' | 'clock' | 'logger'>;

/** Requests whose progress this process remembers (the oldest forgotten first): a bound, not a limit. */
const TRACKED = 1_000;

type Tracked = { throttle: ProgressThrottle; step: LiveOpStep; stepAt: number; stepDone: number };

/**
 * The live op's `onProgress`: patches the request's card with where a long write stands, at most once a
 * second per request across its steps (Lark allows 5 edits a second per message), the last count of a
 * step always. The time left is the rate seen in this process since the step began (a resumed op starts
 * its estimate afresh, its count from what landed). A failed patch is logged, never thrown: progress must
 * not interrupt a write.
 */
export function createCardProgress(
  deps: Deps,
): (request: GovernedRequest, progress: LiveOpProgress) => Promise<void> {
  const seen = new Map<string, Tracked>();
  return async (request, progress) => {
    if (!request.cardMessageId) return;
    const now = deps.clock();
    const entry = seen.get(request.id) ?? {
      throttle: createProgressThrottle({ clock: deps.clock }),
      step: progress.step,
      stepAt: now,
      stepDone: progress.recordsDone,
    };
    if (entry.step !== progress.step) {
      entry.step = progress.step;
      entry.stepAt = now;
      entry.stepDone = progress.recordsDone;
    }
    // Most recently told last, so the oldest is forgotten first.
    seen.delete(request.id);
    seen.set(request.id, entry);
    if (seen.size > TRACKED) seen.delete(seen.keys().next().value as string);
    const final = progress.recordsDone >= progress.recordsTotal;
    if (!entry.throttle.shouldSend(progress.recordsDone, final, progress.step)) return;
    const sinceFirst = {
      ...progress,
      recordsDone: progress.recordsDone - entry.stepDone,
      recordsTotal: progress.recordsTotal - entry.stepDone,
      startedAt: entry.stepAt,
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
