import { cellsEqual } from './cells-equal.js';
import type { WritePlan } from './governed-request.js';

/**
 * The records of `pending` whose diff `applied` has made outdated: the applied change deleted the record,
 * or wrote a field the pending diff shows with a value that is neither its before nor its after. Approving
 * `pending` would then stop as stale at the re-read (evaluate-target-state.ts compares exactly those
 * fields). A field the applied change set to the pending after-state is left alone: that approval would
 * find the change already there, not stale. Disjoint fields of one record do not count.
 */
export function findOutdatedRecords(applied: WritePlan, pending: WritePlan): string[] {
  if (applied.base.appToken !== pending.base.appToken || applied.table.id !== pending.table.id) return [];
  const written = new Map(
    applied.changes.filter((change) => change.recordId !== null).map((change) => [change.recordId, change]),
  );
  const outdated: string[] = [];
  for (const change of pending.changes) {
    if (change.recordId === null || change.before === null) continue;
    const other = written.get(change.recordId);
    if (!other) continue;
    const after = other.after;
    const moved =
      after === null ||
      Object.entries(change.before).some(
        ([name, was]) =>
          name in after &&
          !cellsEqual(after[name] ?? null, was) &&
          !(
            change.after !== null &&
            name in change.after &&
            cellsEqual(after[name] ?? null, change.after[name] ?? null)
          ),
      );
    if (moved && !outdated.includes(change.recordId)) outdated.push(change.recordId);
  }
  return outdated;
}
