import type { OpenRequestResult } from './open-request.js';

/** What asking for a rollback (of records or of a schema change) came to, in words for the asker. */
export function describeOpenedRollback(
  opened: OpenRequestResult,
  originalId: string,
): { ok: boolean; text: string; requestId: string } {
  if (opened.kind === 'duplicate')
    return {
      ok: false,
      text: `Rollback ${opened.of} of ${originalId} is already waiting for approval; no second one was opened.`,
      requestId: opened.of,
    };
  return {
    ok: true,
    text: `Rollback ${opened.request.id} of ${originalId} is waiting for approval.`,
    requestId: opened.request.id,
  };
}
