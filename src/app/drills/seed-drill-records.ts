import type { Cells, FieldMeta } from '../../domain/cell-value.js';
import { deriveClientToken } from '../../domain/derive-client-token.js';
import type { DrillDeps } from './drill-deps.js';
import { DrillProblem } from './drill-problem.js';
import { readDrillRecords } from './read-drill-records.js';

/** Seeds the drill's new table (one client token per drill); after an ambiguous create, counts what landed. */
export async function seedDrillRecords(
  deps: DrillDeps,
  appToken: string,
  tableId: string,
  fields: readonly FieldMeta[],
  rows: readonly Cells[],
  drillId: string,
): Promise<void> {
  try {
    await deps.liveOp.writer.batchCreateRecords(appToken, tableId, fields, rows, {
      clientToken: () => deriveClientToken(`drill:${drillId}:seed`),
    });
  } catch (error) {
    // The table is new: whatever it holds after an ambiguous create is the drill's own; the count tells.
    const landed = await readDrillRecords(deps.chat, appToken, tableId, fields).catch(() => new Map());
    if (landed.size !== rows.length)
      throw new DrillProblem(`could not seed the records: ${(error as Error).message}`);
  }
}
