import type { FieldSpec } from '../domain/governed-request.js';

/** The body field create / update and table create take: `{field_name, type, property?}`. */
export function toFieldBody(field: FieldSpec): Record<string, unknown> {
  return {
    field_name: field.name,
    type: field.type,
    ...(field.property ? { property: field.property } : {}),
  };
}
