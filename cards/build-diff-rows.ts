import type { WritePlan } from '../src/domain/governed-request.js';
import { formatCardValue } from './format-card-value.js';

export type DiffRows = {
  rows: Record<string, string>[];
  totalRows: number;
  hiddenRows: number;
  hiddenRecords: number;
};

/** One row per record and changed field (before → after), at most `maxRows`, saying how many are left out. */
export function buildDiffRows(plan: WritePlan, maxRows: number): DiffRows {
  const fieldsByName = new Map(plan.fields.map((field) => [field.name, field]));
  const rows: Record<string, string>[] = [];
  let totalRows = 0;
  let recordsShown = 0;
  for (const change of plan.changes) {
    const names = [...new Set([...Object.keys(change.before ?? {}), ...Object.keys(change.after ?? {})])];
    // A rollback's re-create names the record it brings back (a new id is only known once it is written).
    const record = change.recordId ?? (change.restores ? `${change.restores} (re-created)` : '(new record)');
    let shownAny = false;
    for (const name of names) {
      totalRows++;
      if (rows.length >= maxRows) continue;
      const field = fieldsByName.get(name);
      rows.push({
        record,
        field: name,
        before: change.before === null ? '—' : formatCardValue(change.before[name] ?? null, field),
        after: change.after === null ? '(deleted)' : formatCardValue(change.after[name] ?? null, field),
      });
      shownAny = true;
    }
    if (shownAny) recordsShown++;
  }
  return {
    rows,
    totalRows,
    hiddenRows: totalRows - rows.length,
    hiddenRecords: plan.changes.length - recordsShown,
  };
}
