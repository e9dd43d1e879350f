import type { Cells, FieldMeta } from '../domain/cell-value.js';
import { normalizeReadCell } from '../domain/normalize-read-cell.js';

/** A record's raw fields as Lark returns them → canonical cells of the given fields (absent ones too). */
export function readCells(fields: readonly FieldMeta[], raw: unknown): Cells {
  const source = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const cells: Cells = {};
  for (const field of fields) {
    cells[field.name] = normalizeReadCell(
      field,
      Object.hasOwn(source, field.name) ? source[field.name] : undefined,
    );
  }
  return cells;
}
