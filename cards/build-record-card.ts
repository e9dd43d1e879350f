import type { Cells, FieldMeta } from '../src/domain/cell-value.js';
import { translate } from '../src/domain/i18n/translate.js';
import { buildCard, type Card, markdown, table } from './card-parts.js';
import { fitCard } from './fit-card.js';
import { formatCardValue } from './format-card-value.js';

export type RecordCardInput = {
  target: string;
  recordId: string;
  fields: readonly FieldMeta[];
  cells: Cells;
  stage: string;
};

/** The answer to `get`: one record, every field with its value. */
export function buildRecordCard(input: RecordCardInput): Card {
  return fitCard((maxRows) => {
    const rows = input.fields.map((field) => ({
      field: field.name,
      value: formatCardValue(input.cells[field.name] ?? null, field),
    }));
    const shown = rows.slice(0, Math.max(maxRows, 1));
    const elements = [
      table(
        [
          { name: 'field', displayName: 'Field', dataType: 'text' },
          { name: 'value', displayName: 'Value', dataType: 'lark_md' },
        ],
        shown,
      ),
    ];
    if (shown.length < rows.length)
      elements.push(markdown(translate('record.more_fields', { count: rows.length - shown.length })));
    return buildCard({
      title: `${input.target} · ${input.recordId}`,
      subtitle: translate('record.subtitle', { stage: input.stage }),
      color: 'wathet',
      summary: `${input.target} ${input.recordId}`,
      elements,
    });
  });
}
