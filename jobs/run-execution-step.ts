import { buildBackupDocument } from '../src/domain/build-backup-document.js';
import { buildSearchFilter } from '../src/domain/build-search-filter.js';
import { canonicalJson } from '../src/domain/canonical-json.js';
import type { Cells } from '../src/domain/cell-value.js';
import { cellsEqual } from '../src/domain/cells-equal.js';
import { deriveClientToken } from '../src/domain/derive-client-token.js';
import {
  evaluateChange,
  evaluateTargetState,
  type TargetState,
} from '../src/domain/evaluate-target-state.js';
import type { Execution, GovernedRequest, RecordChange, WritePlan } from '../src/domain/governed-request.js';
import { LarkApiError } from '../src/lark/lark-api-error.js';
import type { StoredRequest } from '../src/store/create-request-store.js';
import { finishRequest } from './finish-request.js';
import type { LiveOpDeps } from './live-op-deps.js';
import { RetryLater } from './retry-later.js';

/** Advances an executing request by one persisted step. */
export async function runExecutionStep(stored: StoredRequest, deps: LiveOpDeps): Promise<void> {
  const execution = stored.request.execution;
  if (!execution) throw new Error('executing request without an execution record');
  switch (execution.step) {
    case 'consumed':
      return checkAndBackUp(stored, deps);
    case 'backed_up':
      await saveStep(stored, { step: 'writing' }, deps);
      return;
    case 'writing':
      return writeOrReconcile(stored, execution, deps);
    case 'written':
      return verify(stored, execution, deps);
    case 'verified':
      await finishRequest(stored, 'applied', {}, deps);
      return;
  }
}

/**
 * Re-read (one read of every field serves both the stale check and the backup): if the target drifted
 * from the approved before-state, stop as stale. Else back up the full before-state.
 */
async function checkAndBackUp(stored: StoredRequest, deps: LiveOpDeps): Promise<void> {
  const { request } = stored;
  const { plan } = request;
  const ids = plan.changes.map((change) => change.recordId).filter((id): id is string => id !== null);
  const allFields = await readOrRetry(() => deps.reader.listFields(plan.base.appToken, plan.table.id));
  const current =
    ids.length > 0
      ? (await readOrRetry(() => deps.reader.getRecords(plan.base.appToken, plan.table.id, ids, allFields)))
          .records
      : new Map<string, Cells>();
  const state = evaluateTargetState(plan, current);
  if (state.kind !== 'before') {
    await finishRequest(stored, 'stale', { problem: describeDrift(state, plan.op) }, deps);
    return;
  }
  const document = buildBackupDocument(request, allFields, current, deps.clock());
  const plaintext = new TextEncoder().encode(canonicalJson(document));
  const { backupId, bytes } = await deps.saveBackup(plaintext);
  await deps.audit({
    type: 'backup.created',
    actor: 'worker',
    requestId: request.id,
    details: { backup_id: backupId, records: current.size, ciphertext_bytes: bytes },
  });
  const preexistingMatches = plan.op === 'create' ? await findMatchingRecords(request, deps) : [];
  await saveStep(stored, { step: 'backed_up', backupId, preexistingMatches }, deps);
}

/**
 * Writes the approved change — or, when a previous attempt may already have written it (a crash, a
 * timeout, a 5xx), reads first and writes only what has not landed. Never a blind retry.
 */
async function writeOrReconcile(
  stored: StoredRequest,
  execution: Execution,
  deps: LiveOpDeps,
): Promise<void> {
  const { request } = stored;
  const { plan } = request;
  let createdIds = execution.createdRecordIds;
  if (plan.op === 'create' && createdIds.length === 0) {
    const fresh = (await findMatchingRecords(request, deps)).filter(
      (id) => !execution.preexistingMatches.includes(id),
    );
    if (fresh.length > 1) {
      await finishRequest(
        stored,
        'needs_review',
        { problem: `several new records match the approved values (${fresh.join(', ')})` },
        deps,
      );
      return;
    }
    createdIds = fresh;
  }
  const current = await readTarget(request, { ...execution, createdRecordIds: createdIds }, deps);
  const state = evaluateTargetState(plan, current, createdIds);
  if (state.kind === 'drifted') {
    await finishRequest(
      stored,
      'needs_review',
      {
        createdRecordIds: createdIds,
        problem: `the target changed while writing: ${state.differences.join('; ')}`,
      },
      deps,
    );
    return;
  }
  const pending =
    state.kind === 'after'
      ? []
      : plan.changes.filter((change) =>
          isStillBefore(plan.fields, change, current, createdIds, plan.changes),
        );
  try {
    for (const change of pending) {
      const createdId = await writeChange(request, change, deps);
      if (createdId) {
        createdIds = [...createdIds, createdId];
        await saveStep(stored, { createdRecordIds: createdIds }, deps);
        stored = (await deps.requests.get(request.id)) ?? stored;
      }
    }
  } catch (error) {
    if (error instanceof LarkApiError) {
      if (error.kind === 'ambiguous') {
        deps.logger.warn(
          { requestId: request.id, endpoint: error.endpointId },
          'ambiguous write outcome: reconciling by reading',
        );
        await new Promise((resolve) => setTimeout(resolve, deps.reconcileDelayMs));
        await saveStep(stored, { attempts: execution.attempts + 1 }, deps);
        return;
      }
      if (error.kind === 'rate_limited' || error.kind === 'conflict' || error.kind === 'transient') {
        throw new RetryLater(`Lark ${error.kind} on ${error.endpointId}`, error.retryAfterMs);
      }
      await finishRequest(
        stored,
        'failed',
        {
          createdRecordIds: createdIds,
          problem: `Lark refused the write: ${error.msg} (code ${error.code})`,
        },
        deps,
      );
      return;
    }
    throw error;
  }
  await deps.audit({
    type: 'op.applied',
    actor: 'worker',
    requestId: request.id,
    details: {
      op: plan.op,
      records: pending.length,
      reconciled: pending.length < plan.changes.length,
      created_record_ids: createdIds,
    },
  });
  await saveStep(stored, { step: 'written', createdRecordIds: createdIds }, deps);
}

/** Reads back and compares with the approved after-state. */
async function verify(stored: StoredRequest, execution: Execution, deps: LiveOpDeps): Promise<void> {
  const { request } = stored;
  const current = await readTarget(request, execution, deps);
  const state = evaluateTargetState(request.plan, current, execution.createdRecordIds);
  const ok = state.kind === 'after';
  const mismatches =
    state.kind === 'drifted' || state.kind === 'mixed'
      ? state.differences
      : state.kind === 'before'
        ? ['the write is not visible']
        : [];
  await finishRequest(
    stored,
    ok ? 'applied' : 'verify_failed',
    { step: 'verified', verification: { ok, mismatches } },
    deps,
  );
}

async function writeChange(
  request: GovernedRequest,
  change: RecordChange,
  deps: LiveOpDeps,
): Promise<string | null> {
  const { plan } = request;
  const { appToken } = plan.base;
  const tableId = plan.table.id;
  if (change.before === null) {
    const index = plan.changes.indexOf(change);
    const created = await deps.writer.createRecord(appToken, tableId, plan.fields, change.after ?? {}, {
      clientToken: deriveClientToken(request.id, index),
    });
    return created.recordId;
  }
  if (change.recordId === null) throw new Error('update or delete without a record id');
  if (change.after === null) await deps.writer.deleteRecord(appToken, tableId, change.recordId);
  else await deps.writer.updateRecord(appToken, tableId, change.recordId, plan.fields, change.after);
  return null;
}

async function readTarget(
  request: GovernedRequest,
  execution: Execution,
  deps: LiveOpDeps,
): Promise<Map<string, Cells>> {
  const { plan } = request;
  const ids = [
    ...plan.changes.map((change) => change.recordId).filter((id): id is string => id !== null),
    ...execution.createdRecordIds,
  ];
  if (ids.length === 0) return new Map();
  const { records } = await readOrRetry(() =>
    deps.reader.getRecords(plan.base.appToken, plan.table.id, ids, plan.fields),
  );
  return records;
}

/** Records whose fields equal a create's after-state (to adopt a create that landed before a crash). */
async function findMatchingRecords(request: GovernedRequest, deps: LiveOpDeps): Promise<string[]> {
  const { plan } = request;
  const after = plan.changes[0]?.after ?? {};
  const conditions = Object.entries(after).map(([field, value]) => ({ field, value }));
  const filter = buildSearchFilter(plan.fields, conditions);
  const result = await readOrRetry(() =>
    deps.reader.searchRecords(plan.base.appToken, plan.table.id, plan.fields, {
      ...(filter.ok ? { filter: filter.filter } : {}),
      max: 500,
    }),
  );
  return result.records
    .filter((record) =>
      Object.entries(after).every(([name, value]) => cellsEqual(record.cells[name] ?? null, value)),
    )
    .map((record) => record.recordId);
}

function isStillBefore(
  fields: WritePlan['fields'],
  change: RecordChange,
  current: ReadonlyMap<string, Cells>,
  createdIds: readonly string[],
  all: readonly RecordChange[],
): boolean {
  const id = change.recordId ?? createdIds[all.indexOf(change)];
  return evaluateChange(change, id === undefined ? undefined : current.get(id), fields) === 'before';
}

async function readOrRetry<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (
      error instanceof LarkApiError &&
      (error.kind === 'rate_limited' ||
        error.kind === 'transient' ||
        error.kind === 'conflict' ||
        error.kind === 'ambiguous')
    ) {
      throw new RetryLater(`Lark read ${error.kind} on ${error.endpointId}`, error.retryAfterMs);
    }
    throw error;
  }
}

async function saveStep(stored: StoredRequest, change: Partial<Execution>, deps: LiveOpDeps): Promise<void> {
  const updated = await deps.requests.update(stored.request.id, (current) =>
    current.state === 'executing' && current.execution
      ? { ...current, execution: { ...current.execution, ...change } }
      : null,
  );
  if (updated?.state !== 'executing') throw new Error('request left the executing state unexpectedly');
}

function describeDrift(state: TargetState, op: string): string {
  if (state.kind === 'after') {
    return op === 'delete'
      ? 'the record was already deleted'
      : 'the target already has the approved values: nothing was written';
  }
  if (state.kind === 'drifted' || state.kind === 'mixed')
    return `the target changed since approval: ${state.differences.join('; ')}`;
  return 'the target changed since approval';
}
