import type { AgentPolicy, BasePolicy } from '../domain/policy.js';
import { TIER_RULES } from '../domain/tiers.js';
import { ConfigError } from './config-error.js';
import type { LarkgateConfig } from './larkgate-config.js';

/** Tiers where agents only read: client-facing and regulated data is changed by people asking in chat. */
const AGENT_READ_ONLY_TIERS = new Set(['L4', 'L5']);

/**
 * The agents of larkgate.yaml as the guard sees them, refused when looser than a base's tier allows: write
 * access where the tier forbids writes or keeps agents to reads (L4, L5), a per-request ceiling above the
 * base's, a sponsor who may not ask for writes there, or approvers too few once the sponsor (who can
 * never approve the agent's requests) is left out.
 */
export function buildAgentPolicies(
  config: LarkgateConfig,
  bases: readonly BasePolicy[],
  file: string,
): AgentPolicy[] {
  const seen = new Set<string>();
  return config.agents.map((agent, index) => {
    const key = `agents[${index}]`;
    const refuse = (at: string, message: string) =>
      new ConfigError(file, `${key}${at}`, `agent "${agent.id}": ${message}`, 'config.agent_violation');
    if (seen.has(agent.id))
      throw new ConfigError(file, `${key}.id`, `agent "${agent.id}" is listed twice`, 'config.duplicate');
    seen.add(agent.id);
    for (const [alias, access] of Object.entries(agent.bases)) {
      const base = bases.find((candidate) => candidate.alias === alias);
      if (!base) throw refuse(`.bases.${alias}`, `no base "${alias}" in this config`);
      if (access !== 'write') continue;
      if (!TIER_RULES[base.tier].writes)
        throw refuse(`.bases.${alias}`, `${alias} is ${base.tier}, where writes are refused: use read`);
      if (AGENT_READ_ONLY_TIERS.has(base.tier))
        throw refuse(`.bases.${alias}`, `${alias} is ${base.tier}: agents only read there`);
      if (agent.max_records_per_request > base.maxRecordsPerRequest)
        throw refuse(
          '.max_records_per_request',
          `${agent.max_records_per_request} is more than ${alias} allows in one request (${base.maxRecordsPerRequest})`,
        );
      if (base.requesters !== null && !base.requesters.includes(agent.on_behalf_of))
        throw refuse('.on_behalf_of', `${agent.on_behalf_of} may not ask for writes on ${alias}`);
      const approvers = base.approvers.filter((openId) => openId !== agent.on_behalf_of);
      if (approvers.length < base.approvalsNeeded)
        throw refuse(
          '.on_behalf_of',
          `${alias} needs ${base.approvalsNeeded} approval(s) and has only ${approvers.length} approver(s) besides the sponsor, who cannot approve the agent's requests`,
        );
    }
    const chat = agent.requests_chat ?? config.chats.requests[0];
    if (chat === undefined || !config.chats.requests.includes(chat))
      throw refuse('.requests_chat', 'the requests chat must be one of chats.requests');
    return {
      id: agent.id,
      onBehalfOf: agent.on_behalf_of,
      tools: agent.tools,
      bases: agent.bases,
      maxRequestsPerHour: agent.max_requests_per_hour,
      maxRecordsPerRequest: agent.max_records_per_request,
      requestsChat: chat,
    };
  });
}
