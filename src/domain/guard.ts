import { allow, combine, type Decision, deny } from './decision.js';
import type { ApprovalArtefact, GovernedRequest } from './governed-request.js';
import { type BasePolicy, findBase, type Policy, type WriteOpName } from './policy.js';
import { isWritingStage, TIER_RULES } from './tiers.js';

export type Actor = { kind: 'user'; openId: string } | { kind: 'system'; name: string };

/** Everything the guard may be asked to judge, from every entry point (chat, card, CLI, worker, drills). */
export type GuardRequest =
  | {
      action: 'read';
      actor: Actor;
      chatId: string | null;
      chatType: 'group' | 'p2p' | null;
      base: string;
      table: string;
    }
  | {
      action: 'request-write';
      actor: Actor;
      chatId: string | null;
      chatType: 'group' | 'p2p' | null;
      base: string;
      table: string;
      op: WriteOpName;
      recordCount: number;
      /** batch-delete: the matched records that lack the base's marker (empty when all carry it). */
      unmarked?: readonly string[];
      /** A rollback of an applied request: bounded by the batch ceiling, not the per-request one. */
      rollback?: boolean;
    }
  | {
      action: 'vote';
      actor: Actor;
      decision: 'approve' | 'reject';
      request: GovernedRequest;
      scopeHash: string;
    }
  | {
      action: 'execute';
      actor: Actor;
      request: GovernedRequest;
      artefact: ApprovalArtefact | null;
      currentScopeHash: string;
    };

export type GuardContext = { policy: Policy; now: number };

/**
 * The one decision function (product.md §2 step 2). Fails closed: anything unknown, ambiguous or not
 * explicitly allowed by policy is refused, with every reason that applies.
 */
export function decide(request: GuardRequest, context: GuardContext): Decision {
  switch (request.action) {
    case 'read':
      return decideRead(request, context);
    case 'request-write':
      return decideWriteRequest(request, context);
    case 'vote':
      return decideVote(request, context);
    case 'execute':
      return decideExecute(request, context);
    default:
      return deny(
        'unknown_action',
        `unknown action ${JSON.stringify((request as { action?: unknown }).action)}`,
      );
  }
}

function decideChat(chatId: string | null, chatType: 'group' | 'p2p' | null, policy: Policy): Decision {
  if (chatId === null) return allow();
  if (chatType === 'p2p') {
    return policy.allowDirectMessages
      ? allow()
      : deny('not_a_request_chat', 'direct messages are turned off: ask in a requests chat');
  }
  return policy.requestChats.includes(chatId)
    ? allow()
    : deny(
        'not_a_request_chat',
        'this chat is not a Larkgate requests chat: ask in one of the configured requests chats',
      );
}

function decideTarget(baseAlias: string, table: string, policy: Policy): Decision & { base?: BasePolicy } {
  const base = findBase(policy, baseAlias);
  if (!base) {
    const known = policy.bases.map((b) => b.alias).join(', ');
    return deny('unknown_base', `no base "${baseAlias}" in policy (known: ${known})`);
  }
  if (!base.tables.includes(table)) {
    return deny(
      'unknown_table',
      `table "${table}" is not allowed on ${base.alias} (allowed: ${base.tables.join(', ')})`,
    );
  }
  return { ...allow(), base };
}

function decideRead(request: Extract<GuardRequest, { action: 'read' }>, { policy }: GuardContext): Decision {
  return combine([
    decideChat(request.chatId, request.chatType, policy),
    decideTarget(request.base, request.table, policy),
  ]);
}

function decideWriteRequest(
  request: Extract<GuardRequest, { action: 'request-write' }>,
  { policy }: GuardContext,
): Decision {
  const chat = decideChat(request.chatId, request.chatType, policy);
  const target = decideTarget(request.base, request.table, policy);
  const base = target.base;
  if (!base) return combine([chat, target]);
  const checks: Decision[] = [chat, target];
  const actorId = request.actor.kind === 'user' ? request.actor.openId : null;

  if (!TIER_RULES[base.tier].writes) {
    checks.push(
      deny(
        'tier_forbids_writes',
        `${base.alias} is ${base.tier} (${TIER_RULES[base.tier].meaning}): writes are refused`,
      ),
    );
  }
  if (base.stage === 'read-only') {
    checks.push(
      deny('stage_forbids_writes', `${base.alias} is in the read-only stage: reads only, no write requests`),
    );
  }
  if (base.requesters !== null && (actorId === null || !base.requesters.includes(actorId))) {
    checks.push(deny('requester_not_allowed', `you are not on ${base.alias}'s list of requesters`));
  }
  const bulk = request.op === 'batch-delete' || request.rollback === true;
  if (bulk && request.recordCount > policy.batchDeleteMaxRecords) {
    checks.push(
      deny(
        'batch_over_ceiling',
        `${request.recordCount} records is more than the batch ceiling of ${policy.batchDeleteMaxRecords} (lark-api-limits.yaml): narrow the match`,
      ),
    );
  }
  if (!bulk && request.recordCount > base.maxRecordsPerRequest) {
    checks.push(
      deny(
        'over_record_ceiling',
        `${request.recordCount} records is more than ${base.alias} allows in one request (${base.maxRecordsPerRequest})`,
      ),
    );
  }
  if (request.op === 'batch-delete') {
    if (!base.marker) {
      checks.push(
        deny(
          'marker_not_configured',
          `${base.alias} has no marker configured, so batch deletes are refused there`,
        ),
      );
    } else if (request.unmarked && request.unmarked.length > 0) {
      const shown = request.unmarked.slice(0, 10).join(', ');
      const more = request.unmarked.length > 10 ? ` and ${request.unmarked.length - 10} more` : '';
      checks.push(
        deny(
          'marker_missing',
          `every record must carry ${base.marker.field}=${base.marker.value} to be batch-deleted; these do not: ${shown}${more}`,
        ),
      );
    }
  }
  if (base.stage === 'limited' && base.limited) {
    if (actorId === null || !base.limited.requesters.includes(actorId)) {
      checks.push(
        deny(
          'stage_limited_requester',
          `${base.alias} is in the limited stage: only its listed requesters may write`,
        ),
      );
    }
    if (!base.limited.ops.includes(request.op)) {
      checks.push(
        deny(
          'stage_limited_op',
          `${base.alias} is in the limited stage: only ${base.limited.ops.join(', ')} may run, not ${request.op}`,
        ),
      );
    }
    if (request.recordCount > base.limited.maxRecords) {
      checks.push(
        deny(
          'stage_limited_ceiling',
          `${base.alias} is in the limited stage: at most ${base.limited.maxRecords} record(s) per request, this touches ${request.recordCount}`,
        ),
      );
    }
  }
  const decision = combine(checks);
  if (decision.allow && base.stage === 'dry-run') {
    return allow('dry-run stage: the diff card is shown, but nothing can be approved or executed');
  }
  return decision;
}

function decideVote(
  request: Extract<GuardRequest, { action: 'vote' }>,
  { policy, now }: GuardContext,
): Decision {
  const { request: governed, actor } = request;
  const voter = actor.kind === 'user' ? actor.openId : null;
  const base = findBase(policy, governed.plan.base.alias);
  if (governed.state !== 'pending') {
    return deny(
      'request_not_pending',
      `this request is ${governed.state.replace('_', ' ')}: votes are closed`,
    );
  }
  if (now >= governed.expiresAt)
    return deny('request_expired', 'this request has expired: ask again for a fresh diff');
  if (request.scopeHash !== governed.scopeHash) {
    return deny(
      'scope_mismatch',
      'this card shows an older version of the request: the change is not what you would approve',
    );
  }
  if (!base) return deny('unknown_base', `base "${governed.plan.base.alias}" is no longer in policy`);
  const checks: Decision[] = [];
  if (voter === null) checks.push(deny('approver_not_allowed', 'only people can vote'));
  if (voter !== null && voter === governed.requester) {
    // The requester may withdraw (reject) their own request, never approve it.
    if (request.decision === 'approve')
      checks.push(deny('self_approval', 'you asked for this change, so you cannot approve it'));
    return combine(checks);
  }
  if (voter !== null && !base.approvers.includes(voter)) {
    checks.push(deny('approver_not_allowed', `you are not an approver for ${base.alias}`));
  }
  if (voter !== null && governed.votes.some((vote) => vote.voter === voter)) {
    checks.push(deny('already_voted', 'you have already voted on this request'));
  }
  if (!isWritingStage(base.stage)) {
    checks.push(
      deny('stage_forbids_writes', `${base.alias} is in the ${base.stage} stage: nothing can be approved`),
    );
  }
  return combine(checks);
}

function decideExecute(
  request: Extract<GuardRequest, { action: 'execute' }>,
  { policy }: GuardContext,
): Decision {
  const { request: governed, artefact } = request;
  const base = findBase(policy, governed.plan.base.alias);
  const checks: Decision[] = [];
  if (!artefact) {
    checks.push(deny('artefact_missing', 'no approval artefact for this request'));
  } else {
    if (artefact.requestId !== governed.id)
      checks.push(deny('artefact_scope_mismatch', 'the approval belongs to another request'));
    if (artefact.scopeHash !== governed.scopeHash || request.currentScopeHash !== governed.scopeHash) {
      checks.push(deny('artefact_scope_mismatch', 'the change differs from what was approved'));
    }
  }
  if (!base) {
    checks.push(deny('unknown_base', `base "${governed.plan.base.alias}" is no longer in policy`));
  } else {
    if (!TIER_RULES[base.tier].writes)
      checks.push(deny('tier_forbids_writes', `${base.alias} is ${base.tier}: writes are refused`));
    if (!isWritingStage(base.stage)) {
      checks.push(
        deny('stage_forbids_writes', `${base.alias} is in the ${base.stage} stage: nothing is executed`),
      );
    }
    if (!base.tables.includes(governed.plan.table.name)) {
      checks.push(
        deny('unknown_table', `table "${governed.plan.table.name}" is no longer allowed on ${base.alias}`),
      );
    }
  }
  return combine(checks);
}
