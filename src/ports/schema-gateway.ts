import type { FieldSpec } from '../domain/governed-request.js';
import type { TableRef } from './base-reader.js';

/** Schema reads and writes (schema ops on the sandbox, the drill's temp table). */
export type SchemaGateway = {
  listTables(appToken: string): Promise<TableRef[]>;
  /** Every field with its whole property. */
  listFieldSpecs(appToken: string, tableId: string): Promise<FieldSpec[]>;
  createTable(
    appToken: string,
    table: { name: string; fields: readonly FieldSpec[] },
  ): Promise<{ tableId: string }>;
  deleteTable(appToken: string, tableId: string): Promise<unknown>;
  createField(appToken: string, tableId: string, field: FieldSpec): Promise<{ fieldId: string }>;
  updateField(appToken: string, tableId: string, fieldId: string, field: FieldSpec): Promise<unknown>;
  deleteField(appToken: string, tableId: string, fieldId: string): Promise<unknown>;
};
