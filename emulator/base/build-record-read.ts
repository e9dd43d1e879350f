import type { BaseContext, RecordState, TableState } from './base-state.js';
import { buildCellRead, buildPersonRead, type ReadStyle } from './build-cell-read.js';

export type RecordReadOptions = ReadStyle & {
  /** Only these fields (already validated); all when undefined. */
  fieldNames?: readonly string[] | undefined;
  /** Adds created_by, created_time, last_modified_by, last_modified_time (docs/reference/lark-api.md §2.1 response extras). */
  automaticFields: boolean;
  /** Adds `id` beside `record_id`, as get, list and create answer. */
  withId: boolean;
};

/** A record as reads return it: `{fields, record_id}` plus the extras asked for. */
export function buildRecordRead(
  table: TableState,
  record: RecordState,
  context: BaseContext,
  options: RecordReadOptions,
): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const field of table.fields) {
    if (options.fieldNames && !options.fieldNames.includes(field.field_name)) continue;
    const value = buildCellRead(field, record, context, options);
    if (value !== undefined) fields[field.field_name] = value;
  }
  const read: Record<string, unknown> = { fields, record_id: record.record_id };
  if (options.withId) read.id = record.record_id;
  if (options.automaticFields) {
    read.created_by = buildPersonRead(record.created_by, context, options.userIdType);
    read.created_time = record.created_time;
    read.last_modified_by = buildPersonRead(record.last_modified_by, context, options.userIdType);
    read.last_modified_time = record.last_modified_time;
  }
  return read;
}
