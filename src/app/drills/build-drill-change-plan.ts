import type { Cells, FieldMeta } from '../../domain/cell-value.js';
import type { PlanField, WritePlan } from '../../domain/governed-request.js';
import type { BasePolicy } from '../../domain/policy.js';
import { buildDrillChange } from './build-drill-seed.js';

/** The drill's governed change (pure): an update of every seeded record, before and after per field. */
export function buildDrillChangePlan(
  base: BasePolicy,
  table: { id: string; name: string },
  fields: readonly FieldMeta[],
  current: ReadonlyMap<string, Cells>,
  marker: { field: string },
): WritePlan {
  const changes = [...current.entries()].map(([recordId, cells]) => {
    const after = buildDrillChange(cells, marker);
    const before = Object.fromEntries(Object.keys(after).map((name) => [name, cells[name] ?? null])) as Cells;
    return { recordId, before, after };
  });
  const changed = new Set(changes.flatMap((change) => Object.keys(change.after)));
  const planFields: PlanField[] = fields
    .filter((field) => changed.has(field.name))
    .map((field) => ({
      fieldId: field.fieldId,
      name: field.name,
      type: field.type,
      options: field.options,
      isPrimary: field.isPrimary,
    }));
  return {
    kind: 'records',
    op: 'update',
    base: { alias: base.alias, appToken: base.appToken },
    table,
    fields: planFields,
    changes,
  };
}
