import { type CellValue, type FieldMeta, isWritableField } from './cell-value.js';
import { describeFieldType } from './describe-field-type.js';

/**
 * A canonical value → the shape Lark's record create/update takes for `field` (docs/reference/lark-api.md §2.3):
 * text, phone, single select as strings; number and date (ms) as numbers; checkbox as a boolean; multi
 * select and links as string arrays; people as `[{id}]`; url as `{text, link}`. Null (and an empty list)
 * clears the cell with `null`; a cleared checkbox is written `false`.
 *
 * Throws a TypeError for a read-only field or a value of the wrong shape: convertChatValue never produces
 * those, so reaching one is a bug (or a schema that changed under a stored value), not a user error.
 */
export function toWriteCell(field: FieldMeta, value: CellValue): unknown {
  if (!isWritableField(field)) {
    throw new TypeError(
      `toWriteCell: ${field.name} is ${describeFieldType(field.type)} and is never written`,
    );
  }
  if (field.type === 7) {
    if (value === null) return false;
    if (typeof value === 'boolean') return value;
    return wrongShape(field, value);
  }
  if (value === null || (Array.isArray(value) && value.length === 0)) return null;
  switch (field.type) {
    case 1:
    case 3:
    case 13:
      return typeof value === 'string' ? value : wrongShape(field, value);
    case 2:
    case 5:
      return typeof value === 'number' && Number.isFinite(value) ? value : wrongShape(field, value);
    case 4:
    case 18:
    case 21:
      return isStringList(value) ? [...value] : wrongShape(field, value);
    case 11:
      return isStringList(value) ? value.map((id) => ({ id })) : wrongShape(field, value);
    default:
      return typeof value === 'object' && !Array.isArray(value)
        ? { text: value.text, link: value.link }
        : wrongShape(field, value);
  }
}

function isStringList(value: CellValue): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function wrongShape(field: FieldMeta, value: CellValue): never {
  throw new TypeError(
    `toWriteCell: ${JSON.stringify(value)} does not fit ${field.name}, ${describeFieldType(field.type)}`,
  );
}
