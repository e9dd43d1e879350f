import { fieldShape } from '../src/domain/evaluate-schema-state.js';
import type { FieldSpec, SchemaPlan } from '../src/domain/governed-request.js';
import type { LocalText } from '../src/domain/i18n/locale.js';
import { joinText, sameText, translate } from '../src/domain/i18n/translate.js';
import { schemaTypeName } from '../src/domain/schema-field-types.js';
import { escapeLarkMd } from './escape-lark-md.js';

/** One line of a schema change: what (a table, a field), which property, before → after, in every locale. */
export type SchemaRow = { item: LocalText; property: LocalText; before: LocalText; after: LocalText };

/**
 * Rows for a schema change's dry-run card: the schema before → after, property by property (a table's
 * fields with their types and options, a field's name, type, options or link), what data is backed up
 * before it is destroyed, and what a rollback writes back. Larkgate's words are in every locale; table and
 * field names, options, type names (the words typed in chat) and ids stay as they are. Markdown-escaped.
 */
export function buildSchemaRows(plan: SchemaPlan): SchemaRow[] {
  const rows: SchemaRow[] = [];
  const table = translate('schema.item.table', { name: escapeLarkMd(plan.table.name) });
  const field = (name: string) => translate('schema.item.field', { name: escapeLarkMd(name) });
  if (plan.tableFields) {
    const { before, after } = plan.tableFields;
    rows.push(row(table, 'exists', yesNo(before), yesNo(after)));
    const names = [...new Set([...(before ?? []), ...(after ?? [])].map((spec) => spec.name))];
    for (const name of names) {
      const was = before?.find((spec) => spec.name === name) ?? null;
      const will = after?.find((spec) => spec.name === name) ?? null;
      rows.push(row(field(name), 'definition', definition(was), definition(will)));
    }
    if (plan.op === 'table.delete')
      rows.push(
        row(table, 'records', translate('schema.every_record'), translate('schema.backed_up_deleted')),
      );
  }
  if (plan.field) {
    const { before, after } = plan.field;
    const item = field(after?.name ?? before?.name ?? '');
    if (!before || !after) {
      rows.push(row(item, 'exists', yesNo(before), yesNo(after)));
      rows.push(row(item, 'definition', definition(before), definition(after)));
    } else {
      const was = fieldShape(before);
      const will = fieldShape(after);
      if (was.name !== will.name) rows.push(row(item, 'name', value(was.name), value(will.name)));
      if (was.type !== will.type)
        rows.push(row(item, 'type', value(schemaTypeName(was.type)), value(schemaTypeName(will.type))));
      if ((was.options ?? []).join('\u0000') !== (will.options ?? []).join('\u0000')) {
        rows.push(row(item, 'options', list(was.options), list(will.options)));
      }
      if (was.table_id !== will.table_id)
        rows.push(row(item, 'links_to', value(was.table_id ?? null), value(will.table_id ?? null)));
    }
    if (before && (!after || before.type !== after.type)) {
      // What Larkgate does, not what Lark or the emulator then does to the values (docs/emulator.md).
      rows.push(
        row(
          item,
          'values',
          translate('schema.in_every_record'),
          translate(after ? 'schema.values_before_type_change' : 'schema.values_deleted_with_field'),
        ),
      );
    }
  }
  if (plan.restore) {
    const count = plan.restore.records.length;
    const shown = plan.restore.records
      .slice(0, 5)
      .map((record) => escapeLarkMd(record.recordId))
      .join(', ');
    const ids = count > 5 ? translate('schema.and_more', { ids: shown, count: count - 5 }) : shown;
    const key = plan.op === 'table.create' ? 'schema.restore_recreated' : 'schema.restore_written';
    rows.push(row(translate('schema.item.records'), 'restored', value(null), translate(key, { count, ids })));
  }
  return rows;
}

/** A row as one markdown line: **item** · property: before → after. */
export function formatSchemaRow(schemaRow: SchemaRow): LocalText {
  return joinText([
    '**',
    schemaRow.item,
    '** · ',
    schemaRow.property,
    ': ',
    schemaRow.before,
    ' → ',
    schemaRow.after,
  ]);
}

function definition(spec: FieldSpec | null): LocalText | null {
  if (!spec) return null;
  const shape = fieldShape(spec);
  const parts: LocalText[] = [sameText(schemaTypeName(spec.type))];
  if (shape.options) parts.push(translate('schema.def.options', { options: list(shape.options) }));
  if (shape.table_id) parts.push(translate('schema.def.links_to', { table: escapeLarkMd(shape.table_id) }));
  if (spec.isPrimary) parts.push(translate('schema.def.primary'));
  return joinText(parts, ', ');
}

function yesNo(present: unknown): LocalText {
  return translate(present ? 'schema.yes' : 'schema.no');
}

/** A name, type name or id as it is (escaped). */
function value(text: string | null): LocalText | null {
  return text === null ? null : sameText(escapeLarkMd(text));
}

function list(options: readonly string[] | undefined): LocalText {
  return options && options.length > 0
    ? sameText(options.map(escapeLarkMd).join(', '))
    : translate('schema.none');
}

type Property =
  | 'exists'
  | 'definition'
  | 'records'
  | 'name'
  | 'type'
  | 'options'
  | 'links_to'
  | 'values'
  | 'restored';

/** Nothing before is a dash; nothing after is "(none)". */
function row(
  item: LocalText,
  property: Property,
  before: LocalText | null,
  after: LocalText | null,
): SchemaRow {
  return {
    item,
    property: translate(`schema.property.${property}`),
    before: before ?? sameText('—'),
    after: after ?? translate('schema.none'),
  };
}
