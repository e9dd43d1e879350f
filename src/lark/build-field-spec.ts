import type { FieldSpec } from '../domain/governed-request.js';

/** A field as the fields list returns it, with its whole property (lark-api.md §2.1). */
export function buildFieldSpec(item: {
  field_id?: string;
  field_name?: string;
  type?: number;
  is_primary?: boolean;
  property?: unknown;
}): FieldSpec {
  return {
    fieldId: item.field_id ?? null,
    name: item.field_name ?? '',
    type: typeof item.type === 'number' ? item.type : 0,
    property:
      typeof item.property === 'object' && item.property !== null && !Array.isArray(item.property)
        ? (item.property as Record<string, unknown>)
        : null,
    isPrimary: item.is_primary === true,
  };
}
