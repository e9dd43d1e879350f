import type { SchemaCommand, SchemaFieldInput } from './command.js';
import { fieldsMatch, optionNames } from './evaluate-schema-state.js';
import type { FieldSpec, SchemaPlan } from './governed-request.js';
import { type Message, message, verbatim } from './i18n/message.js';
import { SCHEMA_FIELD_TYPES, schemaTypeName } from './schema-field-types.js';

export type SchemaPlanInput = {
  command: SchemaCommand;
  base: { alias: string; appToken: string };
  /** Every table of the base, read now. */
  tables: readonly { tableId: string; name: string }[];
  /** The target table's fields, read now (every property); empty when the table does not exist. */
  fields: readonly FieldSpec[];
};

/** A refusal says why, as a catalogue message (the reader's language at the edge). */
export type PlannedSchema = { ok: true; plan: SchemaPlan } | { ok: false; error: Message };

/**
 * A schema command → the exact change (docs/product.md §3): the table or field before and after, from the
 * schema as it stands. Refuses what Lark would refuse (a duplicate name, the primary field, the last
 * table) and what would change nothing, with the reason. The guard has already judged where it runs.
 */
export function planSchema(input: SchemaPlanInput): PlannedSchema {
  const { command, base, tables, fields } = input;
  const target = `${base.alias}/${command.target.table}`;
  const table = tables.find((t) => t.name === command.target.table || t.tableId === command.target.table);
  const plan = (partial: Omit<SchemaPlan, 'kind' | 'base' | 'restore'>): PlannedSchema => ({
    ok: true,
    plan: { kind: 'schema', base, restore: null, ...partial },
  });

  if (command.kind === 'table-create') {
    if (table) return fail(message('reply.plan.table_exists', { base: base.alias, table: table.name }));
    if (command.target.table.length > 100) return fail(message('reply.plan.table_name_long', { max: 100 }));
    const specs: FieldSpec[] = [];
    for (const [index, field] of command.fields.entries()) {
      const spec = buildSpec(field, tables, index === 0);
      if (!spec.ok) return spec;
      specs.push(spec.spec);
    }
    return plan({
      op: 'table.create',
      table: { id: null, name: command.target.table },
      field: null,
      tableFields: { before: null, after: specs },
    });
  }
  if (!table) return fail(message('reply.no_table', { table: command.target.table, base: base.alias }));
  const tableRef = { id: table.tableId, name: table.name };

  switch (command.kind) {
    case 'table-delete':
      if (tables.length <= 1)
        return fail(message('reply.plan.last_table', { table: table.name, base: base.alias }));
      return plan({
        op: 'table.delete',
        table: tableRef,
        field: null,
        tableFields: { before: [...fields], after: null },
      });
    case 'field-create': {
      if (fields.some((field) => field.name === command.field.name)) {
        return fail(message('reply.plan.field_exists', { target, field: command.field.name }));
      }
      const spec = buildSpec(command.field, tables, false);
      if (!spec.ok) return spec;
      return plan({
        op: 'field.create',
        table: tableRef,
        field: { before: null, after: spec.spec },
        tableFields: null,
      });
    }
    case 'field-delete': {
      const before = fields.find((field) => field.name === command.field);
      if (!before) return fail(message('reply.plan.no_field', { target, field: command.field }));
      if (before.isPrimary)
        return fail(message('reply.plan.primary_delete', { field: command.field, table: table.name }));
      return plan({ op: 'field.delete', table: tableRef, field: { before, after: null }, tableFields: null });
    }
    case 'field-update': {
      const before = fields.find((field) => field.name === command.field);
      if (!before) return fail(message('reply.plan.no_field', { target, field: command.field }));
      const after = updateSpec(before, command.changes, fields, tables);
      if (!after.ok) return after;
      if (fieldsMatch(before, after.spec))
        return fail(message('reply.plan.no_change', { field: command.field }));
      return plan({
        op: 'field.update',
        table: tableRef,
        field: { before, after: after.spec },
        tableFields: null,
      });
    }
  }
}

type SpecStep = { ok: true; spec: FieldSpec } | { ok: false; error: Message };

function buildSpec(input: SchemaFieldInput, tables: SchemaPlanInput['tables'], isPrimary: boolean): SpecStep {
  const property = buildProperty(input.type, input.options, input.linkTable, null, tables);
  if (!property.ok) return property;
  return {
    ok: true,
    spec: { fieldId: null, name: input.name, type: input.type, property: property.property, isPrimary },
  };
}

function updateSpec(
  before: FieldSpec,
  changes: Extract<SchemaCommand, { kind: 'field-update' }>['changes'],
  fields: readonly FieldSpec[],
  tables: SchemaPlanInput['tables'],
): SpecStep {
  const name = changes.name ?? before.name;
  if (name !== before.name && fields.some((field) => field.name === name)) {
    return { ok: false, error: message('reply.plan.name_taken', { field: name }) };
  }
  const type = changes.type ?? before.type;
  if (before.isPrimary && !SCHEMA_FIELD_TYPES.find((entry) => entry.type === type)?.primary) {
    return {
      ok: false,
      error: message('reply.plan.primary_type', { field: before.name, type: verbatim(schemaTypeName(type)) }),
    };
  }
  const property = buildProperty(type, changes.options, changes.linkTable, before, tables);
  if (!property.ok) return property;
  return { ok: true, spec: { ...before, name, type, property: property.property } };
}

/**
 * A field's property: select options (keeping the ids and colours of options that stay, so the cells that
 * use them keep them), a link's table, or what the field had (same type) / nothing (another type).
 */
function buildProperty(
  type: number,
  options: string[] | null,
  linkTable: string | null,
  before: FieldSpec | null,
  tables: SchemaPlanInput['tables'],
): { ok: true; property: Record<string, unknown> | null } | { ok: false; error: Message } {
  const isSelect = type === 3 || type === 4;
  const wasSelect = before !== null && (before.type === 3 || before.type === 4);
  if (!isSelect && options !== null) return { ok: false, error: message('reply.schema.options_only_select') };
  if (type !== 18 && linkTable !== null) return { ok: false, error: message('reply.schema.table_only_link') };
  if (isSelect) {
    const names = options ?? (wasSelect ? optionNames(before?.property ?? null) : null);
    if (names === null)
      return {
        ok: false,
        error: message('reply.plan.options_needed', { type: verbatim(schemaTypeName(type)) }),
      };
    const existing =
      wasSelect && Array.isArray(before?.property?.options) ? (before?.property?.options as unknown[]) : [];
    const kept = names.map(
      (name) =>
        (existing.find((option) => (option as { name?: unknown } | null)?.name === name) as Record<
          string,
          unknown
        >) ?? {
          name,
        },
    );
    return { ok: true, property: { ...(wasSelect ? before?.property : {}), options: kept } };
  }
  if (type === 18) {
    if (linkTable === null) {
      const kept = before?.type === 18 ? before.property?.table_id : undefined;
      if (typeof kept === 'string') return { ok: true, property: { table_id: kept } };
      return { ok: false, error: message('reply.plan.link_needed') };
    }
    const table = tables.find((t) => t.name === linkTable || t.tableId === linkTable);
    if (!table) return { ok: false, error: message('reply.plan.no_link_table', { table: linkTable }) };
    return { ok: true, property: { table_id: table.tableId } };
  }
  return { ok: true, property: before && before.type === type ? before.property : null };
}

function fail(error: Message): { ok: false; error: Message } {
  return { ok: false, error };
}
