import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { RequestPlan } from './governed-request.js';

/**
 * Two requests are the same ask when they would leave the target in the same state: the same op on the
 * same base and table, the same records (or re-creates of the same old records) and the same
 * after-state. Unlike the scope hash, the before-state is left out, so an identical ask is caught even if
 * the records moved in between. A schema request is the same ask when its whole plan is.
 */
export function computeDuplicateKey(plan: RequestPlan): string {
  const ask =
    plan.kind === 'records'
      ? {
          v: 1,
          op: plan.op,
          app_token: plan.base.appToken,
          table_id: plan.table.id,
          changes: plan.changes.map((change) => ({
            record_id: change.recordId,
            after: change.after,
            ...(change.restores ? { restores: change.restores } : {}),
            ...(change.relinks ? { relinks: change.relinks } : {}),
          })),
        }
      : { v: 1, plan };
  return createHash('sha256').update(canonicalJson(ask)).digest('hex');
}

/** The records a request writes (their ids as they are now): creates have none yet. */
export function touchedRecordIds(plan: RequestPlan): string[] {
  if (plan.kind !== 'records') return [];
  return [...new Set(plan.changes.map((change) => change.recordId).filter((id) => id !== null))];
}
