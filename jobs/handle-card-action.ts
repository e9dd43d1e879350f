import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { buildRequestCard } from '../cards/build-request-card.js';
import { applyVote } from '../src/domain/apply-vote.js';
import type { ApprovalArtefact, GovernedRequest, Vote } from '../src/domain/governed-request.js';
import { findBase } from '../src/domain/policy.js';
import type { AuditInput } from '../src/ports/audit.js';
import type { CommonDeps } from '../src/ports/common-deps.js';
import type { RequestStore, StoredRequest } from '../src/ports/request-store.js';
import type { RollbackTrigger } from './queue-names.js';

export type CardActionDeps = CommonDeps & {
  requests: RequestStore;
  /** Queues the live op (job id = request id, so a repeat is a no-op). */
  enqueueLiveOp: (request: GovernedRequest) => Promise<void>;
  /** Queues the preparation of a rollback (decrypting a backup and reading the Base take too long for 3 s). */
  enqueueRollback: (trigger: RollbackTrigger) => Promise<void>;
  /** Ack on an alert card in the on-call chat (the bot's monitor); absent when monitoring is off. */
  ackAlert?: (action: CardAction) => Promise<CardAnswer>;
};

export type CardAction = {
  operatorOpenId: string;
  messageId: string;
  chatId: string;
  value: Record<string, unknown>;
};

export type CardAnswer = {
  toast: { type: 'info' | 'success' | 'error' | 'warning'; content: string };
  card?: { type: 'raw'; data: object };
};

/** How often, and how far apart, a vote the audit log refused is taken back before a person is asked to. */
const WITHDRAW_ATTEMPTS = 5;
const WITHDRAW_WAIT_MS = 50;

const VoteValue = z.strictObject({
  action: z.enum(['approve', 'reject']),
  request_id: z.string().regex(/^req_[a-z2-7]{12}$/),
  scope: z.string().regex(/^[0-9a-f]{64}$/),
});

/**
 * A click on Approve or Reject (product.md §2 step 4): re-run the guard, record the vote atomically,
 * mint the single-use artefact when N-of-M is met, queue the live op, and answer with a toast and the
 * updated card — within Lark's 3 s, since it touches only Redis and the audit log.
 */
export async function handleCardAction(action: CardAction, deps: CardActionDeps): Promise<CardAnswer> {
  if (action.value.action === 'rollback') return handleRollbackClick(action, deps);
  if (action.value.action === 'ack' && deps.ackAlert) return deps.ackAlert(action);
  const parsed = VoteValue.safeParse(action.value);
  if (!parsed.success) {
    await deps.audit({
      type: 'tool.denied',
      actor: action.operatorOpenId,
      requestId: null,
      details: {
        action: 'card-click',
        denials: [{ code: 'unknown_action', message: 'button value not understood' }],
      },
    });
    return { toast: { type: 'error', content: 'This button is not one Larkgate understands.' } };
  }
  const { action: decisionName, request_id: requestId, scope } = parsed.data;

  for (let attempt = 0; attempt < 20; attempt++) {
    const stored = await deps.requests.get(requestId);
    if (!stored) return { toast: { type: 'error', content: `No request ${requestId}.` } };
    const { request } = stored;
    const now = deps.clock();

    if (request.cardMessageId !== null && request.cardMessageId !== action.messageId) {
      await deps.audit({
        type: 'approval.vote',
        actor: action.operatorOpenId,
        requestId,
        details: {
          decision: decisionName,
          result: 'denied',
          denials: [{ code: 'button_from_another_message', message: 'button from another message' }],
        },
      });
      return answer(deps, request, 'error', 'This button does not belong to this request’s card.');
    }
    if (request.state === 'pending' && now >= request.expiresAt) {
      const expired: GovernedRequest = { ...request, state: 'expired' };
      if ((await deps.requests.transition(stored, expired)) !== 'written') continue;
      await deps.audit({
        type: 'request.expired',
        actor: null,
        requestId,
        details: { expired_at: new Date(request.expiresAt).toISOString() },
      });
      return answer(deps, expired, 'warning', 'This request has expired: ask again for a fresh diff.');
    }

    const policy = deps.policy();
    const decision = deps.decide(
      {
        action: 'vote',
        actor: { kind: 'user', openId: action.operatorOpenId },
        decision: decisionName,
        request,
        scopeHash: scope,
      },
      { policy, now },
    );
    if (!decision.allow) {
      await deps.audit({
        type: 'approval.vote',
        actor: action.operatorOpenId,
        requestId,
        details: { decision: decisionName, result: 'denied', denials: decision.denials },
      });
      const first = decision.denials[0];
      const type =
        first?.code === 'already_voted' || first?.code === 'request_not_pending' ? 'info' : 'error';
      return answer(deps, request, type, decision.denials.map((denial) => denial.message).join('; '));
    }

    const base = findBase(policy, request.plan.base.alias);
    if (!base) return answer(deps, request, 'error', 'This base is no longer in policy.');
    const vote: Vote = { voter: action.operatorOpenId, decision: decisionName, at: now };
    const result = await record(stored, applyVote(request, vote, base), deps, vote);
    if (result === 'conflict') continue;
    return result;
  }
  return { toast: { type: 'error', content: 'Too many people clicked at once: please try again.' } };
}

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
async function record(
  stored: StoredRequest,
  outcome: ReturnType<typeof applyVote>,
  deps: CardActionDeps,
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
    return answer(
      deps,
      next,
      'success',
      'Approved: the change is queued and will be backed up, written and verified.',
    );
  }
  if (outcome.kind === 'rejected') {
    return answer(
      deps,
      next,
      'info',
      outcome.withdrawn ? 'Withdrawn.' : 'Rejected: nothing will be written.',
    );
  }
  return answer(
    deps,
    next,
    'success',
    `Vote recorded: ${outcome.approvals} of ${next.approvalsNeeded} approvals.`,
  );
}

/**
 * Undoes a stored vote whose audit failed. Normally the request is still exactly what this click wrote:
 * put back what it read and delete the unused artefact, in one compare-and-set. If another approver's vote
 * landed on top (the request still pending), take out only this vote. Anything else (another click's
 * transition that may itself be undone in a moment) is retried briefly, then left to a person, loudly.
 */
async function withdrawVote(
  stored: StoredRequest,
  written: GovernedRequest,
  artefact: ApprovalArtefact | null,
  vote: Vote,
  deps: CardActionDeps,
): Promise<void> {
  const writtenRaw = JSON.stringify(written);
  const isThisVote = (candidate: Vote) =>
    candidate.voter === vote.voter && candidate.decision === vote.decision && candidate.at === vote.at;
  try {
    for (let attempt = 0; attempt < WITHDRAW_ATTEMPTS; attempt++) {
      const current = await deps.requests.get(stored.request.id);
      if (!current?.request.votes.some(isThisVote)) return;
      if (current.raw === writtenRaw) {
        const undone = await deps.requests.transition(
          current,
          stored.request,
          artefact ? { kind: 'unmint', artefactId: artefact.id } : undefined,
        );
        if (undone === 'written') return;
      } else if (current.request.state === 'pending') {
        const without = { ...current.request, votes: current.request.votes.filter((v) => !isThisVote(v)) };
        if ((await deps.requests.transition(current, without)) === 'written') return;
      } else {
        await new Promise((resolve) => setTimeout(resolve, WITHDRAW_WAIT_MS));
      }
    }
  } catch (error) {
    deps.logger.error(
      { requestId: stored.request.id, voter: vote.voter, err: (error as Error).message },
      'could not withdraw a vote the audit log did not take',
    );
    return;
  }
  deps.logger.error(
    { requestId: stored.request.id, voter: vote.voter },
    'could not withdraw a vote the audit log did not take',
  );
}

function answer(
  deps: CardActionDeps,
  request: GovernedRequest,
  type: CardAnswer['toast']['type'],
  content: string,
): CardAnswer {
  const base = findBase(deps.policy(), request.plan.base.alias);
  const data = buildRequestCard({
    request,
    approvers: base?.approvers ?? [],
    approverGroups: base?.approverGroups,
    now: deps.clock(),
  });
  return { toast: { type, content }, card: { type: 'raw', data } };
}

const RollbackValue = z.strictObject({
  action: z.literal('rollback'),
  request_id: z.string().regex(/^req_[a-z2-7]{12}$/),
});

/** Ten-minute buckets: a second click soon after gets the same rollback request, a later one a fresh one. */
const ROLLBACK_BUCKET_MS = 10 * 60_000;

/**
 * The Roll back button on an applied card: queue the rollback's preparation and say so. The rollback is a
 * new request with its own diff card and approvals; nothing is written by this click.
 */
async function handleRollbackClick(action: CardAction, deps: CardActionDeps): Promise<CardAnswer> {
  const parsed = RollbackValue.safeParse(action.value);
  if (!parsed.success)
    return { toast: { type: 'error', content: 'This button is not one Larkgate understands.' } };
  const requestId = parsed.data.request_id;
  const stored = await deps.requests.get(requestId);
  if (!stored) return { toast: { type: 'error', content: `No request ${requestId}.` } };
  if (stored.request.state !== 'applied' && stored.request.state !== 'verify_failed') {
    return {
      toast: {
        type: 'error',
        content: `Only an applied change can be rolled back; ${requestId} is ${stored.request.state}.`,
      },
    };
  }
  const bucket = Math.floor(deps.clock() / ROLLBACK_BUCKET_MS);
  await deps.enqueueRollback({
    requestId,
    requester: action.operatorOpenId,
    chatId: action.chatId,
    chatType: deps.policy().requestChats.includes(action.chatId) ? 'group' : 'p2p',
    sourceMessageId: action.messageId,
    triggerId: `button-${requestId}-${action.operatorOpenId}-${bucket}`,
  });
  return {
    toast: {
      type: 'info',
      content: `Preparing the rollback of ${requestId}: its diff card follows here, and it needs approval.`,
    },
  };
}
