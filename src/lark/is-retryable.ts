import type { LarkErrorKind } from '../ports/lark-error-kind.js';

/**
 * Whether the same call may simply be sent again (after a wait). `ambiguous` is not: the write may have
 * landed, so the caller reads first.
 */
export function isRetryable(kind: LarkErrorKind): boolean {
  return kind === 'rate_limited' || kind === 'conflict' || kind === 'transient';
}
