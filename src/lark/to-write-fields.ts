import type { Cells, FieldMeta } from '../domain/cell-value.js';
import { toWriteCell } from '../domain/to-write-cell.js';

/** Canonical cells → Lark's write shape, keyed by field name; every name must be a known field. */
export function toWriteFields(fields: readonly FieldMeta[], cells: Cells): Record<string, unknown> {
  const byName = new Map(fields.map((field) => [field.name, field]));
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(cells)) {
    const field = byName.get(name);
    if (!field) throw new TypeError(`no field named ${JSON.stringify(name)} in this table`);
    out[name] = toWriteCell(field, value);
  }
  return out;
}
