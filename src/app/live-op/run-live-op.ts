import { buildFinishDeliveries, deliveryId } from '../../domain/chat-delivery.js';
import { computeScopeHash } from '../../domain/compute-scope-hash.js';
import { auditedDenials } from '../../domain/decision.js';
import type { GovernedRequest } from '../../domain/governed-request.js';
import { FINAL_STATES } from '../../domain/governed-request.js';
import { isRecordsRequest } from '../../domain/is-records-request.js';
import { startExecution } from '../../domain/start-execution.js';
import { LarkCallFailed } from '../../ports/lark-call-failed.js';
import type { StoredRequest } from '../../ports/request-store.js';
import { RetryLater } from '../retry-later.js';
import { countNamedRecords, createRecordsProgress } from './create-records-progress.js';
import { deliverChatUpdates } from './deliver-chat-updates.js';
import { finishRequest } from './finish-request.js';
import type { LiveOpDeps } from './live-op-deps.js';
import type { LiveOpMemo } from './live-op-planner.js';
import { markOutdatedRequests } from './mark-outdated-requests.js';
import { prefetchBeforeState } from './read-before-state.js';
import { runLiveOpStep } from './run-live-op-step.js';

const WORKER = { kind: 'system', name: 'worker' } as const;

/**
 * The live op (docs/product.md §2 steps 5–6), resumable at every step: consume the artefact, re-read (stale →
 * abort), back up, write, read back and verify. Each step is persisted before the next begins, so a job
 * retried after a crash continues — reconciling by reading — and never applies the change twice. Once the
 * request is final, the chat updates it owes are delivered (outside the base lease); what Lark does not
 * take now stays in the outbox for the sweeper, and a job re-run after a crash delivers it again. Beside
 * the delivery, the pending requests an applied change outdated are marked (best effort, idempotent).
 */
export async function runLiveOp(requestId: string, deps: LiveOpDeps): Promise<GovernedRequest['state']> {
  const state = await advance(requestId, deps);
  if (FINAL_STATES.has(state)) {
    const stored = await deps.requests.get(requestId);
    // The card does not wait for the other pending requests on these records to be marked outdated.
    if (stored)
      await Promise.all([deliverOwed(stored.request, deps), markOutdatedRequests(stored.request, deps)]);
  }
  return state;
}

/** Delivers what this request's finish put in the outbox (entries another process holds are left to it). */
export async function deliverOwed(request: GovernedRequest, deps: LiveOpDeps): Promise<void> {
  const owed = buildFinishDeliveries(request);
  if (!deps.auditLines) {
    await deliverChatUpdates(owed.map(deliveryId), deps);
    return;
  }
  // The audit-chat line waits its turn in the audit chat without holding this job (and so the Base).
  deps.auditLines.add(owed.filter((delivery) => delivery.kind === 'audit_line').map(deliveryId));
  await deliverChatUpdates(owed.filter((delivery) => delivery.kind !== 'audit_line').map(deliveryId), deps);
}

async function advance(requestId: string, deps: LiveOpDeps): Promise<GovernedRequest['state']> {
  const first = await deps.requests.get(requestId);
  if (!first) return 'failed';
  if (FINAL_STATES.has(first.request.state)) return first.request.state;
  const lease = await deps.leaseBase(first.request.plan.base.alias);
  if (!lease) throw new RetryLater(`base ${first.request.plan.base.alias} is busy with another write`);
  // What one step leaves the next within this run (the re-read, so the write need not read again).
  const memo: LiveOpMemo = {};
  // The request as the last step stored it (no need to read it again), else read.
  let next: StoredRequest | null = null;
  try {
    for (let guard = 0; guard < 50; guard++) {
      const stored = next ?? (await deps.requests.get(requestId));
      next = null;
      if (!stored) return 'failed';
      const { state } = stored.request;
      if (FINAL_STATES.has(state)) return state;
      if (state === 'approved') await start(stored, deps, memo);
      else if (state === 'executing') {
        try {
          next = await runLiveOpStep(stored, deps, memo);
        } catch (error) {
          const refused = describePermanentFailure(error);
          if (refused === null) throw error;
          return await endRefused(requestId, refused, deps);
        }
      } else {
        deps.logger.warn({ requestId, state }, 'live op found a request that is not approved');
        return state;
      }
    }
    throw new RetryLater('the live op made no progress');
  } finally {
    await lease.release();
  }
}

/**
 * Guard, then consume the single-use artefact and move to executing, in one atomic step. When the guard
 * allows it, the re-read of a records op starts at once and goes on while the decision is audited and the
 * artefact consumed (a read changes nothing; nothing is written before both are stored).
 */
async function start(stored: StoredRequest, deps: LiveOpDeps, memo: LiveOpMemo): Promise<void> {
  const { request } = stored;
  const artefact = request.artefactId ? await deps.requests.getArtefact(request.artefactId) : null;
  const decision = deps.decide(
    { action: 'execute', actor: WORKER, request, artefact, currentScopeHash: computeScopeHash(request.plan) },
    { policy: deps.policy(), now: deps.clock() },
  );
  if (decision.allow && !artefact?.usedAt && isRecordsRequest(request))
    memo.beforeState = prefetchBeforeState(
      request,
      deps,
      createRecordsProgress({ request, deps }, 'reread', countNamedRecords(request)),
    );
  await deps.audit({
    type: decision.allow ? 'tool.allowed' : 'tool.denied',
    actor: 'worker',
    requestId: request.id,
    details: decision.allow
      ? { action: 'execute' }
      : { action: 'execute', denials: auditedDenials(decision.denials) },
  });
  if (!decision.allow) {
    await finishRequest(
      stored,
      'failed',
      { problem: decision.denials.map((denial) => denial.message).join('; ') },
      deps,
    );
    return;
  }
  if (artefact?.usedAt !== null && artefact?.usedAt !== undefined) {
    await finishRequest(stored, 'failed', { problem: 'the approval was already used' }, deps);
    return;
  }
  const now = deps.clock();
  const next: GovernedRequest = {
    ...request,
    state: 'executing',
    execution: startExecution(now),
  };
  // The card already says "Approved, queued"; the next patch is the outcome (5 patches/s per message).
  await deps.requests.transition(stored, next, { kind: 'consume', artefactId: artefact?.id ?? '', at: now });
}

/**
 * What a failure that no retry can cure says (Lark refused a read for auth, permission, a missing table or
 * field, a bad request; or the call is not allowlisted); null for anything a retry may cure. Writes the
 * executors catch themselves; this is for the reads around them.
 */
function describePermanentFailure(error: unknown): string | null {
  const failure = LarkCallFailed.of(error);
  if (failure?.kind !== 'permanent') return null;
  if (failure.reason === 'egress_denied')
    return `${failure.method} ${failure.path} is not an allowed endpoint`;
  return `Lark refused ${failure.endpointId} (${failure.reason}, code ${failure.code ?? 'none'}: ${failure.msg || `HTTP ${failure.httpStatus}`})`;
}

/**
 * Ends the request at once instead of retrying what cannot succeed: `failed` while nothing can have been
 * written yet, `needs_review` once the write may have begun (the target could not be checked).
 */
async function endRefused(
  requestId: string,
  refused: string,
  deps: LiveOpDeps,
): Promise<GovernedRequest['state']> {
  const latest = await deps.requests.get(requestId);
  if (latest?.request.state !== 'executing') return latest?.request.state ?? 'failed';
  const step = latest.request.execution?.step ?? 'consumed';
  const before = step === 'consumed' || step === 'backed_up';
  deps.logger.warn({ requestId, step, why: refused }, 'live op refused by Lark: not retrying');
  const ended = await finishRequest(
    latest,
    before ? 'failed' : 'needs_review',
    {
      problem: before
        ? `${refused}; nothing was written`
        : `${refused} after the write began; check the target by hand`,
    },
    deps,
  );
  return ended.state;
}
