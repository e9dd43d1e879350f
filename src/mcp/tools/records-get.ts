import { z } from 'zod';
import { refusalInEnglish } from '../../app/requests/ask-outcome.js';
import { agentAsker } from '../../app/requests/asker.js';
import { denialText } from '../../app/requests/audit-decision.js';
import { readRecords } from '../../app/requests/read-records.js';
import type { AgentPolicy } from '../../domain/policy.js';
import type { McpDeps } from '../mcp-deps.js';
import { defineTool } from '../mcp-tool.js';
import { Target } from './tool-schemas.js';

const Input = z.object({ ...Target, record_id: z.string().regex(/^rec[A-Za-z0-9]{3,40}$/) });

/** One record, guarded and audited like `get` in chat. */
export const recordsGet = defineTool({
  name: 'records_get',
  title: 'Get a record',
  description:
    'Reads one record of a Lark Base table this agent may read, by its record_id. Returns its field values as data. Every call is checked against policy and audited.',
  input: Input,
  output: z.object({
    base: z.string(),
    table: z.string(),
    record_id: z.string(),
    fields: z.record(z.string(), z.unknown()),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async run(args: z.infer<typeof Input>, agent: AgentPolicy, deps: McpDeps) {
    const outcome = await readRecords(
      { kind: 'get', target: { base: args.base, table: args.table }, recordId: args.record_id },
      agentAsker(agent),
      { ...deps, reader: deps.readReader ?? deps.reader },
    );
    if (outcome.kind === 'denied')
      return { ok: false, code: 'denied', message: denialText(outcome.decision) };
    if (outcome.kind === 'refused')
      return { ok: false, code: outcome.code, message: refusalInEnglish(outcome.text) };
    if (outcome.kind !== 'record') return { ok: false, code: 'unexpected', message: 'not a record' };
    return {
      ok: true,
      data: {
        base: args.base,
        table: outcome.table,
        record_id: outcome.recordId,
        fields: outcome.cells,
      },
    };
  },
});
