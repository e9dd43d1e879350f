import type { BaseContext, BaseState, FieldState } from './base-state.js';
import { BITABLE_ERRORS, type BitableError } from './bitable-error.js';
import { isKnownFieldType, UI_TYPES } from './field-types.js';
import { normaliseProperty } from './select-options.js';

type Parsed<T> = { kind: 'ok'; value: T } | { kind: 'error'; error: BitableError };

/**
 * The types a table's primary (index) field may have: text, number, date, phone, url, formula, location.
 * Table create and field update document any other as 1254012 NotSupportFieldOrView
 * (https://open.feishu.cn/document/server-docs/docs/bitable-v1/app-table/create).
 */
export const PRIMARY_FIELD_TYPES: ReadonlySet<number> = new Set([1, 2, 5, 13, 15, 20, 22]);

export function isPrimaryFieldType(type: number): boolean {
  return PRIMARY_FIELD_TYPES.has(type);
}

/** Lark's column ceiling per table (1254105). */
export const MAX_FIELDS_PER_TABLE = 300;

/**
 * Validates a field definition `{field_name, type, property?, description?, ui_type?}` as field create,
 * field update (a full overwrite) and table create take it. A link field must name a table of this Base.
 */
export function parseFieldDefinition(
  input: unknown,
  base: BaseState,
  context: BaseContext,
): Parsed<Omit<FieldState, 'field_id' | 'is_primary'>> {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return wrong('a field is an object');
  const { field_name: name, type, property, description, ui_type } = input as Record<string, unknown>;
  if (typeof name !== 'string' || name.trim() === '' || name.length > 100) {
    return wrong('field_name is 1-100 characters');
  }
  if (typeof type !== 'number' || !isKnownFieldType(type)) return wrong(`unknown field type ${String(type)}`);
  if (
    property !== undefined &&
    property !== null &&
    (typeof property !== 'object' || Array.isArray(property))
  ) {
    return wrong('property must be an object');
  }
  if (
    (type === 18 || type === 21) &&
    !base.tables.some((table) => table.table_id === (property as { table_id?: unknown } | null)?.table_id)
  ) {
    return wrong('a link field needs property.table_id naming a table of this base');
  }
  const text = descriptionText(description);
  if (text === null) return wrong('description is {text, disable_sync} (or a string)');
  if (ui_type !== undefined && typeof ui_type !== 'string') return wrong('ui_type must be a string');
  return {
    kind: 'ok',
    value: {
      field_name: name,
      type,
      property: normaliseProperty(type, (property as Record<string, unknown> | undefined) ?? null, context),
      description: text,
      ui_type: ui_type ?? UI_TYPES[type] ?? 'Text',
    },
  };
}

/**
 * A field as the API returns it. The fields list gives `description` as a string; field create and update
 * answer it as `{disable_sync, text}`, the shape they take it in (SDK 1.74 types).
 */
export function buildFieldRead(field: FieldState, shape: 'list' | 'write' = 'list'): Record<string, unknown> {
  const description =
    field.description === undefined
      ? {}
      : {
          description:
            shape === 'list' ? field.description : { disable_sync: false, text: field.description },
        };
  return {
    field_id: field.field_id,
    field_name: field.field_name,
    type: field.type,
    property: field.property,
    ...description,
    is_primary: field.is_primary,
    ui_type: field.ui_type,
    is_hidden: false,
  };
}

/** The description's text; undefined when absent, null when malformed. */
function descriptionText(description: unknown): string | undefined | null {
  if (description === undefined || description === null) return undefined;
  if (typeof description === 'string') return description;
  if (typeof description !== 'object' || Array.isArray(description)) return null;
  const { text } = description as { text?: unknown };
  if (text === undefined) return undefined;
  return typeof text === 'string' ? text : null;
}

function wrong(detail: string): { kind: 'error'; error: BitableError } {
  return { kind: 'error', error: { ...BITABLE_ERRORS.WrongRequestBody, msg: `WrongRequestBody: ${detail}` } };
}
