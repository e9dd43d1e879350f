import type { FieldMeta } from '../domain/cell-value.js';

/** A field as the fields list returns it (docs/reference/lark-api.md §2.1), only what we read. */
export type LarkField = {
  field_id?: string;
  field_name?: string;
  type?: number;
  is_primary?: boolean;
  property?: { options?: Array<{ name?: string }> } | null;
};

/** Lark's field → FieldMeta; option names for single (3) and multi (4) select, in Lark's order. */
export function buildFieldMeta(field: LarkField): FieldMeta {
  const options =
    field.type === 3 || field.type === 4
      ? (field.property?.options ?? [])
          .map((option) => option.name)
          .filter((name): name is string => typeof name === 'string' && name !== '')
      : [];
  return {
    fieldId: field.field_id ?? '',
    name: field.field_name ?? '',
    type: typeof field.type === 'number' ? field.type : 0,
    isPrimary: field.is_primary === true,
    options,
  };
}
