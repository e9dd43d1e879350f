import type { BackupDocument } from './build-backup-document.js';
import { type Cells, type FieldMeta, isWritableField } from './cell-value.js';
import { cellsEqual } from './cells-equal.js';
import { formatCellValue } from './format-cell-value.js';
import type { PlanField, RecordChange, WritePlan } from './governed-request.js';
import { listOf, type Message, message } from './i18n/message.js';
import type { RecordsRequest } from './is-records-request.js';

export type RollbackInput = {
  /** The request to undo; it must have been applied. */
  original: RecordsRequest;
  /** Its backup, decrypted: the before-state taken just before it wrote. */
  backup: BackupDocument;
  /** The records involved as they stand now (all fields, canonical); absent ids are missing. */
  current: ReadonlyMap<string, Cells>;
  /** The table's fields now. */
  fields: readonly FieldMeta[];
};

export type RollbackPlan =
  | { ok: true; plan: WritePlan; conflicts: string[]; notes: string[] }
  | { ok: false; error: Message };

/**
 * The inverse of an applied change, restoring its backup (docs/product.md §2 step 7):
 * - update → write the before values of the changed fields back;
 * - create → delete the records it created;
 * - delete / batch-delete → re-create the records with their before values (new ids are mapped old → new);
 * and `conflicts` lists, field by field, where the target no longer equals the applied after-state
 * (someone changed it since): the rollback's before-state is what is there now, so approving it approves
 * overwriting those changes, exactly.
 */
export function planRollback(input: RollbackInput): RollbackPlan {
  const { original, backup } = input;
  if (backup.request_id !== original.id || backup.scope_hash !== original.scopeHash) {
    return {
      ok: false,
      error: message('reply.rollback.foreign_backup', { backup: backup.request_id, id: original.id }),
    };
  }
  const byName = new Map(input.fields.map((field) => [field.name, field]));
  const backupRecords = new Map(backup.records.map((record) => [record.record_id, record.fields]));
  const base = original.plan.base;
  const table = original.plan.table;
  const conflicts: string[] = [];
  const notes: string[] = [];
  const plan = (op: WritePlan['op'], fields: readonly FieldMeta[], changes: RecordChange[]): RollbackPlan => {
    if (changes.length === 0)
      return {
        ok: false,
        // The notes stay English (they are audited with the request); the frame is in the reader's language.
        error:
          notes.length > 0
            ? message('reply.rollback.nothing_notes', { notes: listOf(notes, '; ') })
            : message('reply.rollback.nothing'),
      };
    return {
      ok: true,
      plan: { kind: 'records', op, base, table, fields: fields.map(toPlanField), changes },
      conflicts,
      notes,
    };
  };

  switch (original.plan.op) {
    case 'update': {
      const changes: RecordChange[] = [];
      const touched = new Set<string>();
      for (const change of original.plan.changes) {
        const id = change.recordId as string;
        const now = input.current.get(id);
        if (!now) return { ok: false, error: message('reply.rollback.record_gone', { id }) };
        const was = backupRecords.get(id) ?? change.before ?? {};
        const before: Cells = {};
        const after: Cells = {};
        for (const [name, applied] of Object.entries(change.after ?? {})) {
          const current = now[name] ?? null;
          const restore = was[name] ?? null;
          if (!cellsEqual(current, applied))
            conflicts.push(
              `${id} ${name} is now ${formatCellValue(current)} (applied: ${formatCellValue(applied)})`,
            );
          if (cellsEqual(current, restore)) continue;
          before[name] = current;
          after[name] = restore;
          touched.add(name);
        }
        if (Object.keys(after).length > 0) changes.push({ recordId: id, before, after });
        else notes.push(`${id} already has its earlier values`);
      }
      return plan('update', [...touched].map((name) => byName.get(name)).filter(isDefined), changes);
    }
    case 'create': {
      const created = original.execution?.createdRecordIds ?? [];
      const changes: RecordChange[] = [];
      original.plan.changes.forEach((change, index) => {
        const id = created[index];
        if (!id) return;
        const now = input.current.get(id);
        if (!now) {
          notes.push(`${id} was already deleted`);
          return;
        }
        for (const [name, applied] of Object.entries(change.after ?? {})) {
          if (!cellsEqual(now[name] ?? null, applied)) {
            conflicts.push(
              `${id} ${name} is now ${formatCellValue(now[name] ?? null)} (created as ${formatCellValue(applied)})`,
            );
          }
        }
        changes.push({ recordId: id, before: now, after: null });
      });
      return plan(changes.length > 1 ? 'batch-delete' : 'delete', input.fields, changes);
    }
    case 'delete':
    case 'batch-delete': {
      const writable = input.fields.filter(isWritableField);
      const skipped = new Set<string>();
      const changes: RecordChange[] = [];
      // Links to records this rollback re-creates point at ids that no longer exist: they are written
      // in a second pass, through the old → new id map, once every record exists.
      const recreated = new Set(
        original.plan.changes
          .map((change) => change.recordId as string)
          .filter((id) => !input.current.has(id)),
      );
      for (const change of original.plan.changes) {
        const id = change.recordId as string;
        if (input.current.has(id)) {
          notes.push(`${id} exists again`);
          continue;
        }
        const was = backupRecords.get(id) ?? change.before ?? {};
        const after: Cells = {};
        const relinks: Record<string, string[]> = {};
        for (const [name, value] of Object.entries(was)) {
          const field = byName.get(name);
          if (!field || !isWritableField(field)) {
            if (value !== null) skipped.add(name);
            continue;
          }
          if (isLinkField(field) && Array.isArray(value)) {
            const later = value.filter((target) => typeof target === 'string' && recreated.has(target));
            const now = value.filter((target) => !later.includes(target));
            if (later.length > 0) relinks[name] = later as string[];
            if (now.length > 0) after[name] = now;
            continue;
          }
          if (value !== null && !(Array.isArray(value) && value.length === 0)) after[name] = value;
        }
        changes.push({
          recordId: null,
          before: null,
          after,
          restores: id,
          ...(Object.keys(relinks).length > 0 ? { relinks } : {}),
        });
      }
      if (skipped.size > 0)
        notes.push(`not restored (read-only or no longer in the table): ${[...skipped].join(', ')}`);
      return plan('create', writable, changes);
    }
  }
}

function toPlanField(field: FieldMeta): PlanField {
  return {
    fieldId: field.fieldId,
    name: field.name,
    type: field.type,
    options: field.options,
    isPrimary: field.isPrimary,
  };
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

/** Link fields (one-way 18, two-way 21) hold record ids. */
function isLinkField(field: FieldMeta): boolean {
  return field.type === 18 || field.type === 21;
}
