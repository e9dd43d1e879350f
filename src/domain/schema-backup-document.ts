import { z } from 'zod';
import type { Cells } from './cell-value.js';
import type { FieldSpec, SchemaPlan } from './governed-request.js';
import type { SchemaRequest } from './is-records-request.js';

export const SCHEMA_BACKUP_FORMAT = 'larkgate-schema-backup/1';

/**
 * What a schema op's backup holds: the table's full schema just before the change (every field with its
 * whole property, so a table or field can be re-created exactly), and the data the change destroys or may
 * change, in canonical values: a table delete, every record with every field; a field delete or update,
 * that field's value in every record. Canonical JSON, then OpenPGP-encrypted like every backup.
 */
export type SchemaBackupDocument = {
  format: typeof SCHEMA_BACKUP_FORMAT;
  request_id: string;
  op: string;
  taken_at: string;
  base: { alias: string; app_token: string };
  table: { id: string | null; name: string };
  scope_hash: string;
  /** Empty when the table did not exist yet (a table create). */
  fields: {
    field_id: string;
    name: string;
    type: number;
    property: Record<string, unknown> | null;
    is_primary: boolean;
  }[];
  records: { record_id: string; fields: Cells }[];
  plan: SchemaPlan;
};

export function buildSchemaBackupDocument(
  request: SchemaRequest,
  fields: readonly FieldSpec[],
  records: ReadonlyMap<string, Cells>,
  now: number,
): SchemaBackupDocument {
  return {
    format: SCHEMA_BACKUP_FORMAT,
    request_id: request.id,
    op: request.plan.op,
    taken_at: new Date(now).toISOString(),
    base: { alias: request.plan.base.alias, app_token: request.plan.base.appToken },
    table: { id: request.plan.table.id, name: request.plan.table.name },
    scope_hash: request.scopeHash,
    fields: fields.map((field) => ({
      field_id: field.fieldId ?? '',
      name: field.name,
      type: field.type,
      property: field.property,
      is_primary: field.isPrimary,
    })),
    records: [...records.entries()].map(([recordId, cells]) => ({ record_id: recordId, fields: cells })),
    plan: request.plan,
  };
}

/** A backed-up field as a FieldSpec again. */
export function toFieldSpec(field: SchemaBackupDocument['fields'][number]): FieldSpec {
  return {
    fieldId: field.field_id === '' ? null : field.field_id,
    name: field.name,
    type: field.type,
    property: field.property,
    isPrimary: field.is_primary,
  };
}

const Spec = z.object({
  fieldId: z.string().nullable(),
  name: z.string(),
  type: z.number(),
  property: z.record(z.string(), z.unknown()).nullable(),
  isPrimary: z.boolean(),
});
const CellsJson = z.record(z.string(), z.unknown());

const Document = z.object({
  format: z.literal(SCHEMA_BACKUP_FORMAT),
  request_id: z.string(),
  op: z.string(),
  taken_at: z.string(),
  base: z.object({ alias: z.string(), app_token: z.string() }),
  table: z.object({ id: z.string().nullable(), name: z.string() }),
  scope_hash: z.string().regex(/^[0-9a-f]{64}$/),
  fields: z.array(
    z.object({
      field_id: z.string(),
      name: z.string(),
      type: z.number(),
      property: z.record(z.string(), z.unknown()).nullable(),
      is_primary: z.boolean(),
    }),
  ),
  records: z.array(z.object({ record_id: z.string(), fields: CellsJson })),
  plan: z.object({
    kind: z.literal('schema'),
    op: z.enum(['table.create', 'table.delete', 'field.create', 'field.update', 'field.delete']),
    base: z.object({ alias: z.string(), appToken: z.string() }),
    table: z.object({ id: z.string().nullable(), name: z.string() }),
    field: z.object({ before: Spec.nullable(), after: Spec.nullable() }).nullable(),
    tableFields: z.object({ before: z.array(Spec).nullable(), after: z.array(Spec).nullable() }).nullable(),
    restore: z.object({ records: z.array(z.object({ recordId: z.string(), cells: CellsJson })) }).nullable(),
  }),
});

/** Reads a decrypted schema backup; anything else is refused with the reason. */
export function parseSchemaBackupDocument(
  text: string,
): { ok: true; document: SchemaBackupDocument } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, error: 'the backup is not JSON' };
  }
  const parsed = Document.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      error: `not a ${SCHEMA_BACKUP_FORMAT} document (${issue?.path.join('.') || 'top level'}: ${issue?.message})`,
    };
  }
  return { ok: true, document: parsed.data as SchemaBackupDocument };
}
