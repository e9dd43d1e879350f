import type { Cells, FieldMeta } from '../../domain/cell-value.js';
import { isWritableField } from '../../domain/cell-value.js';
import { cellsEqual } from '../../domain/cells-equal.js';
import { deriveClientToken } from '../../domain/derive-client-token.js';
import {
  evaluateSchemaState,
  type SchemaSnapshot,
  type SchemaState,
} from '../../domain/evaluate-schema-state.js';
import { formatCellValue } from '../../domain/format-cell-value.js';
import type { Execution, FieldSpec } from '../../domain/governed-request.js';
import type { SchemaRequest } from '../../domain/is-records-request.js';
import { buildSchemaBackupDocument } from '../../domain/schema-backup-document.js';
import type { TableRef } from '../../ports/base-reader.js';
import type { SchemaGateway } from '../../ports/schema-gateway.js';
import { createChunkProgress } from './create-chunk-progress.js';
import type { LiveOpDeps } from './live-op-deps.js';
import type { LiveOpPlanner, Prepared, StepContext, WritePass } from './live-op-planner.js';
import { readOrRetry } from './read-or-retry.js';

type Snapshot = SchemaSnapshot & { tables: TableRef[] };

/**
 * The planner of schema ops (tables and fields, and rollbacks that restore them) for the step engine
 * (run-live-op-step.ts). Every pass reads the schema first, so an ambiguous outcome (a timeout, a 5xx after
 * the write) is reconciled by reading — a table or field created unseen is adopted by its name, a delete
 * that landed is recognised — never retried blindly. Restores (a rollback re-creating what a delete
 * destroyed) persist their progress per chunk.
 */
export function createSchemaPlanner(schema: SchemaGateway): LiveOpPlanner<SchemaRequest> {
  return {
    noun: 'the schema change',
    ambiguousLog: 'ambiguous schema write outcome: reconciling by reading',
    prepare: (context) => prepare(context, schema),
    write: (context, progress) => write(context, progress, schema),
    verify: (context) => verify(context, schema),
  };
}

/**
 * Re-read the schema: if it is no longer the approved before-state, stop as stale. Else back up the
 * table's whole schema and the data the change destroys (a table delete: every record; a field delete or
 * update: that field's value in every record), encrypted like every backup.
 */
async function prepare(
  { request, execution, deps }: StepContext<SchemaRequest>,
  schema: SchemaGateway,
): Promise<Prepared> {
  const { plan } = request;
  const snapshot = await readOrRetry(() => readSnapshot(request, execution, schema));
  const state = evaluateSchemaState(plan, snapshot);
  if (state.kind !== 'before') return { kind: 'stop', state: 'stale', problem: describeDrift(state) };
  const records = new Map<string, Cells>();
  const destroysData = plan.op === 'table.delete' || plan.op === 'field.delete' || plan.op === 'field.update';
  if (destroysData && snapshot.table) {
    const tableId = snapshot.table.tableId;
    const all = await readOrRetry(() => deps.reader.listFields(plan.base.appToken, tableId));
    // A table delete loses every field's values; a field delete or update, that field's.
    const fields =
      plan.op === 'table.delete' ? all : all.filter((field) => field.fieldId === plan.field?.before?.fieldId);
    const max = deps.policy().batchDeleteMaxRecords;
    const found = await readOrRetry(() =>
      deps.reader.searchRecords(plan.base.appToken, tableId, fields, { max }),
    );
    if (found.truncated || found.total > max) {
      return {
        kind: 'stop',
        state: 'failed',
        problem: `${plan.table.name} now holds ${found.total} records, more than the ${max} one backup takes`,
      };
    }
    for (const record of found.records) records.set(record.recordId, record.cells);
  }
  return {
    kind: 'back_up',
    document: buildSchemaBackupDocument(request, snapshot.fields, records, deps.clock()),
    details: { kind: 'schema', fields: snapshot.fields.length, records: records.size },
    after: async () => ({ createdRecordIds: [] }),
  };
}

/**
 * Reads, then: writes the schema change if it has not landed (and returns, so the next pass reads it back);
 * once it has, adopts what it created and writes back the restore, then records op.applied.
 */
async function write(
  context: StepContext<SchemaRequest>,
  progress: Partial<Execution>,
  schema: SchemaGateway,
): Promise<WritePass> {
  const { request, execution } = context;
  const { plan } = request;
  const { appToken } = plan.base;
  const snapshot = await readOrRetry(() => readSnapshot(request, execution, schema));
  const state = evaluateSchemaState(plan, snapshot);
  if (state.kind === 'drifted') {
    return {
      kind: 'stop',
      state: 'needs_review',
      change: { problem: `the schema changed while writing: ${state.differences.join('; ')}` },
    };
  }
  const ids = {
    tableId: execution.schemaIds?.tableId ?? null,
    fieldId: execution.schemaIds?.fieldId ?? null,
  };
  const createdIds = Array.from(
    { length: plan.restore?.records.length ?? 0 },
    (_, index) => execution.createdRecordIds[index] ?? null,
  );
  progress.schemaIds = ids;
  progress.createdRecordIds = createdIds;
  const landed = await context.writing(async () => {
    if (state.kind === 'before') {
      const tableId = plan.table.id as string;
      switch (plan.op) {
        case 'table.create':
          ids.tableId = (
            await schema.createTable(appToken, {
              name: plan.table.name,
              fields: plan.tableFields?.after ?? [],
            })
          ).tableId;
          break;
        case 'table.delete':
          await schema.deleteTable(appToken, tableId);
          break;
        case 'field.create':
          ids.fieldId = (await schema.createField(appToken, tableId, plan.field?.after as FieldSpec)).fieldId;
          break;
        case 'field.update':
          await schema.updateField(
            appToken,
            tableId,
            plan.field?.before?.fieldId as string,
            plan.field?.after as FieldSpec,
          );
          break;
        case 'field.delete':
          await schema.deleteField(appToken, tableId, plan.field?.before?.fieldId as string);
          break;
      }
      return false;
    }
    // The change has landed: adopt what it created (after an ambiguous create, only the name tells).
    if (plan.op === 'table.create') ids.tableId = snapshot.table?.tableId ?? ids.tableId;
    if (plan.op === 'field.create') {
      ids.fieldId =
        snapshot.fields.find((field) => field.name === plan.field?.after?.name)?.fieldId ?? ids.fieldId;
    }
    if (plan.restore && snapshot.table) {
      await writeRestore(context, snapshot.table.tableId, createdIds);
    }
    return true;
  });
  // Not landed yet: read it back on the next pass before anything else is written.
  if (!landed) return { kind: 'again', change: { schemaIds: ids } };
  const idMap = buildIdMap(request, createdIds);
  return {
    kind: 'written',
    details: {
      op: plan.op,
      table: plan.table.name,
      table_id: ids.tableId ?? plan.table.id,
      field: plan.field?.after?.name ?? plan.field?.before?.name ?? null,
      field_id: ids.fieldId ?? plan.field?.before?.fieldId ?? null,
      restored: plan.restore?.records.length ?? 0,
      reconciled: execution.attempts > 1,
      ...(idMap ? { id_map: idMap } : {}),
    },
    change: { schemaIds: ids, createdRecordIds: createdIds, idMap },
  };
}

/**
 * Writes the restore back, only what is not there yet. Into a re-created table: records it already holds
 * are adopted by content (the table is new, so everything in it is ours), the rest created in chunks,
 * progress persisted after each. Into existing records (a re-created or updated-back field): each record
 * whose value differs is updated (an update is idempotent). Either way the card is told the count per chunk.
 */
async function writeRestore(
  context: StepContext<SchemaRequest>,
  tableId: string,
  createdIds: Array<string | null>,
): Promise<void> {
  const { request, deps } = context;
  const { plan } = request;
  const entries = plan.restore?.records ?? [];
  const { appToken } = plan.base;
  const fields = await readOrRetry(() => deps.reader.listFields(appToken, tableId));
  if (plan.op === 'table.create') {
    await adoptRestoredRecords(request, tableId, fields, createdIds, deps);
    const pending = entries
      .map((entry, index) => ({ entry, index }))
      .filter(({ index }) => createdIds[index] === null);
    const size = deps.batchLimits.record_batch_create.max;
    // What an earlier attempt created (persisted, or adopted above) counts as done: a resume never starts at zero.
    const tell = createChunkProgress(context, 'write', entries.length, size);
    tell(entries.length - pending.length);
    for (let start = 0; start < pending.length; start += size) {
      const chunk = pending.slice(start, start + size);
      const created = await deps.writer.batchCreateRecords(
        appToken,
        tableId,
        fields,
        chunk.map(({ entry }) => entry.cells),
        { clientToken: () => deriveClientToken(`${request.id}:restore`, chunk[0]?.index ?? 0) },
      );
      created.recordIds.forEach((id, k) => {
        createdIds[(chunk[k] as { index: number }).index] = id;
      });
      await context.save({ createdRecordIds: createdIds });
      tell(entries.length - pending.length + start + chunk.length);
    }
    return;
  }
  const ids = entries.map((entry) => entry.recordId);
  const target = fields.filter((field) => entries.some((entry) => Object.hasOwn(entry.cells, field.name)));
  const { records } = await readOrRetry(() => deps.reader.getRecords(appToken, tableId, ids, target));
  const updates = entries.filter((entry) => {
    const now = records.get(entry.recordId);
    return (
      now !== undefined &&
      Object.entries(entry.cells).some(([name, value]) => !cellsEqual(now[name] ?? null, value))
    );
  });
  const size = deps.batchLimits.record_batch_update.max;
  // Records that already hold their value (written before a crash) count as done.
  const tell = createChunkProgress(context, 'write', entries.length, size);
  tell(entries.length - updates.length);
  for (let start = 0; start < updates.length; start += size) {
    const chunk = updates.slice(start, start + size);
    await deps.writer.batchUpdateRecords(
      appToken,
      tableId,
      target,
      chunk.map((entry) => ({ recordId: entry.recordId, cells: entry.cells })),
    );
    tell(entries.length - updates.length + start + chunk.length);
  }
}

/** Records of the re-created table that match a restore entry not yet claimed: they landed unseen. */
async function adoptRestoredRecords(
  request: SchemaRequest,
  tableId: string,
  fields: readonly FieldMeta[],
  createdIds: Array<string | null>,
  deps: LiveOpDeps,
): Promise<void> {
  const entries = request.plan.restore?.records ?? [];
  if (createdIds.every((id) => id !== null)) return;
  const found = await readOrRetry(() =>
    deps.reader.searchRecords(request.plan.base.appToken, tableId, fields, {
      max: entries.length + deps.batchLimits.record_batch_create.max,
    }),
  );
  const claimed = new Set(createdIds.filter((id): id is string => id !== null));
  const writable = fields.filter(isWritableField);
  entries.forEach((entry, index) => {
    if (createdIds[index] !== null) return;
    const match = found.records.find(
      (record) =>
        !claimed.has(record.recordId) &&
        writable.every((field) =>
          cellsEqual(record.cells[field.name] ?? null, entry.cells[field.name] ?? null),
        ),
    );
    if (match) {
      createdIds[index] = match.recordId;
      claimed.add(match.recordId);
    }
  });
}

/** Reads back: the schema must be the approved after-state, and every restored value must be there. */
async function verify(
  { request, execution, deps }: StepContext<SchemaRequest>,
  schema: SchemaGateway,
): Promise<{ ok: boolean; mismatches: string[] }> {
  const { plan } = request;
  const snapshot = await readOrRetry(() => readSnapshot(request, execution, schema));
  const state = evaluateSchemaState(plan, snapshot);
  const mismatches =
    state.kind === 'drifted'
      ? [...state.differences]
      : state.kind === 'before'
        ? ['the schema change is not visible']
        : [];
  if (plan.restore && snapshot.table && state.kind === 'after') {
    mismatches.push(...(await checkRestore(request, execution, snapshot.table.tableId, deps)));
  }
  return { ok: mismatches.length === 0, mismatches: mismatches.slice(0, 50) };
}

async function checkRestore(
  request: SchemaRequest,
  execution: Execution,
  tableId: string,
  deps: LiveOpDeps,
): Promise<string[]> {
  const { plan } = request;
  const entries = plan.restore?.records ?? [];
  const idOf = (index: number): string | null =>
    plan.op === 'table.create'
      ? (execution.createdRecordIds[index] ?? null)
      : (entries[index]?.recordId ?? null);
  const ids = entries.map((_, index) => idOf(index)).filter((id): id is string => id !== null);
  const fields = await readOrRetry(() => deps.reader.listFields(plan.base.appToken, tableId));
  const { records } = await readOrRetry(() =>
    deps.reader.getRecords(plan.base.appToken, tableId, ids, fields),
  );
  const mismatches: string[] = [];
  entries.forEach((entry, index) => {
    const id = idOf(index);
    const now = id === null ? undefined : records.get(id);
    if (!now) {
      // A field restored into a record deleted since is not a failure of this op; a table restore is.
      if (plan.op === 'table.create') mismatches.push(`${entry.recordId} was not re-created`);
      return;
    }
    for (const [name, value] of Object.entries(entry.cells)) {
      if (!cellsEqual(now[name] ?? null, value)) {
        mismatches.push(
          `${id} ${name} is ${formatCellValue(now[name] ?? null)}, not ${formatCellValue(value)}`,
        );
      }
    }
  });
  return mismatches;
}

/** The target table now (by id; a table to create by the id it got, else by name) and its fields. */
async function readSnapshot(
  request: SchemaRequest,
  execution: Execution,
  schema: SchemaGateway,
): Promise<Snapshot> {
  const { plan } = request;
  const tables = await schema.listTables(plan.base.appToken);
  const createdId = execution.schemaIds?.tableId ?? null;
  const table =
    plan.table.id !== null
      ? tables.find((t) => t.tableId === plan.table.id)
      : (tables.find((t) => (createdId ? t.tableId === createdId : t.name === plan.table.name)) ??
        tables.find((t) => t.name === plan.table.name));
  const fields = table ? await schema.listFieldSpecs(plan.base.appToken, table.tableId) : [];
  return { tables, table: table ?? null, fields };
}

function buildIdMap(
  request: SchemaRequest,
  createdIds: ReadonlyArray<string | null>,
): Record<string, string> | null {
  if (request.plan.op !== 'table.create') return null;
  const map: Record<string, string> = {};
  (request.plan.restore?.records ?? []).forEach((entry, index) => {
    const created = createdIds[index];
    if (created) map[entry.recordId] = created;
  });
  return Object.keys(map).length > 0 ? map : null;
}

function describeDrift(state: SchemaState): string {
  if (state.kind === 'after') return 'the schema already is what was approved: nothing was written';
  if (state.kind === 'drifted') return `the schema changed since approval: ${state.differences.join('; ')}`;
  return 'the schema changed since approval';
}
