import { type ChatDelivery, isDrillRequest } from '../../domain/chat-delivery.js';
import { type DeliveryFailure, decideDeliveryRetry } from '../../domain/decide-delivery-retry.js';
import type { GovernedRequest } from '../../domain/governed-request.js';
import type { ChatSender } from '../../ports/chat-sender.js';
import type { CommonDeps } from '../../ports/common-deps.js';
import { LarkCallFailed } from '../../ports/lark-call-failed.js';
import type { ClaimedEntry, Outbox } from '../../ports/outbox.js';
import type { RequestStore } from '../../ports/request-store.js';
import { patchRequestCard, postAuditLines } from './finish-request.js';
import type { FinishStep } from './live-op-deps.js';

export type ChatDeliveryDeps = Pick<CommonDeps, 'policy' | 'audit' | 'clock' | 'logger'> & {
  requests: RequestStore;
  outbox: Outbox;
  chat: ChatSender;
  /** Called after each step of a finish (tests kill the worker here); absent in production. */
  onFinishStep?: (step: FinishStep) => void;
};

export type DeliveryCounts = { delivered: number; retrying: number; dropped: number };

/**
 * Delivers owed chat updates from the outbox: the named entries (those a finish just wrote, delivered at
 * once) or every due one (the sweeper). Each is claimed first, so two processes do not send it at the same
 * time; Lark's answer decides: taken → forgotten; retryable (rate limit, 5xx, timeout, a lost connection) →
 * due again after a backoff; permanent (message deleted, bot removed from the chat) → dropped, logged and
 * audited `chat.undelivered`. Sending again is safe, so an ambiguous failure is simply retried.
 */
export async function deliverChatUpdates(
  which: readonly string[] | 'due',
  deps: ChatDeliveryDeps,
): Promise<DeliveryCounts> {
  const counts: DeliveryCounts = { delivered: 0, retrying: 0, dropped: 0 };
  const entries = await deps.outbox.claim(which === 'due' ? undefined : which);
  const lines = entries.filter((entry) => entry.delivery.kind === 'audit_line');
  const others = entries.filter((entry) => entry.delivery.kind !== 'audit_line');
  // Independent updates go out together: a card patch does not wait for the audit-chat line (paced per
  // chat), nor one card for another. The audit-chat lines go as few messages as possible (below).
  await Promise.all([
    ...others.map((entry) => settle([entry], () => deliver(entry.delivery, deps), deps, counts)),
    deliverAuditLines(lines, deps, counts),
  ]);
  return counts;
}

/** Lines per audit-chat message: a batch stays one screen long and far below Lark's text size limit. */
export const AUDIT_LINES_PER_MESSAGE = 20;

/**
 * The audit-chat lines of several finished requests, one message per up to AUDIT_LINES_PER_MESSAGE lines,
 * so a busy minute costs a few messages instead of one per change (Lark takes 5 a second per chat). A
 * message's uuid names its lines (one line keeps the line's own uuid), so a resend of the same lines is
 * deduplicated by Lark; a line re-sent in another grouping after an ambiguous failure may show twice.
 */
async function deliverAuditLines(
  entries: readonly ClaimedEntry[],
  deps: ChatDeliveryDeps,
  counts: DeliveryCounts,
): Promise<void> {
  const owed: { entry: ClaimedEntry; request: GovernedRequest }[] = [];
  for (const entry of entries) {
    const { delivery } = entry;
    const stored = await deps.requests.get(delivery.requestId);
    const request = stored?.request;
    // Nothing to say (a newer state owes its own line, or a drill's request): done.
    if (delivery.kind !== 'audit_line' || request?.state !== delivery.state || isDrillRequest(request)) {
      await settle([entry], async () => {}, deps, counts);
      continue;
    }
    owed.push({ entry, request });
  }
  for (let start = 0; start < owed.length; start += AUDIT_LINES_PER_MESSAGE) {
    const batch = owed.slice(start, start + AUDIT_LINES_PER_MESSAGE);
    await settle(
      batch.map((item) => item.entry),
      () =>
        postAuditLines(
          batch.map((item) => item.request),
          deps,
        ),
      deps,
      counts,
    );
  }
}

/** Runs one send for `entries` and records Lark's answer on each: taken, retry later, or given up. */
async function settle(
  entries: readonly ClaimedEntry[],
  send: () => Promise<void>,
  deps: ChatDeliveryDeps,
  counts: DeliveryCounts,
): Promise<void> {
  try {
    await send();
    for (const entry of entries) {
      deps.onFinishStep?.(entry.delivery.kind);
      await deps.outbox.complete(entry);
      counts.delivered++;
    }
  } catch (error) {
    const failure = describeDeliveryFailure(error);
    for (const entry of entries) {
      const decision = decideDeliveryRetry(failure, entry.attempts + 1, Date.now() - entry.firstAt);
      if (decision.kind === 'retry') {
        deps.logger.warn(
          { delivery: entry.id, attempts: entry.attempts + 1, retryInMs: decision.afterMs, why: failure.why },
          'chat update not delivered: will retry',
        );
        await deps.outbox.retry(entry, decision.afterMs);
        counts.retrying++;
      } else {
        await dropDelivery(entry, decision.reason, deps);
        counts.dropped++;
      }
    }
  }
}

async function deliver(delivery: ChatDelivery, deps: ChatDeliveryDeps): Promise<void> {
  switch (delivery.kind) {
    case 'card': {
      const stored = await deps.requests.get(delivery.requestId);
      if (stored) await patchRequestCard(stored.request, deps);
      return;
    }
    case 'audit_line':
      // Delivered in batches by deliverAuditLines.
      return;
    case 'rolled_back': {
      const updated = await deps.requests.update(delivery.requestId, (current) =>
        current.rolledBackBy === delivery.by ? null : { ...current, rolledBackBy: delivery.by },
      );
      if (updated) await patchRequestCard(updated, deps);
      return;
    }
  }
}

/** Given up: the person reading the chat will not see this update, so say so where operators look. */
async function dropDelivery(entry: ClaimedEntry, reason: string, deps: ChatDeliveryDeps): Promise<void> {
  deps.logger.error(
    { delivery: entry.id, attempts: entry.attempts + 1, why: reason },
    'chat update given up: Lark will not take it',
  );
  // Audited before it is forgotten: if the audit log cannot record it, the claim lapses and it comes back.
  await deps.audit({
    type: 'chat.undelivered',
    actor: 'worker',
    requestId: entry.delivery.requestId,
    details: { delivery: entry.delivery.kind, id: entry.id, attempts: entry.attempts + 1, reason },
  });
  await deps.outbox.complete(entry);
}

/**
 * Permanent: what no retry can cure. An ambiguous write is retryable here (unlike a Base write): a card
 * patch sets the same content again and an audit-chat line carries its uuid. An auth failure is retried
 * too: it is Larkgate's token, not this message, and the monitor pages on it.
 */
function describeDeliveryFailure(error: unknown): DeliveryFailure {
  const failure = LarkCallFailed.of(error);
  if (failure?.reason === 'egress_denied')
    return { kind: 'permanent', why: `${failure.method} ${failure.path} is not an allowed endpoint` };
  if (failure) {
    const retryable = failure.kind !== 'permanent' || failure.reason === 'auth';
    return {
      kind: retryable ? 'retryable' : 'permanent',
      why: `Lark refused ${failure.endpointId} (${failure.reason}, HTTP ${failure.httpStatus}, code ${failure.code ?? 'none'})`,
      ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
    };
  }
  return { kind: 'retryable', why: error instanceof Error ? error.message : String(error) };
}
