import type { TourRecord } from '../app/evidence/record-read-tour.js';
import { buildTourDetails } from '../domain/evaluate-tour.js';
import { findAgent } from '../domain/policy.js';
import { runAgentTour } from '../evidence/run-agent-tour.js';
import { connectInProcess } from '../mcp/connect-in-process.js';
import { createMcpWiring } from './create-mcp-endpoint.js';
import { LARKGATE_VERSION, type Runtime } from './create-runtime.js';

/**
 * `larkgate tour --agent <id>`: the read tour through the MCP server as that agent (gate 1 evidence, like
 * the plain tour), recorded as `tour.completed` with `via: mcp` and the agent. Refused (an Error) when the
 * agent is not in policy or MCP may not be served (no pins, drifted pins).
 */
export async function recordAgentTour(runtime: Runtime, agentId: string): Promise<TourRecord> {
  const policy = runtime.policy.require();
  if (!findAgent(policy, agentId)) throw new Error(`no agent "${agentId}" in the config (agents:)`);
  const wiring = createMcpWiring(runtime, runtime.logger.child({ component: 'mcp-tour' }));
  const problem = wiring.problem();
  if (problem !== null) throw new Error(`MCP is not served: ${problem}`);
  const client = await connectInProcess({
    agentId,
    deps: wiring.deps,
    servingProblem: wiring.problem,
    version: LARKGATE_VERSION,
  });
  try {
    const results = await runAgentTour({ policy, client, reader: runtime.gateway });
    const details = buildTourDetails(results);
    const event = await runtime.auditLog.append({
      type: 'tour.completed',
      actor: `agent:${agentId}`,
      requestId: null,
      details: { ...details, policy_hash: policy.hash, via: 'mcp', agent: agentId },
    });
    return { results, green: details.green, event };
  } finally {
    await client.close();
  }
}
