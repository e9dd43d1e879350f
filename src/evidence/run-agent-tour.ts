import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { runTour, type TourReader } from '../app/evidence/run-tour.js';
import type { TourBaseResult } from '../domain/evaluate-tour.js';
import type { Policy } from '../domain/policy.js';

/**
 * The read tour as an agent sees it (issue 13): only the bases `bases_list` gives the agent, and every
 * table's sample of records read through the MCP server (`records_search`: the agent's gate, the guard,
 * audited). The app, table list and fields are read as the plain tour reads them: the tools do not expose
 * them. A sample the MCP path refuses makes that table red.
 */
export async function runAgentTour(input: {
  policy: Policy;
  client: Client;
  reader: Omit<TourReader, 'searchRecords'>;
  sampleSize?: number;
}): Promise<TourBaseResult[]> {
  const listed = await input.client.callTool({ name: 'bases_list', arguments: {} });
  const bases = ((listed.structuredContent as { bases?: { base: string }[] } | undefined)?.bases ?? []).map(
    (base) => base.base,
  );
  const aliasOf = new Map(input.policy.bases.map((base) => [base.appToken, base.alias]));
  const reader: TourReader = {
    ...input.reader,
    async searchRecords(appToken, tableId, _fields, options) {
      const tables = await input.reader.listTables(appToken);
      const table = tables.find((candidate) => candidate.tableId === tableId)?.name ?? tableId;
      const result = await input.client.callTool({
        name: 'records_search',
        arguments: { base: aliasOf.get(appToken), table, limit: options.max },
      });
      if (result.isError) {
        const text = (result.content as { type: string; text?: string }[])[0]?.text ?? 'refused';
        throw new Error(`records_search refused: ${text}`);
      }
      return { records: (result.structuredContent as { records: unknown[] }).records };
    },
  };
  return runTour({
    policy: input.policy,
    reader,
    only: bases,
    ...(input.sampleSize !== undefined ? { sampleSize: input.sampleSize } : {}),
  });
}
