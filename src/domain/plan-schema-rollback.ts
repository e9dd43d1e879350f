import { type Cells, WRITABLE_FIELD_TYPES } from './cell-value.js';
import { cellsEqual } from './cells-equal.js';
import { describeField, diffTableFields, fieldsMatch, type SchemaSnapshot } from './evaluate-schema-state.js';
import type { FieldSpec, SchemaPlan } from './governed-request.js';
import type { SchemaRequest } from './is-records-request.js';
import { type SchemaBackupDocument, toFieldSpec } from './schema-backup-document.js';

export type SchemaRollbackInput = {
  /** The applied schema request to undo. */
  original: SchemaRequest;
  /** Its backup, decrypted: the schema (and destroyed data) just before it wrote. */
  backup: SchemaBackupDocument;
  /** Every table of the base now. */
  tables: readonly { tableId: string; name: string }[];
  /** The table the original changed, located now (by id, or by name for a deleted table), and its fields. */
  now: SchemaSnapshot;
  /** That table's records now, every field in canonical values (empty when the table is gone). */
  records: ReadonlyMap<string, Cells>;
};

export type SchemaRollbackPlan =
  | { ok: true; plan: SchemaPlan; conflicts: string[]; notes: string[] }
  | { ok: false; error: string };

/**
 * The inverse of an applied schema change, from its backup (docs/product.md §2 step 7, §3):
 * - table.create → delete the table it created (its records are backed up first by the rollback itself);
 * - table.delete → re-create the table with its fields, then its records from the backup (new ids,
 *   mapped old → new in the receipt);
 * - field.create → delete the field; field.delete → re-create it and write its value back per record;
 * - field.update → update it back to its backed-up definition, and write back the values a type change
 *   destroyed.
 * `conflicts` says, item by item, where the schema is no longer what the original left: approving the
 * rollback approves overwriting exactly that.
 */
export function planSchemaRollback(input: SchemaRollbackInput): SchemaRollbackPlan {
  const { original, backup, now } = input;
  if (backup.request_id !== original.id || backup.scope_hash !== original.scopeHash) {
    return { ok: false, error: `backup ${backup.request_id} does not belong to ${original.id}` };
  }
  const base = original.plan.base;
  const conflicts: string[] = [];
  const notes: string[] = [];
  const done = (plan: Omit<SchemaPlan, 'kind' | 'base'>): SchemaRollbackPlan => ({
    ok: true,
    plan: { kind: 'schema', base, ...plan },
    conflicts,
    notes,
  });
  const name = original.plan.table.name;

  switch (original.plan.op) {
    case 'table.create': {
      if (!now.table) return { ok: false, error: `the table ${name} no longer exists: nothing to roll back` };
      if (input.tables.length <= 1)
        return { ok: false, error: `${name} is the base's only table, and Lark keeps one` };
      for (const difference of diffTableFields(original.plan.tableFields?.after ?? [], now.fields)) {
        conflicts.push(`${name}: ${difference}`);
      }
      const expected = original.plan.restore?.records.length ?? 0;
      if (input.records.size !== expected) {
        conflicts.push(
          `${name} now holds ${input.records.size} record(s) (it was created with ${expected}): they are backed up, then deleted with the table`,
        );
      }
      return done({
        op: 'table.delete',
        table: { id: now.table.tableId, name: now.table.name },
        field: null,
        tableFields: { before: [...now.fields], after: null },
        restore: null,
      });
    }
    case 'table.delete': {
      if (now.table)
        return { ok: false, error: `a table named ${name} exists again: rename or delete it first` };
      const tableIds = new Set(input.tables.map((table) => table.tableId));
      const ordered = [...backup.fields].sort((a, b) => Number(b.is_primary) - Number(a.is_primary));
      const specs: FieldSpec[] = [];
      const skipped: string[] = [];
      for (const field of ordered) {
        const spec = forCreate(toFieldSpec(field));
        const linked = spec.property?.table_id;
        if ((spec.type === 18 || spec.type === 21) && (typeof linked !== 'string' || !tableIds.has(linked))) {
          skipped.push(field.name);
          continue;
        }
        specs.push(spec);
      }
      if (skipped.length > 0)
        notes.push(`not re-created (their linked table is gone): ${skipped.join(', ')}`);
      const restorable = new Set(
        specs.filter((spec) => WRITABLE_FIELD_TYPES.has(spec.type)).map((spec) => spec.name),
      );
      const records = backup.records.map((record) => ({
        recordId: record.record_id,
        cells: Object.fromEntries(
          Object.entries(record.fields).filter(([field, value]) => restorable.has(field) && !isEmpty(value)),
        ) as Cells,
      }));
      return done({
        op: 'table.create',
        table: { id: null, name },
        field: null,
        tableFields: { before: null, after: specs },
        restore: records.length > 0 ? { records } : null,
      });
    }
    case 'field.create': {
      const created = original.plan.field?.after as FieldSpec;
      const fieldId = original.execution?.schemaIds?.fieldId ?? null;
      const current = now.fields.find((field) =>
        fieldId === null ? field.name === created.name : field.fieldId === fieldId,
      );
      if (!now.table || !current)
        return { ok: false, error: `the field ${created.name} no longer exists: nothing to roll back` };
      if (!fieldsMatch(current, created)) {
        conflicts.push(`${describeField(current)} (created as ${describeField(created)})`);
      }
      const filled = [...input.records.values()].filter(
        (cells) => !isEmpty(cells[current.name] ?? null),
      ).length;
      const expected = original.plan.restore?.records.length ?? 0;
      if (filled > expected) {
        conflicts.push(
          `${filled} record(s) have a value in ${current.name} now: they are backed up, then deleted with the field`,
        );
      }
      return done({
        op: 'field.delete',
        table: { id: now.table.tableId, name: now.table.name },
        field: { before: current, after: null },
        tableFields: null,
        restore: null,
      });
    }
    case 'field.update': {
      const before = original.plan.field?.before as FieldSpec;
      const applied = original.plan.field?.after as FieldSpec;
      const current = now.fields.find((field) => field.fieldId === before.fieldId);
      if (!now.table || !current)
        return { ok: false, error: `the field ${applied.name} no longer exists: it cannot be updated back` };
      const backedUp = backup.fields.find((field) => field.field_id === before.fieldId);
      const target = backedUp ? toFieldSpec(backedUp) : before;
      if (!fieldsMatch(current, applied)) {
        conflicts.push(`${describeField(current)} (applied: ${describeField(applied)})`);
      }
      if (fieldsMatch(current, target)) {
        return {
          ok: false,
          error: `${current.name} already has its earlier definition ${describeField(target)}`,
        };
      }
      const restore = restoreValues(
        backup,
        backedUp?.name ?? before.name,
        current.name,
        target.name,
        input.records,
        notes,
      );
      return done({
        op: 'field.update',
        table: { id: now.table.tableId, name: now.table.name },
        field: { before: current, after: target },
        tableFields: null,
        restore,
      });
    }
    case 'field.delete': {
      const deleted = original.plan.field?.before as FieldSpec;
      const backedUp = backup.fields.find((field) => field.field_id === deleted.fieldId);
      const spec = forCreate({ ...(backedUp ? toFieldSpec(backedUp) : deleted), isPrimary: false });
      if (!now.table) return { ok: false, error: `the table ${name} no longer exists` };
      if (now.fields.some((field) => field.name === spec.name)) {
        return { ok: false, error: `a field named ${spec.name} exists again: rename or delete it first` };
      }
      const linked = spec.property?.table_id;
      if (
        spec.type === 18 &&
        (typeof linked !== 'string' || !input.tables.some((t) => t.tableId === linked))
      ) {
        return {
          ok: false,
          error: `${spec.name} linked to a table that is gone, so it cannot be re-created`,
        };
      }
      const restore = restoreValues(backup, spec.name, null, spec.name, input.records, notes);
      return done({
        op: 'field.create',
        table: { id: now.table.tableId, name: now.table.name },
        field: { before: null, after: spec },
        tableFields: null,
        restore,
      });
    }
  }
}

/**
 * The backed-up values of one field to write back, for the records that still exist and whose value now
 * (under `currentName`; null when the field does not exist yet) differs. Records deleted since are noted.
 */
function restoreValues(
  backup: SchemaBackupDocument,
  backupName: string,
  currentName: string | null,
  targetName: string,
  records: ReadonlyMap<string, Cells>,
  notes: string[],
): SchemaPlan['restore'] {
  const restore: { recordId: string; cells: Cells }[] = [];
  let gone = 0;
  for (const record of backup.records) {
    const value = record.fields[backupName] ?? null;
    const now = records.get(record.record_id);
    if (!now) {
      if (!isEmpty(value)) gone++;
      continue;
    }
    const current = currentName === null ? null : (now[currentName] ?? null);
    if (currentName === null ? isEmpty(value) : cellsEqual(current, value)) continue;
    restore.push({ recordId: record.record_id, cells: { [targetName]: value } });
  }
  if (gone > 0)
    notes.push(`${gone} record(s) were deleted since: their ${backupName} values are not restored`);
  return restore.length > 0 ? { records: restore } : null;
}

/** A field to create: Lark gives it an id, and new ids to its select options. */
function forCreate(spec: FieldSpec): FieldSpec {
  const options = spec.property?.options;
  const property =
    Array.isArray(options) && spec.property
      ? {
          ...spec.property,
          options: options.map((option) => {
            const { id: _id, ...rest } = option as Record<string, unknown>;
            return rest;
          }),
        }
      : spec.property;
  return { ...spec, fieldId: null, property };
}

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || (Array.isArray(value) && value.length === 0);
}
