import { LarkCallFailed } from '../../src/ports/lark-call-failed.js';
import type { LarkErrorKind } from '../../src/ports/lark-error-kind.js';
import type { LarkFailure } from '../../src/ports/lark-failure.js';

const RETRYABLE: ReadonlySet<LarkErrorKind> = new Set(['rate_limited', 'conflict', 'transient']);

/**
 * What src/lark throws for a failed call with this reason (its `kind` as src/lark/is-retryable.ts decides
 * it): for fakes of the Base gateway and the messenger.
 */
export function fakeLarkFailure(
  reason: LarkErrorKind,
  facts: Partial<Omit<LarkFailure, 'kind' | 'reason'>> = {},
): LarkCallFailed {
  return LarkCallFailed.from({
    kind: RETRYABLE.has(reason) ? 'retryable' : reason === 'ambiguous' ? 'ambiguous' : 'permanent',
    reason,
    code: null,
    endpointId: 'bitable.record.list',
    method: 'GET',
    path: '/open-apis/bitable/v1/apps/x/tables/y/records',
    httpStatus: 200,
    msg: 'failed',
    ...facts,
  });
}
