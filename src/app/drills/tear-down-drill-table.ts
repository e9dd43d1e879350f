import { LarkCallFailed } from '../../ports/lark-call-failed.js';
import type { SchemaGateway } from '../../ports/schema-gateway.js';

/** Deletes the temp table; after an ambiguous outcome, a table that is gone counts as deleted. */
export async function tearDownDrillTable(
  schema: SchemaGateway,
  appToken: string,
  tableId: string,
): Promise<{ ok: true } | { ok: false; problem: string }> {
  let problem = 'unknown';
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await schema.deleteTable(appToken, tableId);
      return { ok: true };
    } catch (error) {
      problem = (error as Error).message;
      const tables = await schema.listTables(appToken).catch(() => null);
      if (tables && !tables.some((table) => table.tableId === tableId)) return { ok: true };
      const reason = LarkCallFailed.of(error)?.reason;
      if (reason === 'permanent' || reason === 'permission') break;
    }
  }
  return { ok: false, problem };
}
