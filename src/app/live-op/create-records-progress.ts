import type { RecordsRequest } from '../../domain/is-records-request.js';
import type { LiveOpStep } from '../../domain/live-op-progress.js';
import { createChunkProgress, type ProgressContext } from './create-chunk-progress.js';
import type { LiveOpDeps } from './live-op-deps.js';

/** Lark's ceilings when the deps name none (docs/reference/lark-api.md). */
const BATCH_GET_MAX = 100;

/** Lark's ceiling for one batch write of this op (lark-api-limits.yaml `batch:`). */
export function writeChunkSize(
  op: RecordsRequest['plan']['op'],
  deps: Pick<LiveOpDeps, 'batchLimits'>,
): number {
  const { batchLimits } = deps;
  if (op === 'create') return batchLimits.record_batch_create.max;
  if (op === 'update') return batchLimits.record_batch_update.max;
  return batchLimits.record_batch_delete.max;
}

/**
 * Progress of a records op's step around its write — the re-read, the backup, the read back — told on
 * the same condition as the write's: only when the write takes several chunks. Reads count `total`
 * records in `batch_get`-sized chunks (a scan by search counts the records it accounted for); the backup
 * is one step with no count (its records, all at once). A step with no records tells nothing.
 */
export function createRecordsProgress(
  context: ProgressContext & { request: RecordsRequest; deps: Pick<LiveOpDeps, 'batchLimits'> },
  step: Exclude<LiveOpStep, 'write' | 'relink'>,
  total: number,
): (recordsDone: number) => void {
  const { plan } = context.request;
  // A create's re-read and backup have no records: nothing to tell.
  const several = total > 0 && plan.changes.length > writeChunkSize(plan.op, context.deps);
  const size =
    step === 'backup'
      ? Math.max(1, total)
      : (context.deps.batchLimits.record_batch_get?.max ?? BATCH_GET_MAX);
  return createChunkProgress(context, step, total, size, several);
}

/** How many existing records the op names (an update's or a delete's). */
export function countNamedRecords(request: RecordsRequest): number {
  return new Set(request.plan.changes.map((change) => change.recordId).filter((id) => id !== null)).size;
}
