import type { Logger } from 'pino';
import type { McpEndpoint } from '../http/create-mcp-route.js';
import type { ReadinessCheck } from '../http/readiness-check.js';
import { type AgentTokenHashes, authenticateAgent } from '../mcp/authenticate-agent.js';
import { createFieldCache } from '../mcp/create-field-cache.js';
import { createSharedAgentQuota } from '../mcp/create-shared-agent-quota.js';
import { evaluateMcpServing } from '../mcp/evaluate-mcp-serving.js';
import type { McpDeps } from '../mcp/mcp-deps.js';
import { MCP_TOOLS } from '../mcp/mcp-tools.js';
import { createRequesterGate } from '../store/create-requester-gate.js';
import { createChatDeps } from './create-chat-deps.js';
import { LARKGATE_VERSION, type Runtime } from './create-runtime.js';

export type McpWiring = {
  deps: McpDeps;
  /** Why MCP may not be served now, or null; the first time (and each time the reason changes) it is audited. */
  problem(): string | null;
  readiness: ReadinessCheck;
};

/** The MCP server's deps and its fail-closed serving rule, for `serve` (HTTP) and `larkgate mcp` (stdio). */
export function createMcpWiring(runtime: Runtime, logger: Logger): McpWiring {
  const chat = createChatDeps(runtime)(logger);
  const deps: McpDeps = {
    ...chat,
    quota: createSharedAgentQuota(createRequesterGate(runtime.redis, runtime.keys)),
    readReader: createFieldCache(chat.reader, runtime.clock),
  };
  let lastAudited: string | null = null;
  const problem = () => {
    const config = (runtime.policy.loaded() ?? runtime.loaded).config;
    const why =
      config.agents.length === 0
        ? 'no agents in the config (agents:)'
        : evaluateMcpServing({
            policyProblem: runtime.policy.problem(),
            pins: config.mcp ? config.mcp.pins : null,
            tools: MCP_TOOLS,
          });
    if (why !== null && why !== lastAudited) {
      lastAudited = why;
      runtime
        .audit({ type: 'mcp.refused', actor: null, requestId: null, details: { why } })
        .catch((error: Error) => logger.error({ err: error.message }, 'could not audit mcp.refused'));
    }
    if (why === null) lastAudited = null;
    return why;
  };
  return {
    deps,
    problem,
    readiness: { name: 'mcp', check: async () => problem() },
  };
}

/** `/mcp` on `larkgate serve`: bearer tokens checked against their hashes, one stateless server per call. */
export function createMcpEndpoint(wiring: McpWiring, hashes: AgentTokenHashes): McpEndpoint {
  const version = LARKGATE_VERSION;
  return {
    problem: wiring.problem,
    authenticate: (header) => authenticateAgent(header, hashes),
    // The MCP SDK (tens of MB resident) is loaded by the first agent call, not by every serve at start.
    serve: async (agentId, req, res, body) => {
      const { serveMcpHttp } = await import('../mcp/serve-mcp-http.js');
      return serveMcpHttp(
        { agentId, deps: wiring.deps, servingProblem: wiring.problem, version },
        req,
        res,
        body,
      );
    },
  };
}
