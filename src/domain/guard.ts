import { allow, combine, type Decision, deny } from './decision.js';
import type { ApprovalArtefact, GovernedRequest, RequestState, SchemaOp } from './governed-request.js';
import { listOf, type Message, message, verbatim } from './i18n/message.js';
import { isTableAdmitted, isTempTable } from './is-temp-table.js';
import { type BasePolicy, findAgent, findBase, type Policy, type WriteOpName } from './policy.js';
import { isWritingStage, TIER_RULES } from './tiers.js';

/** The requester of a drill's own requests (they are approved by the drill runner, never by people). */
export const DRILL_ACTOR = 'system:drill';

const DAY_MS = 86_400_000;

/** An agent acts on behalf of a person (its sponsor), who is accountable for what it asks. */
export type Actor =
  | { kind: 'user'; openId: string }
  | { kind: 'system'; name: string }
  | { kind: 'agent'; id: string; onBehalfOf: string };

/** The person accountable for what an actor asks: the user, an agent's sponsor; null for system actors. */
export function accountableId(actor: Actor): string | null {
  if (actor.kind === 'user') return actor.openId;
  if (actor.kind === 'agent') return actor.onBehalfOf;
  return null;
}

/** Everything the guard may be asked to judge, from every entry point (chat, card, CLI, worker, drills). */
export type GuardRequest =
  | {
      action: 'read';
      actor: Actor;
      chatId: string | null;
      chatType: 'group' | 'p2p' | null;
      base: string;
      table: string;
      /** Every table the typed target names in the Base, when more than one: ambiguous, refused. */
      tableMatches?: readonly string[];
    }
  | {
      action: 'request-write';
      actor: Actor;
      chatId: string | null;
      chatType: 'group' | 'p2p' | null;
      base: string;
      table: string;
      tableMatches?: readonly string[];
      op: WriteOpName;
      recordCount: number;
      /** batch-delete: the matched records that lack the base's marker (empty when all carry it). */
      unmarked?: readonly string[];
      /** A rollback of an applied request: bounded by the batch ceiling, not the per-request one. */
      rollback?: boolean;
    }
  | {
      /** A schema change (docs/product.md §3): only on a staging base, only on a temp-prefixed table. */
      action: 'request-schema';
      actor: Actor;
      chatId: string | null;
      chatType: 'group' | 'p2p' | null;
      base: string;
      table: string;
      tableMatches?: readonly string[];
      op: SchemaOp;
      /** Records whose data the change destroys or writes back: bounded by the batch ceiling. */
      recordCount: number;
    }
  | {
      /** Start a rollback drill on this base (the drill runner, a system actor). */
      action: 'drill';
      actor: Actor;
      base: string;
    }
  | {
      /** The drill runner approves one of its own requests: no person can approve a scheduled drill. */
      action: 'drill-approve';
      actor: Actor;
      request: GovernedRequest;
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

/**
 * Recorded evidence the guard judges by. `lastPassingDrillAt`: when the newest passing rollback drill on a
 * staging base finished (epoch ms; null = none recorded). Absent evidence counts as none: writes on a
 * base whose tier has a drill rule are refused (fail closed).
 */
export type GuardEvidence = { lastPassingDrillAt: number | null };

export type GuardContext = { policy: Policy; now: number; evidence?: GuardEvidence };

/**
 * The one decision function (docs/product.md §2 step 2). Fails closed: anything unknown, ambiguous or not
 * explicitly allowed by policy is refused, with every reason that applies.
 */
export function decide(request: GuardRequest, context: GuardContext): Decision {
  switch (request.action) {
    case 'read':
      return combine([
        decideRead(request, context),
        decideUnambiguous(request),
        decideAgent(request.actor, request.base, 'read', 0, context.policy),
      ]);
    case 'request-write':
      return combine([
        decideWriteRequest(request, context),
        decideUnambiguous(request),
        decideAgent(request.actor, request.base, 'write', request.recordCount, context.policy),
      ]);
    case 'request-schema':
      return combine([
        decideSchemaRequest(request, context),
        decideUnambiguous(request),
        request.actor.kind === 'agent'
          ? deny('agent_not_allowed', 'agents do not ask for schema changes')
          : allow(),
      ]);
    case 'drill':
      return decideDrill(request, context);
    case 'drill-approve':
      return decideDrillApprove(request, context);
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

/**
 * What an agent may do (issue 13), on top of everything a person is judged by: only an agent in policy,
 * only on the bases it lists, asking for changes only where it has write access, within its own ceiling.
 */
function decideAgent(
  actor: Actor,
  baseAlias: string,
  access: 'read' | 'write',
  recordCount: number,
  policy: Policy,
): Decision {
  if (actor.kind !== 'agent') return allow();
  const agent = findAgent(policy, actor.id);
  if (!agent || agent.onBehalfOf !== actor.onBehalfOf)
    return deny('agent_not_allowed', `agent "${actor.id}" is not in policy`);
  const granted = agent.bases[baseAlias];
  if (granted === undefined)
    return deny('agent_base_not_allowed', `agent ${agent.id} may not use ${baseAlias}`);
  const checks: Decision[] = [];
  if (access === 'write' && granted !== 'write')
    checks.push(deny('agent_read_only', `agent ${agent.id} may only read ${baseAlias}`));
  if (recordCount > agent.maxRecordsPerRequest) {
    checks.push(
      deny(
        'agent_over_record_ceiling',
        `${recordCount} records is more than agent ${agent.id} may ask for in one request (${agent.maxRecordsPerRequest})`,
      ),
    );
  }
  return combine([allow(), ...checks]);
}

/** A target that names more than one table (a name that is another table's id) is refused, never guessed. */
function decideUnambiguous(request: {
  base: string;
  table: string;
  tableMatches?: readonly string[];
}): Decision {
  const matches = request.tableMatches ?? [];
  if (matches.length < 2) return allow();
  return deny(
    'ambiguous_target',
    message('reply.deny.ambiguous_target', {
      table: request.table,
      count: matches.length,
      base: request.base,
      matches: listOf(matches, ', '),
    }),
  );
}

function decideChat(chatId: string | null, chatType: 'group' | 'p2p' | null, policy: Policy): Decision {
  if (chatId === null) return allow();
  if (chatType === 'p2p') {
    return policy.allowDirectMessages
      ? allow()
      : deny('not_a_request_chat', message('reply.deny.direct_messages_off'));
  }
  return policy.requestChats.includes(chatId)
    ? allow()
    : deny('not_a_request_chat', message('reply.deny.not_a_request_chat'));
}

function decideTarget(baseAlias: string, table: string, policy: Policy): Decision & { base?: BasePolicy } {
  const base = findBase(policy, baseAlias);
  if (!base) {
    return deny('unknown_base', unknownBase(baseAlias, policy));
  }
  if (!isTableAdmitted(base, table)) {
    const params = { table, base: base.alias, allowed: listOf(base.tables, ', ') };
    return deny(
      'unknown_table',
      base.staging
        ? message('reply.deny.unknown_table_temp', { ...params, prefix: base.tempTablePrefix })
        : message('reply.deny.unknown_table', params),
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
  context: GuardContext,
): Decision {
  const { policy } = context;
  const chat = decideChat(request.chatId, request.chatType, policy);
  const target = decideTarget(request.base, request.table, policy);
  const base = target.base;
  if (!base) return combine([chat, target]);
  const checks: Decision[] = [chat, target];
  const actorId = accountableId(request.actor);

  if (!TIER_RULES[base.tier].writes) {
    checks.push(deny('tier_forbids_writes', tierForbids(base)));
  }
  if (base.stage === 'read-only') {
    checks.push(deny('stage_forbids_writes', message('reply.deny.read_only_stage', { base: base.alias })));
  }
  if (request.actor.kind === 'system') {
    // A system actor asks for writes only as a drill: on a staging L0 base, on a temp table.
    checks.push(decideDrillBase(base));
    if (!isTempTable(base, request.table)) {
      checks.push(
        deny(
          'drill_outside_sandbox',
          `a drill writes only to temp tables (${base.tempTablePrefix}…), not "${request.table}"`,
        ),
      );
    }
  } else if (base.requesters !== null && (actorId === null || !base.requesters.includes(actorId))) {
    checks.push(
      deny('requester_not_allowed', message('reply.deny.requester_not_allowed', { base: base.alias })),
    );
  }
  checks.push(decideDrillFreshness(base, context));
  const bulk = request.op === 'batch-delete' || request.rollback === true;
  if (bulk && request.recordCount > policy.batchDeleteMaxRecords) {
    checks.push(
      deny(
        'batch_over_ceiling',
        message('reply.deny.batch_over_ceiling', {
          count: request.recordCount,
          max: policy.batchDeleteMaxRecords,
        }),
      ),
    );
  }
  if (!bulk && request.recordCount > base.maxRecordsPerRequest) {
    checks.push(
      deny(
        'over_record_ceiling',
        message('reply.deny.over_record_ceiling', {
          count: request.recordCount,
          base: base.alias,
          max: base.maxRecordsPerRequest,
        }),
      ),
    );
  }
  if (request.op === 'batch-delete') {
    if (!base.marker) {
      checks.push(
        deny('marker_not_configured', message('reply.deny.marker_not_configured', { base: base.alias })),
      );
    } else if (request.unmarked && request.unmarked.length > 0) {
      const params = {
        marker: `${base.marker.field}=${base.marker.value}`,
        records: listOf(request.unmarked.slice(0, 10), ', '),
        more: request.unmarked.length - 10,
      };
      checks.push(
        deny(
          'marker_missing',
          message(params.more > 0 ? 'reply.deny.marker_missing_more' : 'reply.deny.marker_missing', params),
        ),
      );
    }
  }
  if (base.stage === 'limited' && base.limited) {
    if (actorId === null || !base.limited.requesters.includes(actorId)) {
      checks.push(
        deny('stage_limited_requester', message('reply.deny.stage_limited_requester', { base: base.alias })),
      );
    }
    if (!base.limited.ops.includes(request.op)) {
      checks.push(
        deny(
          'stage_limited_op',
          message('reply.deny.stage_limited_op', {
            base: base.alias,
            ops: verbatim(base.limited.ops.join(', ')),
            op: verbatim(request.op),
          }),
        ),
      );
    }
    if (request.recordCount > base.limited.maxRecords) {
      checks.push(
        deny(
          'stage_limited_ceiling',
          message('reply.deny.stage_limited_ceiling', {
            base: base.alias,
            max: base.limited.maxRecords,
            count: request.recordCount,
          }),
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
    return deny('request_not_pending', notPending(governed.state));
  }
  if (now >= governed.expiresAt) return deny('request_expired', message('reply.deny.request_expired'));
  if (request.scopeHash !== governed.scopeHash) {
    return deny('scope_mismatch', message('reply.deny.scope_mismatch'));
  }
  if (!base) return deny('unknown_base', message('reply.deny.base_gone', { base: governed.plan.base.alias }));
  const checks: Decision[] = [];
  if (voter === null) checks.push(deny('approver_not_allowed', message('reply.deny.only_people_vote')));
  const { origin } = governed;
  if (origin.kind === 'drill' || (origin.kind === 'rollback' && origin.drillId !== undefined)) {
    return deny('approver_not_allowed', message('reply.deny.drill_request'));
  }
  if (voter !== null && voter === governed.requester) {
    // The requester may withdraw (reject) their own request, never approve it.
    if (request.decision === 'approve')
      checks.push(
        origin.kind === 'agent' || (origin.kind === 'rollback' && origin.agentId !== undefined)
          ? deny('self_approval', message('reply.deny.self_approval_agent'))
          : deny('self_approval', message('reply.deny.self_approval')),
      );
    return combine(checks);
  }
  if (voter !== null && !base.approvers.includes(voter)) {
    checks.push(deny('approver_not_allowed', message('reply.deny.not_an_approver', { base: base.alias })));
  }
  if (voter !== null && governed.votes.some((vote) => vote.voter === voter)) {
    checks.push(deny('already_voted', message('reply.deny.already_voted')));
  }
  if (!isWritingStage(base.stage)) {
    checks.push(
      deny(
        'stage_forbids_writes',
        message('reply.deny.stage_no_approval', { base: base.alias, stage: verbatim(base.stage) }),
      ),
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
  const { plan } = governed;
  const checks: Decision[] = [];
  if (!artefact) {
    checks.push(deny('artefact_missing', 'no approval artefact for this request'));
  } else {
    if (artefact.usedAt !== null)
      checks.push(deny('artefact_used', 'this approval was already used: an approval is good for one run'));
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
    if (!isTableAdmitted(base, plan.table.name)) {
      checks.push(deny('unknown_table', `table "${plan.table.name}" is no longer allowed on ${base.alias}`));
    }
    if (plan.kind === 'schema' && !isTempTable(base, plan.table.name)) {
      checks.push(
        deny(
          'schema_outside_sandbox',
          `${base.alias}/${plan.table.name} is no longer a temp table of a staging base: the schema change is not executed`,
        ),
      );
    }
  }
  return combine(checks);
}

function decideSchemaRequest(
  request: Extract<GuardRequest, { action: 'request-schema' }>,
  context: GuardContext,
): Decision {
  const { policy } = context;
  const chat = decideChat(request.chatId, request.chatType, policy);
  const base = findBase(policy, request.base);
  if (!base) {
    return combine([chat, deny('unknown_base', unknownBase(request.base, policy))]);
  }
  const checks: Decision[] = [chat];
  const actorId = accountableId(request.actor);
  if (!base.staging) {
    const sandboxes = policy.bases.filter((b) => b.staging).map((b) => b.alias);
    checks.push(
      deny(
        'schema_outside_sandbox',
        message('reply.deny.schema_not_staging', {
          base: base.alias,
          sandboxes: sandboxes.length > 0 ? listOf(sandboxes, ', ') : message('reply.deny.no_staging_base'),
          prefix: base.tempTablePrefix,
        }),
      ),
    );
  } else if (!isTempTable(base, request.table)) {
    checks.push(
      deny(
        'schema_outside_sandbox',
        message('reply.deny.schema_not_temp', { prefix: base.tempTablePrefix, table: request.table }),
      ),
    );
  }
  if (!TIER_RULES[base.tier].writes) {
    checks.push(deny('tier_forbids_writes', tierForbids(base)));
  }
  if (base.stage === 'read-only') {
    checks.push(deny('stage_forbids_writes', message('reply.deny.read_only_stage', { base: base.alias })));
  }
  if (base.requesters !== null && (actorId === null || !base.requesters.includes(actorId))) {
    checks.push(
      deny('requester_not_allowed', message('reply.deny.requester_not_allowed', { base: base.alias })),
    );
  }
  if (base.stage === 'limited') {
    checks.push(
      deny(
        'stage_limited_op',
        message('reply.deny.stage_limited_op', {
          base: base.alias,
          ops: base.limited ? verbatim(base.limited.ops.join(', ')) : message('reply.deny.listed_record_ops'),
          op: verbatim(request.op),
        }),
      ),
    );
  }
  if (request.recordCount > policy.batchDeleteMaxRecords) {
    checks.push(
      deny(
        'batch_over_ceiling',
        message('reply.deny.schema_over_ceiling', {
          count: request.recordCount,
          max: policy.batchDeleteMaxRecords,
        }),
      ),
    );
  }
  checks.push(decideDrillFreshness(base, context));
  const decision = combine(checks);
  if (decision.allow && base.stage === 'dry-run') {
    return allow('dry-run stage: the diff card is shown, but nothing can be approved or executed');
  }
  return decision;
}

/**
 * The tier rule "rollback drill fresher than N days" (docs/product.md §4), from recorded evidence: the newest
 * passing rollback drill on a staging base. Missing evidence is no evidence.
 */
function decideDrillFreshness(base: BasePolicy, { now, evidence }: GuardContext): Decision {
  const maxAgeDays = TIER_RULES[base.tier].drillMaxAgeDays;
  if (maxAgeDays === null) return allow();
  const window = maxAgeDays === 1 ? message('reply.day') : message('reply.days', { count: maxAgeDays });
  if (evidence === undefined) {
    return deny(
      'drill_overdue',
      message('reply.deny.drill_unreadable', { base: base.alias, tier: verbatim(base.tier), window }),
    );
  }
  const last = evidence.lastPassingDrillAt;
  if (last === null || now - last > maxAgeDays * DAY_MS) {
    return deny('drill_overdue', message('reply.deny.drill_overdue', { window }));
  }
  return allow();
}

/** Where a drill may run: a staging L0 base, live, with a marker to mark its records with. */
function decideDrillBase(base: BasePolicy): Decision {
  const problems: string[] = [];
  if (!base.staging) problems.push(`${base.alias} is not marked staging`);
  if (base.tier !== 'L0') problems.push(`${base.alias} is ${base.tier}, not L0`);
  if (base.stage !== 'live') problems.push(`${base.alias} is in the ${base.stage} stage, not live`);
  if (!base.marker) problems.push(`${base.alias} has no marker for the drill's records`);
  if (problems.length === 0) return allow();
  return deny(
    'drill_outside_sandbox',
    `drills run only on a staging L0 base in the live stage with a marker: ${problems.join('; ')}`,
  );
}

function decideDrill(
  request: Extract<GuardRequest, { action: 'drill' }>,
  { policy }: GuardContext,
): Decision {
  const checks: Decision[] = [];
  if (request.actor.kind !== 'system') {
    checks.push(deny('drill_outside_sandbox', 'drills are run by Larkgate (larkgate drill), not from chat'));
  }
  const base = findBase(policy, request.base);
  if (!base) {
    const known = policy.bases.map((b) => b.alias).join(', ');
    checks.push(deny('unknown_base', `no base "${request.base}" in policy (known: ${known})`));
  } else {
    checks.push(decideDrillBase(base));
  }
  return combine(checks);
}

/**
 * A drill's own requests are approved by the drill runner, with an audited artefact, and only where a
 * drill may run: a drill (or a drill's rollback) request, still pending, on a temp table of a staging L0
 * base. Everything else needs people.
 */
function decideDrillApprove(
  request: Extract<GuardRequest, { action: 'drill-approve' }>,
  { policy, now }: GuardContext,
): Decision {
  const { request: governed, actor } = request;
  const checks: Decision[] = [];
  if (actor.kind !== 'system' || actor.name !== 'drill') {
    checks.push(deny('approver_not_allowed', "only the drill runner approves a drill's own requests"));
  }
  const { origin } = governed;
  const isDrill = origin.kind === 'drill' || (origin.kind === 'rollback' && origin.drillId !== undefined);
  if (!isDrill || governed.requester !== DRILL_ACTOR) {
    checks.push(deny('approver_not_allowed', 'only a drill’s own requests are approved without people'));
  }
  if (governed.state !== 'pending') {
    checks.push(
      deny('request_not_pending', `this request is ${governed.state.replace('_', ' ')}: votes are closed`),
    );
  }
  if (now >= governed.expiresAt) checks.push(deny('request_expired', 'this request has expired'));
  const base = findBase(policy, governed.plan.base.alias);
  if (!base) {
    checks.push(deny('unknown_base', `base "${governed.plan.base.alias}" is no longer in policy`));
  } else {
    checks.push(decideDrillBase(base));
    // Records or the schema of a temp table: the rollback drill changes records, the schema drill
    // (readiness gate 4) creates, changes and deletes a temp table and its fields.
    if (!isTempTable(base, governed.plan.table.name)) {
      checks.push(
        deny('drill_outside_sandbox', `a drill changes only temp tables, not ${governed.plan.table.name}`),
      );
    }
  }
  return combine(checks);
}

function unknownBase(alias: string, policy: Policy): Message {
  return message('reply.deny.unknown_base', {
    base: alias,
    known: listOf(
      policy.bases.map((b) => b.alias),
      ', ',
    ),
  });
}

function tierForbids(base: BasePolicy): Message {
  return message('reply.deny.tier_forbids_writes', {
    base: base.alias,
    tier: verbatim(base.tier),
    meaning: message(`reply.tier.${base.tier}`),
  });
}

function notPending(state: RequestState): Message {
  return message('reply.deny.request_not_pending', { state: message(`reply.state.${state}`) });
}
