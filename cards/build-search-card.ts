import type { Cells, FieldMeta } from '../src/domain/cell-value.js';
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
    const notes = [
      `**${input.total}** record${input.total === 1 ? '' : 's'} match${input.total === 1 ? 'es' : ''} ${escapeLarkMd(input.query)}`,
    ];
    if (shown.length < input.total)
      notes.push(`Showing the first ${shown.length}. Narrow the search to see others.`);
    if (input.fields.length > columns.length)
      notes.push(`Showing ${columns.length} of ${input.fields.length} fields; \`get\` a record for all.`);
    return buildCard({
      title: `Search · ${input.target}`,
      subtitle: 'Read only',
      color: 'wathet',
      summary: `${input.total} records in ${input.target}`,
      elements: [
        markdown(notes.join('\n')),
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
