import { LarkCallFailed } from '../../ports/lark-call-failed.js';
import type { SchemaGateway } from '../../ports/schema-gateway.js';
import type { buildDrillFields } from './build-drill-seed.js';
import { DrillProblem } from './drill-problem.js';

/** Creates the temp table; after an ambiguous outcome, adopts the table by its (unique) name. */
export async function createDrillTable(
  schema: SchemaGateway,
  appToken: string,
  name: string,
  fields: ReturnType<typeof buildDrillFields>,
): Promise<string> {
  try {
    return (await schema.createTable(appToken, { name, fields })).tableId;
  } catch (error) {
    if (LarkCallFailed.of(error)?.kind !== 'ambiguous') {
      throw new DrillProblem(`could not create ${name}: ${(error as Error).message}`);
    }
    const adopted = (await schema.listTables(appToken)).find((table) => table.name === name);
    if (!adopted) throw new DrillProblem(`could not create ${name}: ${(error as Error).message}`);
    return adopted.tableId;
  }
}
