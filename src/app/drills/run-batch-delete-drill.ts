import { handleRollback } from '../../../jobs/handle-rollback.js';
import { canonicalJson } from '../../domain/canonical-json.js';
import type { Cells, FieldMeta } from '../../domain/cell-value.js';
import { deriveRequestId } from '../../domain/derive-request-id.js';
import { findUnmarked } from '../../domain/find-unmarked.js';
import type { WritePlan } from '../../domain/governed-request.js';
import { DRILL_ACTOR } from '../../domain/guard.js';
import { approveAsDrill } from './approve-as-drill.js';
import { auditDrillDecision } from './audit-drill-decision.js';
import { buildDrillFields, buildDrillSeed } from './build-drill-seed.js';
import { createDrillTable } from './create-drill-table.js';
import type { DrillDeps } from './drill-deps.js';
import { DrillProblem } from './drill-problem.js';
import { DRILL_RUNNER } from './drill-runner.js';
import { DrillStepEnded } from './drill-step-ended.js';
import type { EvidenceDrillReceipt } from './evidence-drill-receipt.js';
import { readDrillRecords } from './read-drill-records.js';
import { recordEvidenceDrill } from './record-evidence-drill.js';
import { requireSchemaGateway } from './require-schema-gateway.js';
import { retryRateLimited } from './retry-rate-limited.js';
import { runGovernedDrillStep } from './run-governed-drill-step.js';
import { runToFinal } from './run-to-final.js';
import { seedDrillRecords } from './seed-drill-records.js';
import { startEvidenceDrill } from './start-evidence-drill.js';
import { tearDownDrillTable } from './tear-down-drill-table.js';

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
  const start = await startEvidenceDrill('batch-delete', input, deps);
  const { receipt, base } = start;
  let tableId: string | null = null;
  try {
    if (!base?.marker) throw new DrillProblem(start.problem ?? `${input.base} has no marker`);
    const { marker } = base;
    const schema = requireSchemaGateway(deps);
    const table = `${base.tempTablePrefix}batch_${receipt.drillId}`;
    receipt.table = table;
    tableId = await createDrillTable(schema, base.appToken, table, buildDrillFields(marker));
    const fields = await chat.reader.listFields(base.appToken, tableId);
    const seed: Cells[] = [...buildDrillSeed(marker), { Name: 'unmarked: the marker guard keeps it' }];
    await seedDrillRecords(deps, base.appToken, tableId, fields, seed, receipt.drillId);
    const before = await readDrillRecords(chat, base.appToken, tableId, fields);
    if (before.size !== seed.length)
      throw new DrillProblem(`seeded ${seed.length} records, read back ${before.size}`);
    const records = [...before.entries()].map(([recordId, cells]) => ({ recordId, cells }));
    const unmarked = findUnmarked(records, fields, marker);
    const judge = (recordCount: number, skip: readonly string[]) =>
      chat.decide(
        {
          action: 'request-write',
          actor: DRILL_RUNNER,
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
    const refused = await auditDrillDecision(chat, judge(records.length, unmarked), {
      ...details,
      records: records.length,
    });
    if (refused.allow || !refused.denials.some((denial) => denial.code === 'marker_missing'))
      throw new DrillProblem('the marker guard did not refuse a batch delete with an unmarked record in it');

    // 2. The marked records: governed, applied and verified.
    const marked = records.filter((record) => !unmarked.includes(record.recordId));
    const requestId = deriveRequestId(`drill:${receipt.drillId}:batch-delete`);
    const asked = await auditDrillDecision(
      chat,
      judge(marked.length, []),
      { ...details, records: marked.length },
      requestId,
    );
    if (!asked.allow) throw new DrillProblem(asked.denials.map((denial) => denial.message).join('; '));
    const plan: WritePlan = {
      kind: 'records',
      op: 'batch-delete',
      base: { alias: base.alias, appToken: base.appToken },
      table: { id: tableId, name: table },
      fields: planFields(fields),
      changes: marked.map((record) => ({ recordId: record.recordId, before: record.cells, after: null })),
    };
    receipt.requests['batch-delete'] = await runGovernedDrillStep(requestId, plan, base, start, deps);
    const deleted = await readDrillRecords(chat, base.appToken, tableId, fields);
    if (deleted.size !== unmarked.length || !unmarked.every((id) => deleted.has(id)))
      throw new DrillProblem(
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
      throw new DrillProblem(`the rollback was not prepared: ${rollback.text}`);
    receipt.requests.rollback = rollback.requestId;
    await approveAsDrill(rollback.requestId, deps);
    const rolledBack = await runToFinal(rollback.requestId, deps);
    if (rolledBack.state !== 'applied')
      throw new DrillStepEnded('the rollback', rolledBack.state, rolledBack.execution?.problem);
    const after = await readDrillRecords(chat, base.appToken, tableId, fields);
    if (contents(after) !== contents(before))
      throw new DrillProblem(
        'after the rollback the table does not hold what it held before the batch delete',
      );
    receipt.passed = true;
  } catch (error) {
    receipt.problem = (error as Error).message;
  } finally {
    if (tableId && base && chat.schema) {
      const torn = await tearDownDrillTable(chat.schema, base.appToken, tableId);
      if (!torn.ok) {
        receipt.passed = false;
        receipt.problem ??= `the temp table could not be torn down: ${torn.problem}`;
      }
    }
  }
  await recordEvidenceDrill(receipt, start, deps);
  return receipt;
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
