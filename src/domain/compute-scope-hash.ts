import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';
import type { RequestPlan } from './governed-request.js';

/**
 * The scope hash binds an approval to the exact change: the op, the target and every record's
 * before- and after-state (or, for a schema op, the table and field before and after, and any values it
 * restores). Any difference, one field of one record, gives another hash.
 */
export function computeScopeHash(plan: RequestPlan): string {
  const scope =
    plan.kind === 'records'
      ? {
          v: 1,
          op: plan.op,
          app_token: plan.base.appToken,
          table_id: plan.table.id,
          changes: plan.changes.map((change) => ({
            record_id: change.recordId,
            before: change.before,
            after: change.after,
            ...(change.restores ? { restores: change.restores } : {}),
            ...(change.relinks ? { relinks: change.relinks } : {}),
          })),
        }
      : {
          v: 1,
          op: plan.op,
          app_token: plan.base.appToken,
          table: plan.table,
          field: plan.field,
          table_fields: plan.tableFields,
          // The values a schema rollback writes back are part of what is approved.
          ...(plan.restore ? { restore: plan.restore } : {}),
        };
  return createHash('sha256').update(canonicalJson(scope)).digest('hex');
}

/** The first 8 hex digits, shown on cards. */
export function shortScope(scopeHash: string): string {
  return scopeHash.slice(0, 8);
}
