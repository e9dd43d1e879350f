import type { Cells } from './cell-value.js';
import type { PlanField, WritePlan } from './governed-request.js';
import type { RecordsRequest } from './is-records-request.js';

export const BACKUP_FORMAT = 'larkgate-backup/1';

/**
 * What a backup holds: the full before-state of every record an approved op will touch, with enough
 * context (base, table, fields and their types, the plan) to restore it by hand without Larkgate.
 * Serialised as canonical JSON, then OpenPGP-encrypted.
 */
export type BackupDocument = {
  format: typeof BACKUP_FORMAT;
  request_id: string;
  op: string;
  taken_at: string;
  base: { alias: string; app_token: string };
  table: { id: string; name: string };
  scope_hash: string;
  fields: { field_id: string; name: string; type: number }[];
  /** Every record as it stood just before the write (all fields, canonical values). Empty for a create. */
  records: { record_id: string; fields: Cells }[];
  /** The approved change: per record, before → after. */
  changes: WritePlan['changes'];
};

export function buildBackupDocument(
  request: RecordsRequest,
  fields: readonly Pick<PlanField, 'fieldId' | 'name' | 'type'>[],
  records: ReadonlyMap<string, Cells>,
  now: number,
): BackupDocument {
  return {
    format: BACKUP_FORMAT,
    request_id: request.id,
    op: request.plan.op,
    taken_at: new Date(now).toISOString(),
    base: { alias: request.plan.base.alias, app_token: request.plan.base.appToken },
    table: { id: request.plan.table.id, name: request.plan.table.name },
    scope_hash: request.scopeHash,
    fields: fields.map((field) => ({ field_id: field.fieldId, name: field.name, type: field.type })),
    records: [...records.entries()].map(([recordId, cells]) => ({ record_id: recordId, fields: cells })),
    changes: request.plan.changes,
  };
}
