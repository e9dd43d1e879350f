import { applyVote } from '../../domain/apply-vote.js';
import { auditedDenials } from '../../domain/decision.js';
import type { GovernedRequest, Vote } from '../../domain/governed-request.js';
import { message } from '../../domain/i18n/message.js';
import { findBase } from '../../domain/policy.js';
import { answerWithCard } from './answer-with-card.js';
import { type CardAnswer, toastOf } from './card-answer.js';
import { recordVote } from './record-vote.js';
import type { VoteDeps } from './vote-deps.js';

/** An Approve or Reject click, its button value already parsed (src/http/handle-card-action.ts). */
export type VoteClick = {
  voter: string;
  /** The card message the button was on: it must be the request's own card. */
  messageId: string;
  decision: 'approve' | 'reject';
  requestId: string;
  /** The scope hash on the button: the diff the voter saw. */
  scope: string;
};

/** How often a vote that lost a compare-and-set to another click is judged again on the fresh request. */
const VOTE_PASSES = 20;

/**
 * A vote (docs/product.md §2 step 4, docs/ARCHITECTURE.md step 5): re-read the request and re-run the guard,
 * record the vote atomically, mint the single-use artefact when N-of-M is met, queue the live op, and answer
 * with a toast and the updated card — within Lark's 3 s, since it touches only Redis and the audit log.
 */
export async function castVote(click: VoteClick, deps: VoteDeps): Promise<CardAnswer> {
  const { requestId, decision: decisionName, scope } = click;
  for (let attempt = 0; attempt < VOTE_PASSES; attempt++) {
    const stored = await deps.requests.get(requestId);
    if (!stored) return { toast: toastOf('error', message('reply.no_request', { id: requestId })) };
    const { request } = stored;
    const now = deps.clock();

    if (request.cardMessageId !== null && request.cardMessageId !== click.messageId) {
      await deps.audit({
        type: 'approval.vote',
        actor: click.voter,
        requestId,
        details: {
          decision: decisionName,
          result: 'denied',
          denials: [{ code: 'button_from_another_message', message: 'button from another message' }],
        },
      });
      return answerWithCard(deps, request, 'error', message('reply.toast.foreign_button'));
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
      return answerWithCard(deps, expired, 'warning', message('reply.toast.expired'));
    }

    const policy = deps.policy();
    const decision = deps.decide(
      {
        action: 'vote',
        actor: { kind: 'user', openId: click.voter },
        decision: decisionName,
        request,
        scopeHash: scope,
      },
      { policy, now },
    );
    if (!decision.allow) {
      await deps.audit({
        type: 'approval.vote',
        actor: click.voter,
        requestId,
        details: { decision: decisionName, result: 'denied', denials: auditedDenials(decision.denials) },
      });
      const first = decision.denials[0];
      const type =
        first?.code === 'already_voted' || first?.code === 'request_not_pending' ? 'info' : 'error';
      // Each denial in every locale (the clicker's client picks its own); one only in English stays so.
      const reasons = decision.denials.map((denial) => denial.reason ?? denial.message);
      return answerWithCard(deps, request, type, reasons);
    }

    const base = findBase(policy, request.plan.base.alias);
    if (!base) return answerWithCard(deps, request, 'error', message('reply.toast.base_gone'));
    const vote: Vote = { voter: click.voter, decision: decisionName, at: now };
    const result = await recordVote(stored, applyVote(request, vote, base), deps, vote);
    if (result === 'conflict') continue;
    return result;
  }
  return { toast: toastOf('error', message('reply.toast.busy')) };
}
