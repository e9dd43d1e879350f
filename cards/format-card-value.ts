import type { CellValue, FieldMeta } from '../src/domain/cell-value.js';
import { formatCellValue } from '../src/domain/format-cell-value.js';
import { escapeLarkMd, mentionUser } from './escape-lark-md.js';

const USER_FIELD = 11;

/** A cell value as card markdown: users as mentions, everything else escaped so it cannot inject markup. */
export function formatCardValue(value: CellValue | undefined, field: FieldMeta | undefined): string {
  if (value === undefined) return '';
  if (field?.type === USER_FIELD && Array.isArray(value) && value.length > 0)
    return value.map(mentionUser).join(', ');
  // Users are handled above, so the field is passed only for its type's formatting (dates, numbers…).
  return escapeLarkMd(formatCellValue(value ?? null, field && field.type !== USER_FIELD ? field : undefined));
}
