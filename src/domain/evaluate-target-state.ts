import type { Cells, CellValue, FieldMeta } from './cell-value.js';
import { cellsEqual } from './cells-equal.js';
import { formatCellValue } from './format-cell-value.js';
import type { RecordChange, WritePlan } from './governed-request.js';

/**
 * Where the target stands relative to an approved plan: still exactly `before` (safe to write), already
 * exactly `after` (the write landed), or neither (someone else changed it: stop). Used to refuse stale
 * writes, to reconcile an ambiguous write by reading, and to verify by reading back.
 */
export type TargetState =
  | { kind: 'before' }
  | { kind: 'after' }
  | { kind: 'drifted'; differences: string[] }
  | { kind: 'mixed'; before: number; after: number; differences: string[] };

/**
 * @param current the records as read now, by id (absent ids are missing from the map)
 * @param createdIds for a create: the id of the record this request created, if known
 */
export function evaluateTargetState(
  plan: WritePlan,
  current: ReadonlyMap<string, Cells>,
  createdIds: readonly string[] = [],
): TargetState {
  let before = 0;
  let after = 0;
  const differences: string[] = [];
  plan.changes.forEach((change, index) => {
    const id = change.recordId ?? createdIds[index] ?? null;
    const record = id === null ? undefined : current.get(id);
    const state = evaluateChange(change, record, plan.fields);
    if (state === 'before') before++;
    else if (state === 'after') after++;
    else differences.push(`${id ?? '(new record)'}: ${state.join(', ')}`);
  });
  if (differences.length === 0 && after === 0) return { kind: 'before' };
  if (differences.length === 0 && before === 0) return { kind: 'after' };
  if (differences.length === 0) return { kind: 'mixed', before, after, differences };
  return { kind: 'drifted', differences };
}

/** One record against its change: 'before', 'after', or the fields that match neither. */
export function evaluateChange(
  change: RecordChange,
  record: Cells | undefined,
  fields: readonly FieldMeta[] = [],
): 'before' | 'after' | string[] {
  const show = (name: string, value: CellValue | undefined) => describeValue(name, value ?? null, fields);
  if (change.before === null) {
    // A create: before means "not created yet".
    if (record === undefined) return 'before';
    const off = mismatches(change.after ?? {}, record, show);
    return off.length === 0 ? 'after' : off;
  }
  if (change.after === null) {
    // A delete: after means "gone".
    if (record === undefined) return 'after';
    const off = mismatches(change.before, record, show);
    return off.length === 0 ? 'before' : off;
  }
  if (record === undefined) return ['the record no longer exists'];
  if (mismatches(change.before, record, show).length === 0) return 'before';
  const offAfter = mismatches(change.after, record, show);
  if (offAfter.length === 0) return 'after';
  return Object.keys(change.after)
    .filter((name) => !cellsEqual(record[name] ?? null, change.before?.[name] ?? null))
    .filter((name) => !cellsEqual(record[name] ?? null, change.after?.[name] ?? null))
    .map(
      (name) =>
        `${name} is now ${show(name, record[name])} (approved: ${show(name, change.before?.[name])} → ${show(name, change.after?.[name])})`,
    );
}

function mismatches(
  expected: Cells,
  record: Cells,
  show: (name: string, value: CellValue | undefined) => string,
): string[] {
  return Object.entries(expected)
    .filter(([name, value]) => !cellsEqual(record[name] ?? null, value))
    .map(([name, value]) => `${name} is ${show(name, record[name])}, expected ${show(name, value)}`);
}

/** Plain text for a value in a problem description (user ids stay ids: the card escapes markup). */
function describeValue(name: string, value: CellValue, fields: readonly FieldMeta[]): string {
  const field = fields.find((candidate) => candidate.name === name);
  return formatCellValue(value, field && field.type !== 11 ? field : undefined);
}
