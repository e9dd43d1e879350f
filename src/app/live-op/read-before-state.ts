import { buildSharedValueFilter } from '../../domain/build-shared-value-filter.js';
import type { Cells, FieldMeta } from '../../domain/cell-value.js';
import type { RecordsRequest } from '../../domain/is-records-request.js';
import type { LiveOpDeps } from './live-op-deps.js';
import { readNamedRecords } from './read-named-records.js';
import { readOrRetry } from './read-or-retry.js';

/** A records op's target as it stands before the write: every field of its table, and its records. */
export type BeforeState = { fields: FieldMeta[]; records: ReadonlyMap<string, Cells> };

/**
 * Reads every field of the table and the records the op names (the re-read that serves both the stale
 * check and the backup). The two reads go out together: the field list (for the backup's field types)
 * need not wait for the records nor they for it; the records are decoded once both are in.
 */
export async function readBeforeState(
  request: RecordsRequest,
  deps: Pick<LiveOpDeps, 'reader' | 'batchLimits'>,
  onRead: (accountedFor: number) => void = () => {},
): Promise<BeforeState> {
  const { plan } = request;
  const ids = plan.changes.map((change) => change.recordId).filter((id): id is string => id !== null);
  const fieldsRead = readOrRetry(() => deps.reader.listFields(plan.base.appToken, plan.table.id));
  // Awaited below; this only keeps its failure from counting as unhandled while the records are read.
  fieldsRead.catch(() => undefined);
  if (ids.length > (deps.batchLimits.record_batch_get?.max ?? 100)) {
    // Many records: read by search (read-named-records.ts), filtered on a value every named record holds
    // in its before-state (a batch delete's marker), which needs the field types first.
    const fields = await fieldsRead;
    const befores = plan.changes.filter((change) => change.recordId !== null).map((change) => change.before);
    const where = { appToken: plan.base.appToken, tableId: plan.table.id };
    const filter = buildSharedValueFilter(fields, befores);
    return { fields, records: await readNamedRecords(deps, where, ids, fields, filter, onRead) };
  }
  const records =
    ids.length > 0
      ? (await readOrRetry(() => deps.reader.getRecords(plan.base.appToken, plan.table.id, ids, fieldsRead)))
          .records
      : new Map<string, Cells>();
  onRead(ids.length);
  return { fields: await fieldsRead, records };
}

/**
 * Starts the re-read early (the live op does so while it audits the guard's `execute` decision and
 * consumes the approval: reading changes nothing), for `prepare` to take within the same run.
 */
export function prefetchBeforeState(
  request: RecordsRequest,
  deps: Pick<LiveOpDeps, 'reader' | 'batchLimits'>,
  onRead: (accountedFor: number) => void = () => {},
): { requestId: string; read: Promise<BeforeState> } {
  const read = readBeforeState(request, deps, onRead);
  // Taken by prepare, or dropped when the run ends first (the guard's audit failed, the request moved on).
  read.catch(() => undefined);
  return { requestId: request.id, read };
}
