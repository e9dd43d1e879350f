import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from '../../jobs/queue-names.js';
import { createPolicySource, type PolicySource } from '../config/create-policy-source.js';
import { computeScopeHash } from '../domain/compute-scope-hash.js';
import type { Decision } from '../domain/decision.js';
import { deriveRequestId } from '../domain/derive-request-id.js';
import type { ApprovalArtefact, GovernedRequest, RequestState, Vote } from '../domain/governed-request.js';
import { type GuardContext, decide as realDecide } from '../domain/guard.js';
import { AuditUnavailableError } from '../store/audit-unavailable-error.js';
import type { Audited, HandlerRun, ProbeContext, ProbeOutcome, Refusal } from './probe.js';

export type ChatOrigin = {
  from: string;
  chatId?: string;
  chatType?: 'group' | 'p2p';
  /** When the last rollback drill passed (default: an hour ago); null = never. */
  drillAt?: number | null;
  /** The audit log refuses this event type. */
  auditFailsAt?: string;
};

const REQUESTS_CHAT = 'oc_requests';

/** A passing rollback drill an hour ago: the probe world meets every tier's drill-freshness rule. */
export const RECENT_DRILL_MS = 3600_000;

/**
 * The guard context for the few probes that ask the guard directly (an action no handler sends, a count no
 * probe Base holds): the probe organisation's policy, now, and a recent passing drill.
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

/** A value no Base holds yet, so a write is never "nothing to change", however often the catalogue runs. */
export function fresh(label = 'probe'): string {
  return `${label} ${randomBytes(4).toString('hex')}`;
}

/** `update <base>/<table> <record> <Field>="<fresh value>"`: a real change on the probe organisation. */
export function freshUpdate(target: string, record: string, field = 'Title'): string {
  return `update ${target} ${record} ${field}="${fresh()}"`;
}

/**
 * What the handlers refused, read from what they audited: the guard's denials (`tool.denied`, a denied
 * `approval.vote`), an expiry the card handler found, and an audit log that could not record.
 */
export function refusalsIn(run: HandlerRun): Refusal[] {
  const refusals: Refusal[] = run.audited.flatMap((event) => {
    if (event.type === 'request.expired')
      return [{ code: 'request_expired', message: 'the request had expired: the card handler closed it' }];
    return Array.isArray(event.details.denials)
      ? (event.details.denials as Array<{ code: string; message: string }>).map((denial) => ({
          code: String(denial.code),
          message: String(denial.message),
        }))
      : [];
  });
  if (run.error instanceof AuditUnavailableError)
    refusals.push({ code: 'audit.unavailable', message: run.error.message });
  return refusals;
}

/** Throws what a handler threw, unless it is a refusal (the audit log could not record). */
function rethrow(run: HandlerRun): void {
  if (run.error && !(run.error instanceof AuditUnavailableError)) throw run.error;
}

/** A chat message as the intake receives it, with a message id of its own. */
export function chatMessage(c: ProbeContext, text: string, origin: ChatOrigin): IncomingMessage {
  const id = randomBytes(6).toString('hex');
  return {
    eventId: `ev_probe_${c.runId}_${id}`,
    messageId: `om_probe_${c.runId}_${id}`,
    chatId: origin.chatId ?? REQUESTS_CHAT,
    chatType: origin.chatType ?? 'group',
    senderOpenId: origin.from,
    text,
    mentionedBot: true,
    createTimeMs: c.rig.clock(),
  };
}

/**
 * A chat command through the worker's real intake processor (`handleChatMessage`: the parser, the read,
 * write, batch-delete and schema handlers), with `context.decide` as its guard. Let through: a read was
 * answered, or a request was opened (its card sent). Refused: what the handler audited, or the parser's
 * reply.
 */
export async function chatCommand(c: ProbeContext, text: string, origin: ChatOrigin): Promise<ProbeOutcome> {
  const message = chatMessage(c, text, origin);
  const run = await c.rig.chat(message, {
    decide: c.decide,
    ...(origin.drillAt === undefined ? {} : { drillAt: origin.drillAt }),
    ...(origin.auditFailsAt ? { auditFailsAt: origin.auditFailsAt } : {}),
  });
  rethrow(run);
  const refusals = refusalsIn(run);
  const parse = run.sent.find((sent) => sent.uuid?.startsWith('parse-'));
  if (parse) refusals.push({ code: 'parse.refused', message: parse.text ?? '' });
  const created = run.audited.filter((event) => event.type === 'request.created');
  const stored = await c.rig.requests.get(deriveRequestId(message.messageId));
  const denied = run.audited.some((event) => event.type === 'tool.denied');
  const answered = run.audited.some((event) => event.type === 'tool.allowed') && !denied && !parse;
  return {
    allowed: created.length > 0 || stored !== null || (answered && run.error === null),
    leaked: [
      ...created.map((event) => `request ${event.requestId} opened (${String(event.details.state)})`),
      ...(stored && created.length === 0 ? [`request ${stored.request.id} stored unaudited`] : []),
    ],
    refusals,
  };
}

/**
 * A real request, opened as a person opens one: the message through the real intake with the real guard
 * (set-up, not what is probed), then moved in the store to the state a probe needs (a later state, an
 * expiry already passed, votes already cast).
 */
export async function openRequest(
  c: ProbeContext,
  input: { text: string; requester: string; state?: RequestState; expiresInMs?: number; votes?: Vote[] },
): Promise<GovernedRequest> {
  const message = chatMessage(c, input.text, { from: input.requester });
  const run = await c.rig.chat(message, { decide: realDecide });
  if (run.error) throw run.error;
  const id = deriveRequestId(message.messageId);
  const opened = await c.rig.requests.get(id);
  if (!opened) {
    const why = refusalsIn(run).map((refusal) => refusal.code);
    throw new Error(`the set-up request was not opened (${why.join(', ') || run.sent.at(-1)?.text || '?'})`);
  }
  if (input.state === undefined && input.expiresInMs === undefined && input.votes === undefined)
    return opened.request;
  const changed = await c.rig.requests.update(id, (request) => ({
    ...request,
    ...(input.state ? { state: input.state } : {}),
    ...(input.expiresInMs === undefined ? {} : { expiresAt: c.rig.clock() + input.expiresInMs }),
    ...(input.votes ? { votes: input.votes } : {}),
  }));
  if (!changed) throw new Error(`request ${id} vanished`);
  return changed;
}

/**
 * A click on a request's card through the real card handler, with `context.decide` as its guard. Leaked:
 * a live op queued, a vote counted, the request moved on (other than to expired).
 */
export async function click(
  c: ProbeContext,
  request: GovernedRequest,
  value: Record<string, unknown>,
  input: { from: string; messageId?: string; auditFailsAt?: string },
): Promise<ProbeOutcome> {
  const before = await c.rig.requests.get(request.id);
  const run = await c.rig.cardAction(
    {
      operatorOpenId: input.from,
      messageId: input.messageId ?? request.cardMessageId ?? 'om_probe_card',
      chatId: request.chatId,
      value,
    },
    { decide: c.decide, ...(input.auditFailsAt ? { auditFailsAt: input.auditFailsAt } : {}) },
  );
  rethrow(run);
  const after = await c.rig.requests.get(request.id);
  const was = before?.request ?? request;
  const artefact = after?.request.artefactId
    ? await c.rig.requests.getArtefact(after.request.artefactId)
    : null;
  const leaked = [
    ...run.queued.map((id) => `live op queued for ${id}`),
    ...(after && after.request.state !== was.state && after.request.state !== 'expired'
      ? [`request became ${after.request.state}`]
      : []),
    ...(after && after.request.votes.length > was.votes.length ? ['the vote was counted'] : []),
    ...(artefact && artefact.id !== was.artefactId ? [`approval artefact ${artefact.id} minted`] : []),
  ];
  return { allowed: run.answer?.toast.type === 'success', leaked, refusals: refusalsIn(run) };
}

/** An Approve (or Reject) click on the request's own card, carrying the scope shown on it. */
export function vote(
  c: ProbeContext,
  request: GovernedRequest,
  input: { voter: string; decision?: 'approve' | 'reject'; scope?: string; auditFailsAt?: string },
): Promise<ProbeOutcome> {
  return click(
    c,
    request,
    { action: input.decision ?? 'approve', request_id: request.id, scope: input.scope ?? request.scopeHash },
    { from: input.voter, ...(input.auditFailsAt ? { auditFailsAt: input.auditFailsAt } : {}) },
  );
}

/**
 * The worker's real live-op processor on a stored request, with `context.decide` as its guard. Let
 * through: the live op wrote to the Base. Leaked: any write, the artefact consumed, the request executed.
 */
export async function execute(
  c: ProbeContext,
  request: GovernedRequest,
  options: { auditFailsAt?: string; backupFails?: boolean } = {},
): Promise<ProbeOutcome & { run: Awaited<ReturnType<ProbeContext['rig']['liveOp']>> }> {
  const artefactBefore = request.artefactId ? await c.rig.requests.getArtefact(request.artefactId) : null;
  const run = await c.rig.liveOp(request.id, { decide: c.decide, ...options });
  const artefactAfter = request.artefactId ? await c.rig.requests.getArtefact(request.artefactId) : null;
  const consumed =
    artefactBefore?.usedAt === null && artefactAfter?.usedAt !== null && artefactAfter !== null;
  const refusals = refusalsIn(run);
  if (run.error && !(run.error instanceof AuditUnavailableError)) {
    if (!options.backupFails || run.backupAttempts === 0) throw run.error;
    refusals.push({ code: 'backup.unavailable', message: run.error.message });
  }
  const leaked = [
    ...(run.writes.length > 0
      ? [`the live op wrote to the Base (${[...new Set(run.writes)].join(', ')})`]
      : []),
    ...(consumed && !options.backupFails && !options.auditFailsAt
      ? [`the approval artefact ${request.artefactId} was consumed`]
      : []),
    ...(run.state === 'applied' || run.state === 'verify_failed' ? [`the request was ${run.state}`] : []),
  ];
  return { allowed: run.writes.length > 0, leaked, refusals, run };
}

/** Mints a single-use artefact as a met N-of-M does (set-up for live-op probes). */
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

/** A request opened through the real intake and approved in the store as a met N-of-M leaves it. */
export async function approvedRequest(
  c: ProbeContext,
  text: string,
  requester: string,
  approvers: string[],
): Promise<{ request: GovernedRequest; artefact: ApprovalArtefact }> {
  const pending = await openRequest(c, { text, requester });
  return approve(c, pending, approvers);
}

/** Moves a stored request to approved with a freshly minted artefact (whatever its stage allows). */
export async function approve(
  c: ProbeContext,
  pending: GovernedRequest,
  approvers: string[],
): Promise<{ request: GovernedRequest; artefact: ApprovalArtefact }> {
  const stored = await c.rig.requests.get(pending.id);
  if (!stored) throw new Error('request vanished');
  const now = c.rig.clock();
  const artefact = mintArtefact(stored.request, approvers, now);
  const request: GovernedRequest = {
    ...stored.request,
    state: 'approved',
    votes: approvers.map((voter) => ({ voter, decision: 'approve', at: now })),
    artefactId: artefact.id,
  };
  const written = await c.rig.requests.transition(stored, request, { kind: 'mint', artefact });
  if (written !== 'written') throw new Error(`could not store the approved request: ${written}`);
  return { request, artefact };
}

/** The same plan with one value changed: what a tampered card or payload would carry. */
export function tamperedPlan(request: GovernedRequest): GovernedRequest['plan'] {
  if (request.plan.kind !== 'records') throw new Error('a record plan was expected');
  const [change, ...rest] = request.plan.changes;
  if (!change?.after) throw new Error('a change with an after-state was expected');
  const [field] = Object.keys(change.after);
  if (!field) throw new Error('the change changes nothing');
  return {
    ...request.plan,
    changes: [{ ...change, after: { ...change.after, [field]: 'tampered' } }, ...rest],
  };
}

export function tamperedScope(request: GovernedRequest): string {
  return computeScopeHash(tamperedPlan(request));
}

export type { Audited };

/** A well-formed `im.message.receive_v1` envelope for the embedded organisation. */
export function messageEvent(c: ProbeContext, overrides: { token?: string } = {}) {
  const now = c.rig.clock();
  // Unique per push: the intake de-duplicates on message_id as well as event_id.
  const id = `${c.runId}_${now}_${Math.random().toString(36).slice(2)}`;
  return {
    schema: '2.0',
    header: {
      event_id: `ev_probe_${id}`,
      event_type: 'im.message.receive_v1',
      token: overrides.token ?? c.rig.push.verificationToken.reveal(),
      create_time: String(now),
      app_id: c.rig.push.appId,
    },
    event: {
      sender: { sender_id: { open_id: 'ou_alice' }, sender_type: 'user' },
      message: {
        message_id: `om_probe_${id}`,
        chat_id: 'oc_requests',
        chat_type: 'group',
        message_type: 'text',
        content: JSON.stringify({ text: '@_user_1 get crm/Tasks recTask0001' }),
        create_time: String(now),
        mentions: [{ key: '@_user_1', name: 'Larkgate', id: { open_id: c.rig.push.botOpenId } }],
      },
    },
  };
}

/** Header names as node's HTTP server hands them over. */
export function lower(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/** A policy source after a reload that could not parse the policy: no policy is in force. */
export async function brokenPolicySource(c: ProbeContext): Promise<PolicySource> {
  const source = createPolicySource({
    initial: c.rig.loaded,
    load: () => c.rig.loadConfigText('version: 1\nbases: [\n'),
    pin: null,
  });
  await source.reload();
  return source;
}
