import type { FieldState, RecordState } from './base-state.js';

/** The comparable value of a cell for filters and sorting, computed fields included; undefined when empty. */
export function cellFilterValue(field: FieldState, record: RecordState): unknown {
  switch (field.type) {
    case 1001:
      return record.created_time;
    case 1002:
      return record.last_modified_time;
    case 1003:
      return [record.created_by];
    case 1004:
      return [record.last_modified_by];
    case 1005:
      return record.auto_number;
    case 15: {
      const url = record.cells.get(field.field_id) as { text: string } | undefined;
      return url?.text;
    }
    case 17: {
      const files = record.cells.get(field.field_id) as Array<{ file_token: string }> | undefined;
      return files?.map((file) => file.file_token);
    }
    default:
      return record.cells.get(field.field_id);
  }
}

export function isEmptyValue(value: unknown): boolean {
  return (
    value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)
  );
}

/** How a field type filters and sorts. */
export type FilterKind = 'text' | 'number' | 'select' | 'multi' | 'date' | 'checkbox' | 'ids' | 'presence';

export function filterKindOf(type: number): FilterKind {
  switch (type) {
    case 2:
    case 1005:
      return 'number';
    case 3:
      return 'select';
    case 4:
      return 'multi';
    case 5:
    case 1001:
    case 1002:
      return 'date';
    case 7:
      return 'checkbox';
    case 11:
    case 18:
    case 21:
    case 23:
    case 1003:
    case 1004:
      return 'ids';
    case 17:
      return 'presence';
    default:
      return 'text';
  }
}
