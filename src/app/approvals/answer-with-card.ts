import { buildRequestCard } from '../../../cards/build-request-card.js';
import type { GovernedRequest } from '../../domain/governed-request.js';
import type { Message } from '../../domain/i18n/message.js';
import { findBase, type Policy } from '../../domain/policy.js';
import { type CardAnswer, type Toast, toastOf } from './card-answer.js';

/**
 * A toast, and the request's card as it stands now (its base's approvers from the policy in force). A toast
 * given as catalogue messages is said in every locale.
 */
export function answerWithCard(
  deps: { policy: () => Policy; clock: () => number },
  request: GovernedRequest,
  type: Toast['type'],
  content: string | Message | readonly (Message | string)[],
): CardAnswer {
  const base = findBase(deps.policy(), request.plan.base.alias);
  const data = buildRequestCard({
    request,
    approvers: base?.approvers ?? [],
    approverGroups: base?.approverGroups,
    now: deps.clock(),
  });
  const toast = typeof content === 'string' ? { type, content } : toastOf(type, content);
  return { toast, card: { type: 'raw', data } };
}
