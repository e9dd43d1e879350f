import { createHash, randomBytes } from 'node:crypto';
import type { LiveOpDeps } from '../src/app/live-op/live-op-deps.js';
import { runLiveOp } from '../src/app/live-op/run-live-op.js';
import { RetryLater } from '../src/app/retry-later.js';
import { canonicalJson } from '../src/domain/canonical-json.js';
import type { Cells, FieldMeta } from '../src/domain/cell-value.js';
import { inertChatText } from '../src/domain/chat-text.js';
import type { Decision } from '../src/domain/decision.js';
import { deriveClientToken } from '../src/domain/derive-client-token.js';
import { deriveRequestId } from '../src/domain/derive-request-id.js';
import {
  type ApprovalArtefact,
  FINAL_STATES,
  type GovernedRequest,
  type PlanField,
  type WritePlan,
} from '../src/domain/governed-request.js';
import { type Actor, DRILL_ACTOR } from '../src/domain/guard.js';
import { type BasePolicy, findBase } from '../src/domain/policy.js';
import { buildDrillChange, buildDrillFields, buildDrillSeed } from '../src/drills/build-drill-seed.js';
import { LarkCallFailed } from '../src/ports/lark-call-failed.js';
import type { SchemaGateway } from '../src/ports/schema-gateway.js';
import type { ChatDeps } from './chat-context.js';
import { handleRollback } from './handle-rollback.js';
import { openRequest } from './open-request.js';
import { readGuardEvidence } from './read-guard-evidence.js';

/** The scheduled drill's BullMQ queue (a job scheduler adds one job per `drills.every`). */
export const DRILLS_QUEUE = 'drills';

const DRILL: Actor = { kind: 'system', name: 'drill' };

export type DrillDeps = {
  /** Intake-side deps: open requests and prepare the rollback (schema, backup reader, guard evidence). */
  chat: ChatDeps;
  /** Worker-side deps: the drill runs its approved requests in-process (under the base's lease). */
  liveOp: LiveOpDeps;
  /** How long one governed step may take before the drill gives up (default 60 s). */
  stepTimeoutMs?: number;
};

export type DrillReceipt = {
  passed: boolean;
  drillId: string;
  base: string;
  table: string | null;
  requestId: string | null;
  rollbackId: string | null;
  durationMs: number;
  records: number;
  /** SHA-256 of the canonical JSON compared (before the change = after the rollback, when passed). */
  beforeSha256: string | null;
  afterSha256: string | null;
  problem: string | null;
};

class DrillProblem extends Error {}

/**
 * One rollback drill (product.md §2 step 7, §4): on the sandbox (a staging L0 base), create a temp table
 * `tmp_drill_<id>`, seed marked records, make a governed change (a drill-origin request, approved by the
 * drill runner itself: guard `drill-approve`, an audited artefact), let the worker path back it up and
 * write it, roll it back through the same path, and compare the canonical JSON of every record before the
 * change and after the rollback, byte for byte. The table is torn down whatever happened. The receipt is
 * audited (`drill.passed` / `drill.failed`) and posted to the drills chat; a failure also alerts on-call.
 * Never throws for a failed drill (only when the audit itself cannot record): it returns the receipt.
 */
export async function runDrill(
  input: { base?: string; trigger: string },
  deps: DrillDeps,
): Promise<DrillReceipt> {
  const { chat } = deps;
  const started = chat.clock();
  const drillId = `d${started.toString(36)}${randomBytes(3).toString('hex')}`;
  const policy = chat.policy();
  const alias = input.base ?? policy.bases.find((base) => base.staging)?.alias ?? '(no staging base)';
  const receipt: DrillReceipt = {
    passed: false,
    drillId,
    base: alias,
    table: null,
    requestId: null,
    rollbackId: null,
    durationMs: 0,
    records: 0,
    beforeSha256: null,
    afterSha256: null,
    problem: null,
  };
  const drillsChat = policy.drillsChat ?? policy.auditChat;
  let startMessage: string | null = null;
  let tableId: string | null = null;
  const base = findBase(policy, alias);
  try {
    const allowed = await audited(
      chat,
      chat.decide({ action: 'drill', actor: DRILL, base: alias }, { policy, now: started }),
      { action: 'drill', base: alias, drill_id: drillId },
    );
    if (!allowed.allow) throw new DrillProblem(allowed.denials.map((denial) => denial.message).join('; '));
    const sandbox = base as BasePolicy;
    const marker = sandbox.marker as { field: string; value: string };
    const schema = chat.schema;
    if (!schema) throw new DrillProblem('this process cannot change schemas (no schema gateway)');
    receipt.table = `${sandbox.tempTablePrefix}drill_${drillId}`;
    const title = `🧪 Rollback drill ${drillId} on ${alias} (${input.trigger}): ${receipt.table}`;
    startMessage = (
      await retryRateLimited(() =>
        chat.chat.sendText(drillsChat, inertChatText(title), { uuid: `drill-${drillId}-start` }),
      )
    ).messageId;
    const source = startMessage;

    // 1. The temp table and its marked records (set-up, guarded by the drill decision above).
    tableId = await createTable(schema, sandbox.appToken, receipt.table, buildDrillFields(marker));
    const fields = await chat.reader.listFields(sandbox.appToken, tableId);
    const seed = buildDrillSeed(marker);
    await seedRecords(deps, sandbox.appToken, tableId, fields, seed, drillId);
    const before = await readAll(chat, sandbox.appToken, tableId, fields);
    if (before.size !== seed.length)
      throw new DrillProblem(`seeded ${seed.length} records, read back ${before.size}`);
    receipt.records = before.size;
    const beforeJson = canonicalRecords(before);
    receipt.beforeSha256 = sha256(beforeJson);

    // 2. The governed change: an update of every seeded record, through the guard, backup, write, verify.
    const plan = buildChangePlan(sandbox, { id: tableId, name: receipt.table }, fields, before, marker);
    const requestId = deriveRequestId(`drill:${drillId}:change`);
    receipt.requestId = requestId;
    const asked = await audited(
      chat,
      chat.decide(
        {
          action: 'request-write',
          actor: DRILL,
          chatId: null,
          chatType: null,
          base: alias,
          table: receipt.table,
          op: 'update',
          recordCount: plan.changes.length,
        },
        { policy, now: chat.clock(), evidence: await readGuardEvidence(chat) },
      ),
      { action: 'request-write', op: 'update', base: alias, table: receipt.table, drill_id: drillId },
      requestId,
    );
    if (!asked.allow) throw new DrillProblem(asked.denials.map((denial) => denial.message).join('; '));
    // Idempotent per request id: after a chat rate limit, a retry stores nothing twice and resends the card.
    await retryRateLimited(() =>
      openRequest(
        {
          requestId,
          plan,
          origin: { kind: 'drill', drillId },
          base: sandbox,
          requester: DRILL_ACTOR,
          chatId: drillsChat,
          sourceMessageId: source,
          details: { drill_id: drillId },
        },
        chat,
      ),
    );
    await approveAsDrill(requestId, deps);
    const changed = await runToFinal(requestId, deps);
    if (changed.state !== 'applied') {
      throw new DrillProblem(
        `the governed change ended ${changed.state}: ${changed.execution?.problem ?? 'no reason recorded'}`,
      );
    }

    // 3. The rollback, prepared and run exactly as a person's would be.
    const rollback = await retryRateLimited(() =>
      handleRollback(
        {
          requestId,
          requester: DRILL_ACTOR,
          chatId: drillsChat,
          chatType: 'group',
          sourceMessageId: source,
          triggerId: `drill-${drillId}`,
        },
        chat,
        { drillId },
      ),
    );
    if (!rollback.ok || !rollback.requestId)
      throw new DrillProblem(`the rollback was not prepared: ${rollback.text}`);
    receipt.rollbackId = rollback.requestId;
    await approveAsDrill(rollback.requestId, deps);
    const rolledBack = await runToFinal(rollback.requestId, deps);
    if (rolledBack.state !== 'applied') {
      throw new DrillProblem(
        `the rollback ended ${rolledBack.state}: ${rolledBack.execution?.problem ?? 'no reason recorded'}`,
      );
    }

    // 4. Byte-for-byte: every record after the rollback, as canonical JSON, equals the before-state.
    const after = await readAll(chat, sandbox.appToken, tableId, fields);
    const afterJson = canonicalRecords(after);
    receipt.afterSha256 = sha256(afterJson);
    if (afterJson !== beforeJson) {
      throw new DrillProblem(
        `after the rollback the records differ from before: ${firstDifference(before, after)}`,
      );
    }
    receipt.passed = true;
  } catch (error) {
    if (!(error instanceof DrillProblem) && !LarkCallFailed.of(error) && !(error instanceof RetryLater)) {
      chat.logger.error({ drillId, err: (error as Error).message }, 'rollback drill crashed');
    }
    receipt.problem = (error as Error).message;
  } finally {
    if (tableId && base) {
      const torn = await tearDown(chat.schema as SchemaGateway, base.appToken, tableId);
      if (!torn.ok && receipt.passed) {
        receipt.passed = false;
        receipt.problem = `the temp table could not be torn down: ${torn.problem}`;
      }
    }
  }
  receipt.durationMs = chat.clock() - started;
  await record(receipt, drillsChat, startMessage, deps);
  return receipt;
}

/**
 * Runs a step that posts in chat again after Lark's per-chat rate limit (5 messages a second; the drill
 * posts several in a burst). Only for idempotent steps: the sends carry uuids, requests ids are derived.
 */
export async function retryRateLimited<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      const failure = LarkCallFailed.of(error);
      if (failure?.reason !== 'rate_limited' || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(failure.retryAfterMs ?? 1_000, 5_000)));
    }
  }
}

/** Audits a guard decision (actor: the drill runner) and returns it. */
export async function audited(
  chat: ChatDeps,
  decision: Decision,
  details: Record<string, unknown>,
  requestId: string | null = null,
): Promise<Decision> {
  await chat.audit({
    type: decision.allow ? 'tool.allowed' : 'tool.denied',
    actor: DRILL_ACTOR,
    requestId,
    details: decision.allow
      ? { ...details, notes: decision.notes }
      : { ...details, denials: decision.denials },
  });
  return decision;
}

/** Creates the temp table; after an ambiguous outcome, adopts the table by its (unique) name. */
export async function createTable(
  schema: SchemaGateway,
  appToken: string,
  name: string,
  fields: ReturnType<typeof buildDrillFields>,
): Promise<string> {
  try {
    return (await schema.createTable(appToken, { name, fields })).tableId;
  } catch (error) {
    if (LarkCallFailed.of(error)?.kind !== 'ambiguous') {
      throw new DrillProblem(`could not create ${name}: ${(error as Error).message}`);
    }
    const adopted = (await schema.listTables(appToken)).find((table) => table.name === name);
    if (!adopted) throw new DrillProblem(`could not create ${name}: ${(error as Error).message}`);
    return adopted.tableId;
  }
}

export async function seedRecords(
  deps: DrillDeps,
  appToken: string,
  tableId: string,
  fields: readonly FieldMeta[],
  rows: readonly Cells[],
  drillId: string,
): Promise<void> {
  try {
    await deps.liveOp.writer.batchCreateRecords(appToken, tableId, fields, rows, {
      clientToken: () => deriveClientToken(`drill:${drillId}:seed`),
    });
  } catch (error) {
    // The table is new: whatever it holds after an ambiguous create is the drill's own; the count tells.
    const landed = await readAll(deps.chat, appToken, tableId, fields).catch(() => new Map());
    if (landed.size !== rows.length)
      throw new DrillProblem(`could not seed the records: ${(error as Error).message}`);
  }
}

export async function readAll(
  chat: ChatDeps,
  appToken: string,
  tableId: string,
  fields: readonly FieldMeta[],
): Promise<Map<string, Cells>> {
  const found = await chat.reader.searchRecords(appToken, tableId, fields, { max: 500 });
  return new Map(found.records.map((record) => [record.recordId, record.cells]));
}

function buildChangePlan(
  base: BasePolicy,
  table: { id: string; name: string },
  fields: readonly FieldMeta[],
  current: ReadonlyMap<string, Cells>,
  marker: { field: string },
): WritePlan {
  const changes = [...current.entries()].map(([recordId, cells]) => {
    const after = buildDrillChange(cells, marker);
    const before = Object.fromEntries(Object.keys(after).map((name) => [name, cells[name] ?? null])) as Cells;
    return { recordId, before, after };
  });
  const changed = new Set(changes.flatMap((change) => Object.keys(change.after)));
  const planFields: PlanField[] = fields
    .filter((field) => changed.has(field.name))
    .map((field) => ({
      fieldId: field.fieldId,
      name: field.name,
      type: field.type,
      options: field.options,
      isPrimary: field.isPrimary,
    }));
  return {
    kind: 'records',
    op: 'update',
    base: { alias: base.alias, appToken: base.appToken },
    table,
    fields: planFields,
    changes,
  };
}

/**
 * The drill runner approves its own request: guard `drill-approve` (a drill request, pending, on a staging
 * L0 base's temp table), then the same atomic mint of a single-use artefact a person's approval makes,
 * audited as approval.vote and approval.created with the drill runner as the approver.
 */
export async function approveAsDrill(requestId: string, deps: DrillDeps): Promise<void> {
  const { chat } = deps;
  for (let attempt = 0; attempt < 20; attempt++) {
    const stored = await chat.requests.get(requestId);
    if (!stored) throw new DrillProblem(`request ${requestId} is missing`);
    const { request } = stored;
    if (request.state !== 'pending') return;
    const now = chat.clock();
    const decision = chat.decide(
      { action: 'drill-approve', actor: DRILL, request },
      { policy: chat.policy(), now },
    );
    if (!decision.allow) {
      await chat.audit({
        type: 'approval.vote',
        actor: DRILL_ACTOR,
        requestId,
        details: { decision: 'approve', result: 'denied', denials: decision.denials },
      });
      throw new DrillProblem(decision.denials.map((denial) => denial.message).join('; '));
    }
    const artefact: ApprovalArtefact = {
      id: `art_${randomBytes(12).toString('hex')}`,
      requestId,
      scopeHash: request.scopeHash,
      approvers: [DRILL_ACTOR],
      createdAt: now,
      usedAt: null,
    };
    const next: GovernedRequest = {
      ...request,
      state: 'approved',
      votes: [...request.votes, { voter: DRILL_ACTOR, decision: 'approve', at: now }],
      artefactId: artefact.id,
    };
    await chat.audit({
      type: 'approval.vote',
      actor: DRILL_ACTOR,
      requestId,
      details: { decision: 'approve', result: 'approved', scope_hash: request.scopeHash, by: 'drill' },
    });
    await chat.audit({
      type: 'approval.created',
      actor: DRILL_ACTOR,
      requestId,
      details: {
        artefact_id: artefact.id,
        approvers: artefact.approvers,
        scope_hash: artefact.scopeHash,
        automatic: 'rollback drill on a staging L0 base (guard: drill-approve)',
      },
    });
    if ((await chat.requests.transition(stored, next, { kind: 'mint', artefact })) === 'written') return;
  }
  throw new DrillProblem(`could not approve ${requestId}: it kept changing`);
}

/** Runs the live op in this process until the request reaches a final state (the base lease serialises it). */
export async function runToFinal(requestId: string, deps: DrillDeps): Promise<GovernedRequest> {
  const deadline = Date.now() + (deps.stepTimeoutMs ?? 60_000);
  for (;;) {
    const stored = await deps.chat.requests.get(requestId);
    if (!stored) throw new DrillProblem(`request ${requestId} is missing`);
    if (FINAL_STATES.has(stored.request.state)) return stored.request;
    if (Date.now() > deadline)
      throw new DrillProblem(`${requestId} did not finish in time (it is ${stored.request.state})`);
    try {
      await runLiveOp(requestId, deps.liveOp);
    } catch (error) {
      if (!(error instanceof RetryLater)) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(error.delayMs ?? 200, 1_000)));
    }
  }
}

/** Deletes the temp table; after an ambiguous outcome, a table that is gone counts as deleted. */
export async function tearDown(
  schema: SchemaGateway,
  appToken: string,
  tableId: string,
): Promise<{ ok: true } | { ok: false; problem: string }> {
  let problem = 'unknown';
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await schema.deleteTable(appToken, tableId);
      return { ok: true };
    } catch (error) {
      problem = (error as Error).message;
      const tables = await schema.listTables(appToken).catch(() => null);
      if (tables && !tables.some((table) => table.tableId === tableId)) return { ok: true };
      const reason = LarkCallFailed.of(error)?.reason;
      if (reason === 'permanent' || reason === 'permission') break;
    }
  }
  return { ok: false, problem };
}

/**
 * The receipt: audited first (drill.passed / drill.failed, which the guard's drill rule, readiness and the
 * monitor read), then posted to the drills chat. A failed drill pages on-call through the alert system:
 * the bot's monitor reads the drill.failed event from the audit stream and raises `drill.failed:<base>`
 * (a card with Ack, de-duplicated, escalated, resolved by the next passing drill), so the event names
 * that alert.
 */
async function record(
  receipt: DrillReceipt,
  drillsChat: string,
  startMessage: string | null,
  deps: DrillDeps,
): Promise<void> {
  const { chat } = deps;
  if (!receipt.passed) {
    chat.logger.error({ drillId: receipt.drillId, problem: receipt.problem }, 'rollback drill failed');
  }
  await chat.audit({
    type: receipt.passed ? 'drill.passed' : 'drill.failed',
    actor: DRILL_ACTOR,
    requestId: receipt.requestId,
    details: {
      drill: 'rollback',
      drill_id: receipt.drillId,
      base: receipt.base,
      table: receipt.table,
      request_id: receipt.requestId,
      rollback_id: receipt.rollbackId,
      duration_ms: receipt.durationMs,
      records: receipt.records,
      compared: 'canonical JSON of every record: before the change vs after the rollback',
      before_sha256: receipt.beforeSha256,
      after_sha256: receipt.afterSha256,
      ...(receipt.problem ? { problem: receipt.problem } : {}),
      ...(receipt.passed ? {} : { alert: `drill.failed:${receipt.base}` }),
    },
  });
  const line = receipt.passed
    ? `✅ Rollback drill ${receipt.drillId} passed on ${receipt.base} in ${(receipt.durationMs / 1000).toFixed(1)} s: ${receipt.records} records of ${receipt.table} changed by ${receipt.requestId} and rolled back by ${receipt.rollbackId}, byte-for-byte equal to before (sha256 ${receipt.beforeSha256?.slice(0, 12)}); table torn down.`
    : `❌ Rollback drill ${receipt.drillId} failed on ${receipt.base}: ${receipt.problem ?? 'no reason'} (change ${receipt.requestId ?? '—'}, rollback ${receipt.rollbackId ?? '—'}).`;
  const options = { uuid: `drill-${receipt.drillId}-receipt` };
  const post = () =>
    startMessage
      ? chat.chat.replyText(startMessage, inertChatText(line), { ...options, chatId: drillsChat })
      : chat.chat.sendText(drillsChat, inertChatText(line), options);
  await retryRateLimited(post).catch((error: Error) =>
    chat.logger.warn({ drillId: receipt.drillId, err: error.message }, 'could not post the drill receipt'),
  );
}

function canonicalRecords(records: ReadonlyMap<string, Cells>): string {
  return canonicalJson(
    [...records.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([recordId, fields]) => ({ record_id: recordId, fields })),
  );
}

function firstDifference(before: ReadonlyMap<string, Cells>, after: ReadonlyMap<string, Cells>): string {
  for (const [id, cells] of before) {
    const now = after.get(id);
    if (!now) return `${id} is missing`;
    for (const name of new Set([...Object.keys(cells), ...Object.keys(now)])) {
      const a = canonicalJson(cells[name] ?? null);
      const b = canonicalJson(now[name] ?? null);
      if (a !== b) return `${id} ${name} was ${a}, is ${b}`;
    }
  }
  const extra = [...after.keys()].find((id) => !before.has(id));
  return extra ? `${extra} is new` : 'the serialisations differ';
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
