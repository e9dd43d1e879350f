import type { GovernedRequest } from '../src/domain/governed-request.js';
import type { RequestStore } from '../src/store/create-request-store.js';
import { patchRequestCard } from './finish-request.js';
import type { ChatSender, CommonDeps } from './ports.js';

export type MaintenanceDeps = CommonDeps & {
  requests: RequestStore;
  chat: ChatSender;
  /** Makes sure an approved or executing request has a live-op job (queues it, or retries a failed one). */
  ensureLiveOpJob: (request: GovernedRequest) => Promise<void>;
  /** Requests approved longer ago than this without progress get their job ensured. */
  requeueAfterMs: number;
  /** Answers failed intake jobs nobody answered yet (jobs/sweep-failed-intake.ts); the count answered. */
  answerFailedIntake?: () => Promise<number>;
};

/**
 * The sweeper, run on a schedule: pending requests past their expiry become expired (card updated), and
 * approved or executing requests whose job was lost (a crash between approval and queueing) are queued
 * again. Nothing approved is lost; the job id (= request id) keeps it from running twice. Last, failed intake
 * jobs without an answer get one (last: a Lark outage that makes the replies wait must not hold up the rest).
 */
export async function handleMaintenance(
  deps: MaintenanceDeps,
): Promise<{ expired: number; requeued: number; answered: number }> {
  const now = deps.clock();
  let expired = 0;
  for (const id of await deps.requests.listByState('pending', now)) {
    const next = await deps.requests.update(id, (current) =>
      current.state === 'pending' && current.expiresAt <= now ? { ...current, state: 'expired' } : null,
    );
    if (next?.state !== 'expired') continue;
    expired++;
    await deps.audit({
      type: 'request.expired',
      actor: null,
      requestId: id,
      details: { expired_at: new Date(next.expiresAt).toISOString() },
    });
    await patchRequestCard(next, deps);
  }
  let requeued = 0;
  const cutoff = now - deps.requeueAfterMs;
  for (const state of ['approved', 'executing'] as const) {
    for (const id of await deps.requests.listByState(state, cutoff)) {
      const stored = await deps.requests.get(id);
      if (stored?.request.state !== state) continue;
      await deps.ensureLiveOpJob(stored.request);
      requeued++;
    }
  }
  const answered = (await deps.answerFailedIntake?.()) ?? 0;
  return { expired, requeued, answered };
}
