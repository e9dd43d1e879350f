import { buildRequestCard } from '../cards/build-request-card.js';
import { userAsker } from '../src/app/requests/asker.js';
import { denialMessage } from '../src/app/requests/audit-decision.js';
import { getRequestStatus } from '../src/app/requests/get-request-status.js';
import type { RequestsDeps } from '../src/app/requests/requests-deps.js';
import { message as catalogueMessage } from '../src/domain/i18n/message.js';
import { findBase } from '../src/domain/policy.js';
import { reply, replyCard } from './chat-context.js';
import type { IncomingMessage } from './queue-names.js';

/**
 * `status <request_id>` from chat (getRequestStatus). The answer is a snapshot of the card without
 * buttons: votes count only on the request's own card.
 */
export async function handleStatusCommand(
  requestId: string,
  message: IncomingMessage,
  deps: RequestsDeps,
): Promise<void> {
  const outcome = await getRequestStatus(
    requestId,
    userAsker(message.senderOpenId, message.chatId, message.chatType),
    deps,
  );
  if (outcome.kind === 'unknown')
    return reply(deps, message, 'status', catalogueMessage('reply.no_request', { id: requestId }));
  if (outcome.kind === 'denied') return reply(deps, message, 'denied', denialMessage(outcome.decision));
  const { request } = outcome;
  const base = findBase(deps.policy(), request.plan.base.alias);
  const card = buildRequestCard({
    request,
    approvers: base?.approvers ?? [],
    approverGroups: base?.approverGroups,
    now: deps.clock(),
    actions: false,
  });
  await replyCard(deps, message, 'status', card);
}
