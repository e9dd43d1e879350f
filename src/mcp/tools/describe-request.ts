import type { GovernedRequest } from '../../domain/governed-request.js';

/** The diff an agent is shown: per record, before and after (data), at most 50 of them. */
export function describeDiff(request: GovernedRequest) {
  const { plan } = request;
  if (plan.kind !== 'records')
    return { op: plan.op, base: plan.base.alias, table: plan.table.name, total_changes: 1, changes: [] };
  return {
    op: plan.op,
    base: plan.base.alias,
    table: plan.table.name,
    total_changes: plan.changes.length,
    changes: plan.changes.slice(0, 50).map((change) => ({
      record_id: change.recordId,
      before: change.before,
      after: change.after,
    })),
  };
}
