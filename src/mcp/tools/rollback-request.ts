import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { askForRollback } from '../../app/requests/ask-for-rollback.js';
import type { AgentPolicy } from '../../domain/policy.js';
import type { McpDeps } from '../mcp-deps.js';
import { defineTool, type ToolAnswer } from '../mcp-tool.js';
import { postAgentAsk } from './post-agent-ask.js';

const Input = z.object({
  request_id: z
    .string()
    .regex(/^req_[a-z2-7]{12}$/)
    .describe('The applied request to undo.'),
  reason: z.string().min(1).max(500).describe('Why it should be undone, for the people who approve it.'),
});
type Input = z.infer<typeof Input>;

/**
 * Asks to undo an applied request: the governed rollback (its backup decrypted, the inverse planned with
 * its conflicts) opened as a new request, approved by people like any other.
 */
export const rollbackRequest = defineTool({
  name: 'rollback_request',
  title: 'Ask for a rollback',
  description:
    'Asks to undo an applied change request, restoring what it changed from its backup. Nothing is changed by this call: it opens a rollback request whose card people approve or reject in Lark. Use change_status on the returned request_id.',
  input: Input,
  output: z.object({ request_id: z.string(), rollback_of: z.string(), state: z.string() }),
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async run(args: Input, agent: AgentPolicy, deps: McpDeps): Promise<ToolAnswer> {
    if (!(await deps.quota.take(agent.id, agent.maxRequestsPerHour))) {
      await deps.audit({
        type: 'tool.denied',
        actor: `agent:${agent.id}`,
        requestId: null,
        details: {
          tool: 'rollback_request',
          reason: 'agent_rate_limited',
          per_hour: agent.maxRequestsPerHour,
        },
      });
      return {
        ok: false,
        code: 'agent_rate_limited',
        message: `agent ${agent.id} may ask for at most ${agent.maxRequestsPerHour} changes an hour`,
      };
    }
    const place = await postAgentAsk(agent, `roll back ${args.request_id}`, args.reason, deps);
    const result = await askForRollback(
      {
        requestId: args.request_id,
        requester: agent.onBehalfOf,
        chatId: place.chatId,
        chatType: 'group',
        sourceMessageId: place.sourceMessageId,
        triggerId: `mcp-${randomUUID()}`,
      },
      deps,
      undefined,
      { id: agent.id },
    );
    if (!result.ok || !result.requestId) return { ok: false, code: 'refused', message: result.text };
    const stored = await deps.requests.get(result.requestId);
    return {
      ok: true,
      data: {
        request_id: result.requestId,
        rollback_of: args.request_id,
        state: stored?.request.state ?? 'pending',
      },
    };
  },
});
