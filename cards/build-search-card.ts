import type { Cells, FieldMeta } from '../src/domain/cell-value.js';
import { joinText, translate } from '../src/domain/i18n/translate.js';
import { buildCard, type Card, markdown, table } from './card-parts.js';
import { escapeLarkMd } from './escape-lark-md.js';
import { fitCard } from './fit-card.js';
import { formatCardValue } from './format-card-value.js';

export type SearchCardInput = {
  target: string;
  query: string;
  fields: readonly FieldMeta[];
  records: readonly { recordId: string; cells: Cells }[];
  total: number;
};

const MAX_COLUMNS = 6;

/** The answer to `search`: matching records as a table, with the total and how many are shown. */
export function buildSearchCard(input: SearchCardInput): Card {
  const columns = input.fields.slice(0, MAX_COLUMNS);
  return fitCard((maxRows) => {
    const shown = input.records.slice(0, maxRows);
    const rows = shown.map((record) => {
      const row: Record<string, string> = { record: record.recordId };
      columns.forEach((field, index) => {
        row[`f${index}`] = formatCardValue(record.cells[field.name] ?? null, field);
      });
      return row;
    });
    const query = escapeLarkMd(input.query);
    const notes = [
      input.total === 1
        ? translate('search.matches_one', { query })
        : translate('search.matches', { count: input.total, query }),
    ];
    if (shown.length < input.total) notes.push(translate('search.first', { shown: shown.length }));
    if (input.fields.length > columns.length)
      notes.push(translate('search.columns', { shown: columns.length, total: input.fields.length }));
    return buildCard({
      title: translate('search.title', { target: input.target }),
      subtitle: translate('search.read_only'),
      color: 'wathet',
      summary: translate('search.summary', { count: input.total, target: input.target }),
      elements: [
        markdown(joinText(notes, '\n')),
        table(
          [
            { name: 'record', displayName: 'Record', dataType: 'text' },
            ...columns.map((field, index) => ({
              name: `f${index}`,
              displayName: field.name,
              dataType: 'lark_md' as const,
            })),
          ],
          rows,
        ),
      ],
    });
  });
}
