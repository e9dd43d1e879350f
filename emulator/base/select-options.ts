import type { BaseContext, FieldState } from './base-state.js';
import { selectOptions } from './convert-cell-write.js';

/** Gives every single/multi select option an id and a colour, as Lark's field reads show them. */
export function normaliseProperty(
  type: number,
  property: Record<string, unknown> | null,
  context: BaseContext,
): Record<string, unknown> | null {
  if (type !== 3 && type !== 4) return property;
  const given = Array.isArray(property?.options) ? (property.options as unknown[]) : [];
  const options = given
    .filter((option): option is { name: string; id?: unknown; color?: unknown } => {
      return (
        typeof option === 'object' &&
        option !== null &&
        typeof (option as { name?: unknown }).name === 'string'
      );
    })
    .map((option, index) => ({
      name: option.name,
      id: typeof option.id === 'string' ? option.id : context.newId('opt'),
      color: typeof option.color === 'number' ? option.color : index % 55,
    }));
  return { ...(property ?? {}), options };
}

/** Adds options that a write used but the field did not have yet ("an unknown option is auto-created", §2.3). */
export function addSelectOptions(field: FieldState, names: readonly string[], context: BaseContext): void {
  if (names.length === 0) return;
  const options = [...selectOptions(field)];
  for (const name of names) {
    if (options.some((option) => option.name === name)) continue;
    options.push({ name, id: context.newId('opt'), color: options.length % 55 });
  }
  field.property = { ...(field.property ?? {}), options };
}
