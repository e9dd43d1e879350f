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
    /**
     * The fields to decode the records by; may still be on its way (a field list read in parallel with
     * the records): the records are decoded once both have arrived.
     */
    fields: readonly FieldMeta[] | Promise<readonly FieldMeta[]>,
  ): Promise<{ records: Map<string, Cells>; absent: string[] }>;
  searchRecords(
    appToken: string,
    tableId: string,
    fields: readonly FieldMeta[],
    /** `onPage`: told each page's records as it comes in (a long read's progress). */
    options: {
      filter?: unknown;
      max: number;
      onPage?: (page: ReadonlyArray<{ recordId: string }>) => void;
    },
  ): Promise<{
    records: { recordId: string; cells: Cells }[];
    total: number;
    truncated: boolean;
    shifted?: boolean;
  }>;
};
