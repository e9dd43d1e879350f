import { deliveryId } from '../../domain/chat-delivery.js';
import type { GovernedRequest } from '../../domain/governed-request.js';
import type { ChatSender } from '../../ports/chat-sender.js';
import type { CommonDeps } from '../../ports/common-deps.js';
import type { Outbox } from '../../ports/outbox.js';
import type { RequestStore } from '../../ports/request-store.js';
import { type DeliveryCounts, deliverChatUpdates } from '../live-op/deliver-chat-updates.js';

export type SweepDeps = CommonDeps & {
  requests: RequestStore;
  chat: ChatSender;
  outbox: Outbox;
  /** Makes sure an approved or executing request has a live-op job (queues it, or retries a failed one). */
  ensureLiveOpJob: (request: GovernedRequest) => Promise<void>;
  /** Requests approved longer ago than this without progress get their job ensured. */
  requeueAfterMs: number;
  /** Answers failed intake jobs nobody answered yet (jobs/sweep-failed-intake.ts); the count answered. */
  answerFailedIntake?: () => Promise<number>;
};

/**
 * The sweeper, run on a schedule: pending requests past their expiry become expired (card updated through
 * the outbox), approved or executing requests whose job was lost (a crash between approval and queueing)
 * are queued again, and chat updates still owed (a crash or a Lark failure after a finish) are delivered.
 * Nothing approved is lost; the job id (= request id) keeps it from running twice. Last, failed intake jobs
 * without an answer get one (last: a Lark outage that makes the replies wait must not hold up the rest).
 */
export async function sweepRequests(
  deps: SweepDeps,
): Promise<{ expired: number; requeued: number; chat: DeliveryCounts; answered: number }> {
  const now = deps.clock();
  let expired = 0;
  for (const id of await deps.requests.listByState('pending', now)) {
    const next = await deps.requests.update(
      id,
      (current) =>
        current.state === 'pending' && current.expiresAt <= now ? { ...current, state: 'expired' } : null,
      20,
      (expiredRequest) =>
        expiredRequest.cardMessageId ? [{ kind: 'card', requestId: expiredRequest.id }] : [],
    );
    if (next?.state !== 'expired') continue;
    expired++;
    await deps.audit({
      type: 'request.expired',
      actor: null,
      requestId: id,
      details: { expired_at: new Date(next.expiresAt).toISOString() },
    });
    await deliverChatUpdates([deliveryId({ kind: 'card', requestId: id })], deps);
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
  const chat = await deliverChatUpdates('due', deps);
  const answered = (await deps.answerFailedIntake?.()) ?? 0;
  return { expired, requeued, chat, answered };
}
