import type { Cells, FieldMeta } from '../domain/cell-value.js';

/** Record writes on a Base (the live ops, rollbacks, drills). */
export type BaseWriter = {
  createRecord(
    appToken: string,
    tableId: string,
    fields: readonly FieldMeta[],
    cells: Cells,
    options: { clientToken: string },
  ): Promise<{ recordId: string }>;
  updateRecord(
    appToken: string,
    tableId: string,
    recordId: string,
    fields: readonly FieldMeta[],
    cells: Cells,
  ): Promise<unknown>;
  deleteRecord(appToken: string, tableId: string, recordId: string): Promise<unknown>;
  batchCreateRecords(
    appToken: string,
    tableId: string,
    fields: readonly FieldMeta[],
    rows: readonly Cells[],
    options?: { clientToken?: (chunkIndex: number) => string },
  ): Promise<{ recordIds: string[] }>;
  batchUpdateRecords(
    appToken: string,
    tableId: string,
    fields: readonly FieldMeta[],
    updates: ReadonlyArray<{ recordId: string; cells: Cells }>,
  ): Promise<unknown>;
  batchDeleteRecords(appToken: string, tableId: string, recordIds: readonly string[]): Promise<unknown>;
};
