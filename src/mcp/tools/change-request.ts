import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { askForBatchDelete } from '../../app/requests/ask-for-batch-delete.js';
import { askForRecordWrite } from '../../app/requests/ask-for-record-write.js';
import type { AskOutcome } from '../../app/requests/ask-outcome.js';
import { refusalInEnglish } from '../../app/requests/ask-outcome.js';
import { agentAsker } from '../../app/requests/asker.js';
import { denialText } from '../../app/requests/audit-decision.js';
import type { Command } from '../../domain/command.js';
import { deriveRequestId } from '../../domain/derive-request-id.js';
import { type AgentPolicy, findBase } from '../../domain/policy.js';
import type { McpDeps } from '../mcp-deps.js';
import { defineTool, type ToolAnswer } from '../mcp-tool.js';
import { describeDiff } from './describe-request.js';
import { postAgentAsk } from './post-agent-ask.js';
import { AgentValue, asChatValue, Target } from './tool-schemas.js';

const RecordId = z.string().regex(/^rec[A-Za-z0-9]{3,40}$/);

const Input = z.object({
  ...Target,
  op: z.enum(['create', 'update', 'delete', 'batch_delete']),
  record_ids: z
    .array(RecordId)
    .min(1)
    .max(500)
    .optional()
    .describe('update: exactly one; delete: the records to delete.'),
  fields: z
    .record(z.string().min(1).max(200), AgentValue)
    .optional()
    .describe('create / update: Field = value (null clears a field).'),
  where: z
    .record(z.string().min(1).max(200), AgentValue)
    .optional()
    .describe('batch_delete: exactly one Field = value condition.'),
  reason: z.string().min(1).max(500).describe('Why the change is needed, for the people who approve it.'),
});
type Input = z.infer<typeof Input>;

const Output = z.object({
  request_id: z.string(),
  state: z.string(),
  card_message_id: z.string().nullable(),
  diff: z.object({
    op: z.string(),
    base: z.string(),
    table: z.string(),
    total_changes: z.number(),
    changes: z.array(
      z.object({
        record_id: z.string().nullable(),
        before: z.record(z.string(), z.unknown()).nullable(),
        after: z.record(z.string(), z.unknown()).nullable(),
      }),
    ),
  }),
  approvals_needed: z.number(),
  approvers: z.array(z.string()),
  expires_at: z.string(),
});

/** The agent's arguments as the chat command they amount to, or why they do not make one. */
function toCommand(args: Input): Exclude<Command, { kind: 'help' }> | string {
  const target = { base: args.base, table: args.table };
  const assignments = Object.entries(args.fields ?? {}).map(([field, value]) => ({
    field,
    value: asChatValue(value),
  }));
  switch (args.op) {
    case 'create':
      return assignments.length > 0 ? { kind: 'create', target, assignments } : 'create needs fields';
    case 'update': {
      const [recordId, ...more] = args.record_ids ?? [];
      if (!recordId || more.length > 0) return 'update takes exactly one record id in record_ids';
      return assignments.length > 0
        ? { kind: 'update', target, recordId, assignments }
        : 'update needs fields';
    }
    case 'delete':
      return args.record_ids?.length
        ? { kind: 'delete', target, recordIds: args.record_ids }
        : 'delete needs record_ids';
    case 'batch_delete': {
      const conditions = Object.entries(args.where ?? {});
      const [condition, ...more] = conditions;
      if (!condition || more.length > 0) return 'batch_delete takes exactly one Field = value in where';
      return {
        kind: 'batch-delete',
        target,
        condition: { field: condition[0], value: asChatValue(condition[1]) },
      };
    }
  }
}

/**
 * Asks for a change through the same intake path as chat (value conversion, guard, dry-run plan, scope hash,
 * expiry, duplicate check): the diff card goes to the agent's requests chat, saying which agent asked, on
 * whose behalf and why. Nothing is written until people approve it there.
 */
export const changeRequest = defineTool({
  name: 'change_request',
  title: 'Ask for a change',
  description:
    "Asks for a change to records of a Lark Base (create, update, delete, or batch_delete by one Field = value condition). Nothing is changed by this call: it opens a request whose diff card is posted to the base's requests chat, where people approve or reject it. Use change_status to follow it.",
  input: Input,
  output: Output,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  async run(args: Input, agent: AgentPolicy, deps: McpDeps): Promise<ToolAnswer> {
    const command = toCommand(args);
    if (typeof command === 'string') return { ok: false, code: 'bad_arguments', message: command };
    if (!(await deps.quota.take(agent.id, agent.maxRequestsPerHour))) {
      await deps.audit({
        type: 'tool.denied',
        actor: `agent:${agent.id}`,
        requestId: null,
        details: { tool: 'change_request', reason: 'agent_rate_limited', per_hour: agent.maxRequestsPerHour },
      });
      return {
        ok: false,
        code: 'agent_rate_limited',
        message: `agent ${agent.id} may ask for at most ${agent.maxRequestsPerHour} changes an hour`,
      };
    }
    const what = `${args.op.replace('_', ' ')} in ${args.base}/${args.table}`;
    const input = {
      asker: agentAsker(agent),
      requestId: deriveRequestId(`mcp:${randomUUID()}`),
      origin: { kind: 'agent' as const, agentId: agent.id, reason: args.reason },
      place: () => postAgentAsk(agent, what, args.reason, deps),
      details: { agent: agent.id, on_behalf_of: agent.onBehalfOf },
    };
    let outcome: AskOutcome;
    if (command.kind === 'batch-delete') outcome = await askForBatchDelete({ ...input, command }, deps);
    else if (command.kind === 'create' || command.kind === 'update' || command.kind === 'delete')
      outcome = await askForRecordWrite({ ...input, command }, deps);
    else return { ok: false, code: 'bad_arguments', message: 'not a change' };
    return answerFor(outcome, deps);
  },
});

async function answerFor(outcome: AskOutcome, deps: McpDeps): Promise<ToolAnswer> {
  if (outcome.kind === 'denied') return { ok: false, code: 'denied', message: denialText(outcome.decision) };
  if (outcome.kind === 'refused')
    return { ok: false, code: outcome.code, message: refusalInEnglish(outcome.text) };
  if (outcome.kind === 'duplicate')
    return {
      ok: false,
      code: 'duplicate',
      message: `${outcome.of} already asks for exactly this change and is waiting for approval`,
    };
  // The stored request carries the card's message id (set once the card went out).
  const request = (await deps.requests.get(outcome.request.id))?.request ?? outcome.request;
  const base = findBase(deps.policy(), request.plan.base.alias);
  return {
    ok: true,
    data: {
      request_id: request.id,
      state: request.state,
      card_message_id: request.cardMessageId,
      diff: describeDiff(request),
      approvals_needed: request.approvalsNeeded,
      approvers: (base?.approvers ?? []).filter((openId) => openId !== request.requester),
      expires_at: new Date(request.expiresAt).toISOString(),
    },
  };
}
