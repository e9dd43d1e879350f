import { describe, expect, it } from 'vitest';
import { LarkCallFailed } from '../ports/lark-call-failed.js';
import type { LarkErrorKind } from '../ports/lark-error-kind.js';
import { EgressDeniedError } from './egress-denied-error.js';
import { LarkApiError } from './lark-api-error.js';
import { LarkBatchError } from './lark-batch-error.js';

function apiError(kind: LarkErrorKind, extra: { retryAfterMs?: number } = {}): LarkApiError {
  return new LarkApiError({
    endpointId: 'bitable.record.update',
    method: 'PUT',
    path: '/open-apis/bitable/v1/apps/a/tables/t/records/r',
    httpStatus: 200,
    code: 1254000,
    msg: 'failed',
    kind,
    ...extra,
  });
}

describe('every failure src/lark throws carries one LarkFailure', () => {
  it.each<[LarkErrorKind, 'retryable' | 'permanent' | 'ambiguous']>([
    ['rate_limited', 'retryable'],
    ['conflict', 'retryable'],
    ['transient', 'retryable'],
    ['ambiguous', 'ambiguous'],
    ['auth', 'permanent'],
    ['permission', 'permanent'],
    ['not_found', 'permanent'],
    ['field_not_found', 'permanent'],
    ['bad_value', 'permanent'],
    ['too_large', 'permanent'],
    ['permanent', 'permanent'],
  ])('a %s answer is %s, with Lark’s code and reason', (reason, kind) => {
    const failure = LarkCallFailed.of(apiError(reason, { retryAfterMs: 2_000 }));
    expect(failure).toMatchObject({ kind, reason, code: 1254000, endpointId: 'bitable.record.update' });
    expect(failure?.retryAfterMs).toBe(2_000);
  });

  it('a call the allowlist refused is permanent, reason egress_denied, with its method and path', () => {
    expect(
      LarkCallFailed.of(new EgressDeniedError('DELETE', '/open-apis/bitable/v1/apps/a/tables/t')),
    ).toMatchObject({ kind: 'permanent', reason: 'egress_denied', code: null, method: 'DELETE' });
  });

  it('a batch stopped at a chunk is what its chunk was, with the progress', () => {
    const error = new LarkBatchError('batch_create', 3, 1, ['rec1', 'rec2'], [], apiError('ambiguous'));
    expect(LarkCallFailed.of(error)).toMatchObject({
      kind: 'ambiguous',
      batch: {
        operation: 'batch_create',
        chunkCount: 3,
        failedChunk: 1,
        completedRecordIds: ['rec1', 'rec2'],
      },
    });
  });

  it('the failure value adds nothing to what an error shows in logs and JSON', () => {
    const error = apiError('permission');
    expect(Object.keys(error)).not.toContain('failure');
    expect(Object.keys(JSON.parse(JSON.stringify(error)))).not.toContain('failure');
    expect(error.message).toBe(
      'Lark bitable.record.update failed: permission (HTTP 200, code 1254000: failed)',
    );
  });

  it('anything else is no Lark failure', () => {
    expect(LarkCallFailed.of(new Error('boom'))).toBeNull();
    expect(LarkCallFailed.of('boom')).toBeNull();
  });
});
