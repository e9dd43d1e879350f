import { buildBackupDocument } from '../../domain/build-backup-document.js';
import { buildSearchFilter, type SearchFilter } from '../../domain/build-search-filter.js';
import { buildSharedValueFilter } from '../../domain/build-shared-value-filter.js';
import type { Cells } from '../../domain/cell-value.js';
import { cellsEqual } from '../../domain/cells-equal.js';
import { deriveClientToken } from '../../domain/derive-client-token.js';
import { evaluateChange, evaluateTargetState, type TargetState } from '../../domain/evaluate-target-state.js';
import type { Execution } from '../../domain/governed-request.js';
import type { RecordsRequest } from '../../domain/is-records-request.js';
import { resumeProgress } from '../../domain/live-op-progress.js';
import { createChunkProgress } from './create-chunk-progress.js';
import { countNamedRecords, createRecordsProgress, writeChunkSize } from './create-records-progress.js';
import type { LiveOpDeps } from './live-op-deps.js';
import type { LiveOpPlanner, Prepared, StepContext, WritePass } from './live-op-planner.js';
import { readBeforeState } from './read-before-state.js';
import { readNamedRecords } from './read-named-records.js';
import { readOrRetry } from './read-or-retry.js';

/**
 * The planner of records ops (create, update, delete, batch ones, rollbacks) for the step engine
 * (run-live-op-step.ts): one read of every field serves the stale check and the backup; writes go in
 * Lark-sized chunks, progress persisted after each; a create that landed unseen is adopted by its values.
 */
export const recordPlanner: LiveOpPlanner<RecordsRequest> = {
  noun: 'the write',
  ambiguousLog: 'ambiguous write outcome: reconciling by reading',
  prepare,
  write,
  async reconcile({ request, deps }, progress) {
    const createdIds = progress.createdRecordIds as Array<string | null>;
    if (request.plan.op === 'create' && request.plan.changes.length > 1)
      await adoptLandedCreates(request, createdIds, deps);
  },
  verify,
};

/**
 * Re-read (one read of every field serves both the stale check and the backup): if the target drifted
 * from the approved before-state, stop as stale. Else back up the full before-state.
 */
async function prepare(context: StepContext<RecordsRequest>): Promise<Prepared> {
  const { request, deps, memo } = context;
  const { plan } = request;
  // Started while the approval was consumed, in this run (telling its own progress); else read now.
  const prefetched = memo.beforeState?.requestId === request.id ? memo.beforeState.read : undefined;
  memo.beforeState = undefined;
  const { fields: allFields, records: current } = await (prefetched ??
    readBeforeState(request, deps, createRecordsProgress(context, 'reread', countNamedRecords(request))));
  const state = evaluateTargetState(plan, current);
  if (state.kind !== 'before') {
    return { kind: 'stop', state: 'stale', problem: describeDrift(state, plan.op) } as const;
  }
  // The engine saves the backup as soon as this returns.
  createRecordsProgress(context, 'backup', current.size)(current.size);
  // Updates and deletes of known records: the write that follows in this run reads nothing again.
  if (plan.op !== 'create') memo.reread = { requestId: request.id, records: current };
  return {
    kind: 'back_up',
    document: buildBackupDocument(request, allFields, current, deps.clock()),
    details: { records: current.size },
    after: async () => ({
      preexistingMatches:
        plan.op === 'create' && plan.changes.length === 1 ? await findMatchingRecords(request, 0, deps) : [],
      createdRecordIds: plan.changes.map(() => null),
    }),
  } as const;
}

/**
 * Writes what has not landed yet, in Lark-sized chunks, persisting progress after each chunk. When an
 * earlier attempt may already have written (a crash, a timeout, a 5xx), it reads first: never a blind retry.
 */
async function write(context: StepContext<RecordsRequest>, progress: Partial<Execution>): Promise<WritePass> {
  const { request, execution, deps } = context;
  const { plan } = request;
  const createdIds = alignCreated(execution, plan.changes.length);
  if (plan.op === 'create' && plan.changes.length === 1 && createdIds[0] === null) {
    const fresh = (await findMatchingRecords(request, 0, deps)).filter(
      (id) => !execution.preexistingMatches.includes(id),
    );
    if (fresh.length > 1) {
      return {
        kind: 'stop',
        state: 'needs_review',
        change: { problem: `several new records match the approved values (${fresh.join(', ')})` },
      } as const;
    }
    createdIds[0] = fresh[0] ?? null;
  }
  // Straight after this run's re-read and backup nothing can have been written: that read stands. Any
  // other pass (a retry, a crash, an ambiguous write) reads first: never a blind retry.
  const reread = context.memo.reread;
  context.memo.reread = undefined;
  const fresh =
    reread?.requestId === request.id && execution.attempts === 1 && createdIds.every((id) => id === null);
  const current = fresh ? new Map(reread.records) : await readTarget(request, createdIds, deps);
  // Link fields a rollback relinks in a second pass hold either value here: they are not compared.
  const comparable = withoutRelinkedFields(request);
  const state = evaluateTargetState(comparable.plan, current, knownIds(createdIds));
  if (state.kind === 'drifted') {
    return {
      kind: 'stop',
      state: 'needs_review',
      change: {
        createdRecordIds: createdIds,
        problem: `the target changed while writing: ${state.differences.join('; ')}`,
      },
    } as const;
  }
  const pending = plan.changes
    .map((change, index) => ({ change, index }))
    .filter(({ index }) => {
      const change = comparable.plan.changes[index] as RecordsRequest['plan']['changes'][number];
      const id = change.recordId ?? createdIds[index] ?? undefined;
      return evaluateChange(change, id === undefined ? undefined : current.get(id), plan.fields) === 'before';
    });

  const size = writeChunkSize(plan.op, deps);
  progress.createdRecordIds = createdIds;
  // Progress counts what is already in the after-state (read above) as done: a resume never starts at zero.
  const total = plan.changes.length;
  const tell = createChunkProgress(context, 'write', total, size);
  tell(total - pending.length);
  await context.writing(async () => {
    for (let start = 0; start < pending.length; start += size) {
      const chunk = pending.slice(start, start + size);
      const created = await writeChunk(request, chunk, deps);
      tell(total - pending.length + start + chunk.length);
      if (created) {
        created.forEach((id, k) => {
          createdIds[(chunk[k] as { index: number }).index] = id;
        });
        await context.save({ createdRecordIds: createdIds });
      }
    }
    await writeRelinks(context, createdIds, progress);
  });
  const idMap = buildIdMap(request, createdIds);
  return {
    kind: 'written',
    details: {
      op: plan.op,
      records: plan.changes.length,
      written_now: pending.length,
      reconciled: pending.length < plan.changes.length,
      created_record_ids: createdIds.filter((id) => id !== null),
      ...(idMap ? { id_map: idMap } : {}),
    },
    change: { createdRecordIds: createdIds, idMap },
  } as const;
}

/** Reads back and compares with the approved after-state. */
async function verify(context: StepContext<RecordsRequest>) {
  const { request, execution, deps } = context;
  const createdIds = alignCreated(execution, request.plan.changes.length);
  const expected = withRelinks(request, createdIds);
  // Records expected to exist are searched by a value they all hold, if any; a delete's are looked for
  // in the whole table (only an unfiltered scan shows a record is gone).
  const filter =
    request.plan.op === 'delete' || request.plan.op === 'batch-delete'
      ? null
      : buildSharedValueFilter(
          request.plan.fields,
          expected.plan.changes.map((change) => change.after),
        );
  const tell = (total: number) => createRecordsProgress(context, 'readback', total);
  const current = await readTarget(request, createdIds, deps, filter, tell);
  const state = evaluateTargetState(expected.plan, current, knownIds(createdIds));
  const mismatches =
    state.kind === 'drifted'
      ? state.differences
      : state.kind === 'mixed'
        ? [...state.differences, describeUnwritten(expected, current, createdIds)]
        : state.kind === 'before'
          ? ['the write is not visible']
          : [];
  return { ok: state.kind === 'after', mismatches };
}

/** Part written: which records still read as before the write (the first ten of them, and how many). */
function describeUnwritten(
  request: RecordsRequest,
  current: ReadonlyMap<string, Cells>,
  createdIds: ReadonlyArray<string | null>,
): string {
  const { changes, fields } = request.plan;
  const unwritten = changes.flatMap((change, index) => {
    const id = change.recordId ?? createdIds[index] ?? undefined;
    const state = evaluateChange(change, id === undefined ? undefined : current.get(id), fields);
    return state === 'before' ? [change.recordId ?? change.restores ?? `new record ${index + 1}`] : [];
  });
  const named = unwritten.slice(0, 10).join(', ');
  const more = unwritten.length > 10 ? ` and ${unwritten.length - 10} more` : '';
  return `${unwritten.length} of ${changes.length} records read back as before the write: ${named}${more}`;
}

/** One Lark call for one chunk (single-record endpoints for a single change). Returns created ids for creates. */
async function writeChunk(
  request: RecordsRequest,
  chunk: ReadonlyArray<{ change: RecordsRequest['plan']['changes'][number]; index: number }>,
  deps: LiveOpDeps,
): Promise<string[] | null> {
  const { plan } = request;
  const { appToken } = plan.base;
  const tableId = plan.table.id;
  // The token names the chunk's content, so a retry of the same chunk carries the same key.
  const clientToken = deriveClientToken(request.id, chunk[0]?.index ?? 0);
  if (plan.op === 'create') {
    if (plan.changes.length === 1 && chunk.length === 1) {
      const created = await deps.writer.createRecord(
        appToken,
        tableId,
        plan.fields,
        chunk[0]?.change.after ?? {},
        { clientToken },
      );
      return [created.recordId];
    }
    const rows = chunk.map(({ change }) => change.after ?? {});
    return (
      await deps.writer.batchCreateRecords(appToken, tableId, plan.fields, rows, {
        clientToken: () => clientToken,
      })
    ).recordIds;
  }
  const ids = chunk.map(({ change }) => change.recordId as string);
  if (plan.op === 'update') {
    if (chunk.length === 1)
      await deps.writer.updateRecord(
        appToken,
        tableId,
        ids[0] as string,
        plan.fields,
        chunk[0]?.change.after ?? {},
      );
    else
      await deps.writer.batchUpdateRecords(
        appToken,
        tableId,
        plan.fields,
        chunk.map(({ change }) => ({ recordId: change.recordId as string, cells: change.after ?? {} })),
      );
    return null;
  }
  if (chunk.length === 1) await deps.writer.deleteRecord(appToken, tableId, ids[0] as string);
  else await deps.writer.batchDeleteRecords(appToken, tableId, ids);
  return null;
}

/**
 * After an ambiguous batch create: records of the failed chunk that did land are found by content among
 * the table's records that no change has claimed yet, so the next pass does not create them again.
 */
async function adoptLandedCreates(
  request: RecordsRequest,
  createdIds: Array<string | null>,
  deps: LiveOpDeps,
): Promise<void> {
  const claimed = new Set(createdIds.filter((id): id is string => id !== null));
  for (let index = 0; index < request.plan.changes.length; index++) {
    if (createdIds[index] !== null) continue;
    const candidates = (await findMatchingRecords(request, index, deps)).filter((id) => !claimed.has(id));
    const adopted = candidates[0];
    if (adopted) {
      createdIds[index] = adopted;
      claimed.add(adopted);
    }
  }
}

async function readTarget(
  request: RecordsRequest,
  createdIds: ReadonlyArray<string | null>,
  deps: LiveOpDeps,
  filter: SearchFilter | null = null,
  progress?: (total: number) => (accountedFor: number) => void,
): Promise<Map<string, Cells>> {
  const { plan } = request;
  const ids = [
    ...new Set([
      ...plan.changes.map((change) => change.recordId).filter((id): id is string => id !== null),
      ...createdIds.filter((id): id is string => id !== null),
    ]),
  ];
  return readNamedRecords(deps, where(request), ids, plan.fields, filter, progress?.(ids.length));
}

function where(request: RecordsRequest): { appToken: string; tableId: string } {
  return { appToken: request.plan.base.appToken, tableId: request.plan.table.id };
}

/** Records whose fields equal change `index`'s after-state (to adopt a create that landed unseen). */
async function findMatchingRecords(
  request: RecordsRequest,
  index: number,
  deps: LiveOpDeps,
): Promise<string[]> {
  const { plan } = request;
  const after = plan.changes[index]?.after ?? {};
  const conditions = Object.entries(after).map(([field, value]) => ({ field, value }));
  const filter = buildSearchFilter(plan.fields, conditions);
  const result = await readOrRetry(() =>
    deps.reader.searchRecords(plan.base.appToken, plan.table.id, plan.fields, {
      ...(filter.ok && filter.filter ? { filter: filter.filter } : {}),
      max: 500,
    }),
  );
  return result.records
    .filter((record) =>
      Object.entries(after).every(([name, value]) => cellsEqual(record.cells[name] ?? null, value)),
    )
    .map((record) => record.recordId);
}

function alignCreated(execution: Execution, length: number): Array<string | null> {
  return Array.from({ length }, (_, index) => execution.createdRecordIds[index] ?? null);
}

/** evaluateTargetState takes created ids by change index; unknown ones are left empty. */
function knownIds(createdIds: ReadonlyArray<string | null>): string[] {
  return createdIds.map((id) => id ?? '');
}

function buildIdMap(
  request: RecordsRequest,
  createdIds: ReadonlyArray<string | null>,
): Record<string, string> | null {
  const map: Record<string, string> = {};
  request.plan.changes.forEach((change, index) => {
    const created = createdIds[index];
    if (change.restores && created) map[change.restores] = created;
  });
  return Object.keys(map).length > 0 ? map : null;
}

function describeDrift(state: TargetState, op: string): string {
  if (state.kind === 'after') {
    return op === 'delete' || op === 'batch-delete'
      ? 'the records were already deleted'
      : 'the target already has the approved values: nothing was written';
  }
  if (state.kind === 'drifted' || state.kind === 'mixed')
    return `the target changed since approval: ${state.differences.join('; ')}`;
  return 'the target changed since approval';
}

/**
 * The plan as it must read back once every record exists: a rollback's links between re-created records,
 * held back as old ids, resolved through the old → new id map and merged into each after-state.
 */
function withRelinks(request: RecordsRequest, createdIds: ReadonlyArray<string | null>): RecordsRequest {
  const idMap = buildIdMap(request, createdIds) ?? {};
  if (!request.plan.changes.some((change) => change.relinks)) return request;
  const changes = request.plan.changes.map((change) => {
    if (!change.relinks || change.after === null) return change;
    const after: Cells = { ...change.after };
    for (const [field, oldIds] of Object.entries(change.relinks)) {
      const kept = Array.isArray(after[field]) ? (after[field] as string[]) : [];
      after[field] = [
        ...kept,
        ...oldIds.map((oldId) => idMap[oldId]).filter((id): id is string => id !== undefined),
      ];
    }
    return { ...change, after };
  });
  return { ...request, plan: { ...request.plan, changes } };
}

/**
 * Second pass of a rollback that re-creates records linking to each other: set those link fields with the
 * new ids. Absolute values, so running it again after a crash or an ambiguous answer changes nothing; the
 * chunks that landed are persisted (`relinked`), so a resumed pass goes on from there and its count with it.
 */
async function writeRelinks(
  context: StepContext<RecordsRequest>,
  createdIds: ReadonlyArray<string | null>,
  progress: Partial<Execution>,
): Promise<void> {
  const { request, execution, deps } = context;
  const expected = withRelinks(request, createdIds);
  if (expected === request) return;
  const updates = expected.plan.changes.flatMap((change, index) => {
    const recordId = createdIds[index];
    if (!change.relinks || !recordId || change.after === null) return [];
    const cells: Cells = {};
    for (const field of Object.keys(change.relinks)) cells[field] = change.after[field] ?? [];
    return [{ recordId, cells }];
  });
  const { plan } = request;
  const size = deps.batchLimits.record_batch_update.max;
  const tell = createChunkProgress(context, 'relink', updates.length, size);
  // From what was persisted, never below zero nor past the total (a corrupt count skips only what exists).
  const landed = resumeProgress(
    { step: 'relink', recordsDone: execution.relinked ?? 0 },
    {
      step: 'relink',
      recordsDone: 0,
      recordsTotal: updates.length,
      chunksDone: 0,
      chunksTotal: Math.ceil(updates.length / size),
      startedAt: execution.startedAt,
    },
  ).recordsDone;
  tell(landed);
  for (let start = landed; start < updates.length; start += size) {
    const chunk = updates.slice(start, start + size);
    if (chunk.length === 1) {
      const only = chunk[0] as { recordId: string; cells: Cells };
      await deps.writer.updateRecord(
        plan.base.appToken,
        plan.table.id,
        only.recordId,
        plan.fields,
        only.cells,
      );
    } else {
      await deps.writer.batchUpdateRecords(plan.base.appToken, plan.table.id, plan.fields, chunk);
    }
    progress.relinked = start + chunk.length;
    await context.save({ relinked: progress.relinked });
    tell(progress.relinked);
  }
}

function withoutRelinkedFields(request: RecordsRequest): RecordsRequest {
  if (!request.plan.changes.some((change) => change.relinks)) return request;
  const changes = request.plan.changes.map((change) => {
    if (!change.relinks || change.after === null) return change;
    const after: Cells = { ...change.after };
    for (const field of Object.keys(change.relinks)) delete after[field];
    return { ...change, after };
  });
  return { ...request, plan: { ...request.plan, changes } };
}
