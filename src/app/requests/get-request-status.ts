import type { Decision } from '../../domain/decision.js';
import type { GovernedRequest } from '../../domain/governed-request.js';
import type { Asker } from './asker.js';
import { auditDecision } from './audit-decision.js';
import type { RequestsDeps } from './requests-deps.js';

export type StatusOutcome =
  | { kind: 'unknown' }
  | { kind: 'denied'; decision: Decision }
  | { kind: 'found'; request: GovernedRequest };

/**
 * A request's status: a read of the request's base and table, so it is guarded and audited like `get`
 * (from chat: in the chat it was asked in, so a billing diff is not shown in the on-call chat).
 */
export async function getRequestStatus(
  requestId: string,
  asker: Asker,
  deps: RequestsDeps,
): Promise<StatusOutcome> {
  const stored = await deps.requests.get(requestId);
  if (!stored) return { kind: 'unknown' };
  const { request } = stored;
  const target = { base: request.plan.base.alias, table: request.plan.table.name };
  const decision = await auditDecision(
    deps,
    deps.decide(
      { action: 'read', actor: asker.actor, chatId: asker.chatId, chatType: asker.chatType, ...target },
      { policy: deps.policy(), now: deps.clock() },
    ),
    asker.auditActor,
    { action: 'status', ...target },
    request.id,
  );
  if (!decision.allow) return { kind: 'denied', decision };
  return { kind: 'found', request };
}
