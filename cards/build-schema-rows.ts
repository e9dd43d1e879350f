import { fieldShape } from '../src/domain/evaluate-schema-state.js';
import type { FieldSpec, SchemaPlan } from '../src/domain/governed-request.js';
import { schemaTypeName } from '../src/domain/schema-field-types.js';
import { escapeLarkMd } from './escape-lark-md.js';

type Row = Record<string, string>;

/**
 * Rows for a schema change's dry-run card: the schema before → after, property by property (a table's
 * fields with their types and options, a field's name, type, options or link), what data is backed up
 * before it is destroyed, and what a rollback writes back.
 */
export function buildSchemaRows(plan: SchemaPlan): Row[] {
  const rows: Row[] = [];
  const table = `table ${plan.table.name}`;
  if (plan.tableFields) {
    const { before, after } = plan.tableFields;
    rows.push(row(table, 'exists', before ? 'yes' : 'no', after ? 'yes' : 'no'));
    const names = [...new Set([...(before ?? []), ...(after ?? [])].map((field) => field.name))];
    for (const name of names) {
      const was = before?.find((field) => field.name === name) ?? null;
      const will = after?.find((field) => field.name === name) ?? null;
      rows.push(row(`field ${name}`, 'definition', definition(was), definition(will)));
    }
    if (plan.op === 'table.delete')
      rows.push(row(table, 'records', 'every record', 'backed up, then deleted'));
  }
  if (plan.field) {
    const { before, after } = plan.field;
    const item = `field ${after?.name ?? before?.name ?? ''}`;
    if (!before || !after) {
      rows.push(row(item, 'exists', before ? 'yes' : 'no', after ? 'yes' : 'no'));
      rows.push(row(item, 'definition', definition(before), definition(after)));
    } else {
      const was = fieldShape(before);
      const will = fieldShape(after);
      if (was.name !== will.name) rows.push(row(item, 'name', was.name, will.name));
      if (was.type !== will.type)
        rows.push(row(item, 'type', schemaTypeName(was.type), schemaTypeName(will.type)));
      if ((was.options ?? []).join('\u0000') !== (will.options ?? []).join('\u0000')) {
        rows.push(row(item, 'options', list(was.options), list(will.options)));
      }
      if (was.table_id !== will.table_id)
        rows.push(row(item, 'links to', was.table_id ?? null, will.table_id ?? null));
    }
    if (before && (!after || before.type !== after.type)) {
      // What Larkgate does, not what Lark or the emulator then does to the values (docs/emulator.md).
      rows.push(
        row(
          item,
          'values',
          'in every record',
          after
            ? 'backed up before the type changes (a rollback writes them back)'
            : 'backed up, then deleted with the field',
        ),
      );
    }
  }
  if (plan.restore) {
    const count = plan.restore.records.length;
    const ids = plan.restore.records.slice(0, 5).map((record) => record.recordId);
    const more = count > ids.length ? ` and ${count - ids.length} more` : '';
    const where = plan.op === 'table.create' ? 're-created (new ids, mapped old → new)' : 'written back';
    rows.push(
      row(
        'records',
        'restored from the backup',
        null,
        `${count} record(s) ${where}: ${ids.join(', ')}${more}`,
      ),
    );
  }
  return rows;
}

function definition(spec: FieldSpec | null): string | null {
  if (!spec) return null;
  const shape = fieldShape(spec);
  const parts = [schemaTypeName(spec.type)];
  if (shape.options) parts.push(`options ${list(shape.options)}`);
  if (shape.table_id) parts.push(`links to ${shape.table_id}`);
  if (spec.isPrimary) parts.push('primary');
  return parts.join(', ');
}

function list(options: readonly string[] | undefined): string {
  return options && options.length > 0 ? options.join(', ') : '(none)';
}

function row(what: string, property: string, before: string | null, after: string | null): Row {
  return {
    // Item and property are plain-text columns; before and after are lark_md.
    record: what,
    field: property,
    before: escapeLarkMd(before ?? '—'),
    after: escapeLarkMd(after ?? '(none)'),
  };
}
