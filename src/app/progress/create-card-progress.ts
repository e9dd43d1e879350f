import { buildProgressLine } from '../../../cards/build-progress-line.js';
import { buildRequestCard } from '../../../cards/build-request-card.js';
import type { GovernedRequest } from '../../domain/governed-request.js';
import { estimateSecondsLeft, type LiveOpProgress, type LiveOpStep } from '../../domain/live-op-progress.js';
import { findBase } from '../../domain/policy.js';
import { createProgressThrottle, type ProgressThrottle } from '../../domain/progress-throttle.js';
import type { LiveOpDeps } from '../live-op/live-op-deps.js';

type Deps = Pick<LiveOpDeps, 'chat' | 'policy' | 'clock' | 'logger'> & {
  /**
   * Whether the request is still running, asked just before each patch: the live op does not wait for its
   * progress, so a patch let through as it finished is dropped rather than cover the finished card.
   */
  stillRunning?: (requestId: string) => Promise<boolean>;
};

/** Requests whose progress this process remembers (the oldest forgotten first): a bound, not a limit. */
const TRACKED = 1_000;

type Tracked = {
  throttle: ProgressThrottle;
  step: LiveOpStep;
  stepAt: number;
  stepDone: number;
  /** The patch under way: the next waits for it, so the card never goes back to an older count. */
  patching: Promise<void>;
};

/** Steps whose last count always goes out (the card ends exact); the reads and the backup wait their turn. */
const EXACT_STEPS: ReadonlySet<LiveOpStep> = new Set(['write', 'relink']);

/**
 * The live op's `onProgress`: patches the request's card with where a long write stands, at most once a
 * second per request across its steps (Lark allows 5 edits a second per message), the last count of a
 * step always. The time left is the rate seen in this process since the step began (a resumed op starts
 * its estimate afresh, its count from what landed). A failed patch is logged, never thrown: progress must
 * not interrupt a write. The live op does not wait for it (create-chunk-progress.ts); patches of one
 * request go out one after the other, in the order the throttle let them through. The re-read, backup and
 * read back are throttled like any count, their last one too: only the write's (and relink's) last count
 * is sure to show.
 */
export function createCardProgress(
  deps: Deps,
): (request: GovernedRequest, progress: LiveOpProgress) => Promise<void> {
  const seen = new Map<string, Tracked>();
  return async (request, progress) => {
    const messageId = request.cardMessageId;
    if (!messageId) return;
    const now = deps.clock();
    const entry = seen.get(request.id) ?? {
      throttle: createProgressThrottle({ clock: deps.clock }),
      step: progress.step,
      stepAt: now,
      stepDone: progress.recordsDone,
      patching: Promise.resolve(),
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
    const final = EXACT_STEPS.has(progress.step) && progress.recordsDone >= progress.recordsTotal;
    if (!entry.throttle.shouldSend(progress.recordsDone, final, progress.step)) return;
    const sinceFirst = {
      ...progress,
      recordsDone: progress.recordsDone - entry.stepDone,
      recordsTotal: progress.recordsTotal - entry.stepDone,
      startedAt: entry.stepAt,
    };
    const line = buildProgressLine(progress, estimateSecondsLeft(sinceFirst, now));
    const patch = async () => {
      if (deps.stillRunning && !(await deps.stillRunning(request.id))) return;
      const base = findBase(deps.policy(), request.plan.base.alias);
      await deps.chat.patchCard(
        messageId,
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
    };
    entry.patching = entry.patching.then(patch).catch((error: unknown) => {
      deps.logger.warn(
        { requestId: request.id, err: (error as Error).message },
        'progress card update failed',
      );
    });
    await entry.patching;
  };
}
