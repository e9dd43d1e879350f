import { FIELD_TYPE_NAMES } from '../src/domain/cell-value.js';
import type { FieldSpec, SchemaPlan } from '../src/domain/governed-request.js';
import { escapeLarkMd } from './escape-lark-md.js';

/** Rows for a schema change: the table or field, each property before → after. */
export function buildSchemaRows(plan: SchemaPlan): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  if (plan.field) {
    const { before, after } = plan.field;
    const name = after?.name ?? before?.name ?? '';
    rows.push(row(`field ${name}`, 'name', before?.name, after?.name));
    rows.push(row(`field ${name}`, 'type', typeName(before), typeName(after)));
    const options = (spec: FieldSpec | null) => describeProperty(spec?.property ?? null);
    if (options(before) !== options(after))
      rows.push(row(`field ${name}`, 'property', options(before), options(after)));
  }
  if (plan.tableFields) {
    const { before, after } = plan.tableFields;
    rows.push(row(`table ${plan.table.name}`, 'exists', before ? 'yes' : 'no', after ? 'yes' : 'no'));
    const fields = (specs: FieldSpec[] | null) =>
      specs?.map((spec) => `${spec.name} (${typeName(spec)})`).join(', ');
    rows.push(row(`table ${plan.table.name}`, 'fields', fields(before), fields(after)));
  }
  return rows;
}

function row(
  what: string,
  property: string,
  before: string | undefined | null,
  after: string | undefined | null,
) {
  return {
    record: what,
    field: property,
    before: escapeLarkMd(before ?? '—'),
    after: escapeLarkMd(after ?? '(none)'),
  };
}

function typeName(spec: FieldSpec | null): string | undefined {
  return spec ? (FIELD_TYPE_NAMES[spec.type] ?? `type ${spec.type}`) : undefined;
}

function describeProperty(property: Record<string, unknown> | null): string {
  if (!property) return '';
  const options = (property as { options?: { name?: string }[] }).options;
  if (Array.isArray(options)) return `options: ${options.map((option) => option.name ?? '').join(', ')}`;
  return JSON.stringify(property);
}
