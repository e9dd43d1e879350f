import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { WritePlan } from './governed-request.js';

/**
 * The scope hash binds an approval to the exact change: the op, the target and every record's
 * before- and after-state. Any difference, one field of one record, gives another hash.
 */
export function computeScopeHash(plan: WritePlan): string {
  const scope = {
    v: 1,
    op: plan.op,
    app_token: plan.base.appToken,
    table_id: plan.table.id,
    changes: plan.changes.map((change) => ({
      record_id: change.recordId,
      before: change.before,
      after: change.after,
    })),
  };
  return createHash('sha256').update(canonicalJson(scope)).digest('hex');
}

/** The first 8 hex digits, shown on cards. */
export function shortScope(scopeHash: string): string {
  return scopeHash.slice(0, 8);
}
