import type { Cells, FieldMeta } from '../domain/cell-value.js';
import type { FieldSpec } from '../domain/governed-request.js';

export type SearchOptions = {
  /** A search filter (docs/reference/lark-api.md §2.2), e.g. from buildSearchFilter; omitted = every record. */
  filter?: object | null;
  /** Only these fields are read (and returned); default: every field in `fields`. */
  fieldNames?: readonly string[];
  /** Stop after this many records; `truncated` says whether there were more. */
  max: number;
  /** Told each page's records as it comes in (a long read's progress); a retried search tells again. */
  onPage?: (page: ReadonlyArray<{ recordId: string }>) => void;
};

export type BaseGateway = {
  getApp(appToken: string): Promise<{ appToken: string; name: string; revision: number | null }>;
  listTables(appToken: string): Promise<Array<{ tableId: string; name: string }>>;
  listFields(appToken: string, tableId: string): Promise<FieldMeta[]>;
  /** Canonical cells of the given fields for each record found; the ids Lark did not return are `absent`. */
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
  /**
   * Pages to the end or to `max`. `shifted`: the total Lark reported changed between pages (records were
   * added or deleted meanwhile), so a record may have been skipped or seen twice.
   */
  searchRecords(
    appToken: string,
    tableId: string,
    fields: readonly FieldMeta[],
    options: SearchOptions,
  ): Promise<{
    records: Array<{ recordId: string; cells: Cells }>;
    total: number;
    truncated: boolean;
    shifted?: boolean;
  }>;
  createRecord(
    appToken: string,
    tableId: string,
    fields: readonly FieldMeta[],
    cells: Cells,
    options: { clientToken: string },
  ): Promise<{ recordId: string }>;
  /** Incremental: only the given cells change; null clears one. */
  updateRecord(
    appToken: string,
    tableId: string,
    recordId: string,
    fields: readonly FieldMeta[],
    cells: Cells,
  ): Promise<{ recordId: string }>;
  deleteRecord(appToken: string, tableId: string, recordId: string): Promise<{ recordId: string }>;
  /**
   * Chunked by `batch.record_batch_create.max`. `clientToken(i)` gives chunk i its idempotency key (derive
   * it from the request id, so a retried chunk carries the same key). Throws LarkBatchError on a failure.
   */
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
  ): Promise<{ recordIds: string[] }>;
  batchDeleteRecords(
    appToken: string,
    tableId: string,
    recordIds: readonly string[],
  ): Promise<{ recordIds: string[] }>;
  /** Every field with its whole property: schema ops back up and re-create fields exactly. */
  listFieldSpecs(appToken: string, tableId: string): Promise<FieldSpec[]>;
  /** Creates a table with these fields, the first one primary. */
  createTable(
    appToken: string,
    table: { name: string; fields: readonly FieldSpec[] },
  ): Promise<{ tableId: string }>;
  /** Lark refuses to delete a Base's last table (403/1254034). */
  deleteTable(appToken: string, tableId: string): Promise<void>;
  createField(appToken: string, tableId: string, field: FieldSpec): Promise<{ fieldId: string }>;
  /** A full overwrite (docs/reference/lark-api.md §2.1): the name, type and property given replace the field's. */
  updateField(
    appToken: string,
    tableId: string,
    fieldId: string,
    field: FieldSpec,
  ): Promise<{ fieldId: string }>;
  /** Lark refuses to delete a table's primary field (1254046). */
  deleteField(appToken: string, tableId: string, fieldId: string): Promise<void>;
};
