/**
 * What a failed Lark call means for the caller (src/lark/classify-lark-error.ts decides it):
 * - `rate_limited`: throttled (429 / 99991400 / 1254290 / 1254112); nothing was written; wait and retry.
 * - `conflict`: another write held the table (1254291) or the previous one is still settling (1254607);
 *   nothing was written; retry with backoff.
 * - `transient`: a read failed on Lark's side or on the network; retry.
 * - `ambiguous`: a write timed out, lost its connection or failed on Lark's side; it may have landed.
 *   Callers reconcile by reading the target and never blindly retry.
 * - the rest are permanent for this request: retrying the same call cannot help.
 */
export type LarkErrorKind =
  | 'rate_limited'
  | 'not_found'
  | 'field_not_found'
  | 'bad_value'
  | 'permission'
  | 'conflict'
  | 'too_large'
  | 'auth'
  | 'transient'
  | 'ambiguous'
  | 'permanent';
