import type { Cells, FieldMeta } from '../domain/cell-value.js';

/** A table of a Base, by id and name. */
export type TableRef = { tableId: string; name: string };

export type BaseReader = {
  listTables(appToken: string): Promise<TableRef[]>;
  listFields(appToken: string, tableId: string): Promise<FieldMeta[]>;
  getRecords(
    appToken: string,
    tableId: string,
    recordIds: readonly string[],
    fields: readonly FieldMeta[],
  ): Promise<{ records: Map<string, Cells>; absent: string[] }>;
  searchRecords(
    appToken: string,
    tableId: string,
    fields: readonly FieldMeta[],
    options: { filter?: unknown; max: number },
  ): Promise<{
    records: { recordId: string; cells: Cells }[];
    total: number;
    truncated: boolean;
    shifted?: boolean;
  }>;
};
