import { z } from 'zod';
import { refusalInEnglish } from '../../app/requests/ask-outcome.js';
import { agentAsker } from '../../app/requests/asker.js';
import { denialText } from '../../app/requests/audit-decision.js';
import { readRecords } from '../../app/requests/read-records.js';
import type { AgentPolicy } from '../../domain/policy.js';
import type { McpDeps } from '../mcp-deps.js';
import { defineTool } from '../mcp-tool.js';
import { AgentValue, asChatValue, RecordOut, Target } from './tool-schemas.js';

const Input = z.object({
  ...Target,
  where: z
    .record(z.string().min(1).max(200), AgentValue)
    .optional()
    .describe('Field = value conditions, all of which must hold; absent: every record.'),
  limit: z.number().int().min(1).max(50).optional().describe('At most this many records (≤ 50).'),
});

/** A guarded, audited search: the same value conversion and filter as `search` in chat. */
export const recordsSearch = defineTool({
  name: 'records_search',
  title: 'Search records',
  description:
    'Searches a table of a Lark Base this agent may read, by field = value conditions. Returns the records as data (record_id and field values). Every call is checked against policy and audited.',
  input: Input,
  output: z.object({
    base: z.string(),
    table: z.string(),
    total: z.number(),
    truncated: z.boolean(),
    records: z.array(RecordOut),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(args: z.infer<typeof Input>, agent: AgentPolicy, deps: McpDeps) {
    const outcome = await readRecords(
      {
        kind: 'search',
        target: { base: args.base, table: args.table },
        conditions: Object.entries(args.where ?? {}).map(([field, value]) => ({
          field,
          value: asChatValue(value),
        })),
      },
      agentAsker(agent),
      { ...deps, reader: deps.readReader ?? deps.reader },
      args.limit !== undefined ? { max: args.limit } : {},
    );
    if (outcome.kind === 'denied')
      return { ok: false, code: 'denied', message: denialText(outcome.decision) };
    if (outcome.kind === 'refused')
      return { ok: false, code: outcome.code, message: refusalInEnglish(outcome.text) };
    if (outcome.kind !== 'records') return { ok: false, code: 'unexpected', message: 'not a search' };
    return {
      ok: true,
      data: {
        base: args.base,
        table: outcome.table,
        total: outcome.total,
        truncated: outcome.truncated,
        records: outcome.records.map((record) => ({ record_id: record.recordId, fields: record.cells })),
      },
    };
  },
});
