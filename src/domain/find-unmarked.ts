import type { Cells, FieldMeta } from './cell-value.js';
import { cellsEqual } from './cells-equal.js';
import { convertChatValue } from './convert-chat-value.js';

/**
 * The records that do not carry the base's marker (a configured field = value): a batch delete touching
 * any of them is refused. A table without the marker field has every record unmarked.
 */
export function findUnmarked(
  records: readonly { recordId: string; cells: Cells }[],
  fields: readonly FieldMeta[],
  marker: { field: string; value: string },
): string[] {
  const field = fields.find((candidate) => candidate.name === marker.field);
  const expected = field ? convertChatValue(field, marker.value) : undefined;
  if (!field || !expected?.ok) return records.map((record) => record.recordId);
  return records
    .filter((record) => {
      const value = record.cells[marker.field] ?? null;
      // A multi-select or list marker counts when it contains the marker value.
      if (Array.isArray(value) && Array.isArray(expected.value))
        return !expected.value.every((item) => value.includes(item));
      return !cellsEqual(value, expected.value);
    })
    .map((record) => record.recordId);
}
