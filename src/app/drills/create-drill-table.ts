import type { SchemaGateway } from '../../../jobs/ports.js';
import { LarkApiError } from '../../lark/lark-api-error.js';
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
    if (!(error instanceof LarkApiError) || error.kind !== 'ambiguous') {
      throw new DrillProblem(`could not create ${name}: ${(error as Error).message}`);
    }
    const adopted = (await schema.listTables(appToken)).find((table) => table.name === name);
    if (!adopted) throw new DrillProblem(`could not create ${name}: ${error.message}`);
    return adopted.tableId;
  }
}
