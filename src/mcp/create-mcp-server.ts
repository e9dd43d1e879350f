import { createHash } from 'node:crypto';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  type CallToolResult,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
} from '@modelcontextprotocol/sdk/types.js';
import { canonicalJson } from '../domain/canonical-json.js';
import { findAgent } from '../domain/policy.js';
import { describeTool } from './describe-tool.js';
import type { McpDeps } from './mcp-deps.js';
import { MCP_TOOLS } from './mcp-tools.js';

export type McpServerOptions = {
  agentId: string;
  deps: McpDeps;
  /** Why the endpoint may not serve now (no policy, pins drifted), or null: checked on every request. */
  servingProblem: () => string | null;
  version: string;
};

function refusal(code: string, message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: JSON.stringify({ error: code, message }) }] };
}

/**
 * One agent's MCP server (issue 13), on any transport. `tools/list` shows only the tools the agent's
 * `tools:` lists; a call to any other name fails closed. Every call is audited `tool.allowed` or
 * `tool.denied` with the agent id and the SHA-256 of its arguments (never the arguments: they may hold
 * anything). Results are data in `structuredContent` (the text content is the same JSON): nothing an agent
 * or a Base supplies is ever put into a tool's description.
 */
export function createMcpServer(options: McpServerOptions): Server {
  const { agentId, deps } = options;
  const server = new Server(
    { name: 'larkgate', version: options.version },
    { capabilities: { tools: { listChanged: false } } },
  );
  const agentNow = () => {
    const problem = options.servingProblem();
    if (problem !== null)
      throw new McpError(ErrorCode.InternalError, `Larkgate is not serving MCP: ${problem}`);
    const agent = findAgent(deps.policy(), agentId);
    if (!agent) throw new McpError(ErrorCode.InvalidRequest, 'this agent is not in policy');
    return agent;
  };

  server.setRequestHandler(ListToolsRequestSchema, async () => {
    const agent = agentNow();
    return { tools: MCP_TOOLS.filter((tool) => agent.tools.includes(tool.name)).map(describeTool) };
  });

  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> => {
    const name = request.params.name;
    const args = request.params.arguments ?? {};
    const argsHash = createHash('sha256').update(canonicalJson(args)).digest('hex');
    if (options.servingProblem() === null && !findAgent(deps.policy(), agentId)) {
      // A token whose agent has left policy (a reload removed it): refused, and audited like any call.
      await deps.audit({
        type: 'tool.denied',
        actor: `agent:${agentId}`,
        requestId: null,
        details: {
          gate: 'mcp',
          agent: agentId,
          tool: null,
          args_sha256: argsHash,
          reason: 'agent_not_in_policy',
        },
      });
    }
    const agent = agentNow();
    const audited = {
      gate: 'mcp',
      agent: agent.id,
      on_behalf_of: agent.onBehalfOf,
      // The name as asked is hostile text: recorded only when it is one of ours.
      tool: MCP_TOOLS.some((tool) => tool.name === name) ? name : null,
      args_sha256: argsHash,
    };
    const actor = `agent:${agent.id}`;
    const tool = MCP_TOOLS.find((candidate) => candidate.name === name);
    if (!tool || !agent.tools.includes(tool.name)) {
      await deps.audit({
        type: 'tool.denied',
        actor,
        requestId: null,
        details: { ...audited, reason: tool ? 'tool_not_listed' : 'tool_unknown' },
      });
      return refusal('tool_denied', 'this tool is not available to this agent');
    }
    const parsed = tool.input.safeParse(args);
    if (!parsed.success) {
      await deps.audit({
        type: 'tool.denied',
        actor,
        requestId: null,
        details: { ...audited, reason: 'invalid_arguments' },
      });
      return refusal(
        'invalid_arguments',
        parsed.error.issues
          .map((issue) => `${issue.path.join('.') || 'arguments'}: ${issue.message}`)
          .join('; '),
      );
    }
    await deps.audit({ type: 'tool.allowed', actor, requestId: null, details: audited });
    const answer = await tool.run(parsed.data, agent, deps);
    if (!answer.ok) return refusal(answer.code, answer.message);
    return {
      content: [{ type: 'text', text: JSON.stringify(answer.data) }],
      structuredContent: answer.data,
    };
  });
  return server;
}
