import { buildRequestCard } from '../cards/build-request-card.js';
import { findBase } from '../src/domain/policy.js';
import { auditDecision, type ChatDeps, denialText, reply, replyCard } from './chat-context.js';
import type { IncomingMessage } from './queue-names.js';

/**
 * `status <request_id>`: a read of the request's base and table, so it is guarded and audited like `get`
 * from the chat it was asked in (a billing diff is not shown in the on-call chat). The answer is a snapshot
 * of the card without buttons: votes count only on the request's own card.
 */
export async function handleStatusCommand(
  requestId: string,
  message: IncomingMessage,
  deps: ChatDeps,
): Promise<void> {
  const stored = await deps.requests.get(requestId);
  if (!stored) return reply(deps, message, 'status', `No request ${requestId}.`);
  const { request } = stored;
  const policy = deps.policy();
  const target = { base: request.plan.base.alias, table: request.plan.table.name };
  const decision = await auditDecision(
    deps,
    deps.decide(
      {
        action: 'read',
        actor: { kind: 'user', openId: message.senderOpenId },
        chatId: message.chatId,
        chatType: message.chatType,
        ...target,
      },
      { policy, now: deps.clock() },
    ),
    message.senderOpenId,
    { action: 'status', ...target },
    request.id,
  );
  if (!decision.allow) return reply(deps, message, 'denied', denialText(decision));
  const card = buildRequestCard({
    request,
    approvers: findBase(policy, target.base)?.approvers ?? [],
    approverGroups: findBase(policy, target.base)?.approverGroups,
    now: deps.clock(),
    actions: false,
  });
  await replyCard(deps, message, 'status', card);
}
