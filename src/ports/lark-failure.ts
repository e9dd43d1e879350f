import type { LarkErrorKind } from './lark-error-kind.js';

/**
 * What a failed Lark call means, the one value src/lark turns every failure into (a refused answer, no
 * answer, a call the endpoint allowlist stopped, a batch write stopped at a chunk). Callers decide by `kind`:
 * - `retryable`: nothing was written; the same call may be sent again after a wait (`retryAfterMs` when Lark
 *   named one).
 * - `ambiguous`: a write may have landed (timeout, lost connection, Lark's internal error, "already
 *   submitted"); read the target to learn the outcome, never blindly send it again.
 * - `permanent`: retrying the same call cannot help (auth, permission, not found, bad value, not allowed).
 */
export type LarkFailure = {
  kind: 'retryable' | 'permanent' | 'ambiguous';
  /** Why, finer: Lark's classification (src/lark/classify-lark-error.ts), or `egress_denied`. */
  reason: LarkErrorKind | 'egress_denied';
  /** Lark's `code`, or null (no answer, no code in the body, or refused before it left the process). */
  code: number | null;
  /** The allowlist id of the endpoint (`bitable.record.batch_create`), or `egress` for a refused call. */
  endpointId: string;
  method: string;
  /** URL path without the query string. */
  path: string;
  /** 0 when no answer arrived. */
  httpStatus: number;
  /** Lark's `msg` (safe: no headers, body, token or secret), or what stopped the call. */
  msg: string;
  /** For a throttled call: how long Lark asked us to wait. */
  retryAfterMs?: number;
  /**
   * A chunked batch write stopped at `failedChunk` (Lark applies each chunk all-or-nothing): the chunks
   * before it are written (`completedRecordIds`), the ones after were never sent, and the failed chunk's
   * outcome is what `kind` says.
   */
  batch?: {
    operation: 'batch_create' | 'batch_update' | 'batch_delete';
    chunkCount: number;
    failedChunk: number;
    completedRecordIds: readonly string[];
    /** For update and delete: the record ids of the failed chunk. */
    failedRecordIds: readonly string[];
  };
};
