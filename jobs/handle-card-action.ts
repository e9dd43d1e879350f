import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { buildRequestCard } from '../cards/build-request-card.js';
import { applyVote } from '../src/domain/apply-vote.js';
import type { ApprovalArtefact, GovernedRequest } from '../src/domain/governed-request.js';
import { findBase } from '../src/domain/policy.js';
import type { RequestStore, StoredRequest } from '../src/store/create-request-store.js';
import type { CommonDeps } from './ports.js';
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
    const outcome = applyVote(
      request,
      { voter: action.operatorOpenId, decision: decisionName, at: now },
      base,
    );
    const result = await record(stored, outcome, deps, action.operatorOpenId, now);
    if (result === 'conflict') continue;
    return result;
  }
  return { toast: { type: 'error', content: 'Too many people clicked at once: please try again.' } };
}

async function record(
  stored: StoredRequest,
  outcome: ReturnType<typeof applyVote>,
  deps: CardActionDeps,
  voter: string,
  now: number,
): Promise<CardAnswer | 'conflict'> {
  const requestId = stored.request.id;
  const artefact: ApprovalArtefact | null =
    outcome.kind === 'approved'
      ? {
          id: `art_${randomBytes(12).toString('hex')}`,
          requestId,
          scopeHash: stored.request.scopeHash,
          approvers: outcome.approvers,
          createdAt: now,
          usedAt: null,
        }
      : null;
  const next: GovernedRequest = artefact ? { ...outcome.request, artefactId: artefact.id } : outcome.request;
  // Audit first: if the vote cannot be recorded in the audit log, it is not recorded at all.
  await deps.audit({
    type: 'approval.vote',
    actor: voter,
    requestId,
    details: {
      decision: outcome.kind === 'rejected' ? 'reject' : 'approve',
      result: outcome.kind,
      scope_hash: stored.request.scopeHash,
    },
  });
  if (artefact) {
    await deps.audit({
      type: 'approval.created',
      actor: voter,
      requestId,
      details: { artefact_id: artefact.id, approvers: artefact.approvers, scope_hash: artefact.scopeHash },
    });
  }
  const written = await deps.requests.transition(
    stored,
    next,
    artefact ? { kind: 'mint', artefact } : undefined,
  );
  if (written !== 'written') return 'conflict';

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

function answer(
  deps: CardActionDeps,
  request: GovernedRequest,
  type: CardAnswer['toast']['type'],
  content: string,
): CardAnswer {
  const base = findBase(deps.policy(), request.plan.base.alias);
  const data = buildRequestCard({ request, approvers: base?.approvers ?? [], now: deps.clock() });
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
