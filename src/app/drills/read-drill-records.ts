import type { ChatDeps } from '../../../jobs/chat-context.js';
import type { Cells, FieldMeta } from '../../domain/cell-value.js';

/** Every record of a drill's temp table (at most 500: a drill seeds a handful), by record id. */
export async function readDrillRecords(
  chat: ChatDeps,
  appToken: string,
  tableId: string,
  fields: readonly FieldMeta[],
): Promise<Map<string, Cells>> {
  const found = await chat.reader.searchRecords(appToken, tableId, fields, { max: 500 });
  return new Map(found.records.map((record) => [record.recordId, record.cells]));
}
