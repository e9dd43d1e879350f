import { randomBytes } from 'node:crypto';
import type { applyVote } from '../../domain/apply-vote.js';
import type { ApprovalArtefact, GovernedRequest, Vote } from '../../domain/governed-request.js';
import { message } from '../../domain/i18n/message.js';
import type { AuditInput } from '../../ports/audit.js';
import type { StoredRequest } from '../../ports/request-store.js';
import { answerWithCard } from './answer-with-card.js';
import type { CardAnswer } from './card-answer.js';
import type { VoteDeps } from './vote-deps.js';
import { withdrawVote } from './withdraw-vote.js';

/**
 * Stores one vote, then audits it (docs/ARCHITECTURE.md step 5):
 *
 * 1. Compare-and-set first. A click that loses a race writes nothing and is audited only as the refusal
 *    it gets on the next pass; the log never shows a vote or an approval that was not stored.
 * 2. Audit what was stored: `approval.vote` and, when N-of-M is met, `approval.created`, appended in the
 *    same tick so the audit log's group commit writes both or neither.
 * 3. If the audit fails, nothing happened (the Vault rule): the transition is undone by a compensating
 *    compare-and-set that also deletes the unused artefact, and the error goes up.
 * 4. Only an audited approval queues the live op.
 */
export async function recordVote(
  stored: StoredRequest,
  outcome: ReturnType<typeof applyVote>,
  deps: VoteDeps,
  vote: Vote,
): Promise<CardAnswer | 'conflict'> {
  const requestId = stored.request.id;
  const artefact: ApprovalArtefact | null =
    outcome.kind === 'approved'
      ? {
          id: `art_${randomBytes(12).toString('hex')}`,
          requestId,
          scopeHash: stored.request.scopeHash,
          approvers: outcome.approvers,
          createdAt: vote.at,
          usedAt: null,
        }
      : null;
  const next: GovernedRequest = artefact ? { ...outcome.request, artefactId: artefact.id } : outcome.request;
  const written = await deps.requests.transition(
    stored,
    next,
    artefact ? { kind: 'mint', artefact } : undefined,
  );
  if (written !== 'written') return 'conflict';

  const events: AuditInput[] = [
    {
      type: 'approval.vote',
      actor: vote.voter,
      requestId,
      details: {
        decision: vote.decision,
        result: outcome.kind,
        scope_hash: stored.request.scopeHash,
      },
    },
    ...(artefact
      ? [
          {
            type: 'approval.created' as const,
            actor: vote.voter,
            requestId,
            details: {
              artefact_id: artefact.id,
              approvers: artefact.approvers,
              scope_hash: artefact.scopeHash,
            },
          },
        ]
      : []),
  ];
  const audited = await Promise.allSettled(events.map((event) => deps.audit(event)));
  const failure = audited.find((result) => result.status === 'rejected');
  if (failure) {
    await withdrawVote(stored, next, artefact, vote, deps);
    throw failure.reason;
  }

  if (outcome.kind === 'approved') {
    try {
      await deps.enqueueLiveOp(next);
      await deps.audit({
        type: 'op.queued',
        actor: null,
        requestId,
        details: { queue: `live-${next.plan.base.alias}` },
      });
    } catch (error) {
      // The maintenance sweeper re-queues approved requests, so an approval is never lost.
      deps.logger.error(
        { requestId, err: (error as Error).message },
        'could not queue the live op; the sweeper will',
      );
    }
    return answerWithCard(deps, next, 'success', message('reply.toast.approved'));
  }
  if (outcome.kind === 'rejected') {
    return answerWithCard(
      deps,
      next,
      'info',
      message(outcome.withdrawn ? 'reply.toast.withdrawn' : 'reply.toast.rejected'),
    );
  }
  return answerWithCard(
    deps,
    next,
    'success',
    message('reply.toast.vote_recorded', { count: outcome.approvals, needed: next.approvalsNeeded }),
  );
}
