import { LarkCallFailed } from '../ports/lark-call-failed.js';
import type { EgressDeniedError } from './egress-denied-error.js';
import type { LarkApiError } from './lark-api-error.js';

export type BatchOperation = 'batch_create' | 'batch_update' | 'batch_delete';

/**
 * A chunked batch write stopped at a chunk. Lark applies each chunk all-or-nothing, so the chunks before
 * `failedChunk` are written (their record ids are in `completedRecordIds`), the ones after were never sent,
 * and the failed chunk's outcome is what `failure.kind` says (`ambiguous`: it may have landed; read to
 * find out).
 */
export class LarkBatchError extends LarkCallFailed {
  readonly code = 'lark_batch_incomplete';

  constructor(
    readonly operation: BatchOperation,
    readonly chunkCount: number,
    readonly failedChunk: number,
    /** Records written (created, updated or deleted) by the chunks that completed, in order. */
    readonly completedRecordIds: readonly string[],
    /** For update and delete: the record ids of the failed chunk. */
    readonly failedRecordIds: readonly string[],
    /** What stopped the failed chunk; `failure` is its failure with the batch's progress. */
    readonly chunkError: LarkApiError | EgressDeniedError,
  ) {
    super(
      `${operation}: chunk ${failedChunk + 1} of ${chunkCount} failed after ${failedChunk} completed: ${chunkError.message}`,
      {
        ...chunkError.failure,
        batch: { operation, chunkCount, failedChunk, completedRecordIds, failedRecordIds },
      },
    );
    this.name = 'LarkBatchError';
  }
}
