import { type FieldState, findField, type RecordState, type TableState } from './base-state.js';
import { BITABLE_ERRORS, type BitableError } from './bitable-error.js';
import { cellFilterValue, isEmptyValue } from './cell-filter-value.js';
import { selectOptions } from './convert-cell-write.js';

export type SortKey = { field: FieldState; desc: boolean };
type Parsed<T> = { kind: 'ok'; value: T } | { kind: 'error'; error: BitableError };

const MAX_SORT_KEYS = 100;

/** Parses search's `sort: [{field_name, desc}]` (≤ 100 keys, docs/reference/lark-api.md §2.2). */
export function parseSearchSort(sort: unknown, table: TableState): Parsed<SortKey[]> {
  if (sort === undefined || sort === null) return { kind: 'ok', value: [] };
  if (!Array.isArray(sort) || sort.length > MAX_SORT_KEYS)
    return invalidSort(`sort is an array of at most ${MAX_SORT_KEYS}`);
  const keys: SortKey[] = [];
  for (const item of sort) {
    if (typeof item !== 'object' || item === null) return invalidSort('each sort item is {field_name, desc}');
    const { field_name: name, desc } = item as { field_name?: unknown; desc?: unknown };
    if (typeof name !== 'string') return invalidSort('sort.field_name must be a string');
    if (desc !== undefined && typeof desc !== 'boolean') return invalidSort('sort.desc must be a boolean');
    const field = findField(table, name);
    if (!field)
      return {
        kind: 'error',
        error: { ...BITABLE_ERRORS.FieldNameNotFound, msg: `FieldNameNotFound: ${name}` },
      };
    keys.push({ field, desc: desc === true });
  }
  return { kind: 'ok', value: keys };
}

/** Parses the legacy list's `sort` query: a JSON array of `"Field DESC"` / `"Field ASC"` / `"Field"`. */
export function parseListSort(sort: string | undefined, table: TableState): Parsed<SortKey[]> {
  if (sort === undefined || sort === '') return { kind: 'ok', value: [] };
  let items: unknown;
  try {
    items = JSON.parse(sort);
  } catch {
    return invalidSort('sort is a JSON array of "Field DESC" strings');
  }
  if (!Array.isArray(items) || !items.every((item) => typeof item === 'string')) {
    return invalidSort('sort is a JSON array of "Field DESC" strings');
  }
  return parseSearchSort(
    items.map((item: string) => {
      const match = /^(.*?)\s+(DESC|ASC)$/i.exec(item.trim());
      return match
        ? { field_name: match[1], desc: match[2]?.toUpperCase() === 'DESC' }
        : { field_name: item.trim() };
    }),
    table,
  );
}

/** Stable sort by the keys; empty cells go last whatever the direction; ties keep the table's record order. */
export function sortRecords(records: RecordState[], keys: readonly SortKey[]): RecordState[] {
  if (keys.length === 0) return records;
  return [...records].sort((a, b) => {
    for (const { field, desc } of keys) {
      const left = cellFilterValue(field, a);
      const right = cellFilterValue(field, b);
      const leftEmpty = isEmptyValue(left);
      const rightEmpty = isEmptyValue(right);
      if (leftEmpty || rightEmpty) {
        if (leftEmpty !== rightEmpty) return leftEmpty ? 1 : -1;
        continue;
      }
      const order = compareCells(field, left, right);
      if (order !== 0) return desc ? -order : order;
    }
    return 0;
  });
}

function compareCells(field: FieldState, left: unknown, right: unknown): number {
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  if (typeof left === 'boolean' && typeof right === 'boolean') return Number(left) - Number(right);
  if (field.type === 3 || field.type === 4) {
    const names = selectOptions(field).map((option) => option.name);
    const first = (value: unknown) => (Array.isArray(value) ? value[0] : value) as string;
    return names.indexOf(first(left)) - names.indexOf(first(right));
  }
  const text = (value: unknown) => (Array.isArray(value) ? value.join(',') : String(value));
  return text(left).localeCompare(text(right));
}

function invalidSort(detail: string): Parsed<SortKey[]> {
  return { kind: 'error', error: { ...BITABLE_ERRORS.InvalidSort, msg: `InvalidSort: ${detail}` } };
}
