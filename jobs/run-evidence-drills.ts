import { randomBytes } from 'node:crypto';
import { canonicalJson } from '../src/domain/canonical-json.js';
import type { Cells, FieldMeta } from '../src/domain/cell-value.js';
import { chatText, inertChatText } from '../src/domain/chat-text.js';
import { deriveRequestId } from '../src/domain/derive-request-id.js';
import { SCHEMA_SHAPES } from '../src/domain/evaluate-readiness.js';
import { findUnmarked } from '../src/domain/find-unmarked.js';
import type { RequestPlan, WritePlan } from '../src/domain/governed-request.js';
import { type Actor, DRILL_ACTOR } from '../src/domain/guard.js';
import { parseCommand } from '../src/domain/parse-command.js';
import { planSchema } from '../src/domain/plan-schema.js';
import { type BasePolicy, findBase } from '../src/domain/policy.js';
import { buildDrillFields, buildDrillSeed } from '../src/drills/build-drill-seed.js';
import type { SchemaGateway } from '../src/ports/schema-gateway.js';
import { ambiguousMatches, matchTable } from './create-table-resolver.js';
import {
  approveAsDrill,
  audited,
  createTable,
  type DrillDeps,
  readAll,
  retryRateLimited,
  runToFinal,
  seedRecords,
  tearDown,
} from './handle-drill.js';
import { handleRollback } from './handle-rollback.js';
import { openRequest } from './open-request.js';
import { readGuardEvidence } from './read-guard-evidence.js';

const DRILL: Actor = { kind: 'system', name: 'drill' };

/** The schema shapes the schema drill runs, in order: every one readiness gate 4 needs verified. */
export const SCHEMA_DRILL_STEPS = SCHEMA_SHAPES;

export type EvidenceDrillReceipt = {
  kind: 'schema' | 'batch-delete';
  passed: boolean;
  drillId: string;
  base: string;
  table: string | null;
  /** The governed requests the drill made, by what they did (`table.create`, `batch-delete`, `rollback`…). */
  requests: Record<string, string>;
  problem: string | null;
};

class DrillStop extends Error {}

/**
 * The schema drill (readiness gate 4), unattended and only on the sandbox: on a fresh temp table
 * (`tmp_schema_<id>`), every schema shape in turn (table create, field create, field update, field
 * delete, table delete), each through the governed path a person's schema change takes: the real chat
 * grammar and schema planner, the guard's `request-schema` (the drill runner as a system actor), a stored
 * request with its diff card in the drills chat, the drill runner's own approval (guard `drill-approve`:
 * a drill's pending request on a temp table of a staging L0 base), and the live op (back up, change,
 * read back, verified). The table is deleted by the last step, or torn down if the drill stopped earlier.
 * Audited as `drill.passed` / `drill.failed` with `drill: schema`.
 */
export async function runSchemaDrill(
  input: { base?: string },
  deps: DrillDeps,
): Promise<EvidenceDrillReceipt> {
  const { chat } = deps;
  const start = await startDrill('schema', input, deps);
  const { receipt, base } = start;
  let tableId: string | null = null;
  try {
    if (!base) throw new DrillStop(start.problem ?? 'no staging base to drill on');
    const schema = requireSchema(deps);
    const table = `${base.tempTablePrefix}schema_${receipt.drillId}`;
    receipt.table = table;
    const target = `${base.alias}/${table}`;
    const commands: Record<(typeof SCHEMA_DRILL_STEPS)[number], string> = {
      'table.create': `table-create ${target} Name:text Points:number`,
      'field.create': `field-create ${target} Stage select options=Open,Done`,
      'field.update': `field-update ${target} Stage name=Phase options=Open,Done,Archived`,
      'field.delete': `field-delete ${target} Phase`,
      'table.delete': `table-delete ${target}`,
    };
    for (const step of SCHEMA_DRILL_STEPS) {
      const parsed = parseCommand(commands[step]);
      if (!parsed.ok) throw new DrillStop(`the drill's ${step} does not parse: ${parsed.error}`);
      const command = parsed.command;
      if (!('target' in command) || command.kind === 'get' || command.kind === 'search')
        throw new DrillStop(`${step} is not a schema command`);
      const tables = await schema.listTables(base.appToken);
      const resolved = matchTable(tables, table);
      const fields = resolved.table ? await schema.listFieldSpecs(base.appToken, resolved.table.tableId) : [];
      const planned = planSchema({
        command: command as Parameters<typeof planSchema>[0]['command'],
        base: { alias: base.alias, appToken: base.appToken },
        tables,
        fields,
      });
      if (!planned.ok) throw new DrillStop(`${step} could not be planned: ${planned.error}`);
      const requestId = deriveRequestId(`drill:${receipt.drillId}:${step}`);
      const asked = await audited(
        chat,
        chat.decide(
          {
            action: 'request-schema',
            actor: DRILL,
            chatId: null,
            chatType: null,
            base: base.alias,
            table: resolved.table?.name ?? table,
            ...ambiguousMatches(resolved),
            op: step,
            recordCount: 0,
          },
          { policy: chat.policy(), now: chat.clock(), evidence: await readGuardEvidence(chat) },
        ),
        { action: 'request-schema', op: step, base: base.alias, table, drill_id: receipt.drillId },
        requestId,
      );
      if (!asked.allow) throw new DrillStop(asked.denials.map((denial) => denial.message).join('; '));
      receipt.requests[step] = await governed(requestId, planned.plan, base, start, deps);
      if (step === 'table.create')
        tableId = (await schema.listTables(base.appToken)).find((t) => t.name === table)?.tableId ?? null;
      if (step === 'table.delete') tableId = null;
    }
    receipt.passed = true;
  } catch (error) {
    receipt.problem = (error as Error).message;
  } finally {
    if (tableId && base && chat.schema) {
      const torn = await tearDown(chat.schema, base.appToken, tableId);
      if (!torn.ok) receipt.problem ??= `the temp table could not be torn down: ${torn.problem}`;
    }
  }
  await finish(receipt, start, deps);
  return receipt;
}

/**
 * The batch-delete drill (readiness gate 5), unattended and only on the sandbox: a fresh temp table
 * (`tmp_batch_<id>`) seeded with records carrying the base's marker and one without it. First a batch
 * delete of every record, which the marker guard refuses (`marker_missing`, naming the unmarked record);
 * then a batch delete of the marked records only, governed end to end (guard, request and card, the drill
 * runner's approval, backup, delete, read-back) and rolled back through the same path. After the rollback
 * the table holds exactly what it held before (by content: re-created records get new ids), and the
 * unmarked record was never touched. Audited as `drill.passed` / `drill.failed` with `drill: batch-delete`.
 */
export async function runBatchDeleteDrill(
  input: { base?: string },
  deps: DrillDeps,
): Promise<EvidenceDrillReceipt> {
  const { chat } = deps;
  const start = await startDrill('batch-delete', input, deps);
  const { receipt, base } = start;
  let tableId: string | null = null;
  try {
    if (!base?.marker) throw new DrillStop(start.problem ?? `${input.base} has no marker`);
    const { marker } = base;
    const schema = requireSchema(deps);
    const table = `${base.tempTablePrefix}batch_${receipt.drillId}`;
    receipt.table = table;
    tableId = await createTable(schema, base.appToken, table, buildDrillFields(marker));
    const fields = await chat.reader.listFields(base.appToken, tableId);
    const seed: Cells[] = [...buildDrillSeed(marker), { Name: 'unmarked: the marker guard keeps it' }];
    await seedRecords(deps, base.appToken, tableId, fields, seed, receipt.drillId);
    const before = await readAll(chat, base.appToken, tableId, fields);
    if (before.size !== seed.length)
      throw new DrillStop(`seeded ${seed.length} records, read back ${before.size}`);
    const records = [...before.entries()].map(([recordId, cells]) => ({ recordId, cells }));
    const unmarked = findUnmarked(records, fields, marker);
    const judge = (recordCount: number, skip: readonly string[]) =>
      chat.decide(
        {
          action: 'request-write',
          actor: DRILL,
          chatId: null,
          chatType: null,
          base: base.alias,
          table,
          op: 'batch-delete',
          recordCount,
          unmarked: skip,
        },
        { policy: chat.policy(), now: chat.clock() },
      );
    const details = {
      action: 'request-write',
      op: 'batch-delete',
      base: base.alias,
      table,
      drill_id: receipt.drillId,
    };

    // 1. Every record, one without the marker: the marker guard must refuse the whole batch.
    const refused = await audited(chat, judge(records.length, unmarked), {
      ...details,
      records: records.length,
    });
    if (refused.allow || !refused.denials.some((denial) => denial.code === 'marker_missing'))
      throw new DrillStop('the marker guard did not refuse a batch delete with an unmarked record in it');

    // 2. The marked records: governed, applied and verified.
    const marked = records.filter((record) => !unmarked.includes(record.recordId));
    const requestId = deriveRequestId(`drill:${receipt.drillId}:batch-delete`);
    const asked = await audited(
      chat,
      judge(marked.length, []),
      { ...details, records: marked.length },
      requestId,
    );
    if (!asked.allow) throw new DrillStop(asked.denials.map((denial) => denial.message).join('; '));
    const plan: WritePlan = {
      kind: 'records',
      op: 'batch-delete',
      base: { alias: base.alias, appToken: base.appToken },
      table: { id: tableId, name: table },
      fields: planFields(fields),
      changes: marked.map((record) => ({ recordId: record.recordId, before: record.cells, after: null })),
    };
    receipt.requests['batch-delete'] = await governed(requestId, plan, base, start, deps);
    const deleted = await readAll(chat, base.appToken, tableId, fields);
    if (deleted.size !== unmarked.length || !unmarked.every((id) => deleted.has(id)))
      throw new DrillStop(
        `after the batch delete ${deleted.size} records remain, not the ${unmarked.length} unmarked`,
      );

    // 3. Its rollback, prepared and run as a person's would be.
    const rollback = await retryRateLimited(() =>
      handleRollback(
        {
          requestId,
          requester: DRILL_ACTOR,
          chatId: start.chat,
          chatType: 'group',
          sourceMessageId: start.message,
          triggerId: `drill-${receipt.drillId}`,
        },
        chat,
        { drillId: receipt.drillId },
      ),
    );
    if (!rollback.ok || !rollback.requestId)
      throw new DrillStop(`the rollback was not prepared: ${rollback.text}`);
    receipt.requests.rollback = rollback.requestId;
    await approveAsDrill(rollback.requestId, deps);
    const rolledBack = await runToFinal(rollback.requestId, deps);
    if (rolledBack.state !== 'applied')
      throw new DrillProblemAt('the rollback', rolledBack.state, rolledBack.execution?.problem);
    const after = await readAll(chat, base.appToken, tableId, fields);
    if (contents(after) !== contents(before))
      throw new DrillStop('after the rollback the table does not hold what it held before the batch delete');
    receipt.passed = true;
  } catch (error) {
    receipt.problem = (error as Error).message;
  } finally {
    if (tableId && base && chat.schema) {
      const torn = await tearDown(chat.schema, base.appToken, tableId);
      if (!torn.ok) {
        receipt.passed = false;
        receipt.problem ??= `the temp table could not be torn down: ${torn.problem}`;
      }
    }
  }
  await finish(receipt, start, deps);
  return receipt;
}

type Started = {
  receipt: EvidenceDrillReceipt;
  base: BasePolicy | null;
  problem: string | null;
  chat: string;
  message: string;
  startedAt: number;
};

/** The drill guard (a staging L0 base, live, with a marker) and the drill's first line in the drills chat. */
async function startDrill(
  kind: EvidenceDrillReceipt['kind'],
  input: { base?: string },
  deps: DrillDeps,
): Promise<Started> {
  const { chat } = deps;
  const startedAt = chat.clock();
  const policy = chat.policy();
  const alias = input.base ?? policy.bases.find((base) => base.staging)?.alias ?? '(no staging base)';
  const drillId = `d${startedAt.toString(36)}${randomBytes(3).toString('hex')}`;
  const receipt: EvidenceDrillReceipt = {
    kind,
    passed: false,
    drillId,
    base: alias,
    table: null,
    requests: {},
    problem: null,
  };
  const drillsChat = policy.drillsChat ?? policy.auditChat;
  const decision = await audited(
    chat,
    chat.decide({ action: 'drill', actor: DRILL, base: alias }, { policy, now: startedAt }),
    { action: 'drill', drill: kind, base: alias, drill_id: drillId },
  );
  const message = (
    await retryRateLimited(() =>
      chat.chat.sendText(drillsChat, chatText`🧪 ${kind} drill ${drillId} on ${alias}`, {
        uuid: `drill-${drillId}-start`,
      }),
    )
  ).messageId;
  if (!decision.allow) {
    const problem = decision.denials.map((denial) => denial.message).join('; ');
    return { receipt, base: null, problem, chat: drillsChat, message, startedAt };
  }
  return {
    receipt,
    base: findBase(policy, alias) ?? null,
    problem: null,
    chat: drillsChat,
    message,
    startedAt,
  };
}

/** One governed step: the request (card in the drills chat), the drill runner's approval, the live op. */
async function governed(
  requestId: string,
  plan: RequestPlan,
  base: BasePolicy,
  start: Started,
  deps: DrillDeps,
): Promise<string> {
  await retryRateLimited(() =>
    openRequest(
      {
        requestId,
        plan,
        origin: { kind: 'drill', drillId: start.receipt.drillId },
        base,
        requester: DRILL_ACTOR,
        chatId: start.chat,
        sourceMessageId: start.message,
        details: { drill_id: start.receipt.drillId, drill: start.receipt.kind },
      },
      deps.chat,
    ),
  );
  await approveAsDrill(requestId, deps);
  const done = await runToFinal(requestId, deps);
  if (done.state !== 'applied')
    throw new DrillProblemAt(`${plan.op} ${requestId}`, done.state, done.execution?.problem);
  return requestId;
}

class DrillProblemAt extends DrillStop {
  constructor(what: string, state: string, problem: string | null | undefined) {
    super(`${what} ended ${state}: ${problem ?? 'no reason recorded'}`);
  }
}

/** The receipt: audited (what readiness reads), then posted under the drill's first line. */
async function finish(receipt: EvidenceDrillReceipt, start: Started, deps: DrillDeps): Promise<void> {
  const { chat } = deps;
  const durationMs = chat.clock() - start.startedAt;
  if (!receipt.passed)
    chat.logger.error({ drillId: receipt.drillId, problem: receipt.problem }, 'evidence drill failed');
  await chat.audit({
    type: receipt.passed ? 'drill.passed' : 'drill.failed',
    actor: DRILL_ACTOR,
    requestId: null,
    details: {
      drill: receipt.kind,
      drill_id: receipt.drillId,
      base: receipt.base,
      table: receipt.table,
      requests: receipt.requests,
      duration_ms: durationMs,
      ...(receipt.problem ? { problem: receipt.problem } : {}),
    },
  });
  const line = receipt.passed
    ? `✅ ${receipt.kind} drill ${receipt.drillId} passed on ${receipt.base} (${receipt.table}): ${Object.entries(
        receipt.requests,
      )
        .map(([what, id]) => `${what} ${id}`)
        .join(', ')}; temp table gone.`
    : `❌ ${receipt.kind} drill ${receipt.drillId} failed on ${receipt.base}: ${receipt.problem ?? 'no reason'}.`;
  await retryRateLimited(() =>
    chat.chat.replyText(start.message, inertChatText(line), {
      uuid: `drill-${receipt.drillId}-receipt`,
      chatId: start.chat,
    }),
  ).catch((error: Error) =>
    chat.logger.warn({ drillId: receipt.drillId, err: error.message }, 'could not post the drill receipt'),
  );
}

function requireSchema(deps: DrillDeps): SchemaGateway {
  if (!deps.chat.schema) throw new DrillStop('this process cannot change schemas (no schema gateway)');
  return deps.chat.schema;
}

function planFields(fields: readonly FieldMeta[]): WritePlan['fields'] {
  return fields.map((field) => ({
    fieldId: field.fieldId,
    name: field.name,
    type: field.type,
    options: field.options,
    isPrimary: field.isPrimary,
  }));
}

/** What a table holds, by content only: the rollback of a delete re-creates records under new ids. */
function contents(records: ReadonlyMap<string, Cells>): string {
  return canonicalJson([...records.values()].map((cells) => canonicalJson(cells)).sort());
}
