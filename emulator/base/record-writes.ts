import type { BaseContext, BaseState, CellValue, FieldState, RecordState, TableState } from './base-state.js';
import { BITABLE_ERRORS, type BitableError } from './bitable-error.js';
import { convertCellWrite, type UserIdType } from './convert-cell-write.js';
import { addSelectOptions } from './select-options.js';

export type WriteEnv = { base: BaseState; table: TableState; context: BaseContext; userIdType: UserIdType };
type Parsed<T> = { kind: 'ok'; value: T } | { kind: 'error'; error: BitableError };

/** One record's converted cells: set values and cleared fields, plus options to auto-create. */
type PreparedCells = {
  set: Map<FieldState, CellValue>;
  clear: Set<FieldState>;
  newOptions: Map<FieldState, string[]>;
};

/** Lark's per-table ceiling ("限制20,000条", docs/reference/lark-api.md §2.6 1254103). */
export const MAX_RECORDS_PER_TABLE = 20_000;

/**
 * Converts a `fields` object keyed by field NAME (exact match). Unknown name → 1254045; a value of the wrong
 * shape → that type's …FieldConvFail code (docs/reference/lark-api.md §2.3).
 */
export function prepareCells(fields: unknown, env: WriteEnv): Parsed<PreparedCells> {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) {
    return {
      kind: 'error',
      error: { ...BITABLE_ERRORS.WrongRequestBody, msg: 'WrongRequestBody: fields must be an object' },
    };
  }
  const prepared: PreparedCells = { set: new Map(), clear: new Set(), newOptions: new Map() };
  for (const [name, value] of Object.entries(fields)) {
    const field = env.table.fields.find((candidate) => candidate.field_name === name);
    if (!field)
      return {
        kind: 'error',
        error: { ...BITABLE_ERRORS.FieldNameNotFound, msg: `FieldNameNotFound: ${name}` },
      };
    const write = convertCellWrite(field, value, env);
    if (write.kind === 'error') return { kind: 'error', error: write.error };
    if (write.kind === 'clear') prepared.clear.add(field);
    else {
      prepared.set.set(field, write.value);
      if (write.newOptions.length > 0) prepared.newOptions.set(field, write.newOptions);
    }
  }
  return { kind: 'ok', value: prepared };
}

/** Creates every record or none (batches are all-or-nothing, docs/reference/lark-api.md §2.1). */
export function createRecords(inputs: readonly unknown[], env: WriteEnv): Parsed<RecordState[]> {
  if (env.table.records.size + inputs.length > MAX_RECORDS_PER_TABLE) {
    return { kind: 'error', error: BITABLE_ERRORS.RecordExceedLimit };
  }
  const prepared: PreparedCells[] = [];
  for (const input of inputs) {
    const cells = prepareCells(input, env);
    if (cells.kind === 'error') return cells;
    prepared.push(cells.value);
  }
  const now = env.context.clock();
  const created = prepared.map((cells) => {
    applyOptions(cells, env.context);
    const record: RecordState = {
      record_id: env.context.newId('rec'),
      cells: new Map([...cells.set].map(([field, value]) => [field.field_id, value])),
      created_time: now,
      last_modified_time: now,
      created_by: env.context.actor,
      last_modified_by: env.context.actor,
      auto_number: env.table.next_auto_number++,
    };
    env.table.records.set(record.record_id, record);
    return record;
  });
  return { kind: 'ok', value: created };
}

/** Incremental updates: only the given fields change, `null` clears. All or nothing. */
export function updateRecords(
  inputs: ReadonlyArray<{ record_id: unknown; fields: unknown }>,
  env: WriteEnv,
): Parsed<RecordState[]> {
  const prepared: Array<{ record: RecordState; cells: PreparedCells }> = [];
  for (const input of inputs) {
    const record = typeof input.record_id === 'string' ? env.table.records.get(input.record_id) : undefined;
    if (!record) return { kind: 'error', error: BITABLE_ERRORS.RecordIdNotFound };
    const cells = prepareCells(input.fields, env);
    if (cells.kind === 'error') return cells;
    prepared.push({ record, cells: cells.value });
  }
  const now = env.context.clock();
  for (const { record, cells } of prepared) {
    applyOptions(cells, env.context);
    for (const [field, value] of cells.set) record.cells.set(field.field_id, value);
    for (const field of cells.clear) record.cells.delete(field.field_id);
    record.last_modified_time = now;
    record.last_modified_by = env.context.actor;
  }
  return { kind: 'ok', value: prepared.map(({ record }) => record) };
}

/** Deletes every record or none; links that pointed at them are emptied, as Lark does. */
export function deleteRecords(ids: readonly unknown[], env: WriteEnv): Parsed<string[]> {
  for (const id of ids) {
    if (typeof id !== 'string' || !env.table.records.has(id)) {
      return { kind: 'error', error: BITABLE_ERRORS.RecordIdNotFound };
    }
  }
  const deleted = new Set(ids as string[]);
  for (const id of deleted) env.table.records.delete(id);
  for (const table of env.base.tables) {
    const links = table.fields.filter((field) => field.type === 18 || field.type === 21);
    if (links.length === 0) continue;
    for (const record of table.records.values()) {
      for (const field of links) {
        const value = record.cells.get(field.field_id) as string[] | undefined;
        if (!value?.some((id) => deleted.has(id))) continue;
        const kept = value.filter((id) => !deleted.has(id));
        if (kept.length > 0) record.cells.set(field.field_id, kept);
        else record.cells.delete(field.field_id);
      }
    }
  }
  return { kind: 'ok', value: [...deleted] };
}

function applyOptions(cells: PreparedCells, context: BaseContext): void {
  for (const [field, names] of cells.newOptions) addSelectOptions(field, names, context);
}
