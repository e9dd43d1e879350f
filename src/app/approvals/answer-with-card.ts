import { buildRequestCard } from '../../../cards/build-request-card.js';
import type { GovernedRequest } from '../../domain/governed-request.js';
import { findBase, type Policy } from '../../domain/policy.js';
import type { CardAnswer } from './card-answer.js';

/** A toast, and the request's card as it stands now (its base's approvers from the policy in force). */
export function answerWithCard(
  deps: { policy: () => Policy; clock: () => number },
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
