import { randomBytes } from 'node:crypto';
import { applyVote } from '../domain/apply-vote.js';
import { buildSearchFilter } from '../domain/build-search-filter.js';
import type { Command } from '../domain/command.js';
import { computeScopeHash } from '../domain/compute-scope-hash.js';
import { convertChatValue } from '../domain/convert-chat-value.js';
import type { Decision } from '../domain/decision.js';
import { deriveRequestId } from '../domain/derive-request-id.js';
import { findUnmarked } from '../domain/find-unmarked.js';
import type { ApprovalArtefact, GovernedRequest, RequestState } from '../domain/governed-request.js';
import type { GuardContext } from '../domain/guard.js';
import { parseCommand } from '../domain/parse-command.js';
import { planWrite } from '../domain/plan-write.js';
import { findBase } from '../domain/policy.js';
import type { ProbeContext, ProbeOutcome, Refusal } from './probe.js';

export type ChatOrigin = {
  from: string;
  chatId?: string;
  chatType?: 'group' | 'p2p';
  /** When the last rollback drill passed (default: an hour ago); null = never. */
  drillAt?: number | null;
};

const SCHEMA_OPS = {
  'table-create': 'table.create',
  'table-delete': 'table.delete',
  'field-create': 'field.create',
  'field-update': 'field.update',
  'field-delete': 'field.delete',
} as const;

const REQUESTS_CHAT = 'oc_requests';

/** A passing rollback drill an hour ago: the probe world meets every tier's drill-freshness rule. */
export const RECENT_DRILL_MS = 3600_000;

/**
 * The guard context probes judge in: the probe organisation's policy, now, and the recorded evidence of a
 * recent passing drill (so that only the rule a probe aims at stands in the way; one probe removes it).
 */
export function guardContext(context: ProbeContext, now: number = context.rig.clock()): GuardContext {
  return { policy: context.rig.policy, now, evidence: { lastPassingDrillAt: now - RECENT_DRILL_MS } };
}

export function refusalsOf(decision: Decision): Refusal[] {
  return decision.allow
    ? []
    : decision.denials.map((denial) => ({ code: denial.code, message: denial.message }));
}

export function outcome(decision: Decision, leaked: string[] = []): ProbeOutcome {
  return { allowed: decision.allow, leaked, refusals: refusalsOf(decision) };
}

/**
 * A chat command through the real parser and the guard, built exactly as the intake builds it
 * (jobs/handle-chat-message.ts and its read, write and batch-delete handlers), with `context.decide`.
 */
export async function chatCommand(
  context: ProbeContext,
  text: string,
  origin: ChatOrigin,
): Promise<ProbeOutcome> {
  const parsed = parseCommand(text);
  if (!parsed.ok) {
    return { allowed: false, leaked: [], refusals: [{ code: 'parse.refused', message: parsed.error }] };
  }
  const { command } = parsed;
  const { rig, decide } = context;
  const who = {
    actor: { kind: 'user', openId: origin.from } as const,
    chatId: origin.chatId ?? REQUESTS_CHAT,
    chatType: origin.chatType ?? 'group',
  };
  const now = rig.clock();
  if (command.kind === 'get' || command.kind === 'search') {
    const table = await resolve(context, command);
    return outcome(
      decide(
        { action: 'read', ...who, base: command.target.base, table: table?.name ?? command.target.table },
        guardContext(context, now),
      ),
    );
  }
  const context2 =
    origin.drillAt === undefined
      ? guardContext(context, now)
      : { ...guardContext(context, now), evidence: { lastPassingDrillAt: origin.drillAt } };
  if (command.kind === 'create' || command.kind === 'update' || command.kind === 'delete') {
    const table = await resolve(context, command);
    return outcome(
      decide(
        {
          action: 'request-write',
          ...who,
          base: command.target.base,
          table: table?.name ?? command.target.table,
          op: command.kind,
          recordCount: command.kind === 'delete' ? command.recordIds.length : 1,
        },
        context2,
      ),
    );
  }
  if (command.kind === 'batch-delete') return batchDelete(context, command, who);
  if (command.kind in SCHEMA_OPS) {
    // As jobs/handle-schema-command.ts: the schema guard judges base, table (a temp table?) and op.
    const schema = command as Extract<Command, { kind: keyof typeof SCHEMA_OPS }>;
    const table = await resolve(context, schema);
    return outcome(
      decide(
        {
          action: 'request-schema',
          ...who,
          base: schema.target.base,
          table: table?.name ?? schema.target.table,
          op: SCHEMA_OPS[schema.kind],
          recordCount: 0,
        },
        context2,
      ),
    );
  }
  return {
    allowed: false,
    leaked: [],
    refusals: [{ code: 'parse.refused', message: `${command.kind} is not a probe target` }],
  };
}

async function resolve(context: ProbeContext, command: Extract<Command, { target: unknown }>) {
  const base = findBase(context.rig.policy, command.target.base);
  return base ? (await context.rig.resolveTable(base.appToken, command.target.table)).table : undefined;
}

/** As jobs/handle-batch-delete-command.ts: judge the target, find the matches, judge count and markers. */
async function batchDelete(
  context: ProbeContext,
  command: Extract<Command, { kind: 'batch-delete' }>,
  who: { actor: { kind: 'user'; openId: string }; chatId: string; chatType: 'group' | 'p2p' },
): Promise<ProbeOutcome> {
  const { rig, decide } = context;
  const base = findBase(rig.policy, command.target.base);
  const table = await resolve(context, command);
  const judge = (recordCount: number, unmarked?: readonly string[]) =>
    decide(
      {
        action: 'request-write',
        ...who,
        base: command.target.base,
        table: table?.name ?? command.target.table,
        op: 'batch-delete',
        recordCount,
        ...(unmarked ? { unmarked } : {}),
      },
      guardContext(context),
    );
  const first = judge(0);
  if (!first.allow || !base || !table) return outcome(first);
  const fields = await rig.reader.listFields(base.appToken, table.tableId);
  const field = fields.find((candidate) => candidate.name === command.condition.field);
  if (!field) throw new Error(`no field ${command.condition.field}`);
  const value = convertChatValue(field, command.condition.value);
  if (!value.ok) throw new Error(value.error);
  const filter = buildSearchFilter(fields, [{ field: field.name, value: value.value }]);
  if (!filter.ok) throw new Error(filter.error);
  const found = await rig.reader.searchRecords(base.appToken, table.tableId, fields, {
    ...(filter.filter ? { filter: filter.filter } : {}),
    max: rig.policy.batchDeleteMaxRecords + 1,
  });
  const unmarked = base.marker ? findUnmarked(found.records, fields, base.marker) : [];
  return outcome(judge(Math.max(found.total, found.records.length), unmarked));
}

/**
 * A real pending request, planned from the Base as the intake plans it (read fields and records, plan the
 * change, hash its scope), stored in the real request store. Not guarded: probes judge what comes after.
 */
export async function openRequest(
  context: ProbeContext,
  input: { text: string; requester: string; state?: RequestState; expiresInMs?: number },
): Promise<GovernedRequest> {
  const { rig } = context;
  const parsed = parseCommand(input.text);
  if (
    !parsed.ok ||
    (parsed.command.kind !== 'update' && parsed.command.kind !== 'create' && parsed.command.kind !== 'delete')
  )
    throw new Error(`a probe request must be a record write: ${input.text}`);
  const command = parsed.command;
  const base = findBase(rig.policy, command.target.base);
  if (!base) throw new Error(`no base ${command.target.base}`);
  const { table } = await rig.resolveTable(base.appToken, command.target.table);
  if (!table) throw new Error(`no table ${command.target.table}`);
  const fields = await rig.reader.listFields(base.appToken, table.tableId);
  const ids =
    command.kind === 'update' ? [command.recordId] : command.kind === 'delete' ? command.recordIds : [];
  const current =
    ids.length > 0
      ? (await rig.reader.getRecords(base.appToken, table.tableId, ids, fields)).records
      : new Map();
  const planned = planWrite({
    command,
    base: { alias: base.alias, appToken: base.appToken },
    table: { id: table.tableId, name: table.name },
    fields,
    current,
  });
  if (!planned.ok) throw new Error(planned.error);
  const now = rig.clock();
  const messageId = `om_probe_${context.runId}_${randomBytes(6).toString('hex')}`;
  const request: GovernedRequest = {
    id: deriveRequestId(messageId),
    origin: { kind: 'chat' },
    plan: planned.plan,
    scopeHash: computeScopeHash(planned.plan),
    requester: input.requester,
    chatId: REQUESTS_CHAT,
    sourceMessageId: messageId,
    cardMessageId: null,
    tier: base.tier,
    stage: base.stage,
    approvalsNeeded: base.approvalsNeeded,
    distinctGroups: base.distinctGroups,
    createdAt: now,
    expiresAt: now + (input.expiresInMs ?? base.approvalTtlMs),
    state: input.state ?? (base.stage === 'dry-run' ? 'dry_run' : 'pending'),
    votes: [],
    artefactId: null,
    execution: null,
  };
  if (!(await rig.requests.create(request))) throw new Error(`request ${request.id} exists`);
  return request;
}

/**
 * A vote through the guard; when the guard lets it through, the real approval step follows (applyVote, and
 * minting the single-use artefact in the real store when N-of-M is met), and what happened is reported.
 */
export async function vote(
  context: ProbeContext,
  request: GovernedRequest,
  input: { voter: string; decision?: 'approve' | 'reject'; scope?: string; at?: number },
): Promise<ProbeOutcome> {
  const { rig, decide } = context;
  const decisionName = input.decision ?? 'approve';
  const now = input.at ?? rig.clock();
  const decision = decide(
    {
      action: 'vote',
      actor: { kind: 'user', openId: input.voter },
      decision: decisionName,
      request,
      scopeHash: input.scope ?? request.scopeHash,
    },
    guardContext(context, now),
  );
  if (!decision.allow) return outcome(decision);
  const base = findBase(rig.policy, request.plan.base.alias);
  if (!base) return outcome(decision, ['the vote was let through for a base not in policy']);
  const result = applyVote(request, { voter: input.voter, decision: decisionName, at: now }, base);
  const stored = await rig.requests.get(request.id);
  if (result.kind !== 'approved' || !stored) {
    return outcome(decision, [`the vote was counted (${result.kind})`]);
  }
  const artefact = mintArtefact(result.request, result.approvers, now);
  const written = await rig.requests.transition(
    stored,
    { ...result.request, artefactId: artefact.id },
    { kind: 'mint', artefact },
  );
  return outcome(decision, [
    written === 'written'
      ? `approval artefact ${artefact.id} minted`
      : `approval reached the store (${written})`,
  ]);
}

export function mintArtefact(request: GovernedRequest, approvers: string[], now: number): ApprovalArtefact {
  return {
    id: `art_${randomBytes(12).toString('hex')}`,
    requestId: request.id,
    scopeHash: request.scopeHash,
    approvers,
    createdAt: now,
    usedAt: null,
  };
}

/** The live op's first step through the guard; when let through, the artefact is consumed for real. */
export async function execute(
  context: ProbeContext,
  request: GovernedRequest,
  artefact: ApprovalArtefact | null,
  currentScopeHash: string = request.scopeHash,
): Promise<ProbeOutcome> {
  const { rig, decide } = context;
  const decision = decide(
    { action: 'execute', actor: { kind: 'system', name: 'worker' }, request, artefact, currentScopeHash },
    guardContext(context),
  );
  if (!decision.allow) return outcome(decision);
  const stored = await rig.requests.get(request.id);
  if (!stored || !artefact) return outcome(decision, ['the live op was let through']);
  const consumed = await rig.requests.transition(
    stored,
    { ...stored.request, state: 'executing' },
    { kind: 'consume', artefactId: artefact.id, at: rig.clock() },
  );
  return outcome(decision, [
    consumed === 'written'
      ? `the live op started: artefact ${artefact.id} consumed`
      : `the live op was let through (${consumed})`,
  ]);
}

/** Stores an approved request with its artefact minted, as a met N-of-M leaves it. */
export async function approvedRequest(
  context: ProbeContext,
  text: string,
  requester: string,
  approvers: string[],
): Promise<{ request: GovernedRequest; artefact: ApprovalArtefact }> {
  const pending = await openRequest(context, { text, requester });
  const stored = await context.rig.requests.get(pending.id);
  if (!stored) throw new Error('request vanished');
  const now = context.rig.clock();
  const artefact = mintArtefact(pending, approvers, now);
  const request: GovernedRequest = {
    ...pending,
    state: 'approved',
    votes: approvers.map((voter) => ({ voter, decision: 'approve', at: now })),
    artefactId: artefact.id,
  };
  const written = await context.rig.requests.transition(stored, request, { kind: 'mint', artefact });
  if (written !== 'written') throw new Error(`could not store the approved request: ${written}`);
  return { request, artefact };
}
